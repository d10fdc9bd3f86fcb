import type { Readable } from 'node:stream';
import Docker from 'dockerode';
import { DomainError } from '../../core/errors';
import type {
  ContainerExit,
  ContainerSpec,
  ContainerStatus,
  ContainerTotals,
  ContainerUsage,
  ExecSession,
  ExecSpec,
  Executor,
  NodeCapacity,
} from '../../core/executor';
import { demuxBuffer, demuxFrames } from './demux';
import { dockerExec } from './exec';
import { createOptions, type DockerSecurityOptions } from './host-config';
import { JobCgroups } from './job-cgroups';

/** Options of the Docker Engine executor. */
export interface DockerExecutorOptions extends DockerSecurityOptions {
  socketPath: string;
  killGraceSeconds: number;
}

function statusCode(error: unknown): number | undefined {
  return typeof error === 'object' && error !== null && 'statusCode' in error
    ? Number(error.statusCode)
    : undefined;
}

/** Runs jobs on one Docker Engine through dockerode. */
export class DockerExecutor implements Executor {
  private readonly docker: Docker;
  private nodeName: string | undefined;
  private cgroups: Promise<JobCgroups | undefined> | undefined;

  constructor(private readonly options: DockerExecutorOptions) {
    this.docker = new Docker({ socketPath: options.socketPath });
  }

  private jobCgroups(): Promise<JobCgroups | undefined> {
    this.cgroups ??= this.docker.info().then(
      (info: { CgroupDriver?: string; CgroupVersion?: string }) => JobCgroups.detect(info),
      () => undefined,
    );
    return this.cgroups;
  }

  async capacity(): Promise<NodeCapacity[]> {
    const info = (await this.docker.info()) as { Name: string; NCPU: number; MemTotal: number };
    this.nodeName = info.Name;
    return [
      { node: info.Name, cpus: info.NCPU, memoryMiB: Math.floor(info.MemTotal / 1024 / 1024) },
    ];
  }

  async hasImage(image: string): Promise<boolean> {
    try {
      await this.docker.getImage(image).inspect();
      return true;
    } catch (error) {
      if (statusCode(error) === 404) return false;
      throw error;
    }
  }

  async launch(spec: ContainerSpec): Promise<ContainerStatus> {
    // The common path is two calls (create, start): every extra Docker call costs throughput.
    try {
      const cgroupParent = (await this.jobCgroups())?.parentOf(spec.name);
      await this.docker.createContainer(createOptions(spec, this.options, cgroupParent));
    } catch (error) {
      if (statusCode(error) === 404) {
        // No such image: retrying cannot help; the job fails with the reason.
        throw new DomainError(
          'bad_request',
          `ImageMissing: ${spec.image} is not on the execution node`,
        );
      }
      // 409: a previous attempt already created it; carry on with that one.
      if (statusCode(error) !== 409) throw error;
      const found = await this.inspect(spec.name);
      if (found && found.state !== 'created') return found;
    }
    try {
      await this.docker.getContainer(spec.name).start();
    } catch (error) {
      if (statusCode(error) !== 304) throw error;
    }
    return { state: 'running', node: await this.node() };
  }

  private async node(): Promise<string> {
    return this.nodeName ?? (await this.capacity())[0]?.node ?? 'docker';
  }

  async inspect(name: string): Promise<ContainerStatus | undefined> {
    let info: Docker.ContainerInspectInfo;
    try {
      info = await this.docker.getContainer(name).inspect();
    } catch (error) {
      if (statusCode(error) === 404) return undefined;
      throw error;
    }
    const node = await this.node();
    const { Status, ExitCode, OOMKilled } = info.State;
    if (Status === 'created') return { state: 'created', node };
    if (Status === 'running' || Status === 'paused' || Status === 'restarting') {
      return { state: 'running', node };
    }
    return { state: 'exited', node, exitCode: ExitCode, oomKilled: OOMKilled };
  }

