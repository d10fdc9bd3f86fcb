import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { usageBuckets, usagePeriod } from '../../core/usage';

const at = (text: string) => new Date(text);

describe('usage report periods', () => {
  test('day buckets cover every day the period touches, the partial first and last included', () => {
    assert.deepEqual(usageBuckets(at('2026-02-27T15:00:00Z'), at('2026-03-02T01:00:00Z'), 'day'), [
      '2026-02-27',
      '2026-02-28',
      '2026-03-01',
      '2026-03-02',
    ]);
  });

  test('an end at midnight is exclusive: that day has no bucket', () => {
    assert.deepEqual(usageBuckets(at('2026-03-01'), at('2026-03-03'), 'day'), [
      '2026-03-01',
      '2026-03-02',
    ]);
  });

  test('week buckets start on Monday, like the report rows', () => {
    // 2026-03-01 is a Sunday: its week began on Monday 2026-02-23.
    assert.deepEqual(usageBuckets(at('2026-03-01'), at('2026-03-10'), 'week'), [
      '2026-02-23',
      '2026-03-02',
      '2026-03-09',
    ]);
    assert.deepEqual(usageBuckets(at('2026-03-02'), at('2026-03-03'), 'week'), ['2026-03-02']);
  });

  test('month buckets start on the first, across a year end', () => {
    assert.deepEqual(usageBuckets(at('2025-11-15'), at('2026-02-01'), 'month'), [
      '2025-11-01',
      '2025-12-01',
      '2026-01-01',
    ]);
  });

  test('total has one period: the start of the report', () => {
    assert.deepEqual(usageBuckets(at('2026-01-01'), at('2026-02-01'), 'total'), [
      '2026-01-01T00:00:00.000Z',
    ]);
  });

  test('the default period is the 30 days before now, and a reversed or overlong one is refused', () => {
    const now = at('2026-11-28T12:00:00Z');
    const period = usagePeriod({}, now);
    assert.equal(period.to.toISOString(), now.toISOString());
    assert.equal(period.from.toISOString(), '2026-10-29T12:00:00.000Z');
    assert.throws(() => usagePeriod({ from: '2026-02-01', to: '2026-01-01' }, now), /query\.from/);
    assert.throws(() => usagePeriod({ from: '2020-01-01', to: '2026-01-01' }, now), /3 years/);
  });
});
