import type { AccountKind } from '../../core/accounts';
import {
  chargeRun,
  defaultSchedulingSettings,
  usageAt,
  type Account,
  type AccountLimits,
  type DecayedUsage,
  type OrderingPlan,
  type OrderingPolicy,
  type OrderingSnapshot,
  type PendingJob,
  type RunningJob,
  type SchedulingSettings,
} from '../../core/ordering';
import { resourcesFor } from './scheduling-fixtures';

// A discrete-event simulator of a site: jobs arrive at their submission time, a pass runs at
// every arrival and every end, admitted jobs run for `runSeconds`, and finished jobs are charged
// to their accounts with the same helpers the data side uses (chargeRun, usageAt).

/** A job of the simulation: pending from `submittedAtMs`, running `runSeconds` once admitted. */
export interface SimJob extends PendingJob {
  runSeconds: number;
}

/** An account's settings in a simulation, and usage it starts with. */
export interface SimAccount {
  kind: AccountKind;
  name: string;
  shares?: number;
  priority?: number;
  limits?: AccountLimits;
  initialCpuSeconds?: number;
}

/** What to simulate. */
export interface Simulation {
  policy: OrderingPolicy;
  jobs: readonly SimJob[];
  totalCpus: number;
  totalMemoryMiB?: number;
  accounts?: readonly SimAccount[];
  settings?: SchedulingSettings;
  /** Stop passing after this time (ms since the simulation began at 0). */
  untilMs?: number;
  /** A pass at least this often even without events (budgets roll with time). */
  tickMs?: number;
  onPass?(snapshot: OrderingSnapshot, plan: OrderingPlan): void;
  /** Stops the simulation after a pass once this holds. */
  stopWhen?(result: SimResult): boolean;
}

/** When each job started and ended (ms), and how many passes ran. */
export interface SimResult {
  startedAtMs: Map<number, number>;
  endedAtMs: Map<number, number>;
  passes: number;
}

interface Run {
  job: SimJob;
  startedAtMs: number;
  endsAtMs: number;
}

const kinds: readonly AccountKind[] = ['user', 'group', 'project', 'queue'];

function nameIn(job: PendingJob, kind: AccountKind): string {
  return kind === 'user' ? job.owner : job[kind];
}

class Site {
  readonly pending = new Map<number, SimJob>();
  readonly running: Run[] = [];
  readonly finished: Run[] = [];
  readonly usage = new Map<string, DecayedUsage>();
  readonly result: SimResult = { startedAtMs: new Map(), endedAtMs: new Map(), passes: 0 };

  constructor(
    private readonly sim: Simulation,
    private readonly settings: SchedulingSettings,
  ) {
    for (const a of sim.accounts ?? [])
      this.usage.set(`${a.kind}:${a.name}`, {
        cpuSeconds: a.initialCpuSeconds ?? 0,
        memoryMiBSeconds: 0,
        asOfMs: 0,
      });
  }

  snapshot(nowMs: number): OrderingSnapshot {
    const running: RunningJob[] = this.running.map((r) => ({
      ...r.job,
      startedAtMs: r.startedAtMs,
    }));
    const accounts = { user: [], group: [], project: [], queue: [] } as Record<
      AccountKind,
      Account[]
    >;
    for (const a of this.sim.accounts ?? []) accounts[a.kind].push(this.account(a, nowMs));
    const byName = new Set((this.sim.accounts ?? []).map((a) => `${a.kind}:${a.name}`));
    for (const key of this.usage.keys()) {
      const [kind, name] = key.split(':') as [AccountKind, string];
      if (!byName.has(key)) accounts[kind].push(this.account({ kind, name }, nowMs));
    }
    const memory = this.sim.totalMemoryMiB ?? 1 << 30;
    return {
      nowMs,
      pending: [...this.pending.values()],
      running,
      resources: resourcesFor(this.sim.totalCpus, memory, running),
      accounts,
      settings: this.settings,
    };
  }

  private account(a: SimAccount, nowMs: number): Account {
    const limits = a.limits ?? {};
    const total = this.usage.get(`${a.kind}:${a.name}`);
    const decayed = total
      ? usageAt(total, nowMs, this.settings.usageHalfLifeSeconds)
      : { cpuSeconds: 0, memoryMiBSeconds: 0 };
    const window = limits.windowSeconds ?? this.settings.budgetWindowSeconds;
    const inWindow = this.windowUse(a, nowMs - window * 1000);
    return {
      name: a.name,
      shares: a.shares ?? 1,
      priority: a.priority ?? 0,
      limits,
      usage: {
        decayedCpuSeconds: decayed.cpuSeconds,
        decayedMemoryMiBSeconds: decayed.memoryMiBSeconds,
        windowCpuSeconds: inWindow.cpu,
        windowMemoryMiBSeconds: inWindow.memory,
      },
    };
  }

