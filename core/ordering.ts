import { formatMemoryMiB } from './memory';

/** A pending job as the ordering policy sees it. */
export interface PendingJob {
  id: number;
  owner: string;
  cpus: number;
  memoryMiB: number;
  priority: number;
  submittedAtMs: number;
}

/** Resources of the execution backend: what it has in all and what admitted jobs hold. */
export interface ClusterResources {
  totalCpus: number;
  totalMemoryMiB: number;
  heldCpus: number;
  heldMemoryMiB: number;
}

/** Everything one ordering decision is made from, read in one go. */
export interface OrderingSnapshot {
  pending: readonly PendingJob[];
  resources: ClusterResources;
}

/** What a pass decided: jobs to admit now, in order, and why each of the others waits. */
export interface OrderingPlan {
  admit: number[];
  waiting: Map<number, string>;
}

/** A scheduling policy: pure, deterministic, and free of I/O so it can be tested and benchmarked. */
export interface OrderingPolicy {
  readonly name: string;
  plan(snapshot: OrderingSnapshot): OrderingPlan;
}

function byPriorityThenAge(a: PendingJob, b: PendingJob): number {
  return b.priority - a.priority || a.submittedAtMs - b.submittedAtMs || a.id - b.id;
}

// Rounding guards against float drift when summing fractional cpus (0.1 + 0.2).
function fits(need: number, free: number): boolean {
  return Math.round(need * 1000) <= Math.round(free * 1000);
}

function describeShortfall(job: PendingJob, freeCpus: number, freeMemoryMiB: number): string {
  return (
    `Resources: needs ${job.cpus} cpus and ${formatMemoryMiB(job.memoryMiB)}, ` +
    `free ${Math.max(0, Number(freeCpus.toFixed(3)))} cpus and ${formatMemoryMiB(Math.max(0, freeMemoryMiB))}`
  );
}

/**
 * Priority first, then submission order, with no overtaking: once the first job does not fit,
 * nothing behind it starts, so a large job is never starved by a stream of small ones.
 * Jobs larger than the whole backend are skipped (they can never run and must not block others).
 */
export const fifoPolicy: OrderingPolicy = {
  name: 'fifo',
  plan({ pending, resources }) {
    const ordered = [...pending].sort(byPriorityThenAge);
    let freeCpus = resources.totalCpus - resources.heldCpus;
    let freeMemoryMiB = resources.totalMemoryMiB - resources.heldMemoryMiB;
    const admit: number[] = [];
    const waiting = new Map<number, string>();
    let blockedBy: PendingJob | undefined;
    for (const job of ordered) {
      if (!fits(job.cpus, resources.totalCpus) || job.memoryMiB > resources.totalMemoryMiB) {
        waiting.set(job.id, 'TooLarge: asks for more than the execution backend has in all');
      } else if (blockedBy) {
        waiting.set(job.id, `Priority: behind job ${blockedBy.id}`);
      } else if (fits(job.cpus, freeCpus) && job.memoryMiB <= freeMemoryMiB) {
        admit.push(job.id);
        freeCpus -= job.cpus;
        freeMemoryMiB -= job.memoryMiB;
      } else {
        blockedBy = job;
        waiting.set(job.id, describeShortfall(job, freeCpus, freeMemoryMiB));
      }
    }
    return { admit, waiting };
  },
};

/** The built-in policies by name; the site picks one in its configuration. */
export const orderingPolicies: Readonly<Record<string, OrderingPolicy>> = {
  [fifoPolicy.name]: fifoPolicy,
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
