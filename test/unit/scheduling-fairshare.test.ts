import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  defaultSchedulingSettings,
  fairSharePolicy,
  schedulingSettingsSchema,
  type Account,
  type OrderingPlan,
  type PendingJob,
} from '../../core/ordering';
import { levelFairShare } from '../../core/scheduling/fair-tree';
import { account, nowMs, pendingJob, runningJob, snapshotOf } from './scheduling-fixtures';

const hour = 3600;

function usage(cpuSeconds: number): Account['usage'] {
  return {
    decayedCpuSeconds: cpuSeconds,
    decayedMemoryMiBSeconds: 0,
    windowCpuSeconds: 0,
    windowMemoryMiBSeconds: 0,
  };
}

// One 1-cpu job per (user, group), on a backend too small to admit any: only the order shows.
function orderOf(jobs: PendingJob[], users: Account[], groups: Account[]): string[] {
  const plan = fairSharePolicy.plan(
    snapshotOf({
      pending: jobs,
      resources: { totalCpus: 4, totalMemoryMiB: 8192, heldCpus: 4, heldMemoryMiB: 0 },
      accounts: { user: users, group: groups, project: [], queue: [] },
    }),
  );
  const byId = new Map(jobs.map((j) => [j.id, `${j.group}/${j.owner}`]));
  return plan.standings.map((s) => byId.get(s.id) ?? '?');
}

describe('Fair Tree ranking', () => {
  test('level fair share is shares over usage; unused ranks first, no shares last', () => {
    const cases: Array<[number, number, number]> = [
      [1, 100, 0.01],
      [2, 100, 0.02],
      [1, 0, Infinity],
      [0, 0, 0],
      [0, 100, 0],
    ];
    for (const [shares, used, expected] of cases)
      assert.equal(levelFairShare(shares, used), expected, `${shares}/${used}`);
  });

  test('groups rank first by shares over usage, then users within their group', () => {
    const jobs = [
      pendingJob(1, { owner: 'alice', group: 'bio' }),
      pendingJob(2, { owner: 'bob', group: 'bio' }),
      pendingJob(3, { owner: 'carol', group: 'chem' }),
      pendingJob(4, { owner: 'dave', group: 'chem' }),
    ];
    const users = [
      account('alice', { usage: usage(10) }),
      account('bob', { usage: usage(5) }),
      account('carol', { usage: usage(1000) }),
      account('dave', { usage: usage(1) }),
    ];
    // chem used less than bio per share: both chem users go first, even carol who used most.
    const groups = [account('bio', { usage: usage(100) }), account('chem', { usage: usage(50) })];
    assert.deepEqual(orderOf(jobs, users, groups), [
      'chem/dave',
      'chem/carol',
      'bio/bob',
      'bio/alice',
    ]);
  });

  test('twice the shares allow twice the usage before a group drops behind', () => {
    const jobs = [
      pendingJob(1, { owner: 'a', group: 'big' }),
      pendingJob(2, { owner: 'b', group: 'small' }),
    ];
    const below = [
      account('big', { shares: 2, usage: usage(190) }),
      account('small', { usage: usage(100) }),
    ];
    const above = [
      account('big', { shares: 2, usage: usage(210) }),
      account('small', { usage: usage(100) }),
    ];
    assert.deepEqual(orderOf(jobs, [], below), ['big/a', 'small/b']);
    assert.deepEqual(orderOf(jobs, [], above), ['small/b', 'big/a']);
  });

  test('running jobs count as usage: a user with jobs running drops behind an idle one', () => {
    const busySince = (usedCpuSeconds?: number) =>
      fairSharePolicy.plan(
        snapshotOf({
          pending: [
            pendingJob(1, { owner: 'busy', cpus: 4 }),
            pendingJob(2, { owner: 'idle', cpus: 4 }),
          ],
          running: [
            runningJob(9, { owner: 'busy', startedAtMs: nowMs - hour * 1000, usedCpuSeconds }),
          ],
          resources: { totalCpus: 8, totalMemoryMiB: 8192, heldCpus: 1, heldMemoryMiB: 0 },
          settings: { ...defaultSchedulingSettings, memoryCpuSecondsPerGbSecond: 0 },
        }),
      );
    // Without a measure, a running job is charged its cpus × time; a measured 0 charges nothing.
    assert.deepEqual(busySince(undefined).admit, [2]);
    assert.equal(busySince(undefined).factorsOf?.(1)?.fairShare, 0.5);
    assert.equal(busySince(0).factorsOf?.(1)?.fairShare, 1);
  });

  test('factors: rank over the number of leaves, ties share the higher rank', () => {
    const jobs = [
      pendingJob(1, { owner: 'a' }),
      pendingJob(2, { owner: 'b' }),
      pendingJob(3, { owner: 'c' }),
      pendingJob(4, { owner: 'd' }),
    ];
    const users = [
      account('a', { usage: usage(10) }),
      account('b', { usage: usage(20) }),
      account('c', { usage: usage(20) }),
      account('d', { usage: usage(40) }),
    ];
    const plan = fairSharePolicy.plan(
      snapshotOf({ pending: jobs, accounts: { user: users, group: [], project: [], queue: [] } }),
    );
    const fairShare = [1, 2, 3, 4].map((id) => plan.factorsOf?.(id)?.fairShare);
    assert.deepEqual(fairShare, [1, 0.75, 0.75, 0.25]);
  });
});

