import {
  CancellationScope,
  proxyActivities,
  proxyLocalActivities,
  sleep,
} from '@temporalio/workflow';
import type { floorActivities } from './temporal-floor';

type FloorActivities = typeof floorActivities;

const local = proxyLocalActivities<FloorActivities>({ startToCloseTimeout: '30 seconds' });
const remote = proxyActivities<FloorActivities>({ startToCloseTimeout: '30 seconds' });

/**
 * A job workflow's Temporal steps with no work in them: two local activities (admission,
 * launch), an activity raced against a lifetime timer (supervision), a last local activity
 * (finalization). What it costs is the least a workflow per job can cost on this machine.
 */
export async function jobShapedWorkflow(): Promise<void> {
  await local.nothing();
  await local.nothing();
  const scope = new CancellationScope();
  const supervised = scope.run(() => remote.nothing());
  const lifetime = scope.run(() => sleep('1 day'));
  await Promise.race([supervised, lifetime]);
  scope.cancel();
  await local.nothing();
}

/** A workflow that does nothing: the cost of starting, running and closing one. */
export async function emptyWorkflow(): Promise<void> {
  // Nothing to do: its history is started, one workflow task, completed.
}
