import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import {
  ensureBusyboxImage,
  ensureDebianImage,
  ensureDocker,
  ensureMariaDb,
  ensureTemporal,
  type ServiceHandle,
} from './services/index';
import { apiNodeFlags } from '../api/node-flags';
import { workerEnvironment, workerNodeFlags } from '../worker/node-flags';

// `npm start`: bring up what is missing (Docker, the default image, a private MariaDB, the
// Temporal dev server with its UI), then run the API and the worker as child processes,
// restarting either if it dies, until Ctrl-C stops everything this run started.

const repoRoot = resolve(__dirname, '..', '..');
const env = process.env;
const dataDir = resolve(env.GODOCKER_DATA_DIR ?? join(repoRoot, '.godocker'));
const port = env.GODOCKER_PORT ?? '8080';
const log = (line: string): void => console.log(line);
const started: ServiceHandle[] = [];
const children = new Map<string, ChildProcess>();
let stopping = false;

async function bootstrap(): Promise<NodeJS.ProcessEnv> {
  const docker = await ensureDocker({
    dataDir,
    log,
    ...(env.GODOCKER_DOCKER_SOCKET ? { socketPath: env.GODOCKER_DOCKER_SOCKET } : {}),
  });
  started.push(docker, await ensureBusyboxImage({ docker: docker.docker, log }));
  // Debian (debootstrap) takes a minute the first time: built in the background while the API
  // starts; its jobs fail ImageMissing until it is there (docs/catalog.md).
  void ensureDebianImage({ docker: docker.docker, log }).catch((error: unknown) =>
    log(`images: godocker/debian:12 was not built: ${String(error)}`),
  );
  const childEnv: NodeJS.ProcessEnv = { ...env, GODOCKER_DATA_DIR: dataDir, GODOCKER_PORT: port };
  if (!env.GODOCKER_MYSQL_URL) {
    const mariadb = await ensureMariaDb({
      dataDir,
      port: Number(env.GODOCKER_MARIADB_PORT ?? 3307),
      log,
    });
    started.push(mariadb);
    childEnv.GODOCKER_MYSQL_URL = mariadb.url;
  }
  if (!env.GODOCKER_TEMPORAL_ADDRESS) {
    const temporal = await ensureTemporal({ dataDir, repoRoot, port: 7233, uiPort: 8233, log });
    started.push(temporal);
    childEnv.GODOCKER_TEMPORAL_ADDRESS = temporal.address;
  }
  return childEnv;
}

function runChild(name: 'api' | 'worker', childEnv: NodeJS.ProcessEnv, restarts = 0): void {
  const flags = name === 'worker' ? workerNodeFlags : apiNodeFlags;
  const child = spawn(process.execPath, [...flags, join(repoRoot, 'dist', name, 'main.js')], {
    env: name === 'worker' ? { ...childEnv, ...workerEnvironment } : childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.set(name, child);
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => log(`[${name}] ${line}`));
  }
  child.on('exit', (code, signal) => {
    children.delete(name);
    if (stopping) return;
    const delay = Math.min(30_000, 1000 * 2 ** restarts);
    log(`${name} exited (${signal ?? `code ${code}`}); restarting in ${delay / 1000} s`);
    setTimeout(() => runChild(name, childEnv, restarts + 1), delay).unref();
  });
}

async function waitForHealth(url: string): Promise<boolean> {
  for (let attempt = 0; attempt < 120; attempt += 1) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) return true;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return false;
}

async function stop(exitCode = 0): Promise<void> {
  if (stopping) return;
  stopping = true;
  log('stopping…');
  await Promise.all(
    [...children.values()].map(
      (child) =>
        new Promise<void>((done) => {
          child.once('exit', () => done());
          child.kill('SIGTERM');
          setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
        }),
    ),
  );
  for (const service of started.reverse()) {
    if (service.startedByUs) {
      log(`${service.name}: stopping (started by this run)`);
      await service.stop();
    }
  }
  process.exit(exitCode);
}

async function main(): Promise<void> {
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  const childEnv = await bootstrap();
  runChild('api', childEnv);
  runChild('worker', childEnv);
  const url = `http://${env.GODOCKER_HOST ?? '127.0.0.1'}:${port}`;
  if (!(await waitForHealth(url)))
    throw new Error(`the API did not become healthy at ${url}; see the [api] lines above`);
  log('');
  log(
    `Go-Docker is running at ${url}  (API under ${url}/api/v1, OpenAPI at ${url}/api/v1/openapi.json)`,
  );
  log(`Temporal UI: http://127.0.0.1:8233`);
  log(
    env.GODOCKER_ADMIN_PASSWORD
      ? 'Log in as admin with the password in GODOCKER_ADMIN_PASSWORD'
      : 'Log in as admin with the password printed above when the admin was first created',
  );
  log(`CLI: GODOCKER_URL=${url} npx godocker login -u admin`);
  log('Press Ctrl-C to stop.');
}

main().catch(async (error: unknown) => {
  console.error(`npm start: ${error instanceof Error ? error.message : String(error)}`);
  await stop(1);
});
