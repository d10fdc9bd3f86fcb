import type { Readable, Writable } from 'node:stream';

/** What one execution node offers. */
export interface NodeCapacity {
  node: string;
  cpus: number;
  memoryMiB: number;
}

/** A host directory made visible in the container. */
export interface Mount {
  hostPath: string;
  containerPath: string;
  readOnly: boolean;
}

/**
 * Everything needed to start one job's container. It carries no security options on purpose:
 * the executor applies the site's fixed security defaults and nothing here can weaken them.
 */
export interface ContainerSpec {
  name: string;
  image: string;
  script: string;
  uid: number;
  gid: number;
  groups: number[];
  workingDir: string;
  env: Record<string, string>;
  mounts: Mount[];
  cpus: number;
  memoryMiB: number;
  labels: Record<string, string>;
}

/** How a container ended. */
export interface ContainerExit {
  exitCode: number;
  oomKilled: boolean;
}

/** What a running container has consumed so far, and holds now. */
export interface ContainerUsage {
  /** CPU time used since the start, in seconds (all cores together). */
  cpuSeconds: number;
  /** Memory in use now (without reclaimable page cache), in bytes. */
  memoryBytes: number;
  /** The memory limit the container runs under, in bytes. */
  memoryLimitBytes: number;
  /** Bytes read from and written to block devices since the start. */
  blockReadBytes: number;
  blockWriteBytes: number;
  /** Bytes received and sent on the network since the start. */
  netRxBytes: number;
  netTxBytes: number;
  /** Processes and threads now. */
  pids: number;
}

/** What a container used over its whole life, read after it exited. */
export interface ContainerTotals {
  cpuSeconds: number;
  /** Peak memory, where the backend records it. */
  maxMemoryBytes: number | null;
}

/** A container as the executor finds it. */
export type ContainerStatus =
  | { state: 'created' | 'running'; node: string }
  | ({ state: 'exited'; node: string } & ContainerExit);

/**
 * A process to start inside a running job container (a shell or a one-off command). Like
 * ContainerSpec it carries no security options: the process inherits the container's.
 */
export interface ExecSpec {
  /** The program and its arguments (no shell is added). */
  cmd: string[];
  /** Give it a terminal: output is one stream and `resize` works; otherwise stdout and stderr. */
  tty: boolean;
  uid: number;
  gid: number;
  workingDir: string;
  env: Record<string, string>;
  /** With a tty: the initial size, so the first prompt is drawn at the right width. */
  size?: { rows: number; cols: number };
}

/** A process started by `Executor.exec`, connected to the caller. */
export interface ExecSession {
  /** Its standard input; ending it closes the process's stdin. */
  stdin: Writable;
  /** Its terminal output (tty) or stdout; ends when the process ends. */
  stdout: Readable;
  /** Its stderr; without a tty only (with one it ends at once: the terminal carries both). */
  stderr: Readable;
  /** Resizes its terminal (tty only). */
  resize(rows: number, cols: number): Promise<void>;
  /** Its exit code, once it ended (after its output was delivered). */
  exitCode(): Promise<number>;
  /** Drops the connection; with a tty the shell gets a hangup. */
  close(): void;
}

/**
 * The execution backend behind Go-Docker (Docker Engine now; Swarm and Kubernetes later).
 * Every method is idempotent by container name, so Temporal can retry any of them safely.
 */
export interface Executor {
  /** Capacity of the backend's nodes. */
  capacity(): Promise<NodeCapacity[]>;
  /** True when the image can be started without a pull. */
  hasImage(image: string): Promise<boolean>;
  /** Creates and starts the container, or finds the one already made under that name. */
  launch(spec: ContainerSpec): Promise<ContainerStatus>;
  /** The container's status, or undefined when no container has that name. */
  inspect(name: string): Promise<ContainerStatus | undefined>;
  /** Resolves when the container has exited. */
  wait(name: string): Promise<ContainerExit>;
  /** The container's combined stdout and stderr from the start; `follow` keeps it open until exit. */
  logs(name: string, follow: boolean): Promise<Readable>;
  /** What a running container has used so far; undefined when it is not running. */
  usage(name: string): Promise<ContainerUsage | undefined>;
  /**
   * What an exited container used in all (exact, unlike the samples), where the backend can tell;
   * undefined otherwise. Read it before `remove`.
   */
  totals(name: string): Promise<ContainerTotals | undefined>;
  /** Stops the container now (SIGKILL after a short grace); no-op when it is not running. */
  kill(name: string): Promise<void>;
  /** Removes the container; no-op when it is already gone. */
  remove(name: string): Promise<void>;
  /** Starts a process in the running container `name` (interactive jobs' shells). */
  exec(name: string, spec: ExecSpec): Promise<ExecSession>;
}

/** The container name of a job: derived from the instance and the job id, so a retry finds it. */
export function containerName(instance: string, jobId: number): string {
  return `godocker-${instance}-job-${jobId}`;
}
