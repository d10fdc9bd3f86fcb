import { Client, Connection } from '@temporalio/client';
import type { Config } from '../../config/schema';
import type { Logger } from '../log';
import { JobStore } from '../mysql/jobs';
import type { Pool } from '../mysql/pool';
import { TemporalGateway } from './gateway';

/** Connects a Temporal client to the configured server and namespace. */
export async function connectClient(config: Config): Promise<Client> {
  const connection = await Connection.connect({ address: config.temporal.address });
  return new Client({ connection, namespace: config.temporal.namespace });
}

/** The workflow gateway for a client, reading job lifetimes from MariaDB when it must start a workflow. */
export function createGateway(
  client: Client,
  config: Config,
  pool: Pool,
  log: Logger,
): TemporalGateway {
  const jobs = new JobStore(pool);
  return new TemporalGateway(client, {
    taskQueue: config.temporal.taskQueue,
    orderingIntervalMs: config.ordering.intervalMs,
    heartbeatTimeoutSeconds: config.jobs.heartbeatTimeoutSeconds,
    minWakeGapMs: config.ordering.minWakeGapMs,
    onWakeError: (error) =>
      log({
        level: 'warn',
        msg: 'ordering wake-up failed; the periodic pass will run',
        error: String(error),
      }),
    maxLifetimeOf: async (jobId) =>
      (await jobs.get(jobId))?.maxLifetimeSeconds ?? config.jobs.defaultMaxLifetimeSeconds,
  });
}
