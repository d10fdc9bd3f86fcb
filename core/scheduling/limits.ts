import { formatDurationSeconds } from '../duration';
import { formatMemoryMiB } from '../memory';
import type { AccountState, ChargedStates } from './account-book';
import { accountKindsInOrder } from './account-book';
import { milli } from './capacity';
import type { PendingJob } from './snapshot';
import { gbHours } from './usage';

// Limits hold jobs back, they never reject them: a held job keeps its place and starts on the
// first pass after the limit allows it. Reasons name the account and the limit, with its use.

type Limit = 'cpus' | 'memory' | 'jobs' | 'cpu-hours' | 'memory-GB-hours';

function amount(value: number): string {
  return String(Number(value.toFixed(1)));
}

// What a job may cost a budget: all of its walltime, but no more than one window.
function budgetSeconds(s: AccountState, job: PendingJob): number {
  return Math.min(job.walltimeSeconds, s.windowSeconds);
}

// Which limit the job would exceed; 'too-large' when the job alone exceeds it: it never starts.
function exceededQuota(s: AccountState, job: PendingJob): Limit | 'too-large' | undefined {
  const { maxCpus, maxMemoryMiB, maxRunningJobs } = s.limits;
  if (typeof maxCpus === 'number' && milli(s.heldCpus + job.cpus) > milli(maxCpus))
    return milli(job.cpus) > milli(maxCpus) ? 'too-large' : 'cpus';
  if (typeof maxMemoryMiB === 'number' && s.heldMemoryMiB + job.memoryMiB > maxMemoryMiB)
    return job.memoryMiB > maxMemoryMiB ? 'too-large' : 'memory';
  if (typeof maxRunningJobs === 'number' && s.heldJobs + 1 > maxRunningJobs) return 'jobs';
  return undefined;
}

// Budgets are safe: a job starts only if what the window has spent, what running jobs may still
// use until their walltime, and what this job may use until its own, all fit in the budget.
function exceededBudget(s: AccountState, job: PendingJob): Limit | 'too-large' | undefined {
  const { cpuHoursPerWindow, memoryGbHoursPerWindow } = s.limits;
  const seconds = budgetSeconds(s, job);
  if (typeof cpuHoursPerWindow === 'number') {
    const need = (job.cpus * seconds) / 3600;
    if (need > cpuHoursPerWindow) return 'too-large';
    if (s.budgetCpuSeconds / 3600 + need > cpuHoursPerWindow) return 'cpu-hours';
  }
  if (typeof memoryGbHoursPerWindow === 'number') {
    const need = gbHours(job.memoryMiB * seconds);
    if (need > memoryGbHoursPerWindow) return 'too-large';
    if (gbHours(s.budgetMemoryMiBSeconds) + need > memoryGbHoursPerWindow) return 'memory-GB-hours';
  }
  return undefined;
}

function describe(s: AccountState, limit: Limit): string {
  const { limits } = s;
  const who = `${s.kind} ${s.name}`;
  const window = `in ${formatDurationSeconds(s.windowSeconds)}`;
  switch (limit) {
    case 'cpus':
      return `QuotaExceeded: ${who} cpus ${amount(s.heldCpus)}/${amount(limits.maxCpus ?? 0)}`;
    case 'memory':
      return `QuotaExceeded: ${who} memory ${formatMemoryMiB(s.heldMemoryMiB)}/${formatMemoryMiB(limits.maxMemoryMiB ?? 0)}`;
    case 'jobs':
      return `QuotaExceeded: ${who} jobs ${s.heldJobs}/${limits.maxRunningJobs ?? 0}`;
    case 'cpu-hours':
      return `Budget: ${who} cpu-hours ${amount(s.budgetCpuSeconds / 3600)}/${amount(limits.cpuHoursPerWindow ?? 0)} ${window}`;
    case 'memory-GB-hours':
      return `Budget: ${who} memory-GB-hours ${amount(gbHours(s.budgetMemoryMiBSeconds))}/${amount(limits.memoryGbHoursPerWindow ?? 0)} ${window}`;
  }
}

// Which limit the job alone exceeds, told with what it needs: it can never start as it is.
function describeTooLarge(s: AccountState, job: PendingJob): string {
  const { maxCpus, maxMemoryMiB, cpuHoursPerWindow, memoryGbHoursPerWindow } = s.limits;
  const who = `${s.kind} ${s.name}`;
  const window = formatDurationSeconds(s.windowSeconds);
  const walltime = formatDurationSeconds(job.walltimeSeconds);
  if (typeof maxCpus === 'number' && milli(job.cpus) > milli(maxCpus))
    return `TooLarge: needs ${job.cpus} cpus; ${who} may hold ${maxCpus}`;
  if (typeof maxMemoryMiB === 'number' && job.memoryMiB > maxMemoryMiB)
    return `TooLarge: needs ${formatMemoryMiB(job.memoryMiB)}; ${who} may hold ${formatMemoryMiB(maxMemoryMiB)}`;
  const seconds = budgetSeconds(s, job);
  if (typeof cpuHoursPerWindow === 'number' && (job.cpus * seconds) / 3600 > cpuHoursPerWindow)
    return `TooLarge: ${job.cpus} cpus for ${walltime} may use ${amount((job.cpus * seconds) / 3600)} cpu-hours; ${who} has ${amount(cpuHoursPerWindow)} in ${window} (ask for less walltime)`;
  const gb = gbHours(job.memoryMiB * seconds);
  return `TooLarge: ${formatMemoryMiB(job.memoryMiB)} for ${walltime} may use ${amount(gb)} memory-GB-hours; ${who} has ${amount(memoryGbHoursPerWindow ?? 0)} in ${window} (ask for less walltime)`;
}

function reasonOf(s: AccountState, job: PendingJob): string | undefined {
  const limit = exceededQuota(s, job) ?? exceededBudget(s, job);
  if (limit === undefined) return undefined;
  if (limit === 'too-large') return describeTooLarge(s, job);
  let text = s.reasons.get(limit);
  if (text === undefined) s.reasons.set(limit, (text = describe(s, limit)));
  return text;
}

/**
 * Why the job at `index` must wait for a limit of its user, group, project or queue (checked in
 * that order), or undefined when every limit allows it to start now.
 */
export function limitReason(
  job: PendingJob,
  index: number,
  charged: ChargedStates,
): string | undefined {
  for (const kind of accountKindsInOrder) {
    const state = charged[kind][index];
    const reason = state?.limited ? reasonOf(state, job) : undefined;
    if (reason !== undefined) return reason;
  }
  return undefined;
}

/** Counts an admitted job against its accounts so later jobs in the same pass see it. */
export function chargeLimits(job: PendingJob, index: number, charged: ChargedStates): void {
  for (const kind of accountKindsInOrder) {
    const state = charged[kind][index];
    if (!state) continue;
    const seconds = budgetSeconds(state, job);
    state.heldCpus += job.cpus;
    state.heldMemoryMiB += job.memoryMiB;
    state.heldJobs += 1;
    state.budgetCpuSeconds += job.cpus * seconds;
    state.budgetMemoryMiBSeconds += job.memoryMiB * seconds;
    if (state.reasons.size > 0) state.reasons.clear();
  }
}