  // Finished use inside the window, by overlap (only accounts with a budget need it).
  private windowUse(a: SimAccount, fromMs: number): { cpu: number; memory: number } {
    const use = { cpu: 0, memory: 0 };
    if (!a.limits?.cpuHoursPerWindow && !a.limits?.memoryGbHoursPerWindow) return use;
    for (const r of this.finished) {
      if (nameIn(r.job, a.kind) !== a.name) continue;
      const seconds = Math.max(0, (r.endsAtMs - Math.max(r.startedAtMs, fromMs)) / 1000);
      use.cpu += r.job.cpus * seconds;
      use.memory += r.job.memoryMiB * seconds;
    }
    return use;
  }

  start(ids: readonly number[], nowMs: number): void {
    for (const id of ids) {
      const job = this.pending.get(id);
      if (!job) throw new Error(`the policy admitted job ${id}, which is not pending`);
      this.pending.delete(id);
      this.running.push({ job, startedAtMs: nowMs, endsAtMs: nowMs + job.runSeconds * 1000 });
      this.result.startedAtMs.set(id, nowMs);
    }
  }

  finishUntil(nowMs: number): void {
    for (let i = this.running.length - 1; i >= 0; i -= 1) {
      const run = this.running[i] as Run;
      if (run.endsAtMs > nowMs) continue;
      this.running.splice(i, 1);
      this.finished.push(run);
      this.result.endedAtMs.set(run.job.id, run.endsAtMs);
      for (const kind of kinds) this.charge(`${kind}:${nameIn(run.job, kind)}`, run);
    }
  }

  private charge(key: string, run: Run): void {
    const total = this.usage.get(key) ?? { cpuSeconds: 0, memoryMiBSeconds: 0, asOfMs: 0 };
    const charged = chargeRun(
      total,
      { ...run.job, startedAtMs: run.startedAtMs, endedAtMs: run.endsAtMs },
      this.settings.usageHalfLifeSeconds,
    );
    this.usage.set(key, charged);
  }
}

/** Runs the simulation from time 0 until every job ended, nothing can move, or `untilMs`. */
export function simulate(sim: Simulation): SimResult {
  const site = new Site(sim, sim.settings ?? defaultSchedulingSettings);
  const arrivals = [...sim.jobs].sort((a, b) => a.submittedAtMs - b.submittedAtMs);
  let next = 0;
  let nowMs = 0;
  while (nowMs <= (sim.untilMs ?? Infinity)) {
    site.finishUntil(nowMs);
    for (; next < arrivals.length && (arrivals[next] as SimJob).submittedAtMs <= nowMs; next += 1)
      site.pending.set((arrivals[next] as SimJob).id, arrivals[next] as SimJob);
    const snapshot = site.snapshot(nowMs);
    const plan = sim.policy.plan(snapshot);
    site.result.passes += 1;
    sim.onPass?.(snapshot, plan);
    site.start(plan.admit, nowMs);
    if (sim.stopWhen?.(site.result)) break;
    const ends = site.running.map((r) => r.endsAtMs);
    const arrival = arrivals[next]?.submittedAtMs ?? Infinity;
    const tick = site.pending.size > 0 && sim.tickMs ? nowMs + sim.tickMs : Infinity;
    const upcoming = Math.min(arrival, tick, ...ends);
    if (!Number.isFinite(upcoming)) break;
    nowMs = upcoming;
  }
  return site.result;
}

/** cpu-seconds each key (say, a job's group) consumed from time 0 until `untilMs`. */
export function cpuSecondsBy(
  jobs: readonly SimJob[],
  result: SimResult,
  key: (job: SimJob) => string,
  untilMs: number,
): Map<string, number> {
  const totals = new Map<string, number>();
  for (const job of jobs) {
    const start = result.startedAtMs.get(job.id);
    if (start === undefined || start >= untilMs) continue;
    const end = Math.min(untilMs, start + job.runSeconds * 1000);
    totals.set(key(job), (totals.get(key(job)) ?? 0) + (job.cpus * (end - start)) / 1000);
  }
  return totals;
}

/** The time the last job matching `which` started: until then, all of them were contending. */
export function lastStartMs(
  jobs: readonly SimJob[],
  result: SimResult,
  which: (job: SimJob) => boolean,
): number {
  let last = 0;
  for (const job of jobs)
    if (which(job)) last = Math.max(last, result.startedAtMs.get(job.id) ?? Infinity);
  return last;
}
