import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { fairSharePolicy, type PendingJob, type RunningJob } from '../../core/ordering';
import {
  nowMs,
  pendingJob,
  reasonOf,
  resourcesFor,
  runningJob,
  snapshotOf,
} from './scheduling-fixtures';

const hour = 3600;

// A running job of `cpus` that releases them `endsInSeconds` from now.
function holding(id: number, cpus: number, endsInSeconds: number): RunningJob {
  return runningJob(id, { cpus, startedAtMs: nowMs, walltimeSeconds: endsInSeconds });
}

// Pending jobs submitted in id order, so (with one user) priority follows the id.
function waiting(id: number, cpus: number, walltimeSeconds: number): PendingJob {
  return pendingJob(id, { cpus, walltimeSeconds, memoryMiB: 64 });
}

describe('EASY backfill', () => {
  const reservedAt = new Date(nowMs + hour * 1000).toISOString();

  test('the top blocked job is reserved at the earliest release that makes it fit', () => {
    const running = [holding(90, 4, hour), holding(91, 2, 3 * hour)];
    const plan = fairSharePolicy.plan(
      snapshotOf({
        pending: [waiting(1, 6, hour)],
        running,
        resources: resourcesFor(8, 8192, running),
      }),
    );
    assert.equal(
      reasonOf(plan, 1),
      `Resources: needs 6 cpus and 64M, free 2 cpus and 7G; reserved to start by ${reservedAt}`,
    );
  });

  test('a lower job starts now if it ends before the reservation', () => {
    const running = [holding(90, 4, hour), holding(91, 2, 3 * hour)];
    const plan = fairSharePolicy.plan(
      snapshotOf({
        pending: [waiting(1, 6, hour), waiting(2, 2, hour / 2), waiting(3, 1, hour / 2)],
        running,
        resources: resourcesFor(8, 8192, running),
      }),
    );
    assert.deepEqual(plan.admit, [2]);
    assert.equal(reasonOf(plan, 3), `Priority: behind job 1, reserved to start by ${reservedAt}`);
  });

  test('a lower job that runs past the reservation starts only in what is spare beside it', () => {
    // 10 cpus: at the reservation 8 are free, the top job takes 6, 2 are spare.
    const running = [holding(90, 4, hour), holding(91, 2, 3 * hour)];
    const plan = fairSharePolicy.plan(
      snapshotOf({
        pending: [waiting(1, 6, hour), waiting(2, 2, 5 * hour), waiting(3, 2, 5 * hour)],
        running,
        resources: resourcesFor(10, 8192, running),
      }),
    );
    assert.deepEqual(plan.admit, [2]);
    assert.equal(
      reasonOf(plan, 3),
      `Backfill: would delay job 1, reserved to start by ${reservedAt}`,
    );
  });

  test('jobs that released at the same instant are counted together', () => {
    const running = [holding(90, 2, hour), holding(91, 2, hour), holding(92, 4, 9 * hour)];
    const plan = fairSharePolicy.plan(
      snapshotOf({
        pending: [waiting(1, 4, hour), waiting(2, 1, 8 * hour)],
        running,
        resources: resourcesFor(8, 8192, running),
      }),
    );
    // The top job starts in an hour with nothing spare: the long job must wait.
    assert.deepEqual(plan.admit, []);
    assert.match(reasonOf(plan, 1) ?? '', new RegExp(`reserved to start by ${reservedAt}$`));
  });
});

// Earliest time `job` fits, if `holders` keep their resources until start + walltime.
function earliestStart(
  job: PendingJob,
  holders: RunningJob[],
  totalCpus: number,
  totalMemoryMiB: number,
) {
  const ends = holders
    .map((h) => ({ at: Math.max(nowMs, h.startedAtMs + h.walltimeSeconds * 1000), h }))
    .sort((a, b) => a.at - b.at);
  let cpus = totalCpus - holders.reduce((s, h) => s + h.cpus, 0);
  let memory = totalMemoryMiB - holders.reduce((s, h) => s + h.memoryMiB, 0);
  if (job.cpus <= cpus && job.memoryMiB <= memory) return nowMs;
  for (const { at, h } of ends) {
    cpus += h.cpus;
    memory += h.memoryMiB;
    if (job.cpus <= cpus && job.memoryMiB <= memory) return at;
  }
  return Infinity;
}

const arbitraryJob = fc.record({
  owner: fc.constantFrom('a', 'b', 'c', 'd'),
  cpus: fc.integer({ min: 1, max: 8 }),
  memoryMiB: fc.integer({ min: 64, max: 8192 }),
  walltimeSeconds: fc.integer({ min: 1, max: 48 }).map((n) => n * 900),
});

test('backfill never delays the reserved start of the top blocked job, nor overfills', () => {
  fc.assert(
    fc.property(
      fc.array(arbitraryJob, { maxLength: 12 }),
      fc.array(arbitraryJob, { minLength: 1, maxLength: 40 }),
      fc.integer({ min: 8, max: 32 }),
      (runningSpecs, pendingSpecs, totalCpus) => {
        const totalMemoryMiB = totalCpus * 2048;
        const running: RunningJob[] = [];
        for (const [i, spec] of runningSpecs.entries()) {
          const used = running.reduce((s, r) => s + r.cpus, 0);
          if (used + spec.cpus <= totalCpus)
            running.push(runningJob(1000 + i, { ...spec, startedAtMs: nowMs - i * 60_000 }));
        }
        const pending = pendingSpecs.map((s, i) => pendingJob(i + 1, s));
        const resources = resourcesFor(totalCpus, totalMemoryMiB, running);
        if (resources.heldMemoryMiB > totalMemoryMiB) return;
        const plan = fairSharePolicy.plan(snapshotOf({ pending, running, resources }));
        const admitted = (ids: number[]) =>
          pending
            .filter((j) => ids.includes(j.id))
            .map((j) => runningJob(j.id, { ...j, startedAtMs: nowMs }));
        const all = [...running, ...admitted(plan.admit)];
        assert.ok(all.reduce((s, j) => s + j.cpus, 0) <= totalCpus, 'cpus overfilled');
        assert.ok(all.reduce((s, j) => s + j.memoryMiB, 0) <= totalMemoryMiB, 'memory overfilled');
        const topIndex = plan.standings.findIndex((s) => s.reason?.startsWith('Resources:'));
        const top = pending.find((j) => j.id === plan.standings[topIndex]?.id);
        if (!top) return;
        const before = plan.standings
          .slice(0, topIndex)
          .filter((s) => s.reason === null)
          .map((s) => s.id);
        const reserved = earliestStart(
          top,
          [...running, ...admitted(before)],
          totalCpus,
          totalMemoryMiB,
        );
        const withBackfill = earliestStart(top, all, totalCpus, totalMemoryMiB);
        assert.ok(
          withBackfill <= reserved,
          `backfill moved the start from ${reserved} to ${withBackfill}`,
        );
      },
    ),
    { numRuns: 500 },
  );
});
