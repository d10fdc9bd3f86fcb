import type { ChargedStates } from './account-book';
import {
  describeShortfall,
  freeBeforePass,
  milli,
  releaseOf,
  reserve,
  type Free,
  type Release,
  type Reservation,
} from './capacity';
import type { PendingColumns } from './columns';
import { chargeLimits, limitReason } from './limits';
import type { JobStanding, OrderingPlan, OrderingSnapshot, PendingJob } from './snapshot';

/** What a policy hands to the admission walk: its order and how to show each job's priority. */
export interface AdmissionInput {
  snapshot: OrderingSnapshot;
  columns: PendingColumns;
  /** Indexes into `snapshot.pending`, highest priority first. */
  order: Uint32Array;
  charged: ChargedStates;
  priorityOf(index: number): number;
  /** EASY backfill behind the first blocked job; without it nothing overtakes that job. */
  backfill: boolean;
}

const tooLarge = 'TooLarge: asks for more than the execution backend has in all';

function startText(reservation: Reservation): string {
  const { startMs } = reservation;
  return Number.isFinite(startMs) ? new Date(startMs).toISOString() : 'an unknown time';
}

/**
 * Walks pending jobs in priority order and admits each one that its limits allow and that fits;
 * jobs held by a limit never block others. At the first job that does not fit, either nothing
 * else starts (no backfill) or it gets a reservation that lower jobs may not delay (EASY).
 */
class AdmissionWalk {
  readonly admit: number[] = [];
  readonly standings: JobStanding[] = [];
  private readonly free: Free;
  private readonly releases: Release[];
  private readonly nowMs: number;
  private readonly totalMilliCpus: number;
  private reservation: Reservation | undefined;
  private blockedText = '';
  private delayText = '';
  private position = 0;

  constructor(private readonly input: AdmissionInput) {
    const { resources, running, nowMs } = input.snapshot;
    this.nowMs = nowMs;
    this.totalMilliCpus = milli(resources.totalCpus);
    this.free = freeBeforePass(resources);
    this.releases = running.map((job) => releaseOf(job, nowMs));
  }

  visit(index: number): void {
    const id = this.input.columns.ids[index] as number;
    const reason = this.reasonToWait(index) ?? null;
    if (reason === null) this.admit.push(id);
    else this.position += 1;
    const position = reason === null ? 0 : this.position;
    const priority = Math.round(this.input.priorityOf(index));
    this.standings.push({ id, position, priority, reason });
  }

  // Undefined when the job starts now (its resources and limits are then taken).
  private reasonToWait(index: number): string | undefined {
    const { columns, snapshot, charged } = this.input;
    const cpus = milli(columns.cpus[index] as number);
    const memoryMiB = columns.memoryMiB[index] as number;
    if (cpus > this.totalMilliCpus || memoryMiB > snapshot.resources.totalMemoryMiB)
      return tooLarge;
    const job = snapshot.pending[index] as PendingJob;
    if (charged.limited[index]) {
      const reason = limitReason(job, index, charged);
      if (reason !== undefined) return reason;
    }
    const fits = cpus <= milli(this.free.cpus) && memoryMiB <= this.free.memoryMiB;
    const reason = fits ? this.backfillReason(index) : this.blockedReason(job);
    if (reason === undefined) this.take(job, index);
    return reason;
  }

  // A job that does not fit now: the first such job is blocked, later ones wait behind it.
  private blockedReason(job: PendingJob): string {
    return this.reservation ? this.blockedText : this.block(job);
  }

  // A job that fits now may start unless it would delay the reservation (EASY backfill): it
  // must end by the reserved start, or fit in what is spare beside the reserved job.
  private backfillReason(index: number): string | undefined {
    if (!this.reservation) return undefined;
    if (!this.input.backfill) return this.blockedText;
    const { columns } = this.input;
    const endMs = this.nowMs + (columns.walltimeMs[index] as number);
    if (endMs <= this.reservation.startMs) return undefined;
    const { spare } = this.reservation;
    const cpus = columns.cpus[index] as number;
    const memoryMiB = columns.memoryMiB[index] as number;
    if (milli(cpus) > milli(spare.cpus) || memoryMiB > spare.memoryMiB) return this.delayText;
    spare.cpus -= cpus;
    spare.memoryMiB -= memoryMiB;
    return undefined;
  }

  private take(job: PendingJob, index: number): void {
    chargeLimits(job, index, this.input.charged);
    this.free.cpus -= job.cpus;
    this.free.memoryMiB -= job.memoryMiB;
    const endMs = this.nowMs + (this.input.columns.walltimeMs[index] as number);
    this.releases.push({ endMs, cpus: job.cpus, memoryMiB: job.memoryMiB });
  }

  // The first job that does not fit: every later reason refers to it, so they are built once.
  private block(job: PendingJob): string {
    const shortfall = describeShortfall(job, this.free);
    this.reservation = reserve(job, this.free, this.releases);
    if (!this.input.backfill) {
      this.blockedText = `Priority: behind job ${job.id}`;
      return shortfall;
    }
    const by = startText(this.reservation);
    this.blockedText = `Priority: behind job ${job.id}, reserved to start by ${by}`;
    this.delayText = `Backfill: would delay job ${job.id}, reserved to start by ${by}`;
    return `${shortfall}; reserved to start by ${by}`;
  }
}

/** Runs the admission walk over a policy's order and returns the plan. */
export function admitInOrder(input: AdmissionInput): OrderingPlan {
  const walk = new AdmissionWalk(input);
  for (const index of input.order) walk.visit(index);
  return { admit: walk.admit, standings: walk.standings };
}
