import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { JobView } from '../../core/job';
import { call } from '../support/http';
import { startStack, type Stack } from '../support/stack';

describe('a job on the real stack (Temporal + Docker + MariaDB)', () => {
  let stack: Stack;
  let alice: string;

  before(async () => {
    stack = await startStack();
    alice = await stack.createUser('alice', 2001, { groups: [3001, 3002] });
  });
  after(async () => stack?.stop());

  test('runs as its owner with their home mounted, and its output outlives the container', async () => {
    const submitted = await call<JobView>(stack.url, 'POST', '/api/v1/jobs', {
      token: alice,
      body: {
        image: 'godocker/busybox:latest',
        command:
          'echo "uid=$(id -u)"; echo "gid=$(id -g)"; echo "groups=$(id -G)"; echo "home=$HOME"; echo "pwd=$(pwd)"; echo data > result.txt; echo "file=$(cat result.txt)"; echo oops >&2',
        cpus: 0.5,
        memoryMiB: 64,
      },
    });
    assert.equal(submitted.status, 201, submitted.text);
    assert.equal(submitted.body.owner, 'alice');
    const done = await stack.waitForJob(alice, submitted.body.id, (j) =>
      ['succeeded', 'failed', 'killed'].includes(j.state),
    );
    assert.equal(done.state, 'succeeded', JSON.stringify(done));
    assert.equal(done.exitCode, 0);
    assert.equal(done.reason, 'Exited with code 0');
    assert.ok(done.startedAt && done.finishedAt);
    const states = done.history?.map((h) => h.state);
    assert.deepEqual(states, [
      'submitted',
      'pending',
      'admitted',
      'launching',
      'running',
      'succeeded',
    ]);

    const logs = await call(stack.url, 'GET', `/api/v1/jobs/${submitted.body.id}/logs`, {
      token: alice,
    });
    assert.equal(logs.status, 200);
    const home = `${stack.config.dataDir}/homes/alice`;
    // stdout and stderr are copied separately by Docker: compare lines, not their interleaving.
    const lines = logs.text.trim().split('\n');
    const value = (key: string) =>
      lines.find((l) => l.startsWith(`${key}=`))?.slice(key.length + 1);
    assert.equal(value('uid'), '2001');
    assert.equal(value('gid'), '2001');
    assert.deepEqual(value('groups')?.split(' ').sort(), ['2001', '3001', '3002']);
    assert.equal(value('home'), home);
    assert.equal(value('pwd'), home);
    assert.equal(value('file'), 'data');
    assert.ok(logs.text.includes('oops'));
    assert.deepEqual(await stack.containers(), [], 'the container is removed after the end');
  });

  test('the cpu time and peak memory a job used are recorded', async () => {
    const submitted = await call<JobView>(stack.url, 'POST', '/api/v1/jobs', {
      token: alice,
      body: {
        image: 'godocker/busybox',
        // Burn cpu for about 3 s while holding about 40 MiB in a shell variable.
        command:
          'x=$(head -c 40000000 /dev/zero | tr "\\0" a); timeout 3 yes > /dev/null; echo ${#x}',
        cpus: 0.5,
        memoryMiB: 256,
      },
    });
    assert.equal(submitted.status, 201, submitted.text);
    const done = await stack.waitForJob(alice, submitted.body.id, (j) => j.finishedAt !== null);
    assert.equal(done.state, 'succeeded', JSON.stringify(done));
    assert.ok(done.cpuSeconds > 0.7 && done.cpuSeconds < 2.5, `cpu seconds ${done.cpuSeconds}`);
    assert.ok((done.maxMemoryMiB ?? 0) >= 38, `peak memory ${done.maxMemoryMiB} MiB`);
  });

  test('a failing script ends failed with its exit code', async () => {
    const submitted = await call<JobView>(stack.url, 'POST', '/api/v1/jobs', {
      token: alice,
      body: { image: 'godocker/busybox', command: 'exit 3', memoryMiB: 32 },
    });
    assert.equal(submitted.status, 201, submitted.text);
    const done = await stack.waitForJob(alice, submitted.body.id, (j) => j.finishedAt !== null);
    assert.equal(done.state, 'failed');
    assert.equal(done.exitCode, 3);
    assert.equal(done.reason, 'Exited with code 3');
  });
});
