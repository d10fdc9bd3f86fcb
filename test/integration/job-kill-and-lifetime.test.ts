import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { JobView } from '../../core/job';
import { call } from '../support/http';
import { startStack, type Stack } from '../support/stack';

describe('killing jobs and the max lifetime watcher', () => {
  let stack: Stack;
  let bob: string;
  let carol: string;

  before(async () => {
    // A kill grace longer than the heartbeat interval: supervision sees the cancellation while the
    // container is still stopping (the job's shell, PID 1, ignores SIGTERM).
    stack = await startStack({ killGraceSeconds: 3 });
    bob = await stack.createUser('bob', 2101);
    carol = await stack.createUser('carol', 2102);
  });
  after(async () => stack?.stop());

  async function submit(token: string, body: Record<string, unknown>): Promise<JobView> {
    const answer = await call<JobView>(stack.url, 'POST', '/api/v1/jobs', {
      token,
      body: { image: 'godocker/busybox', memoryMiB: 32, ...body },
    });
    assert.equal(answer.status, 201, answer.text);
    return answer.body;
  }

  test('a running job is killed within seconds, its container gone and its record kept', async () => {
    const job = await submit(bob, { command: 'echo started; sleep 300' });
    await stack.waitForJob(bob, job.id, (j) => j.state === 'running');
    const killedAt = Date.now();
    const kill = await call<JobView>(stack.url, 'DELETE', `/api/v1/jobs/${job.id}`, { token: bob });
    assert.equal(kill.status, 202, kill.text);
    const done = await stack.waitForJob(bob, job.id, (j) => j.finishedAt !== null, 15_000);
    assert.equal(done.state, 'killed');
    assert.equal(done.reason, 'Killed by its owner bob');
    assert.ok(Date.now() - killedAt < 10_000, 'killed within seconds');
    assert.deepEqual(await stack.containers(), []);
    const logs = await call(stack.url, 'GET', `/api/v1/jobs/${job.id}/logs`, { token: bob });
    assert.equal(logs.text, 'started\n');
    const again = await call(stack.url, 'DELETE', `/api/v1/jobs/${job.id}`, { token: bob });
    assert.equal(again.status, 409);
    assert.match(again.text, /already ended \(killed\)/);
  });

  test('a pending job that cannot start yet is killed without ever running', async () => {
    const nodes = await stack.api?.deps.nodes.list();
    const cpus = nodes?.[0]?.cpus ?? 2;
    const hog = await submit(bob, { command: 'sleep 300', cpus });
    await stack.waitForJob(bob, hog.id, (j) => j.state === 'running');
    const waiting = await submit(bob, { command: 'echo never', cpus: 1 });
    const pending = await stack.waitForJob(
      bob,
      waiting.id,
      (j) => j.state === 'pending' && (j.reason ?? '').startsWith('Resources'),
    );
    assert.match(pending.reason ?? '', /^Resources: needs 1 cpus and 32M, free 0 cpus/);
    await call(stack.url, 'DELETE', `/api/v1/jobs/${waiting.id}`, { token: bob });
    const done = await stack.waitForJob(bob, waiting.id, (j) => j.finishedAt !== null, 15_000);
    assert.equal(done.state, 'killed');
    assert.equal(done.startedAt, null);
    assert.ok(!done.history?.some((h) => h.state === 'running'));
    await call(stack.url, 'DELETE', `/api/v1/jobs/${hog.id}`, { token: stack.adminToken });
    const hogDone = await stack.waitForJob(bob, hog.id, (j) => j.finishedAt !== null, 15_000);
    assert.equal(hogDone.reason, 'Killed by admin admin');
  });

  test('a job running past its max lifetime is killed with that reason', async () => {
    const job = await submit(bob, { command: 'sleep 300', maxLifetimeSeconds: 2 });
    const done = await stack.waitForJob(bob, job.id, (j) => j.finishedAt !== null, 30_000);
    assert.equal(done.state, 'killed');
    assert.equal(done.reason, 'MaxLifetime: ran longer than its 2 s limit');
  });

  test('users see and kill only their own jobs; admins see all', async () => {
    const job = await submit(bob, { command: 'sleep 300' });
    for (const [method, path] of [
      ['GET', `/api/v1/jobs/${job.id}`],
      ['GET', `/api/v1/jobs/${job.id}/logs`],
      ['DELETE', `/api/v1/jobs/${job.id}`],
    ] as const) {
      const answer = await call(stack.url, method, path, { token: carol });
      assert.equal(answer.status, 404, `${method} ${path} by another user`);
    }
    const carolsList = await call<{ jobs: JobView[] }>(stack.url, 'GET', '/api/v1/jobs', {
      token: carol,
    });
    assert.deepEqual(carolsList.body.jobs, []);
    const snooping = await call(stack.url, 'GET', '/api/v1/jobs?owner=bob', { token: carol });
    assert.equal(snooping.status, 403);
    assert.match(snooping.text, /only admins/);
    const adminList = await call<{ jobs: JobView[] }>(stack.url, 'GET', '/api/v1/jobs?owner=bob', {
      token: stack.adminToken,
    });
    assert.ok(adminList.body.jobs.some((j) => j.id === job.id));
    assert.ok(adminList.body.jobs.every((j) => j.owner === 'bob'));
    await call(stack.url, 'DELETE', `/api/v1/jobs/${job.id}`, { token: bob });
    await stack.waitForJob(bob, job.id, (j) => j.finishedAt !== null, 15_000);
  });
});
