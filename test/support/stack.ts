import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import {
  bundleWorkflowCode,
  DefaultLogger,
  Runtime,
  type WorkflowBundle,
} from '@temporalio/worker';
import Docker from 'dockerode';
import mysql from 'mysql2/promise';
import { loadConfig } from '../../config/load';
import type { Config } from '../../config/schema';
import type { JobView } from '../../core/job';
import { jsonLogger } from '../../adapters/log';
import { startApi, type RunningApi } from '../../api/server';
import { ownerSearchAttribute, stateSearchAttribute } from '../../workflows/search-attributes';
import { apiNodeFlags } from '../../api/node-flags';
import { workerEnvironment, workerNodeFlags } from '../../worker/node-flags';
import { startWorker, type RunningWorker } from '../../worker/worker';
import { testServices } from './env';
import { call } from './http';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
let bundle: Promise<WorkflowBundle> | undefined;
let runtimeInstalled = false;

/** The workflow bundle, built once per test process (bundling takes seconds). */
export function workflowBundle(): Promise<WorkflowBundle> {
  bundle ??= bundleWorkflowCode({
    workflowsPath: require.resolve('../../workflows'),
    logger: quietLogger(),
  });
  return bundle;
}

export function quietLogger() {
  const nothing = () => undefined;
  return {
    trace: nothing,
    debug: nothing,
    info: nothing,
    warn: nothing,
    error: nothing,
    log: nothing,
  };
}

/** A TCP port nothing listens on right now (for servers whose port 0 means "off"). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== 'object' || !address) throw new Error('no free port found');
  return address.port;
}

/** Settings a test may change in its stack's configuration. */
export type StackSettings = Partial<Config['jobs']> & {
  orderingIntervalMs?: number;
  orderingPolicy?: string;
  /** Serve the worker's GET /metrics on a free port (stack.worker.metricsUrl); off otherwise. */
  workerMetrics?: boolean;
  /** Other top-level sections of the configuration file (auth, images, ...). */
  sections?: Record<string, unknown>;
};

/** A whole Go-Docker on real services, private to one test file: its own database, Temporal server, instance name. */
export interface Stack {
  url: string;
  config: Config;
  /** Environment that makes a child process (worker, API, CLI) use this stack. */
  env: Record<string, string>;
  adminToken: string;
  api: RunningApi | undefined;
  worker: RunningWorker | undefined;
  startWorker(): Promise<void>;
  stopWorker(): Promise<void>;
  spawn(entry: 'worker' | 'api', extraEnv?: Record<string, string>): ChildProcess;
  createUser(username: string, uid: number, extra?: Record<string, unknown>): Promise<string>;
  login(username: string, password: string): Promise<string>;
  waitForJob(
    token: string,
    id: number,
    until: (job: JobView) => boolean,
    timeoutMs?: number,
  ): Promise<JobView>;
  containers(): Promise<Docker.ContainerInfo[]>;
  stop(): Promise<void>;
}

