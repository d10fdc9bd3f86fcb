import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import type { AccountKind } from '../../core/accounts';
import {
  fairSharePolicy,
  fifoPolicy,
  type Account,
  type AccountLimits,
  type OrderingSnapshot,
  type PendingJob,
  type RunningJob,
} from '../../core/ordering';
import {
  account,
  nowMs,
  pendingJob,
  reasonOf,
  resourcesFor,
  runningJob,
  snapshotOf,
} from './scheduling-fixtures';

const hour = 3600;

function withLimits(kind: AccountKind, name: string, limits: AccountLimits, used = 0) {
  const accounts: Record<AccountKind, Account[]> = { user: [], group: [], project: [], queue: [] };
  const usage = {
    decayedCpuSeconds: 0,
    decayedMemoryMiBSeconds: 0,
    windowCpuSeconds: used,
    windowMemoryMiBSeconds: used * 1024,
  };
  accounts[kind].push(account(name, { limits, usage }));
  return accounts;
}

describe('limits hold jobs with a reason that names the limit', () => {
  const big = { totalCpus: 128, totalMemoryMiB: 1 << 20 };
  const cases: Array<{
    name: string;
    accounts: Record<AccountKind, Account[]>;
    running: RunningJob[];
    job: Partial<PendingJob>;
    reason: string;
  }> = [
    {
      name: 'user cpus',
      accounts: withLimits('user', 'alice', { maxCpus: 8 }),
      running: [runningJob(90, { cpus: 8 })],
      job: {},
      reason: 'QuotaExceeded: user alice cpus 8/8',
    },
    {
      name: 'group cpus',
      accounts: withLimits('group', 'bio', { maxCpus: 64 }),
      running: [runningJob(90, { cpus: 60, owner: 'bob' })],
      job: { cpus: 8 },
      reason: 'QuotaExceeded: group bio cpus 60/64',
    },
    {
      name: 'project memory',
      accounts: withLimits('project', 'default', { maxMemoryMiB: 8192 }),
      running: [runningJob(90, { memoryMiB: 8192 })],
      job: {},
      reason: 'QuotaExceeded: project default memory 8G/8G',
    },
    {
      name: 'queue jobs',
      accounts: withLimits('queue', 'long', { maxRunningJobs: 1 }),
      running: [runningJob(90, { queue: 'long', owner: 'carol' })],
      job: { queue: 'long' },
      reason: 'QuotaExceeded: queue long jobs 1/1',
    },
    {
      name: 'group cpu-hours',
      accounts: withLimits('group', 'bio', { cpuHoursPerWindow: 500 }, 500 * hour),
      running: [],
      job: {},
      reason: 'Budget: group bio cpu-hours 500/500 in 7d',
    },
    {
      name: 'cpu-hours promised to running jobs',
      accounts: withLimits(
        'user',
        'alice',
        { cpuHoursPerWindow: 10, windowSeconds: 86_400 },
        4 * hour,
      ),
      running: [runningJob(90, { cpus: 4, walltimeSeconds: 2 * hour, startedAtMs: nowMs })],
      job: {},
      reason: 'Budget: user alice cpu-hours 12/10 in 1d',
    },
    {
      name: 'memory GB-hours',
      accounts: withLimits('user', 'alice', { memoryGbHoursPerWindow: 2 }, 2 * hour),
      running: [],
      job: {},
      reason: 'Budget: user alice memory-GB-hours 2/2 in 7d',
    },
    {
      name: 'a job above a quota alone',
      accounts: withLimits('user', 'alice', { maxCpus: 8 }),
      running: [],
      job: { cpus: 16 },
      reason: 'TooLarge: needs 16 cpus; user alice may hold 8',
    },
    {
      name: 'a job above a budget alone',
      accounts: withLimits('user', 'alice', { cpuHoursPerWindow: 100 }),
      running: [],
      job: { cpus: 2, walltimeSeconds: 7 * 86_400 },
      reason:
        'TooLarge: 2 cpus for 7d may use 336 cpu-hours; user alice has 100 in 7d (ask for less walltime)',
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      for (const policy of [fifoPolicy, fairSharePolicy]) {
        const plan = policy.plan(
          snapshotOf({
            pending: [pendingJob(1, c.job)],
            running: c.running,
            resources: resourcesFor(big.totalCpus, big.totalMemoryMiB, c.running),
            accounts: c.accounts,
          }),
        );
        assert.deepEqual(plan.admit, [], policy.name);
        assert.equal(reasonOf(plan, 1), c.reason, policy.name);
      }
    });
  }

  test('jobs admitted earlier in the same pass count against the limit', () => {
    const plan = fairSharePolicy.plan(
      snapshotOf({
        pending: [
          pendingJob(1, { cpus: 4 }),
          pendingJob(2, { cpus: 4 }),
          pendingJob(3, { cpus: 2 }),
        ],
        resources: resourcesFor(64, 1 << 20, []),
        accounts: withLimits('user', 'alice', { maxCpus: 6 }),
      }),
    );
    assert.deepEqual(plan.admit, [1, 3]);
    assert.equal(reasonOf(plan, 2), 'QuotaExceeded: user alice cpus 4/6');
  });
});

