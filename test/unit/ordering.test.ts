import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  fairSharePolicy,
  fifoPolicy,
  orderingPolicies,
  orderingPolicyByName,
  type PendingJob,
} from '../../core/ordering';
import { account, reasonOf, snapshotOf, waitingIds } from './scheduling-fixtures';

function job(id: number, fields: Partial<PendingJob> = {}): PendingJob {
  return {
    id,
    owner: 'alice',
    group: 'bio',
    project: 'default',
    queue: 'default',
    cpus: 1,
    memoryMiB: 512,
    priority: 0,
    submittedAtMs: id * 1000,
    walltimeSeconds: 3600,
    ...fields,
  };
}

const resources = { totalCpus: 4, totalMemoryMiB: 8192, heldCpus: 0, heldMemoryMiB: 0 };

describe('fifo ordering policy', () => {
  test('admits in submission order while resources fit', () => {
    const plan = fifoPolicy.plan(snapshotOf({ pending: [job(3), job(1), job(2)], resources }));
    assert.deepEqual(plan.admit, [1, 2, 3]);
    assert.deepEqual(waitingIds(plan), []);
  });

  test('higher priority goes first', () => {
    const plan = fifoPolicy.plan(
      snapshotOf({ pending: [job(1, { cpus: 3 }), job(2, { cpus: 3, priority: 5 })], resources }),
    );
    assert.deepEqual(plan.admit, [2]);
    assert.match(reasonOf(plan, 1) ?? '', /^Resources: needs 3 cpus/);
  });

  test('nothing overtakes a job that does not fit, and the reason says who blocks', () => {
    const plan = fifoPolicy.plan(
      snapshotOf({
        pending: [job(1, { cpus: 2 }), job(2, { cpus: 4 }), job(3, { cpus: 1 })],
        resources: { ...resources, heldCpus: 1 },
      }),
    );
    assert.deepEqual(plan.admit, [1]);
    assert.equal(reasonOf(plan, 2), 'Resources: needs 4 cpus and 512M, free 1 cpus and 7.5G');
    assert.equal(reasonOf(plan, 3), 'Priority: behind job 2');
  });

  test('a job larger than the whole backend is skipped, not blocking', () => {
    const plan = fifoPolicy.plan(
      snapshotOf({ pending: [job(1, { memoryMiB: 99999 }), job(2)], resources }),
    );
    assert.deepEqual(plan.admit, [2]);
    assert.match(reasonOf(plan, 1) ?? '', /^TooLarge/);
  });

  test('fractional cpus add up without float drift', () => {
    const pending = [1, 2, 3].map((id) => job(id, { cpus: 0.1 }));
    const plan = fifoPolicy.plan(
      snapshotOf({ pending, resources: { ...resources, totalCpus: 0.3 } }),
    );
    assert.deepEqual(plan.admit, [1, 2, 3]);
  });

  test('limits hold jobs back without blocking the others', () => {
    const plan = fifoPolicy.plan(
      snapshotOf({
        pending: [job(1), job(2), job(3, { owner: 'bob' })],
        resources,
        accounts: {
          user: [account('alice', { limits: { maxRunningJobs: 1 } })],
          group: [],
          project: [],
          queue: [],
        },
      }),
    );
    assert.deepEqual(plan.admit, [1, 3]);
    assert.equal(reasonOf(plan, 2), 'QuotaExceeded: user alice jobs 1/1');
  });

  test('positions count the waiting jobs in order; admitted jobs stand at 0', () => {
    const plan = fifoPolicy.plan(
      snapshotOf({ pending: [job(1, { cpus: 3 }), job(2, { cpus: 2 }), job(3)], resources }),
    );
    assert.deepEqual(
      plan.standings.map((s) => [s.id, s.position]),
      [
        [1, 0],
        [2, 1],
        [3, 2],
      ],
    );
    assert.equal(plan.factorsOf, undefined);
  });

  test('never admits more than the free resources, and every job is either admitted or has a reason', () => {
    const arbitraryJob = fc.record({
      cpus: fc.integer({ min: 1, max: 8 }).map((n) => n / 2),
      memoryMiB: fc.integer({ min: 1, max: 4096 }),
      priority: fc.integer({ min: 0, max: 3 }),
    });
    fc.assert(
      fc.property(
        fc.array(arbitraryJob, { maxLength: 60 }),
        fc.integer({ min: 0, max: 4 }),
        (specs, heldCpus) => {
          const pending = specs.map((s, i) => job(i + 1, s));
          const plan = fifoPolicy.plan(
            snapshotOf({ pending, resources: { ...resources, heldCpus } }),
          );
          const chosen = pending.filter((p) => plan.admit.includes(p.id));
          const cpus = chosen.reduce((sum, p) => sum + p.cpus, 0);
          const memory = chosen.reduce((sum, p) => sum + p.memoryMiB, 0);
          assert.ok(cpus <= resources.totalCpus - heldCpus + 1e-9);
          assert.ok(memory <= resources.totalMemoryMiB);
          assert.equal(plan.standings.length, pending.length);
          for (const s of plan.standings) assert.equal(s.reason === null, s.position === 0);
        },
      ),
    );
  });

  test('a pass over 50,000 pending jobs from 2,000 users admits only what fits', () => {
    const pending = Array.from({ length: 50_000 }, (_, i) => job(i + 1, { owner: `u${i % 2000}` }));
    const plan = fifoPolicy.plan(snapshotOf({ pending, resources }));
    assert.equal(plan.admit.length, 4);
  });
});

test('policies are looked up by name and unknown names list the known ones', () => {
  assert.equal(orderingPolicyByName('fifo'), fifoPolicy);
  assert.equal(orderingPolicyByName('fairshare'), fairSharePolicy);
  assert.deepEqual(Object.keys(orderingPolicies), ['fifo', 'fairshare']);
  assert.throws(
    () => orderingPolicyByName('lottery'),
    /unknown ordering policy 'lottery'; known: fifo, fairshare/,
  );
});
