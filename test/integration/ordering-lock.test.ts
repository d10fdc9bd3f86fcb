import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OrderingStore } from '../../adapters/mysql/ordering';
import { createPool } from '../../adapters/mysql/pool';
import { testServices } from '../support/env';

test('two ordering passes never run at once, even from two processes (two pools)', async () => {
  const pools = [createPool(testServices().mysqlUrl, 2), createPool(testServices().mysqlUrl, 2)];
  try {
    const [first, second] = pools.map((pool) => new OrderingStore(pool));
    let release: () => void = () => undefined;
    const holding = first!.exclusively(
      () => new Promise<string>((resolve) => (release = () => resolve('first'))),
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(
      await second!.exclusively(async () => 'second'),
      undefined,
      'the overlapping pass is skipped',
    );
    release();
    assert.equal(await holding, 'first');
    assert.equal(
      await second!.exclusively(async () => 'second'),
      'second',
      'the lock is released after a pass',
    );
  } finally {
    await Promise.all(pools.map((pool) => pool.end()));
  }
});
