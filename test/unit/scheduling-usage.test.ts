import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  chargeRun,
  decayedRunUsage,
  decayUsage,
  usageAt,
  type DecayedUsage,
} from '../../core/ordering';

const day = 86_400;
const week = 7 * day;

function close(actual: number, expected: number, tolerance = 1e-6): void {
  assert.ok(
    Math.abs(actual - expected) <= tolerance * Math.max(1, Math.abs(expected)),
    `${actual} is not ${expected}`,
  );
}

test('usage halves every half-life', () => {
  const cases: Array<[number, number, number]> = [
    [0, 1000, 1000],
    [week, 1000, 500],
    [2 * week, 1000, 250],
    [day, 1000, 1000 * Math.pow(2, -1 / 7)],
  ];
  for (const [age, previous, expected] of cases) close(decayUsage(previous, age, week), expected);
});

test('a run accrues nearly rate × time when short, and at most rate × half-life / ln 2', () => {
  close(decayedRunUsage(4, 3600, week), 4 * 3600, 3e-3);
  close(decayedRunUsage(4, 0, week), 0);
  close(decayedRunUsage(1, 1e12, week), week / Math.LN2);
});

test('charging runs in any order gives the same total', () => {
  const arbitraryRun = fc.record({
    cpus: fc.integer({ min: 1, max: 64 }),
    memoryMiB: fc.integer({ min: 1, max: 65536 }),
    startedAtMs: fc.integer({ min: 0, max: 30 * day * 1000 }),
    seconds: fc.integer({ min: 0, max: 3 * day }),
  });
  fc.assert(
    fc.property(fc.array(arbitraryRun, { minLength: 1, maxLength: 8 }), (specs) => {
      const runs = specs.map((r) => ({ ...r, endedAtMs: r.startedAtMs + r.seconds * 1000 }));
      const empty: DecayedUsage = { cpuSeconds: 0, memoryMiBSeconds: 0, asOfMs: 0 };
      const charge = (list: typeof runs) => list.reduce((t, r) => chargeRun(t, r, week), empty);
      const nowMs = 40 * day * 1000;
      const forward = usageAt(charge(runs), nowMs, week);
      const backward = usageAt(charge([...runs].reverse()), nowMs, week);
      close(forward.cpuSeconds, backward.cpuSeconds);
      close(forward.memoryMiBSeconds, backward.memoryMiBSeconds);
    }),
  );
});

test('a stored total read later is decayed to the reading time', () => {
  const total = chargeRun(
    { cpuSeconds: 0, memoryMiBSeconds: 0, asOfMs: 0 },
    { cpus: 2, memoryMiB: 1024, startedAtMs: 0, endedAtMs: 3600_000 },
    week,
  );
  const later = usageAt(total, 3600_000 + week * 1000, week);
  close(later.cpuSeconds, decayedRunUsage(2, 3600, week) / 2);
  close(later.memoryMiBSeconds, decayedRunUsage(1024, 3600, week) / 2);
});
