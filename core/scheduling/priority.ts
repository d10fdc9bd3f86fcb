import type { AccountState, ChargedStates } from './account-book';
import type { PendingColumns } from './columns';
import { fairTreeFactors } from './fair-tree';
import { adminPriorityRange } from './settings';
import type { OrderingSnapshot, PendingJob, PriorityFactors } from './snapshot';

/** Every pending job's priority, and its factors on demand (only standings need them). */
export interface Scores {
  priority: Float64Array;
  factorsOf(index: number): PriorityFactors;
}

/** An admin priority (-1000..1000) as a factor in [-1, 1]: 0 neither helps nor hurts. */
export function adminFactor(priority: number): number {
  return Math.max(-1, Math.min(1, priority / adminPriorityRange));
}

/** Time waited as a factor: grows linearly and saturates at 1 after `saturationSeconds`. */
export function ageFactor(nowMs: number, submittedAtMs: number, saturationSeconds: number) {
  return Math.max(0, Math.min(1, (nowMs - submittedAtMs) / 1000 / saturationSeconds));
}

function adminPoints(state: AccountState, weight: number): number {
  return weight * adminFactor(state.priority);
}

/**
 * The multifactor priority of every pending job: Σ weight × factor over fair share, age, and the
 * admin priorities of its queue, user, group, project and of the job itself.
 */
export function scoreJobs(
  snapshot: OrderingSnapshot,
  columns: PendingColumns,
  charged: ChargedStates,
): Scores {
  const { pending, nowMs, settings } = snapshot;
  const { weights: w, ageSaturationSeconds } = settings;
  const fairShare = fairTreeFactors(charged, pending.length);
  const priority = new Float64Array(pending.length);
  for (let i = 0; i < pending.length; i += 1) {
    const age = ageFactor(nowMs, columns.submittedAtMs[i] ?? nowMs, ageSaturationSeconds);
    priority[i] =
      w.fairShare * (fairShare[i] ?? 0) +
      w.age * age +
      adminPoints(charged.queue[i] as AccountState, w.queue) +
      adminPoints(charged.user[i] as AccountState, w.user) +
      adminPoints(charged.group[i] as AccountState, w.group) +
      adminPoints(charged.project[i] as AccountState, w.project) +
      w.job * adminFactor((pending[i] as PendingJob).priority);
  }
  const factorsOf = (i: number): PriorityFactors => ({
    fairShare: fairShare[i] ?? 0,
    age: ageFactor(nowMs, columns.submittedAtMs[i] ?? nowMs, ageSaturationSeconds),
    queue: adminFactor(charged.queue[i]?.priority ?? 0),
    user: adminFactor(charged.user[i]?.priority ?? 0),
    group: adminFactor(charged.group[i]?.priority ?? 0),
    project: adminFactor(charged.project[i]?.priority ?? 0),
    job: adminFactor((pending[i] as PendingJob).priority),
  });
  return { priority, factorsOf };
}