// Random sites: 3 users in 2 groups with random limits, random running and pending jobs.
const arbitraryLimits = fc.record(
  {
    maxCpus: fc.integer({ min: 0, max: 12 }),
    maxMemoryMiB: fc.integer({ min: 0, max: 16_384 }),
    maxRunningJobs: fc.integer({ min: 0, max: 6 }),
    cpuHoursPerWindow: fc.integer({ min: 0, max: 40 }),
  },
  { requiredKeys: [] },
);
const arbitraryJob = fc.record({
  owner: fc.constantFrom('u0', 'u1', 'u2'),
  cpus: fc.integer({ min: 1, max: 4 }),
  memoryMiB: fc.integer({ min: 256, max: 4096 }),
  walltimeSeconds: fc.constantFrom(hour, 4 * hour),
});
const arbitrarySite = fc.record({
  limits: fc.array(arbitraryLimits, { minLength: 5, maxLength: 5 }),
  running: fc.array(arbitraryJob, { maxLength: 10 }),
  pending: fc.array(arbitraryJob, { maxLength: 40 }),
});

type Site = typeof arbitrarySite extends fc.Arbitrary<infer T> ? T : never;

function siteOf(site: Site): OrderingSnapshot {
  const group = (owner: string) => (owner === 'u2' ? 'g1' : 'g0');
  const running = site.running.map((j, i) => runningJob(1000 + i, { ...j, group: group(j.owner) }));
  const names = ['u0', 'u1', 'u2', 'g0', 'g1'];
  const accounts = names.map((name, i) => account(name, { limits: site.limits[i] ?? {} }));
  return snapshotOf({
    pending: site.pending.map((j, i) => pendingJob(i + 1, { ...j, group: group(j.owner) })),
    running,
    resources: resourcesFor(1000, 1 << 20, running),
    accounts: { user: accounts.slice(0, 3), group: accounts.slice(3), project: [], queue: [] },
  });
}

test('no account ever goes over a limit, whatever the policy', () => {
  fc.assert(
    fc.property(arbitrarySite, (site) => {
      const snapshot = siteOf(site);
      for (const policy of [fifoPolicy, fairSharePolicy]) {
        const plan = policy.plan(snapshot);
        const admitted = snapshot.pending.filter((j) => plan.admit.includes(j.id));
        for (const kind of ['user', 'group'] as const) {
          for (const a of snapshot.accounts[kind]) {
            const mine = (j: PendingJob | RunningJob) =>
              (kind === 'user' ? j.owner : j.group) === a.name;
            const before = snapshot.running.filter(mine);
            const added = admitted.filter(mine);
            if (added.length === 0) continue;
            const after = [...before, ...added];
            const sum = (f: (j: PendingJob | RunningJob) => number) =>
              after.reduce((s, j) => s + f(j), 0);
            const { maxCpus, maxMemoryMiB, maxRunningJobs, cpuHoursPerWindow } = a.limits;
            assert.ok(maxCpus == null || sum((j) => j.cpus) <= maxCpus, `${a.name} cpus`);
            assert.ok(
              maxMemoryMiB == null || sum((j) => j.memoryMiB) <= maxMemoryMiB,
              `${a.name} memory`,
            );
            assert.ok(maxRunningJobs == null || after.length <= maxRunningJobs, `${a.name} jobs`);
            // Running jobs here started a minute ago: they promise the rest of their walltime.
            const promised = sum((j) => j.cpus * j.walltimeSeconds) / hour;
            assert.ok(
              cpuHoursPerWindow == null || promised <= cpuHoursPerWindow + 1e-9,
              `${a.name} budget`,
            );
          }
        }
      }
    }),
    { numRuns: 300 },
  );
});
