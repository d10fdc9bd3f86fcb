import type { ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** Resident memory of a process, from /proc. */
export function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

/** Resolves when the child prints a line matching `pattern`; rejects if it exits first. */
export function waitForLine(child: ChildProcess, pattern: RegExp): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const onData = (data: Buffer) => {
      seen += data.toString();
      if (pattern.test(seen)) resolve();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`exited (${code}) before ${pattern}:\n${seen}`)));
  });
}

/** CPU seconds a process has used so far (user + system), from /proc. */
export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may contain spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** Pids of the running processes whose command name starts with `prefix`. */
export function pidsNamed(prefix: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').startsWith(prefix)) pids.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return pids;
}

/**
 * Pids of the running processes named `prefix` whose command line contains `args` in a row: one
 * stack's own Temporal dev server (`--port N`) rather than every Temporal server on the machine.
 */
export function pidsWithArguments(prefix: string, args: readonly string[]): number[] {
  return pidsNamed(prefix).filter((pid) => {
    try {
      const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      return argv.some((_, i) => args.every((arg, j) => argv[i + j] === arg));
    } catch {
      return false;
    }
  });
}

/** Whole-machine busy CPU seconds (all cores), from /proc/stat. */
export function machineBusySeconds(): number {
  const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0]?.split(/\s+/) ?? [];
  const values = ticks.filter(Boolean).map(Number);
  const idle = (values[3] ?? 0) + (values[4] ?? 0);
  return (values.reduce((a, b) => a + b, 0) - idle) / 100;
}

/** CPU seconds each named group of processes uses while `work` runs. */
export async function cpuDuring<T>(
  groups: Record<string, () => number[]>,
  work: () => Promise<T>,
): Promise<{ result: T; seconds: Record<string, number> }> {
  const pidsBefore = Object.fromEntries(Object.entries(groups).map(([k, f]) => [k, f()]));
  const before = Object.fromEntries(
    Object.entries(pidsBefore).map(([k, pids]) => [k, pids.map(cpuSeconds)]),
  );
  const machineBefore = machineBusySeconds();
  const result = await work();
  const seconds: Record<string, number> = {};
  for (const [name, pids] of Object.entries(pidsBefore)) {
    seconds[name] = pids.reduce(
      (sum, pid, i) => sum + cpuSeconds(pid) - (before[name]?.[i] ?? 0),
      0,
    );
  }
  seconds.machine = machineBusySeconds() - machineBefore;
  return { result, seconds };
}