  async wait(name: string): Promise<ContainerExit> {
    const { StatusCode } = (await this.docker.getContainer(name).wait()) as { StatusCode: number };
    // Only a SIGKILLed container (137) can have been OOM-killed; spare the inspect otherwise.
    if (StatusCode !== 137) return { exitCode: StatusCode, oomKilled: false };
    const status = await this.inspect(name);
    if (status?.state !== 'exited') {
      throw new Error(`container ${name} is ${status?.state ?? 'gone'} after waiting for it`);
    }
    return { exitCode: status.exitCode, oomKilled: status.oomKilled };
  }

  async logs(name: string, follow: boolean): Promise<Readable> {
    const container = this.docker.getContainer(name);
    if (follow) {
      const stream = await container.logs({ follow: true, stdout: true, stderr: true });
      return demuxFrames(stream as Readable);
    }
    return demuxBuffer(await container.logs({ follow: false, stdout: true, stderr: true }));
  }

  async usage(name: string): Promise<ContainerUsage | undefined> {
    let stats: Docker.ContainerStats;
    try {
      stats = await this.docker.getContainer(name).stats({ stream: false, 'one-shot': true });
    } catch (error) {
      if (statusCode(error) === 404 || statusCode(error) === 409) return undefined;
      throw error;
    }
    // A stopped container reports zeros (its cgroup is gone): that is "not running", not "used nothing".
    const cpuNs = stats.cpu_stats?.cpu_usage?.total_usage ?? 0;
    if (cpuNs === 0 && !stats.memory_stats?.usage) return undefined;
    return usageFrom(stats, cpuNs);
  }

  async totals(name: string): Promise<ContainerTotals | undefined> {
    return (await this.jobCgroups())?.totals(name);
  }

  async kill(name: string): Promise<void> {
    try {
      await this.docker.getContainer(name).stop({ t: this.options.killGraceSeconds });
    } catch (error) {
      // 304: already stopped; 404: already gone. Both mean the container no longer runs.
      if (statusCode(error) !== 304 && statusCode(error) !== 404) throw error;
    }
  }

  async remove(name: string): Promise<void> {
    try {
      await this.docker.getContainer(name).remove({ force: true });
    } catch (error) {
      if (statusCode(error) !== 404 && statusCode(error) !== 409) throw error;
    }
    await (await this.jobCgroups())?.remove(name);
  }

  exec(name: string, spec: ExecSpec): Promise<ExecSession> {
    return dockerExec(this.docker, name, spec);
  }
}

// Page cache the kernel can reclaim is not the job's memory (docker stats subtracts it too):
// `inactive_file` on cgroup v2, `total_inactive_file` on v1.
function memoryInUse(stats: Docker.ContainerStats): number {
  const memory = stats.memory_stats;
  const detail = (memory?.stats ?? {}) as Record<string, number | undefined>;
  const cache = detail.inactive_file ?? detail.total_inactive_file ?? 0;
  return Math.max(0, (memory?.usage ?? 0) - cache);
}

function blockBytes(stats: Docker.ContainerStats, op: 'read' | 'write'): number {
  const entries = stats.blkio_stats?.io_service_bytes_recursive ?? [];
  return entries
    .filter((e) => e.op.toLowerCase() === op)
    .reduce((sum, e) => sum + Number(e.value), 0);
}

function usageFrom(stats: Docker.ContainerStats, cpuNs: number): ContainerUsage {
  const networks = Object.values(stats.networks ?? {});
  return {
    cpuSeconds: cpuNs / 1e9,
    memoryBytes: memoryInUse(stats),
    memoryLimitBytes: stats.memory_stats?.limit ?? 0,
    blockReadBytes: blockBytes(stats, 'read'),
    blockWriteBytes: blockBytes(stats, 'write'),
    netRxBytes: networks.reduce((sum, n) => sum + n.rx_bytes, 0),
    netTxBytes: networks.reduce((sum, n) => sum + n.tx_bytes, 0),
    pids: stats.pids_stats?.current ?? 0,
  };
}