/** Starts a stack: database, Temporal dev server, worker and API (in this process unless told otherwise). */
export async function startStack(
  settings: StackSettings = {},
  options: { inProcessApi?: boolean; inProcessWorker?: boolean } = {},
): Promise<Stack> {
  const services = testServices();
  if (!runtimeInstalled) {
    Runtime.install({ logger: new DefaultLogger('ERROR'), shutdownSignals: [] });
    runtimeInstalled = true;
  }
  const suffix = randomBytes(4).toString('hex');
  const database = `gdt_${suffix}`;
  const admin = await mysql.createConnection(services.mysqlUrl);
  await admin.query(`CREATE DATABASE ${database}`);
  await admin.end();
  const mysqlUrl = services.mysqlUrl.replace(/\/[^/?]*(\?|$)/, `/${database}$1`);
  const temporal = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: services.temporalBinary },
      searchAttributes: [ownerSearchAttribute, stateSearchAttribute],
      ip: '127.0.0.1',
      ui: false,
    },
  });
  const dataDir = await mkdtemp(path.join(tmpdir(), 'godocker-test-'));
  const { orderingIntervalMs, orderingPolicy, workerMetrics, sections, ...jobs } = settings;
  const fileConfig = {
    host: '127.0.0.1',
    instance: `t${suffix}`,
    dataDir,
    mysqlUrl,
    adminPassword: 'admin-password-for-tests',
    temporal: {
      address: temporal.connection.options.address ?? '',
      namespace: temporal.namespace ?? 'default',
      taskQueue: `godocker-${suffix}`,
    },
    docker: { socketPath: services.dockerSocket },
    ordering: { intervalMs: orderingIntervalMs ?? 1000, policy: orderingPolicy ?? 'fifo' },
    // Stacks run side by side: none takes the default metrics port.
    worker: { metricsPort: workerMetrics ? await freePort() : 0 },
    jobs: { killGraceSeconds: 1, heartbeatTimeoutSeconds: 5, usageSampleSeconds: 1, ...jobs },
    ...sections,
  };
  const configFile = path.join(dataDir, 'config.json');
  await writeFile(configFile, JSON.stringify(fileConfig, null, 2));
  const env = { GODOCKER_CONFIG: configFile };
  const config = loadConfig(env, { port: 0 });
  const log = jsonLogger('test', true);
  const children = new Set<ChildProcess>();

  const stack: Stack = {
    url: '',
    config,
    env,
    adminToken: '',
    api: undefined,
    worker: undefined,
    async startWorker() {
      stack.worker = await startWorker(config, log, { workflowBundle: await workflowBundle() });
    },
    async stopWorker() {
      await stack.worker?.shutdown();
      stack.worker = undefined;
    },
    spawn(entry, extraEnv = {}) {
      const flags = entry === 'worker' ? workerNodeFlags : apiNodeFlags;
      const processEnv = entry === 'worker' ? workerEnvironment : {};
      const child = spawn(
        process.execPath,
        [...flags, path.join(repoRoot, 'dist', entry, 'main.js')],
        {
          env: { ...process.env, ...processEnv, ...env, ...extraEnv },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      children.add(child);
      child.on('exit', () => children.delete(child));
      return child;
    },
    async login(username, password) {
      const answer = await call<{ token: string }>(stack.url, 'POST', '/api/v1/auth/login', {
        body: { username, password },
      });
      if (answer.status !== 200) throw new Error(`login of ${username} failed: ${answer.text}`);
      return answer.body.token;
    },
    async createUser(username, uid, extra = {}) {
      const password = `${username}-password`;
      const answer = await call(stack.url, 'POST', '/api/v1/users', {
        token: stack.adminToken,
        body: { username, password, uid, gid: uid, ...extra },
      });
      if (answer.status !== 201) throw new Error(`creating ${username} failed: ${answer.text}`);
      return stack.login(username, password);
    },
    async waitForJob(token, id, until, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      let last: JobView | undefined;
      while (Date.now() < deadline) {
        const answer = await call<JobView>(stack.url, 'GET', `/api/v1/jobs/${id}`, { token });
        if (answer.status === 200) {
          last = answer.body;
          if (until(last)) return last;
        }
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      throw new Error(
        `job ${id} did not reach the expected state in ${timeoutMs} ms; last seen: ${JSON.stringify(last)}`,
      );
    },
    async containers() {
      const docker = new Docker({ socketPath: services.dockerSocket });
      return docker.listContainers({
        all: true,
        filters: { label: [`org.godocker.instance=${config.instance}`] },
      });
    },
    async stop() {
      for (const child of children) child.kill('SIGKILL');
      await stack.stopWorker();
      await stack.api?.close();
      await temporal.teardown();
      const docker = new Docker({ socketPath: services.dockerSocket });
      for (const c of await stack.containers())
        await docker.getContainer(c.Id).remove({ force: true });
      const conn = await mysql.createConnection(services.mysqlUrl);
      await conn.query(`DROP DATABASE IF EXISTS ${database}`);
      await conn.end();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  if (options.inProcessWorker !== false) await stack.startWorker();
  if (options.inProcessApi !== false) {
    stack.api = await startApi(config, log);
    stack.url = stack.api.url;
    stack.adminToken = await stack.login('admin', 'admin-password-for-tests');
  }
  return stack;
}
