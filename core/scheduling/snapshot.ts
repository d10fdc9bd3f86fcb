import type { AccountKind } from '../accounts';
import type { SchedulingSettings } from './settings';

/** A pending job as the ordering policy sees it. */
export interface PendingJob {
  id: number;
  owner: string;
  /** The group charged for the job (its owner's primary group at submit). */
  group: string;
  project: string;
  queue: string;
  cpus: number;
  memoryMiB: number;
  /** Admin-set priority of this one job, -1000..1000 (0 unless an admin changed it). */
  priority: number;
  submittedAtMs: number;
  /** Requested walltime: the job's max lifetime, after which it is killed; backfill plans with it. */
  walltimeSeconds: number;
}

/** A job that holds resources now: admitted, launching or running. */
export interface RunningJob {
  id: number;
  owner: string;
  group: string;
  project: string;
  queue: string;
  cpus: number;
  memoryMiB: number;
  /** When it began to hold resources: its admission (so admitted jobs count from then). */
  startedAtMs: number;
  /** Its max lifetime: it holds its resources until startedAt + walltime at the latest. */
  walltimeSeconds: number;
  /**
   * cpu-seconds measured so far, when the site charges measured use (as finalisation does);
   * absent: fair share counts cpus × time since startedAt.
   */
  usedCpuSeconds?: number;
}

/** Resources of the execution backend: what it has in all and what admitted jobs hold. */
export interface ClusterResources {
  totalCpus: number;
  totalMemoryMiB: number;
  /** What the jobs in `running` hold together. */
  heldCpus: number;
  heldMemoryMiB: number;
}

/** Limits of one account; absent or null means unlimited. Max pending jobs is checked at submit. */
export interface AccountLimits {
  maxCpus?: number | null;
  maxMemoryMiB?: number | null;
  maxRunningJobs?: number | null;
  cpuHoursPerWindow?: number | null;
  memoryGbHoursPerWindow?: number | null;
  /** Length of this account's budget window; absent or null: the site's budgetWindowSeconds. */
  windowSeconds?: number | null;
}

/** What an account's finished jobs consumed; running jobs are added by the policy itself. */
export interface AccountUsage {
  /** cpu-seconds of finished jobs, decayed to the snapshot's `nowMs` (see `usageAt`). */
  decayedCpuSeconds: number;
  /** MiB-seconds of memory of finished jobs, decayed likewise. */
  decayedMemoryMiBSeconds: number;
  /** cpu-seconds of finished jobs inside this account's budget window, undecayed. */
  windowCpuSeconds: number;
  /** MiB-seconds of memory of finished jobs inside the budget window, undecayed. */
  windowMemoryMiBSeconds: number;
}

/** A user, group, project or queue: fair-share shares, admin priority, limits and past usage. */
export interface Account {
  name: string;
  /** Weight relative to its siblings in the fair tree (groups, or users within a group); ≥ 0. */
  shares: number;
  /** Admin priority, -1000..1000. */
  priority: number;
  limits: AccountLimits;
  usage: AccountUsage;
}

/** Accounts by kind; one that is missing has 1 share, priority 0, no limits and no usage. */
export type SchedulingAccounts = Readonly<Record<AccountKind, readonly Account[]>>;

/** Everything one ordering decision is made from, read in one go. */
export interface OrderingSnapshot {
  /** The time the snapshot was read; usage is decayed to it and ages count up to it. */
  nowMs: number;
  pending: readonly PendingJob[];
  running: readonly RunningJob[];
  resources: ClusterResources;
  accounts: SchedulingAccounts;
  settings: SchedulingSettings;
}

/** The normalised factors of a job's priority; priority = Σ weight × factor. */
export interface PriorityFactors {
  /** Fair Tree rank of the job's (group, user) leaf, in (0, 1]; 1 = most under-served. */
  fairShare: number;
  /** Time waited over ageSaturationSeconds, at most 1. */
  age: number;
  /** Admin priorities over 1000, each in [-1, 1]. */
  queue: number;
  user: number;
  group: number;
  project: number;
  job: number;
}

/** Where one pending job stands after a pass, and why it waits. */
export interface JobStanding {
  id: number;
  /** 1 = the next job to start among those still waiting; 0 = admitted by this pass. */
  position: number;
  /** The job's priority, rounded to a whole number (the order uses the exact value). */
  priority: number;
  /** Why it waits (`QuotaExceeded: group bio cpus 64/64`, ...); null when admitted. */
  reason: string | null;
}

/** What a pass decided: the jobs to admit now, and where every pending job stands and why. */
export interface OrderingPlan {
  /** Ids to admit, in order. */
  admit: number[];
  /** Every pending job, in the policy's order (highest priority first). */
  standings: JobStanding[];
  /**
   * The factors of a pending job's priority, computed on demand: building them for every job
   * would cost a pass more than everything else (absent for policies without factors: fifo).
   */
  factorsOf?: (jobId: number) => PriorityFactors | undefined;
}

/** A scheduling policy: pure, deterministic, and free of I/O so it can be tested and benchmarked. */
export interface OrderingPolicy {
  readonly name: string;
  plan(snapshot: OrderingSnapshot): OrderingPlan;
}
