import { randomBytes } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, NativeConnection, Worker } from '@temporalio/worker';
import { quietLogger } from '../test/support/stack';
import { cpuSeconds } from './processes';

/** The floor's activities: they return at once, so only Temporal's own work is measured. */
export const floorActivities = {
  nothing(): Promise<void> {
    return Promise.resolve();
  },
};

/** What `count` workflows cost: wall time, and CPU seconds of server and worker. */
export interface FloorFigures {
  ms: number;
  serverCpu: number;
  workerCpu: number;
}

/**
 * Runs `count` workflows of each type in `floor-workflow.ts`, `concurrency` at a time, on the
 * Temporal server at `address` with a worker in this process; `serverPids` are the server's
 * processes.
 */
export async function temporalFloor(
  address: string,
  serverPids: () => number[],
  count: number,
  concurrency: number,
): Promise<Record<'empty' | 'jobShaped', FloorFigures>> {
  const taskQueue = `bench-floor-${randomBytes(3).toString('hex')}`;
  const workflowBundle = await bundleWorkflowCode({
    workflowsPath: require.resolve('./floor-workflow'),
    logger: quietLogger(),
  });
  const native = await NativeConnection.connect({ address });
  const connection = await Connection.connect({ address });
  const client = new Client({ connection });
  const worker = await Worker.create({
    connection: native,
    taskQueue,
    workflowBundle,
    activities: floorActivities,
  });
  const running = worker.run();
  try {
    const measure = async (workflowType: string): Promise<FloorFigures> => {
      const runOne = (id: string) =>
        client.workflow.execute(workflowType, { taskQueue, workflowId: id });
      await runOne(`${taskQueue}-${workflowType}-warm`);
      const pids = serverPids();
      const serverBefore = pids.reduce((sum, pid) => sum + cpuSeconds(pid), 0);
      const workerBefore = process.cpuUsage();
      const started = performance.now();
      let next = 0;
      const lane = async () => {
        while (next < count) await runOne(`${taskQueue}-${workflowType}-${next++}`);
      };
      await Promise.all(Array.from({ length: concurrency }, lane));
      const ms = performance.now() - started;
      const worked = process.cpuUsage(workerBefore);
      return {
        ms,
        serverCpu: pids.reduce((sum, pid) => sum + cpuSeconds(pid), 0) - serverBefore,
        workerCpu: (worked.user + worked.system) / 1e6,
      };
    };
    return { empty: await measure('emptyWorkflow'), jobShaped: await measure('jobShapedWorkflow') };
  } finally {
    worker.shutdown();
    await running;
    await native.close();
    await connection.close();
  }
}
