import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { columnsOf } from '../../core/scheduling/columns';
import { orderByScore } from '../../core/scheduling/order';
import { pendingJob } from './scheduling-fixtures';

// The radix order must be exactly the comparator's: score desc, submitted asc, id asc. Scores and
// submission times are drawn from small sets and from near-equal values, so levels collide.

const arbitraryScore = fc.oneof(
  fc.integer({ min: -3, max: 3 }),
  fc.double({ min: -5000, max: 16000, noNaN: true, noDefaultInfinity: true }),
  fc.integer({ min: 0, max: 5 }).map((n) => 1000 + n * 1e-9),
);

const arbitraryJobs = fc.uniqueArray(
  fc.record({
    id: fc.integer({ min: 1, max: 1_000_000 }),
    score: arbitraryScore,
    submittedAtMs: fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 2 ** 42 })),
  }),
  { selector: (j) => j.id, maxLength: 300 },
);

test('jobs are ordered by score, then submission, then id, exactly', () => {
  fc.assert(
    fc.property(arbitraryJobs, (specs) => {
      const pending = specs.map((s) => pendingJob(s.id, { submittedAtMs: s.submittedAtMs }));
      const score = Float64Array.from(specs, (s) => s.score);
      const order = Array.from(orderByScore(columnsOf(pending), score), (i) => specs[i]?.id);
      const expected = [...specs]
        .sort((a, b) => b.score - a.score || a.submittedAtMs - b.submittedAtMs || a.id - b.id)
        .map((s) => s.id);
      assert.deepEqual(order, expected);
    }),
    { numRuns: 300 },
  );
});

test('a score that is not a finite number falls back to the comparator alone', () => {
  const pending = [1, 2, 3].map((id) => pendingJob(id));
  const order = orderByScore(columnsOf(pending), Float64Array.from([1, NaN, 2]));
  assert.equal(order.length, 3);
  assert.deepEqual([...order].sort(), [0, 1, 2]);
});
