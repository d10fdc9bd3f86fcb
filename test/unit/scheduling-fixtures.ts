import { defaultAccount } from '../../core/scheduling/default-account';
import {
  defaultSchedulingSettings,
  type Account,
  type ClusterResources,
  type OrderingPlan,
  type OrderingSnapshot,
  type PendingJob,
  type RunningJob,
} from '../../core/ordering';

// Builders of snapshots for the scheduling tests: every field has a plain default, so a test
// states only what it is about.

/** The snapshot time of the fixtures. */
export const nowMs = Date.UTC(2025, 0, 15, 12);

/** A pending job of alice in group bio, 1 cpu, 512M, 1 h walltime, submitted `id` s before now. */
export function pendingJob(id: number, fields: Partial<PendingJob> = {}): PendingJob {
  return {
    id,
    owner: 'alice',
    group: 'bio',
    project: 'default',
    queue: 'default',
    cpus: 1,
    memoryMiB: 512,
    priority: 0,
    submittedAtMs: nowMs - 100_000 + id * 1000,
    walltimeSeconds: 3600,
    ...fields,
  };
}

/** A running job of alice in group bio that started a minute ago, 1 h walltime. */
export function runningJob(id: number, fields: Partial<RunningJob> = {}): RunningJob {
  return {
    id,
    owner: 'alice',
    group: 'bio',
    project: 'default',
    queue: 'default',
    cpus: 1,
    memoryMiB: 512,
    startedAtMs: nowMs - 60_000,
    walltimeSeconds: 3600,
    ...fields,
  };
}

/** An account with one share, priority 0, no limits and no usage, with `fields` over it. */
export function account(name: string, fields: Partial<Account> = {}): Account {
  return { ...defaultAccount(name), ...fields };
}

/** A backend of `totalCpus` and `totalMemoryMiB`, holding what `running` holds. */
export function resourcesFor(
  totalCpus: number,
  totalMemoryMiB: number,
  running: readonly RunningJob[],
): ClusterResources {
  return {
    totalCpus,
    totalMemoryMiB,
    heldCpus: running.reduce((sum, job) => sum + job.cpus, 0),
    heldMemoryMiB: running.reduce((sum, job) => sum + job.memoryMiB, 0),
  };
}

/** A snapshot at `nowMs` on a 4-cpu, 8G backend, with no accounts unless given. */
export function snapshotOf(
  fields: Partial<OrderingSnapshot> & { pending: readonly PendingJob[] },
): OrderingSnapshot {
  const running = fields.running ?? [];
  return {
    nowMs,
    running,
    resources: resourcesFor(4, 8192, running),
    accounts: { user: [], group: [], project: [], queue: [] },
    settings: defaultSchedulingSettings,
    ...fields,
  };
}

/** The reason a job waits (null when admitted; undefined when it is not in the plan). */
export function reasonOf(plan: OrderingPlan, id: number): string | null | undefined {
  return plan.standings.find((s) => s.id === id)?.reason;
}

/** The ids of the jobs that wait, in the order of the plan. */
export function waitingIds(plan: OrderingPlan): number[] {
  return plan.standings.filter((s) => s.reason !== null).map((s) => s.id);
}
