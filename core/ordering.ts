import { fairSharePolicy } from './scheduling/fairshare';
import { fifoPolicy } from './scheduling/fifo';
import type { OrderingPolicy } from './scheduling/snapshot';

// The policy seam: the snapshot and plan types live in scheduling/snapshot.ts, the policies in
// scheduling/; this module is what the rest of Go-Docker imports.
export type {
  Account,
  AccountLimits,
  AccountUsage,
  ClusterResources,
  JobStanding,
  OrderingPlan,
  OrderingPolicy,
  OrderingSnapshot,
  PendingJob,
  PriorityFactors,
  RunningJob,
  SchedulingAccounts,
} from './scheduling/snapshot';
export {
  defaultSchedulingSettings,
  schedulingSettingsSchema,
  schedulingWeightsSchema,
  type SchedulingSettings,
  type SchedulingWeights,
} from './scheduling/settings';
export {
  chargeRun,
  decayedRunUsage,
  decayUsage,
  usageAt,
  type DecayedUsage,
  type FinishedRun,
} from './scheduling/usage';
export { fairSharePolicy, fifoPolicy };

/** The built-in policies by name; the site picks one in its configuration. */
export const orderingPolicies: Readonly<Record<string, OrderingPolicy>> = {
  [fifoPolicy.name]: fifoPolicy,
  [fairSharePolicy.name]: fairSharePolicy,
};

/** Looks up a policy by name, failing with the list of known ones. */
export function orderingPolicyByName(name: string): OrderingPolicy {
  const policy = orderingPolicies[name];
  if (!policy) {
    throw new Error(
      `unknown ordering policy '${name}'; known: ${Object.keys(orderingPolicies).join(', ')}`,
    );
  }
  return policy;
}
