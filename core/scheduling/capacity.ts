import { formatMemoryMiB } from '../memory';
import type { ClusterResources, PendingJob, RunningJob } from './snapshot';

/** Cpus in whole thousandths: comparing those guards against float drift (0.1 + 0.2). */
export function milli(value: number): number {
  return Math.round(value * 1000);
}

/** Free resources of the backend as a pass admits jobs. */
export interface Free {
  cpus: number;
  memoryMiB: number;
}

function fitsIn(job: PendingJob, free: Free): boolean {
  return milli(job.cpus) <= milli(free.cpus) && job.memoryMiB <= free.memoryMiB;
}

/** What is free before this pass admits anything. */
export function freeBeforePass(resources: ClusterResources): Free {
  return {
    cpus: resources.totalCpus - resources.heldCpus,
    memoryMiB: resources.totalMemoryMiB - resources.heldMemoryMiB,
  };
}

/** The reason of a job that does not fit in what is free. */
export function describeShortfall(job: PendingJob, free: Free): string {
  return (
    `Resources: needs ${job.cpus} cpus and ${formatMemoryMiB(job.memoryMiB)}, ` +
    `free ${Math.max(0, Number(free.cpus.toFixed(3)))} cpus and ${formatMemoryMiB(Math.max(0, free.memoryMiB))}`
  );
}

/** Resources that come back to the pool at `endMs` (a running job's latest end). */
export interface Release {
  endMs: number;
  cpus: number;
  memoryMiB: number;
}

/** When a running job releases its resources at the latest: start + walltime, never before now. */
export function releaseOf(job: RunningJob, nowMs: number): Release {
  const endMs = Math.max(nowMs, job.startedAtMs + job.walltimeSeconds * 1000);
  return { endMs, cpus: job.cpus, memoryMiB: job.memoryMiB };
}

/**
 * The top blocked job's reservation: the earliest time it fits if every holder runs to its
 * walltime, and what will be spare beside it then (backfill may use only that).
 */
export interface Reservation {
  jobId: number;
  startMs: number;
  spare: Free;
}

/**
 * Computes the reservation from what is free now and when holders release (EASY backfill's
 * "shadow time"). All releases at the same instant count together. When the job never fits
 * (the held figures disagree with the holders), the start is Infinity and nothing is spare.
 */
export function reserve(job: PendingJob, free: Free, releases: readonly Release[]): Reservation {
  const sorted = [...releases].sort((a, b) => a.endMs - b.endMs);
  const pool: Free = { ...free };
  for (let i = 0; i < sorted.length; i += 1) {
    const release = sorted[i] as Release;
    pool.cpus += release.cpus;
    pool.memoryMiB += release.memoryMiB;
    if (sorted[i + 1]?.endMs === release.endMs || !fitsIn(job, pool)) continue;
    const spare = { cpus: pool.cpus - job.cpus, memoryMiB: pool.memoryMiB - job.memoryMiB };
    return { jobId: job.id, startMs: release.endMs, spare };
  }
  return { jobId: job.id, startMs: Infinity, spare: { cpus: 0, memoryMiB: 0 } };
}