describe('multifactor priority', () => {
  test('priority is the weighted sum of the factors, and factors are explained per job', () => {
    const settings = schedulingSettingsSchema.parse({
      weights: { fairShare: 100, age: 10, queue: 20, user: 30, group: 40, project: 50, job: 60 },
      ageSaturationSeconds: 2 * hour,
    });
    const job = pendingJob(1, { priority: 500, submittedAtMs: nowMs - hour * 1000 });
    const plan = fairSharePolicy.plan(
      snapshotOf({
        pending: [job],
        settings,
        resources: { totalCpus: 4, totalMemoryMiB: 8192, heldCpus: 4, heldMemoryMiB: 0 },
        accounts: {
          user: [account('alice', { priority: 1000 })],
          group: [account('bio', { priority: -1000 })],
          project: [account('default', { priority: 250 })],
          queue: [account('default', { priority: 2000 })],
        },
      }),
    );
    const factors = plan.factorsOf?.(1);
    assert.deepEqual(factors, {
      fairShare: 1,
      age: 0.5,
      queue: 1,
      user: 1,
      group: -1,
      project: 0.25,
      job: 0.5,
    });
    // 100 + 5 + 20 + 30 − 40 + 12.5 + 30
    assert.equal(plan.standings[0]?.priority, Math.round(157.5));
    assert.equal(plan.factorsOf?.(999), undefined);
  });

  test('age grows until it saturates, so old jobs pass newer ones of the same standing', () => {
    const jobs = [
      pendingJob(1, { submittedAtMs: nowMs - 60_000, queue: 'fast' }),
      pendingJob(2, { submittedAtMs: nowMs - 3 * 86_400_000 }),
      pendingJob(3, { submittedAtMs: nowMs - 30 * 86_400_000 }),
    ];
    const plan = fairSharePolicy.plan(
      snapshotOf({
        pending: jobs,
        resources: { totalCpus: 4, totalMemoryMiB: 8192, heldCpus: 4, heldMemoryMiB: 0 },
        accounts: { user: [], group: [], project: [], queue: [account('fast', { priority: 500 })] },
      }),
    );
    assert.deepEqual(
      plan.standings.map((s) => s.id),
      [3, 1, 2],
    );
    assert.equal(plan.factorsOf?.(3)?.age, 1);
  });

  test('positions: 1 is next; admitted jobs stand at 0; every job has a standing', () => {
    const jobs = [1, 2, 3, 4, 5].map((id) => pendingJob(id, { cpus: 2 }));
    const plan = fairSharePolicy.plan(snapshotOf({ pending: jobs }));
    assert.deepEqual(
      plan.standings.map((s) => [s.id, s.position, s.reason === null]),
      [
        [1, 0, true],
        [2, 0, true],
        [3, 1, false],
        [4, 2, false],
        [5, 3, false],
      ],
    );
  });
});

describe('scheduling settings', () => {
  test('defaults fill every weight, and a partial file keeps the rest', () => {
    assert.deepEqual(defaultSchedulingSettings.weights, {
      fairShare: 10_000,
      age: 1000,
      queue: 1000,
      user: 1000,
      group: 1000,
      project: 1000,
      job: 1000,
    });
    const parsed = schedulingSettingsSchema.parse({
      weights: { age: 5000 },
      usageHalfLifeSeconds: 86_400,
    });
    assert.equal(parsed.weights.age, 5000);
    assert.equal(parsed.weights.fairShare, 10_000);
    assert.equal(parsed.usageHalfLifeSeconds, 86_400);
    assert.equal(parsed.budgetWindowSeconds, 7 * 86_400);
  });

  test('unknown keys and negative weights are refused', () => {
    assert.throws(() => schedulingSettingsSchema.parse({ weights: { luck: 1 } }));
    assert.throws(() => schedulingSettingsSchema.parse({ weights: { age: -1 } }));
    assert.throws(() => schedulingSettingsSchema.parse({ halfLife: 3 }));
  });
});

test('a plan is the same whatever order the snapshot lists jobs in', () => {
  const jobs = Array.from({ length: 40 }, (_, i) =>
    pendingJob(i + 1, { owner: `u${i % 5}`, group: `g${i % 2}`, cpus: 1 + (i % 3) }),
  );
  const plan = (pending: PendingJob[]): OrderingPlan =>
    fairSharePolicy.plan(snapshotOf({ pending }));
  const forward = plan(jobs);
  const backward = plan([...jobs].reverse());
  assert.deepEqual(backward.admit, forward.admit);
  assert.deepEqual(backward.standings, forward.standings);
});
