import {
  condition,
  continueAsNew,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import { wakeOrderingSignal } from './signals';

/** What the ordering workflow is started with. */
export interface OrderingWorkflowInput {
  intervalMs: number;
}

// A pass takes well under a second; a short timeout bounds the stall after a worker crash.
const { orderPendingJobs } = proxyActivities<Activities>({
  startToCloseTimeout: '15 seconds',
  retry: {
    initialInterval: '500 milliseconds',
    backoffCoefficient: 2,
    maximumInterval: '10 seconds',
  },
});

/**
 * The central ordering loop: one pass every `intervalMs`, or sooner when woken (a job became
 * pending or ended). Pending jobs live in MariaDB, not here, so the history stays small; the
 * workflow continues as new before it grows, and any worker can run it.
 */
export async function orderingWorkflow(input: OrderingWorkflowInput): Promise<never> {
  let woken = false;
  setHandler(wakeOrderingSignal, () => void (woken = true));
  while (!workflowInfo().continueAsNewSuggested && workflowInfo().historyLength < 2000) {
    woken = false;
    await orderPendingJobs();
    await condition(() => woken, input.intervalMs);
  }
  return continueAsNew<typeof orderingWorkflow>(input);
}
