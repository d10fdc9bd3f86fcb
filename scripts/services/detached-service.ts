import { readFileSync, rmSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  detachedServiceHandle,
  livePid,
  logFilePath,
  pidFilePath,
  type DetachedProcess,
  type DetachedProcessSpec,
} from './detached-process';
import type { LogLine, ServiceHandle } from './service-handle';

/** Where a starting service must write its output and pid. */
export interface StartFiles {
  logFile: string;
  pidFile: string;
}

/** How to probe, start and stop one detached service. */
export interface DetachedServiceSpec extends DetachedProcessSpec {
  dataDir: string;
  log: LogLine;
  reuseLine: string;
  startTimeoutMs: number;
  answers: () => Promise<boolean>;
  start: (files: StartFiles) => Promise<DetachedProcess>;
}

/** Reuses a service that answers, waits for one an earlier run is starting, or starts it detached. */
export async function ensureDetachedService(spec: DetachedServiceSpec): Promise<ServiceHandle> {
  const files = {
    logFile: logFilePath(spec.dataDir, spec.binaryName),
    pidFile: pidFilePath(spec.dataDir, spec.name),
  };
  const handle = (startedByUs: boolean): ServiceHandle =>
    detachedServiceHandle(spec, spec.dataDir, startedByUs);
  const wait = { what: spec.name, timeoutMs: spec.startTimeoutMs, logFile: files.logFile };
  if (await spec.answers()) {
    spec.log(`${spec.name}: ${spec.reuseLine}`);
    return handle(false);
  }
  const earlier = livePid(files.pidFile, spec.binaryName);
  if (earlier !== undefined) {
    spec.log(`${spec.name}: pid ${earlier} from an earlier run is still starting, waiting for it`);
    await waitUntilReady(spec.answers, wait);
    return handle(false);
  }
  const started = await spec.start(files);
  try {
    await waitUntilReady(spec.answers, { ...wait, process: started });
  } catch (error) {
    // A process that died leaves nothing to stop; a hung one keeps its pid file for `services down`.
    if (started.exitStatus() !== undefined) rmSync(files.pidFile, { force: true });
    throw error;
  }
  if (started.exitStatus() !== undefined) {
    // Ours lost a race to another instance (e.g. one a package's init script started): use that one.
    rmSync(files.pidFile, { force: true });
    spec.log(`${spec.name}: another instance answered first, reusing it`);
    return handle(false);
  }
  return handle(true);
}

// How long to wait for a starting service, and where to point the user when it fails.
interface ReadyWait {
  what: string;
  timeoutMs: number;
  logFile: string;
  process?: DetachedProcess;
}

// Polls until the service answers; fails early if our process died, quoting its log.
async function waitUntilReady(answers: () => Promise<boolean>, wait: ReadyWait): Promise<void> {
  const deadline = Date.now() + wait.timeoutMs;
  for (;;) {
    if (await answers()) return;
    const exit = wait.process?.exitStatus();
    if (exit !== undefined)
      throw startupError(`${wait.what} exited during startup (${exit})`, wait.logFile);
    if (Date.now() > deadline) {
      throw startupError(
        `${wait.what} did not answer within ${wait.timeoutMs / 1000}s`,
        wait.logFile,
      );
    }
    await sleep(200);
  }
}

function startupError(message: string, logFile: string): Error {
  let tail = '';
  try {
    tail = readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-10).join('\n');
  } catch {
    tail = '(log file is missing)';
  }
  return new Error(`${message}; full log: ${logFile}\nlast lines:\n${tail}`);
}
