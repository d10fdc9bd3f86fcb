import type { PendingColumns } from './columns';

// A pass sorts every pending job, and a comparator sort of 200k indexes costs more than the rest
// of the pass. So jobs are put in order by two stable radix sorts (linear time) on 31-bit levels:
// first by submission, then by score. Levels are monotonic in what they quantise, so only jobs
// that share a level can be out of the comparator's order, and only those runs are re-sorted
// with it: the result is exactly the comparator's order.

const levelBits = 31;
const digitBits = 11;
const digitMask = (1 << digitBits) - 1;

type Compare = (a: number, b: number) => number;

function comparatorOf(columns: PendingColumns, score: Float64Array): Compare {
  const { submittedAtMs: submitted, ids } = columns;
  return (a, b) =>
    (score[b] as number) - (score[a] as number) ||
    (submitted[a] as number) - (submitted[b] as number) ||
    (ids[a] as number) - (ids[b] as number);
}

// Level 0 is the first in the order: the highest value when `descending`, else the lowest.
function levelsOf(values: Float64Array, descending: boolean): Uint32Array | undefined {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) return undefined;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const scale = max > min ? (2 ** levelBits - 1) / (max - min) : 0;
  const levels = new Uint32Array(values.length);
  for (let i = 0; i < values.length; i += 1) {
    const v = values[i] as number;
    levels[i] = Math.floor((descending ? max - v : v - min) * scale);
  }
  return levels;
}

// LSD radix sort of `order` by `levels`, stable: equal levels keep their order.
function radixSort(order: Uint32Array, levels: Uint32Array): Uint32Array {
  let from: Uint32Array = order;
  let to: Uint32Array = new Uint32Array(order.length);
  const starts = new Uint32Array(digitMask + 1);
  for (let shift = 0; shift < levelBits; shift += digitBits) {
    starts.fill(0);
    for (const level of levels) {
      const digit = (level >>> shift) & digitMask;
      starts[digit] = (starts[digit] as number) + 1;
    }
    let sum = 0;
    for (let d = 0; d <= digitMask; d += 1) {
      const count = starts[d] as number;
      starts[d] = sum;
      sum += count;
    }
    for (const index of from) {
      const digit = ((levels[index] as number) >>> shift) & digitMask;
      const at = starts[digit] as number;
      to[at] = index;
      starts[digit] = at + 1;
    }
    [from, to] = [to, from];
  }
  return from;
}

// Calls `visit(start, end)` for each stretch of `order` longer than one that shares a level.
function forEachRun(
  order: Uint32Array,
  levels: Uint32Array,
  start: number,
  end: number,
  visit: (start: number, end: number) => void,
): void {
  let first = start;
  for (let k = start + 1; k <= end; k += 1) {
    if (k < end && levels[order[k] as number] === levels[order[first] as number]) continue;
    if (k - first > 1) visit(first, k);
    first = k;
  }
}

/**
 * Indexes of the pending jobs sorted by score (highest first), then submission (oldest first),
 * then id, so the order is total and the same on every pass.
 */
export function orderByScore(columns: PendingColumns, score: Float64Array): Uint32Array {
  const compare = comparatorOf(columns, score);
  const identity = Uint32Array.from({ length: columns.count }, (_, i) => i);
  const scoreLevels = levelsOf(score, true);
  const submitLevels = levelsOf(columns.submittedAtMs, false);
  if (!scoreLevels || !submitLevels) return identity.sort(compare);
  const order = radixSort(radixSort(identity, submitLevels), scoreLevels);
  const sort = (start: number, end: number) => void order.subarray(start, end).sort(compare);
  forEachRun(order, scoreLevels, 0, order.length, (start, end) => {
    const first = score[order[start] as number];
    const sameScore = order.subarray(start, end).every((index) => score[index] === first);
    // Same exact score: already in submission-level order; only equal submission levels remain.
    if (sameScore) forEachRun(order, submitLevels, start, end, sort);
    else sort(start, end);
  });
  return order;
}
