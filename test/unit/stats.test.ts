import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ContainerUsage } from '../../core/executor';
import { sampleFrom, samplesToThin } from '../../core/stats';

const usage = (cpuSeconds: number): ContainerUsage => ({
  cpuSeconds,
  memoryBytes: 1,
  memoryLimitBytes: 2,
  blockReadBytes: 3,
  blockWriteBytes: 4,
  netRxBytes: 5,
  netTxBytes: 6,
  pids: 7,
});

test('cpu use is the cpu time between two readings over the wall time (100 = one core)', () => {
  const t0 = new Date('2026-01-01T00:00:00Z');
  const t1 = new Date('2026-01-01T00:00:02Z');
  assert.equal(sampleFrom(usage(5), t0, undefined).cpuPercent, 0, 'no previous reading: no rate');
  assert.equal(sampleFrom(usage(8), t1, { cpuSeconds: 5, at: t0 }).cpuPercent, 150);
  assert.equal(sampleFrom(usage(4), t1, { cpuSeconds: 5, at: t0 }).cpuPercent, 0, 'never negative');
});

test('a full series is halved, keeping its first and last samples', () => {
  assert.deepEqual(samplesToThin(10, 10), []);
  assert.deepEqual(samplesToThin(11, 10), [1, 3, 5, 7, 9]);
  // Simulate a long run: the series stays bounded and spans the whole run.
  let series: number[] = [];
  for (let t = 0; t < 1000; t++) {
    series.push(t);
    const drop = new Set(samplesToThin(series.length, 50));
    series = series.filter((_v, i) => !drop.has(i));
  }
  assert.ok(series.length <= 50);
  assert.equal(series[0], 0);
  assert.equal(series[series.length - 1], 999);
  const gaps = series.slice(1).map((v, i) => v - (series[i] ?? 0));
  assert.ok((gaps[0] ?? 0) > (gaps[gaps.length - 1] ?? 0), 'older parts are coarser');
});
