import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  decayedRunUsage,
  decayUsage,
  defaultSchedulingSettings,
  fairSharePolicy,
  type OrderingSnapshot,
} from '../../core/ordering';
import { pendingJob } from './scheduling-fixtures';
import {
  cpuSecondsBy,
  lastStartMs,
  simulate,
  type SimAccount,
  type SimJob,
} from './scheduling-simulator';

// Fair share over time, measured in the simulator: while both groups have jobs waiting, each gets
// the cpu time its shares say, whatever the number of users in it or the sizes of their jobs.

const hour = 3600;
const bio = ['ann', 'ben', 'cid'];
const chem = ['dan', 'eve', 'fay', 'gus', 'hal'];

const arbitraryRuns = fc.array(
  fc.record({ runSeconds: fc.integer({ min: 300, max: 1800 }), cpus: fc.constantFrom(1, 1, 2) }),
  { minLength: 400, maxLength: 400 },
);

// 200 jobs per group, all submitted at 0; users take turns within their group.
function twoGroups(runs: Array<{ runSeconds: number; cpus: number }>): SimJob[] {
  return runs.map(({ runSeconds, cpus }, i) => {
    const members = i % 2 === 0 ? bio : chem;
    return {
      ...pendingJob(i + 1, {
        owner: members[Math.floor(i / 2) % members.length] as string,
        group: i % 2 === 0 ? 'bio' : 'chem',
        cpus,
        submittedAtMs: 0,
        walltimeSeconds: hour,
      }),
      runSeconds,
    };
  });
}

// The fraction of cpu time bio got while both groups had jobs waiting.
function bioFraction(jobs: SimJob[], accounts: SimAccount[]): number {
  const result = simulate({ policy: fairSharePolicy, jobs, totalCpus: 16, accounts });
  const contended = Math.min(
    lastStartMs(jobs, result, (j) => j.group === 'bio'),
    lastStartMs(jobs, result, (j) => j.group === 'chem'),
  );
  const used = cpuSecondsBy(jobs, result, (j) => j.group, contended);
  const bioSeconds = used.get('bio') ?? 0;
  return bioSeconds / (bioSeconds + (used.get('chem') ?? 0));
}

test('two groups with equal shares split the cpu time within ±5%', () => {
  fc.assert(
    fc.property(arbitraryRuns, (runs) => {
      const fraction = bioFraction(twoGroups(runs), []);
      assert.ok(Math.abs(fraction - 0.5) <= 0.025, `bio got ${(fraction * 100).toFixed(1)}%`);
    }),
    { numRuns: 8 },
  );
});

test('a group with twice the shares gets about twice the cpu time', () => {
  fc.assert(
    fc.property(arbitraryRuns, (runs) => {
      const fraction = bioFraction(twoGroups(runs), [{ kind: 'group', name: 'bio', shares: 2 }]);
      const ratio = fraction / (1 - fraction);
      assert.ok(ratio >= 1.8 && ratio <= 2.2, `bio got ${ratio.toFixed(2)}× chem's time`);
    }),
    { numRuns: 8 },
  );
});

// When a user who stopped running with `usage` cpu-seconds has decayed below every user who
// shares `cpus` with `users - 1` others since then (the least served trails the average by up to
// one 1-cpu, 1-hour job): from then on it is at the top of the tree.
function overtakenAfterSeconds(usage: number, cpus: number, users: number): number {
  const halfLife = defaultSchedulingSettings.usageHalfLifeSeconds;
  let [low, high] = [0, 60 * 24 * hour];
  for (let i = 0; i < 50; i += 1) {
    const t = (low + high) / 2;
    const leastServed = decayedRunUsage(cpus / users, t, halfLife) - hour;
    [low, high] = decayUsage(usage, t, halfLife) > leastServed ? [t, high] : [low, t];
  }
  return high;
}

