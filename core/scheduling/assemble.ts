import type { NodeCapacity } from '../executor';
import type { SchedulingSettings } from './settings';
import type { OrderingSnapshot, PendingJob, RunningJob, SchedulingAccounts } from './snapshot';

/** Puts the pieces read from storage together into the snapshot a policy decides on. */
export function assembleSnapshot(parts: {
  now: Date;
  pending: readonly PendingJob[];
  running: readonly RunningJob[];
  accounts: SchedulingAccounts;
  nodes: readonly NodeCapacity[];
  settings: SchedulingSettings;
}): OrderingSnapshot {
  return {
    nowMs: parts.now.getTime(),
    pending: parts.pending,
    running: parts.running,
    resources: {
      totalCpus: parts.nodes.reduce((sum, n) => sum + n.cpus, 0),
      totalMemoryMiB: parts.nodes.reduce((sum, n) => sum + n.memoryMiB, 0),
      heldCpus: parts.running.reduce((sum, j) => sum + j.cpus, 0),
      heldMemoryMiB: parts.running.reduce((sum, j) => sum + j.memoryMiB, 0),
    },
    accounts: parts.accounts,
    settings: parts.settings,
  };
}
