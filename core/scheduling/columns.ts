import type { PendingJob } from './snapshot';

/**
 * The numbers a pass reads per pending job, copied once in snapshot order into flat arrays: the
 * sort and the admission walk then visit jobs in priority order, which is random in memory, and
 * touch a few small arrays instead of 50,000 scattered objects.
 */
export interface PendingColumns {
  readonly count: number;
  /** A plain array: ids stay small integers, which Maps and objects store without boxing. */
  readonly ids: number[];
  readonly cpus: Float64Array;
  readonly memoryMiB: Float64Array;
  readonly walltimeMs: Float64Array;
  readonly submittedAtMs: Float64Array;
}

/** Copies the per-job numbers of `pending` into columns. */
export function columnsOf(pending: readonly PendingJob[]): PendingColumns {
  const count = pending.length;
  const columns = {
    count,
    ids: new Array<number>(count),
    cpus: new Float64Array(count),
    memoryMiB: new Float64Array(count),
    walltimeMs: new Float64Array(count),
    submittedAtMs: new Float64Array(count),
  };
  for (let i = 0; i < count; i += 1) {
    const job = pending[i] as PendingJob;
    columns.ids[i] = job.id;
    columns.cpus[i] = job.cpus;
    columns.memoryMiB[i] = job.memoryMiB;
    columns.walltimeMs[i] = job.walltimeSeconds * 1000;
    columns.submittedAtMs[i] = job.submittedAtMs;
  }
  return columns;
}
