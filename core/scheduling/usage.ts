// Usage arithmetic shared by the policy (for running jobs) and the data side (for finished ones),
// so both sides decay and charge the same way.

const mibPerGb = 1024;

/** Decays a usage figure by its age: it halves every `halfLifeSeconds`. */
export function decayUsage(previous: number, ageSeconds: number, halfLifeSeconds: number): number {
  return previous * Math.pow(2, -ageSeconds / halfLifeSeconds);
}

/**
 * What a run at a constant `rate` (cpus, or MiB) accrues over `runSeconds`, decayed to the end of
 * the run: rate × ∫ 2^(-t/h) dt over the run. Nearly rate × runSeconds while runs are short next
 * to the half-life; unlike charging it all at the end, it never over-weights a long run.
 */
export function decayedRunUsage(rate: number, runSeconds: number, halfLifeSeconds: number): number {
  if (runSeconds <= 0) return 0;
  const h = halfLifeSeconds;
  return ((rate * h) / Math.LN2) * (1 - Math.pow(2, -runSeconds / h));
}

/** A decayed usage total as the data side keeps it per account (cpu-seconds, MiB-seconds). */
export interface DecayedUsage {
  cpuSeconds: number;
  memoryMiBSeconds: number;
  asOfMs: number;
}

/** A finished run to charge: what it held and for how long. */
export interface FinishedRun {
  /** cpus held (or measured cpu-seconds ÷ run seconds, if the site charges measured use). */
  cpus: number;
  memoryMiB: number;
  startedAtMs: number;
  endedAtMs: number;
}

/**
 * Adds a finished run to a stored total. The result is dated the later of the two, so runs may
 * be charged in any order (two jobs finalised out of order charge the same total).
 */
export function chargeRun(total: DecayedUsage, run: FinishedRun, halfLife: number): DecayedUsage {
  const runSeconds = Math.max(0, (run.endedAtMs - run.startedAtMs) / 1000);
  const asOfMs = Math.max(total.asOfMs, run.endedAtMs);
  const keep = Math.pow(2, -(asOfMs - total.asOfMs) / 1000 / halfLife);
  const add = Math.pow(2, -(asOfMs - run.endedAtMs) / 1000 / halfLife);
  return {
    cpuSeconds: total.cpuSeconds * keep + decayedRunUsage(run.cpus, runSeconds, halfLife) * add,
    memoryMiBSeconds:
      total.memoryMiBSeconds * keep + decayedRunUsage(run.memoryMiB, runSeconds, halfLife) * add,
    asOfMs,
  };
}

/** A stored total decayed to `nowMs`: what `AccountUsage.decayed*` expect. */
export function usageAt(
  total: DecayedUsage,
  nowMs: number,
  halfLife: number,
): { cpuSeconds: number; memoryMiBSeconds: number } {
  const ageSeconds = Math.max(0, (nowMs - total.asOfMs) / 1000);
  return {
    cpuSeconds: decayUsage(total.cpuSeconds, ageSeconds, halfLife),
    memoryMiBSeconds: decayUsage(total.memoryMiBSeconds, ageSeconds, halfLife),
  };
}

/** Fair-share usage in cpu-seconds: cpu plus memory charged at `cpusPerGb` cpus per GB. */
export function fairShareUsage(cpuSeconds: number, memoryMiBSeconds: number, cpusPerGb: number) {
  return cpuSeconds + (cpusPerGb * memoryMiBSeconds) / mibPerGb;
}

/** Converts MiB-seconds to the GB-hours budgets are written in. */
export function gbHours(memoryMiBSeconds: number): number {
  return memoryMiBSeconds / mibPerGb / 3600;
}
