import { existsSync, mkdirSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { findExecutable, runCommand } from './command';
import { aptInstall } from './debian-packages';
import { spawnDetached, type DetachedProcessSpec } from './detached-process';
import { ensureDetachedService } from './detached-service';
import {
  adminAnswers,
  GODOCKER_DATABASE,
  GODOCKER_DB_USER,
  provisionAccount,
  readOrCreateSecret,
} from './mariadb-account';
import type { LogLine, ServiceHandle } from './service-handle';

/** The private mariadbd process; it flushes InnoDB on SIGTERM, which can take a while. */
export const MARIADB_PROCESS: DetachedProcessSpec = {
  name: 'mariadb',
  binaryName: 'mariadbd',
  stopGraceMs: 30_000,
};

/** Options for {@link ensureMariaDb}. */
export interface MariaDbOptions {
  dataDir: string;
  port: number;
  log: LogLine;
}

/** A private MariaDB instance and the URL of the godocker database on it. */
export interface MariaDbService extends ServiceHandle {
  url: string;
  socketPath: string;
  port: number;
}

/** Files of the private instance, all under `<dataDir>/mariadb`. */
export function mariaDbPaths(dataDir: string): {
  dir: string;
  dataDir: string;
  socket: string;
  secret: string;
} {
  const dir = join(dataDir, 'mariadb');
  return {
    dir,
    dataDir: join(dir, 'data'),
    socket: join(dir, 'mysqld.sock'),
    secret: join(dir, 'godocker.secret'),
  };
}

/** Ensures this data dir's private MariaDB answers on 127.0.0.1:port, with the godocker account and database. */
export async function ensureMariaDb(opts: MariaDbOptions): Promise<MariaDbService> {
  const paths = mariaDbPaths(opts.dataDir);
  // sun_path holds 108 bytes; a deeper data dir would fail later with an obscure bind error.
  if (Buffer.byteLength(paths.socket) > 107)
    throw new Error(`socket path too long for a unix socket: ${paths.socket}`);
  const handle = await ensureDetachedService({
    ...MARIADB_PROCESS,
    dataDir: opts.dataDir,
    log: opts.log,
    reuseLine: `private instance answers on ${paths.socket}, reusing`,
    startTimeoutMs: 60_000,
    answers: () => adminAnswers(paths.socket),
    start: async (files) => {
      const binaries = await mariaDbBinaries(opts.log);
      await initialiseDataDir(binaries.installDb, paths.dataDir, opts.log);
      opts.log(
        `mariadb: starting private instance on 127.0.0.1:${opts.port} (data in ${paths.dir})`,
      );
      return spawnDetached(binaries.server, serverArgs(paths, opts.port), files);
    },
  });
  const password = readOrCreateSecret(paths.secret);
  await provisionAccount(paths.socket, password);
  const url = `mysql://${GODOCKER_DB_USER}:${encodeURIComponent(password)}@127.0.0.1:${opts.port}/${GODOCKER_DATABASE}`;
  return { ...handle, url, socketPath: paths.socket, port: opts.port };
}

// --no-defaults: /etc/mysql/my.cnf describes the system instance (its socket, port, datadir), not ours.
// innodb-flush-log-at-trx-commit=2: commits reach the OS at once and the disk every second, so a
// killed mariadbd loses nothing (the OS still writes its buffers) and only a machine crash can lose
// the last second; each job's handful of state changes then costs no fsync of its own.
// utf8mb4: MariaDB 10.11 still defaults to latin1, which turns most non-Latin text (job names,
// commands, user names) into '?'.
function serverArgs(paths: ReturnType<typeof mariaDbPaths>, port: number): string[] {
  return [
    '--no-defaults',
    `--datadir=${paths.dataDir}`,
    `--socket=${paths.socket}`,
    `--pid-file=${join(paths.dir, 'mariadbd.pid')}`,
    `--port=${port}`,
    '--bind-address=127.0.0.1',
    '--skip-name-resolve',
    `--user=${userInfo().username}`,
    '--character-set-server=utf8mb4',
    '--collation-server=utf8mb4_unicode_ci',
    '--innodb-flush-log-at-trx-commit=2',
  ];
}

async function initialiseDataDir(installDb: string, dataDir: string, log: LogLine): Promise<void> {
  if (existsSync(join(dataDir, 'mysql'))) return;
  log(`mariadb: initialising ${dataDir}`);
  mkdirSync(dataDir, { recursive: true });
  const user = userInfo().username;
  await runCommand(installDb, [
    '--no-defaults',
    `--datadir=${dataDir}`,
    `--user=${user}`,
    '--skip-test-db',
    '--skip-name-resolve',
  ]);
}

async function mariaDbBinaries(log: LogLine): Promise<{ server: string; installDb: string }> {
  let server = findExecutable('mariadbd');
  let installDb = findExecutable('mariadb-install-db');
  if (server === undefined || installDb === undefined) {
    log('mariadb: mariadbd is not installed, installing Debian mariadb-server');
    await aptInstall(['mariadb-server'], log);
    server = findExecutable('mariadbd');
    installDb = findExecutable('mariadb-install-db');
  }
  if (server === undefined || installDb === undefined)
    throw new Error('mariadb-server was installed but mariadbd is missing');
  return { server, installDb };
}
