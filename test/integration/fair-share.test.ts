import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { JobView } from '../../core/job';
import { runCli, showRun } from '../support/cli';
import { call } from '../support/http';
import { startStack, type Stack } from '../support/stack';

// Two groups with equal shares flood a 2-cpu backend; a third group is capped by a quota.
describe('fair share and quotas on real Docker', () => {
  let stack: Stack;
  const tokens: Record<string, string> = {};

  before(async () => {
    stack = await startStack({ orderingPolicy: 'fairshare', orderingIntervalMs: 500 });
    const admin = stack.adminToken;
    for (const [group, user, uid] of [
      ['bio', 'ann', 2701],
      ['chem', 'ben', 2702],
      ['phys', 'cid', 2703],
    ] as const) {
      assert.equal(
        (await call(stack.url, 'POST', '/api/v1/groups', { token: admin, body: { name: group } }))
          .status,
        201,
      );
      tokens[user] = await stack.createUser(user, uid);
      const member = await call(stack.url, 'PUT', `/api/v1/groups/${group}/members/${user}`, {
        token: admin,
        body: { primary: true },
      });
      assert.equal(member.status, 200, member.text);
    }
    const quota = await call(stack.url, 'PUT', '/api/v1/quotas/group/phys', {
      token: admin,
      body: { maxCpus: 0.5 },
    });
    assert.equal(quota.status, 200, quota.text);
  });
  after(async () => stack?.stop());

  async function flood(user: string, count: number, command = 'sleep 3'): Promise<number[]> {
    const ids: number[] = [];
    for (let i = 0; i < count; i += 1) {
      const answer = await call<JobView>(stack.url, 'POST', '/api/v1/jobs', {
        token: tokens[user],
        body: { image: 'godocker/busybox', command, cpus: 0.5, memoryMiB: 16 },
      });
      assert.equal(answer.status, 201, answer.text);
      ids.push(answer.body.id);
    }
    return ids;
  }

  async function jobsOf(user: string): Promise<JobView[]> {
    return (
      await call<{ jobs: JobView[] }>(stack.url, 'GET', `/api/v1/jobs?owner=${user}&limit=100`, {
        token: stack.adminToken,
      })
    ).body.jobs;
  }

  test('the group that arrived second gets its share while both wait; a capped group waits with the quota as reason', async () => {
    // ann floods first: under fifo she would hold all four slots until her queue drained.
    const annIds = await flood('ann', 8);
    await stack.waitForJob(tokens.ann ?? '', annIds[0] ?? 0, (j) => j.state === 'running');
    const benIds = await flood('ben', 8);
    const cidIds = await flood('cid', 3);
    const deadline = Date.now() + 120_000;
    let cidReasonSeen = false;
    while (Date.now() < deadline) {
      const cid = await jobsOf('cid');
      const held = cid.filter((j) => ['admitted', 'launching', 'running'].includes(j.state)).length;
      assert.ok(held <= 1, 'group phys never holds more than its 0.5 cpu quota');
      if (
        held === 1 &&
        cid.some(
          (j) => j.state === 'pending' && j.reason === 'QuotaExceeded: group phys cpus 0.5/0.5',
        )
      ) {
        cidReasonSeen = true;
      }
      if (cid.every((j) => j.finishedAt !== null)) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    assert.ok(cidReasonSeen, 'a phys job waited with the quota named as its reason');
    const done = async (ids: number[]) =>
      Promise.all(
        ids.map((id) =>
          stack.waitForJob(stack.adminToken, id, (j) => j.finishedAt !== null, 120_000),
        ),
      );
    const [ann, ben] = await Promise.all([done(annIds), done(benIds), done(cidIds)]);
    for (const job of [...(ann ?? []), ...(ben ?? [])]) assert.equal(job.state, 'succeeded');
    // Under fifo no ben job would start before ann's last; with equal shares they interleave.
    const annLastStart = Math.max(...(ann ?? []).map((j) => Date.parse(j.startedAt ?? '')));
    const benEarly = (ben ?? []).filter((j) => Date.parse(j.startedAt ?? '') < annLastStart).length;
    assert.ok(benEarly >= 3, `ben started ${benEarly} jobs while ann still had jobs waiting`);
    const shown = await call<JobView>(stack.url, 'GET', `/api/v1/jobs/${annIds[0]}`, {
      token: tokens.ann,
    });
    assert.equal(shown.body.queuePosition, null, 'finished jobs have no position');
  });

  test('a pending job shows its position, priority and factors', async () => {
    // Four long half-cpu jobs fill the two cpus; ben's two then wait, whatever their rank.
    const blocker = await flood('ann', 4, 'sleep 60');
    for (const id of blocker)
      await stack.waitForJob(tokens.ann ?? '', id, (j) => j.state === 'running');
    const patched = await call<{ priority: number; shares: number }>(
      stack.url,
      'PATCH',
      '/api/v1/users/ben',
      {
        token: stack.adminToken,
        body: { priority: 500, shares: 2 },
      },
    );
    assert.equal(patched.status, 200, patched.text);
    assert.deepEqual([patched.body.priority, patched.body.shares], [500, 2]);
    const waiting = await flood('ben', 2, 'sleep 60');
    const job = await stack.waitForJob(
      tokens.ben ?? '',
      waiting[1] ?? 0,
      (j) => j.state === 'pending' && j.queuePosition !== null,
    );
    assert.ok((job.queuePosition ?? 0) >= 1);
    assert.equal(typeof job.priorityScore, 'number');
    assert.ok(
      job.priorityFactors && 'fairShare' in job.priorityFactors && 'age' in job.priorityFactors,
    );
    assert.equal(
      job.priorityFactors?.user,
      0.5,
      'the admin-set user priority (500 of 1000) is a factor',
    );
    const env = { GODOCKER_URL: stack.url, GODOCKER_TOKEN: tokens.ben ?? '' };
    const listed = await runCli(['job', 'list', '--pending'], env);
    assert.equal(listed.code, 0, showRun(listed));
    assert.match(
      listed.stdout.split('\n')[0] ?? '',
      /^\s*POS\s+ID\s+OWNER\s+QUEUE\s+PRIORITY/,
      showRun(listed),
    );
    assert.match(listed.stdout, new RegExp(`\\b${job.queuePosition}\\s+${job.id}\\s+ben\\b`));
    const shown = await runCli(['job', 'show', String(job.id)], env);
    assert.match(shown.stdout, /Priority:\s+-?\d+ \(fairShare /, showRun(shown));
    for (const id of [...blocker, ...waiting]) {
      await call(stack.url, 'DELETE', `/api/v1/jobs/${id}`, { token: stack.adminToken });
      await stack.waitForJob(stack.adminToken, id, (j) => j.finishedAt !== null, 60_000);
    }
  });
});
