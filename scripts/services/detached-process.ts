import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ServiceHandle } from './service-handle';

/** Pid file of a service this data dir started, read by later runs and by `services down`. */
export function pidFilePath(dataDir: string, name: string): string {
  return join(dataDir, 'run', `${name}.pid`);
}

/** Log file a detached service writes its stdout and stderr to, named after its binary (dockerd.log). */
export function logFilePath(dataDir: string, name: string): string {
  return join(dataDir, 'logs', `${name}.log`);
}

/** A service process we started; exitStatus() is set once it dies while this process watches. */
export interface DetachedProcess {
  pid: number;
  exitStatus(): string | undefined;
}

/** Starts a service that outlives this node process: own session, output to a log, pid recorded. */
export function spawnDetached(
  command: string,
  args: readonly string[],
  files: { logFile: string; pidFile: string },
): DetachedProcess {
  mkdirSync(dirname(files.logFile), { recursive: true });
  mkdirSync(dirname(files.pidFile), { recursive: true });
  const out = openSync(files.logFile, 'a');
  const child = spawn(command, args, { detached: true, stdio: ['ignore', out, out] });
  closeSync(out);
  let exit: string | undefined;
  child.on('exit', (code, signal) => (exit = signal ?? `exit code ${String(code)}`));
  child.on('error', (error) => (exit = error.message));
  child.unref();
  if (child.pid === undefined) throw new Error(`could not start ${command}; see ${files.logFile}`);
  writeFileSync(files.pidFile, `${child.pid}\n`);
  return { pid: child.pid, exitStatus: () => exit };
}

/** The pid in a pid file if that process is alive and still runs `binaryName` (pids get reused). */
export function livePid(pidFile: string, binaryName: string): number | undefined {
  let text: string;
  try {
    text = readFileSync(pidFile, 'utf8');
  } catch {
    return undefined;
  }
  const pid = Number.parseInt(text.trim(), 10);
  return Number.isInteger(pid) && pid > 0 && runsBinary(pid, binaryName) ? pid : undefined;
}

// A zombie has an empty cmdline, so it counts as gone.
function runsBinary(pid: number, binaryName: string): boolean {
  try {
    const argv0 = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0] ?? '';
    return basename(argv0) === binaryName;
  } catch {
    return false;
  }
}

/** Stops the process in a pid file (SIGTERM, SIGKILL after graceMs), removes the file, returns its pid. */
export async function stopPidFile(
  pidFile: string,
  binaryName: string,
  graceMs: number,
): Promise<number | undefined> {
  const pid = livePid(pidFile, binaryName);
  if (pid !== undefined) {
    signal(pid, 'SIGTERM');
    if (!(await waitForExit(pid, binaryName, graceMs))) {
      signal(pid, 'SIGKILL');
      await waitForExit(pid, binaryName, 5_000);
    }
  }
  rmSync(pidFile, { force: true });
  return pid;
}

// The process may exit on its own between the liveness check and the signal.
function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

async function waitForExit(pid: number, binaryName: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!runsBinary(pid, binaryName)) return true;
    await sleep(100);
  }
  return false;
}

/** A detached service: its pid-file name, its binary (argv[0] basename, log name), its shutdown time. */
export interface DetachedProcessSpec {
  name: string;
  binaryName: string;
  stopGraceMs: number;
}

/** Stops the service a data dir's pid file records, if it is running; returns the pid it stopped. */
export function stopRecordedService(
  dataDir: string,
  spec: DetachedProcessSpec,
): Promise<number | undefined> {
  return stopPidFile(pidFilePath(dataDir, spec.name), spec.binaryName, spec.stopGraceMs);
}

/** A handle whose stop() ends the recorded process only when this run started it. */
export function detachedServiceHandle(
  spec: DetachedProcessSpec,
  dataDir: string,
  startedByUs: boolean,
): ServiceHandle {
  const stop = async (): Promise<void> => {
    if (startedByUs) await stopRecordedService(dataDir, spec);
  };
  return { name: spec.name, startedByUs, stop };
}
