import { existsSync } from 'node:fs';
import path from 'node:path';
import { NativeConnection, Worker, type WorkflowBundleOption } from '@temporalio/worker';
import { createActivities } from '../activities';
import type { Config } from '../config/schema';
import { systemClock, type Clock } from '../core/clock';
import { orderingPolicyByName } from '../core/ordering';
import { DockerExecutor } from '../adapters/docker/executor';
import { DockerImageSource } from '../adapters/docker/image-source';
import { JobImageStore } from '../adapters/mysql/job-images';
import { RegistryClient } from '../adapters/registry/client';
import type { Logger } from '../adapters/log';
import { JobLogStore } from '../adapters/mysql/job-logs';
import { JobSampleStore } from '../adapters/mysql/job-samples';
import { JobSessionStore } from '../adapters/mysql/job-sessions';
import { JobStore } from '../adapters/mysql/jobs';
import { migrate } from '../adapters/mysql/migrate';
import { NodeStore } from '../adapters/mysql/nodes';
import { OrderingStore } from '../adapters/mysql/ordering';
import { OrderingPassStore } from '../adapters/mysql/ordering-passes';
import { PrometheusJobMetrics } from '../adapters/metrics/job-metrics';
import { createMetricsRegistry } from '../adapters/metrics/registry';
import { AccountingStore } from '../adapters/mysql/accounting';
import { readSchedulingAccounts } from '../adapters/mysql/scheduling-accounts';
import { createPool } from '../adapters/mysql/pool';
import { connectClient, createGateway } from '../adapters/temporal/connect';
import { serveWorkerMetrics } from './metrics-server';

/** Options a test or the process entry can set beyond the configuration. */
export interface WorkerOptions {
  clock?: Clock;
  /** A prebuilt workflow bundle (tests build it once); otherwise the worker bundles at start. */
  workflowBundle?: WorkflowBundleOption;
}

// Written by the build (scripts/bundle-workflows.ts) next to the compiled code.
const builtBundle = path.join(__dirname, '..', 'workflows.bundle.js');

function workflowCode(
  options: WorkerOptions,
): { workflowBundle: WorkflowBundleOption } | { workflowsPath: string } {
  if (options.workflowBundle) return { workflowBundle: options.workflowBundle };
  if (existsSync(builtBundle)) return { workflowBundle: { codePath: builtBundle } };
  return { workflowsPath: require.resolve('../workflows') };
}

/** A running worker. */
export interface RunningWorker {
  worker: Worker;
  /** Resolves when the worker has stopped. */
  done: Promise<void>;
  /** Where this worker serves GET /metrics; undefined when worker.metricsPort is 0. */
  metricsUrl: string | undefined;
  shutdown(): Promise<void>;
}

/**
 * Composition root of the worker process: the only place (besides the API's) that builds
 * adapters. Registers the execution nodes and makes sure the ordering workflow runs.
 */
export async function startWorker(
  config: Config,
  log: Logger,
  options: WorkerOptions = {},
): Promise<RunningWorker> {
  const pool = createPool(config.mysqlUrl, 20);
  await migrate(pool);
  const client = await connectClient(config);
  const gateway = createGateway(client, config, pool, log);
  const executor = new DockerExecutor({
    socketPath: config.docker.socketPath,
    pidsLimit: config.jobs.pidsLimit,
    network: config.jobs.network,
    logCapBytes: config.jobs.logCapBytes,
    killGraceSeconds: config.jobs.killGraceSeconds,
  });
  const clock = options.clock ?? systemClock;
  const nodes = new NodeStore(pool);
  await nodes.upsert(await executor.capacity(), clock());
  const registry = createMetricsRegistry();
  const activities = createActivities({
    jobs: new JobStore(pool),
    logs: new JobLogStore(pool),
    samples: new JobSampleStore(pool, config.jobs.statsMaxSamples),
    sessions: new JobSessionStore(pool),
    nodes,
    ordering: new OrderingStore(pool),
    orderingPasses: new OrderingPassStore(pool),
    executor,
    images: new DockerImageSource(config.docker.socketPath, new RegistryClient(), log),
    jobImages: new JobImageStore(pool),
    workflows: gateway,
    policy: orderingPolicyByName(config.ordering.policy),
    accounts: (now) =>
      readSchedulingAccounts(
        pool,
        now,
        config.scheduling.usageHalfLifeSeconds,
        config.scheduling.budgetWindowSeconds,
      ),
    accounting: new AccountingStore(pool, config.scheduling.usageHalfLifeSeconds),
    clock,
    log,
    metrics: new PrometheusJobMetrics(registry),
    settings: {
      instance: config.instance,
      logCapBytes: config.jobs.logCapBytes,
      heartbeatIntervalMs: Math.max(1000, (config.jobs.heartbeatTimeoutSeconds * 1000) / 4),
      usageSampleMs: config.jobs.usageSampleSeconds * 1000,
      interactiveIdleSeconds: config.jobs.interactiveIdleSeconds,
      scheduling: config.scheduling,
    },
  });
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  const worker = await Worker.create({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    activities,
    ...workflowCode(options),
    // Each running job holds one supervising activity for its whole life.
    maxConcurrentActivityTaskExecutions: 2000,
    // Pending jobs' workflows sleep for long; evicted ones replay their short history when woken.
    maxCachedWorkflows: config.worker.maxCachedWorkflows,
    shutdownGraceTime: '5 seconds',
  });
  const metricsServer = await serveWorkerMetrics(registry, config, log);
  const done = worker.run().finally(async () => {
    await metricsServer?.close();
    await connection.close();
    await gateway.close();
    await client.connection.close();
    await pool.end();
  });
  await gateway.wakeOrdering();
  log({
    msg: 'worker running',
    taskQueue: config.temporal.taskQueue,
    namespace: config.temporal.namespace,
  });
  return {
    worker,
    done,
    metricsUrl: metricsServer?.url,
    async shutdown() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await done;
    },
  };
}
