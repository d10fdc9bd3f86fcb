import type { AccountKind } from '../accounts';
import type { Account, AccountLimits, OrderingSnapshot, PendingJob, RunningJob } from './snapshot';
import { decayedRunUsage, fairShareUsage } from './usage';

/** One account during a pass: its record plus what its running jobs hold and have used. */
export interface AccountState {
  readonly kind: AccountKind;
  readonly name: string;
  readonly shares: number;
  readonly priority: number;
  readonly limits: AccountLimits;
  /** True when any limit applies: most accounts have none and their checks are skipped. */
  readonly limited: boolean;
  readonly windowSeconds: number;
  /** Decayed fair-share usage in cpu-seconds, finished jobs and running ones. */
  fairShareUsage: number;
  heldCpus: number;
  heldMemoryMiB: number;
  heldJobs: number;
  /** What the cpu-hour budget has spent in the window or promised to running jobs (cpu-s). */
  budgetCpuSeconds: number;
  /** The same for the memory budget, in MiB-seconds. */
  budgetMemoryMiBSeconds: number;
  /** Reason texts by limit, kept while the held figures do not change (built once, not per job). */
  reasons: Map<string, string>;
}

/** The kinds of account in the order limits are checked and reasons are given. */
export const accountKindsInOrder: readonly AccountKind[] = ['user', 'group', 'project', 'queue'];

/** The name of the account of `kind` that a job is charged to. */
export function chargedTo(job: PendingJob | RunningJob, kind: AccountKind): string {
  return kind === 'user' ? job.owner : job[kind];
}

const limitNames = [
  'maxCpus',
  'maxMemoryMiB',
  'maxRunningJobs',
  'cpuHoursPerWindow',
  'memoryGbHoursPerWindow',
] as const;

function isLimited(limits: AccountLimits): boolean {
  return limitNames.some((name) => typeof limits[name] === 'number');
}

/**
 * Every account a pass touches, by kind and name, created on first use (an account with no
 * record gets the documented defaults), with running jobs already charged to it.
 */
export class AccountBook {
  private readonly states: Record<AccountKind, Map<string, AccountState>>;

  constructor(private readonly snapshot: OrderingSnapshot) {
    const byKind = (kind: AccountKind) =>
      new Map(snapshot.accounts[kind].map((a) => [a.name, this.create(kind, a.name, a)]));
    this.states = {
      user: byKind('user'),
      group: byKind('group'),
      project: byKind('project'),
      queue: byKind('queue'),
    };
    for (const job of snapshot.running) this.chargeRunning(job);
  }

  /** The state of one account, created with defaults when the snapshot has no record of it. */
  state(kind: AccountKind, name: string): AccountState {
    const byName = this.states[kind];
    let state = byName.get(name);
    if (!state) {
      state = this.create(kind, name, undefined);
      byName.set(name, state);
    }
    return state;
  }

  private create(kind: AccountKind, name: string, record: Account | undefined): AccountState {
    const { settings } = this.snapshot;
    const limits = record?.limits ?? {};
    const usage = record?.usage;
    return {
      kind,
      name,
      shares: record?.shares ?? 1,
      priority: record?.priority ?? 0,
      limits,
      limited: isLimited(limits),
      windowSeconds: limits.windowSeconds ?? settings.budgetWindowSeconds,
      fairShareUsage: usage
        ? fairShareUsage(
            usage.decayedCpuSeconds,
            usage.decayedMemoryMiBSeconds,
            settings.memoryCpuSecondsPerGbSecond,
          )
        : 0,
      heldCpus: 0,
      heldMemoryMiB: 0,
      heldJobs: 0,
      budgetCpuSeconds: usage?.windowCpuSeconds ?? 0,
      budgetMemoryMiBSeconds: usage?.windowMemoryMiBSeconds ?? 0,
      reasons: new Map(),
    };
  }

  // A running job holds its resources and has used them since it started: both count now, so
  // fair share reacts on the next pass, not when the job ends. Its budget counts what it held
  // inside the window and what it may still hold until its walltime (budgets stay safe).
  private chargeRunning(job: RunningJob): void {
    const { nowMs, settings } = this.snapshot;
    const elapsed = Math.max(0, (nowMs - job.startedAtMs) / 1000);
    const cpuRate =
      job.usedCpuSeconds !== undefined && elapsed > 0 ? job.usedCpuSeconds / elapsed : job.cpus;
    const rate = cpuRate + (settings.memoryCpuSecondsPerGbSecond * job.memoryMiB) / 1024;
    const decayed = decayedRunUsage(rate, elapsed, settings.usageHalfLifeSeconds);
    for (const kind of accountKindsInOrder) {
      const state = this.state(kind, chargedTo(job, kind));
      const remaining = Math.max(0, job.walltimeSeconds - elapsed);
      const budgetSeconds =
        Math.min(elapsed, state.windowSeconds) + Math.min(remaining, state.windowSeconds);
      state.heldCpus += job.cpus;
      state.heldMemoryMiB += job.memoryMiB;
      state.heldJobs += 1;
      state.fairShareUsage += decayed;
      state.budgetCpuSeconds += job.cpus * budgetSeconds;
      state.budgetMemoryMiBSeconds += job.memoryMiB * budgetSeconds;
    }
  }
}

/** The accounts each pending job is charged to, by kind, indexed like `snapshot.pending`. */
export type ChargedStates = Readonly<Record<AccountKind, AccountState[]>> & {
  /** 1 where any of the job's accounts has a limit: only those jobs need a limit check. */
  readonly limited: Uint8Array;
};

/** Looks up once the four accounts of every pending job, for scoring and limit checks. */
export function resolveCharged(book: AccountBook, pending: readonly PendingJob[]): ChargedStates {
  const limited = new Uint8Array(pending.length);
  const resolve = (kind: AccountKind): AccountState[] => {
    const states = new Array<AccountState>(pending.length);
    for (let i = 0; i < pending.length; i += 1) {
      const state = book.state(kind, chargedTo(pending[i] as PendingJob, kind));
      states[i] = state;
      if (state.limited) limited[i] = 1;
    }
    return states;
  };
  const [user, group, project, queue] = [
    resolve('user'),
    resolve('group'),
    resolve('project'),
    resolve('queue'),
  ];
  return { user, group, project, queue, limited };
}
