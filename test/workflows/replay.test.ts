import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { workflowBundle } from '../support/stack';

// Histories recorded from real runs of earlier versions must replay on today's workflow code:
// a change that fails here would break jobs already running when the new worker is deployed.
const dir = path.join(__dirname, '..', '..', '..', 'test', 'workflows', 'histories');

test('recorded job histories replay deterministically on the current workflows', async () => {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.json'));
  assert.ok(files.length >= 4, 'histories are recorded');
  const bundle = await workflowBundle();
  for (const file of files) {
    const history = historyFromJSON(JSON.parse(await readFile(path.join(dir, file), 'utf8')));
    await Worker.runReplayHistory({ workflowBundle: bundle }, history, file);
  }
});
