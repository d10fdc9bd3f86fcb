import { spawn } from 'node:child_process';
import path from 'node:path';

const runJs = path.resolve(__dirname, '..', '..', '..', 'bin', 'run.js');

/** What one CLI invocation did. */
export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `godocker` as a child process with `env` over this process's environment (minus any
 * GODOCKER_TOKEN/PASSWORD/URL of the caller's own). Asynchronous on purpose: the API under test
 * lives in this process, so a blocking spawnSync would starve it.
 */
export function runCli(
  args: string[],
  env: Record<string, string>,
  input?: string,
): Promise<CliRun> {
  const { GODOCKER_TOKEN: _t, GODOCKER_PASSWORD: _p, GODOCKER_URL: _u, ...inherited } = process.env;
  const child = spawn(process.execPath, [runJs, ...args], {
    env: { ...inherited, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdin.end(input ?? '');
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A run, for assertion messages. */
export const showRun = (run: CliRun) =>
  `exit ${run.code}\nstdout: ${run.stdout}\nstderr: ${run.stderr}`;