test('no job waits forever: a whole-machine job of a heavy user starts on a saturated site', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 100_000, max: 2_000_000 }),
      fc.integer({ min: 2, max: 6 }),
      (heavyUsage, lightUsers) => {
        // It starts once its user tops the tree, plus one walltime for the reservation to come
        // due, an hour of passes for the rank to climb and an hour for the light users' spread.
        const boundSeconds = overtakenAfterSeconds(heavyUsage, 16, lightUsers) + 3 * hour;
        // Light users keep the site saturated (twice its capacity arrives every hour).
        const stream: SimJob[] = [];
        for (let t = 0; t < boundSeconds + hour; t += hour)
          for (let k = 0; k < 32; k += 1)
            stream.push({
              ...pendingJob(stream.length + 2, {
                owner: `light${k % lightUsers}`,
                group: 'many',
                submittedAtMs: t * 1000,
              }),
              runSeconds: hour,
            });
        const big = {
          ...pendingJob(1, { owner: 'heavy', group: 'many', cpus: 16, submittedAtMs: 0 }),
          runSeconds: hour,
        };
        const result = simulate({
          policy: fairSharePolicy,
          jobs: [big, ...stream],
          totalCpus: 16,
          accounts: [{ kind: 'user', name: 'heavy', initialCpuSeconds: heavyUsage }],
          untilMs: (boundSeconds + hour) * 1000,
          stopWhen: (r) => r.startedAtMs.has(1),
        });
        const started = result.startedAtMs.get(1);
        assert.ok(started !== undefined, 'the whole-machine job never started');
        assert.ok(
          started <= boundSeconds * 1000,
          `started after ${started / 3600_000} h, bound ${boundSeconds / hour} h`,
        );
      },
    ),
    { numRuns: 8 },
  );
});

// Running plus admitted cpus and jobs of an account, after a pass.
function heldAfter(snapshot: OrderingSnapshot, admit: number[], owner: string) {
  const admitted = snapshot.pending.filter((j) => admit.includes(j.id) && j.owner === owner);
  const running = snapshot.running.filter((j) => j.owner === owner);
  const all = [...admitted, ...running];
  return { cpus: all.reduce((sum, j) => sum + j.cpus, 0), jobs: all.length };
}

test('a user over quota never starts a job while the limit is exceeded, and all start in time', () => {
  const jobs: SimJob[] = Array.from({ length: 60 }, (_, i) => ({
    ...pendingJob(i + 1, {
      owner: i % 3 === 0 ? 'bob' : 'alice',
      cpus: 1 + (i % 2),
      submittedAtMs: 0,
    }),
    runSeconds: 600 + (i % 7) * 300,
  }));
  const result = simulate({
    policy: fairSharePolicy,
    jobs,
    totalCpus: 16,
    accounts: [{ kind: 'user', name: 'alice', limits: { maxCpus: 4, maxRunningJobs: 3 } }],
    onPass(snapshot, plan) {
      const held = heldAfter(snapshot, plan.admit, 'alice');
      assert.ok(held.cpus <= 4, `alice holds ${held.cpus} cpus`);
      assert.ok(held.jobs <= 3, `alice runs ${held.jobs} jobs`);
      for (const s of plan.standings.filter((s) => s.reason?.includes('user alice')))
        assert.match(s.reason ?? '', /^QuotaExceeded: user alice (cpus \d\/4|jobs 3\/3)$/);
    },
  });
  assert.equal(result.startedAtMs.size, jobs.length, 'held jobs must start, not be dropped');
});

test('a spent budget holds jobs until the rolling window frees it', () => {
  const jobs: SimJob[] = Array.from({ length: 10 }, (_, i) => ({
    ...pendingJob(i + 1, { owner: 'bob', submittedAtMs: 0 }),
    runSeconds: 1800,
  }));
  const day = 24 * hour;
  const limits = { cpuHoursPerWindow: 2, windowSeconds: day };
  const result = simulate({
    policy: fairSharePolicy,
    jobs,
    totalCpus: 16,
    accounts: [{ kind: 'user', name: 'bob', limits }],
    tickMs: 600_000,
    untilMs: 4 * day * 1000,
    onPass(snapshot, plan) {
      // Spent in the window, promised to running jobs until their walltime, and to admitted ones.
      const bob = snapshot.accounts.user.find((a) => a.name === 'bob');
      const promised = [
        ...snapshot.running.map((j) => j.cpus * j.walltimeSeconds),
        ...snapshot.pending
          .filter((j) => plan.admit.includes(j.id))
          .map((j) => j.cpus * j.walltimeSeconds),
      ];
      const cpuHours =
        ((bob?.usage.windowCpuSeconds ?? 0) + promised.reduce((a, b) => a + b, 0)) / 3600;
      assert.ok(cpuHours <= 2, `${cpuHours} of 2 cpu-hours spent or promised`);
    },
  });
  assert.equal(result.startedAtMs.size, 10, 'every job starts once the window rolls on');
  assert.ok((result.startedAtMs.get(10) ?? 0) >= day * 1000, 'the budget held some back a day');
});
