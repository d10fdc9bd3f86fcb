import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { JobView } from '../../core/job';
import { call } from '../support/http';
import { startStack, type Stack } from '../support/stack';

describe('REST API contract', () => {
  let stack: Stack;
  let dan: string;

  before(async () => {
    stack = await startStack({}, { inProcessWorker: true });
    dan = await stack.createUser('dan', 2201);
  });
  after(async () => stack?.stop());

  async function jobCount(): Promise<number> {
    const list = await call<{ jobs: JobView[] }>(stack.url, 'GET', '/api/v1/jobs?limit=1000', {
      token: stack.adminToken,
    });
    return list.body.jobs.length;
  }

  test('bad submissions get a 4xx that names what to fix, and create nothing', async () => {
    const before = await jobCount();
    const cases: Array<
      [
        string,
        { body?: unknown; rawBody?: string; headers?: Record<string, string> },
        number,
        RegExp,
      ]
    > = [
      [
        'unknown image',
        { body: { image: 'ubuntu:nope', command: 'true' } },
        400,
        /unknown image 'ubuntu:nope': only catalog images may run here; the catalog has: godocker\/busybox:latest/,
      ],
      [
        'negative cpus',
        { body: { image: 'godocker/busybox', command: 'true', cpus: -2 } },
        400,
        /body\.cpus/,
      ],
      [
        'memory over the host',
        { body: { image: 'godocker/busybox', command: 'true', memoryMiB: 16 * 1024 * 1024 } },
        400,
        /no execution node has that much/,
      ],
      [
        'cpus over the host',
        { body: { image: 'godocker/busybox', command: 'true', cpus: 1000 } },
        400,
        /lower cpus or memoryMiB/,
      ],
      ['missing command', { body: { image: 'godocker/busybox' } }, 400, /body\.command/],
      [
        'empty command',
        { body: { image: 'godocker/busybox', command: '' } },
        400,
        /command is empty/,
      ],
      [
        'unknown field',
        { body: { image: 'godocker/busybox', command: 'true', privileged: true } },
        400,
        /unknown field privileged/,
      ],
      [
        'lifetime over the site maximum',
        { body: { image: 'godocker/busybox', command: 'true', maxLifetimeSeconds: 10 ** 9 } },
        400,
        /over the site maximum/,
      ],
      [
        'malformed JSON',
        { rawBody: '{"image": "godocker/busybox", "command": ' },
        400,
        /malformed JSON body/,
      ],
      [
        'oversized body',
        { body: { image: 'godocker/busybox', command: 'x'.repeat(300 * 1024) } },
        413,
        /byte limit/,
      ],
      ['no body', { headers: {} }, 400, /body/],
    ];
    for (const [what, request, status, message] of cases) {
      const answer = await call<{ error: { code: string; message: string } }>(
        stack.url,
        'POST',
        '/api/v1/jobs',
        { token: dan, ...request },
      );
      assert.equal(answer.status, status, `${what}: ${answer.text}`);
      assert.match(answer.body.error.message, message, what);
      assert.ok(answer.body.error.code.length > 0);
    }
    assert.equal(await jobCount(), before, 'no job was created by a refused submission');
  });

  test('authentication: bad passwords, missing and dead tokens, admin-only routes', async () => {
    const wrong = await call(stack.url, 'POST', '/api/v1/auth/login', {
      body: { username: 'dan', password: 'nope-nope' },
    });
    const unknown = await call(stack.url, 'POST', '/api/v1/auth/login', {
      body: { username: 'nobody', password: 'nope-nope' },
    });
    assert.equal(wrong.status, 401);
    assert.equal(wrong.text, unknown.text, 'unknown user and wrong password answer alike');
    assert.equal((await call(stack.url, 'GET', '/api/v1/jobs')).status, 401);
    assert.equal(
      (await call(stack.url, 'GET', '/api/v1/me', { token: 'gdt_made-up' })).status,
      401,
    );
    assert.equal((await call(stack.url, 'GET', '/api/v1/users', { token: dan })).status, 403);
    const me = await call<{ username: string; uid: number; home: string }>(
      stack.url,
      'GET',
      '/api/v1/me',
      { token: dan },
    );
    assert.equal(me.body.username, 'dan');
    assert.equal(me.body.uid, 2201);
    const token = await stack.login('dan', 'dan-password');
    assert.equal((await call(stack.url, 'POST', '/api/v1/auth/logout', { token })).status, 200);
    const after = await call(stack.url, 'GET', '/api/v1/me', { token });
    assert.equal(after.status, 401);
    assert.match(after.text, /expired or revoked/);
  });

  test('user administration validates, refuses duplicates and keeps records of deleted users', async () => {
    const bad = await call(stack.url, 'POST', '/api/v1/users', {
      token: stack.adminToken,
      body: { username: 'Eve!', password: 'short', uid: 0, gid: 2300 },
    });
    assert.equal(bad.status, 400);
    assert.match(bad.text, /body\.username/);
    assert.match(bad.text, /body\.password/);
    assert.match(bad.text, /body\.uid: must be 1 or more \(0 is root\)/);
    const eve = await stack.createUser('eve', 2300, { groups: [4000] });
    const dup = await call(stack.url, 'POST', '/api/v1/users', {
      token: stack.adminToken,
      body: { username: 'eve', password: 'another-password', uid: 2301, gid: 2301 },
    });
    assert.equal(dup.status, 409);
    const shown = await call<{ home: string; groups: number[] }>(
      stack.url,
      'GET',
      '/api/v1/users/eve',
      { token: stack.adminToken },
    );
    assert.equal(shown.body.home, `${stack.config.dataDir}/homes/eve`);
    assert.deepEqual(shown.body.groups, [2300, 4000]);
    const patched = await call<{ groups: number[] }>(stack.url, 'PATCH', '/api/v1/users/eve', {
      token: stack.adminToken,
      body: { groups: [4001] },
    });
    assert.deepEqual(patched.body.groups, [2300, 4001]);
    assert.equal(
      (await call(stack.url, 'DELETE', '/api/v1/users/eve', { token: stack.adminToken })).status,
      200,
    );
    assert.equal((await call(stack.url, 'GET', '/api/v1/me', { token: eve })).status, 401);
    assert.equal(
      (await call(stack.url, 'GET', '/api/v1/users/eve', { token: stack.adminToken })).status,
      404,
    );
  });

  test('health reports MariaDB and Temporal; the OpenAPI document covers every route', async () => {
    const health = await call<{ status: string; mariadb: string; temporal: string }>(
      stack.url,
      'GET',
      '/healthz',
    );
    assert.equal(health.status, 200);
    assert.deepEqual(health.body, { status: 'ok', mariadb: 'ok', temporal: 'ok' });
    const doc = await call<{
      openapi: string;
      paths: Record<string, Record<string, { requestBody?: unknown }>>;
    }>(stack.url, 'GET', '/api/v1/openapi.json');
    assert.equal(doc.body.openapi, '3.1.0');
    const submit = doc.body.paths['/api/v1/jobs']?.post;
    assert.ok(submit?.requestBody, 'POST /jobs documents its body');
    assert.match(JSON.stringify(submit.requestBody), /"additionalProperties":false/);
    for (const path of [
      '/api/v1/jobs/{id}',
      '/api/v1/jobs/{id}/logs',
      '/api/v1/users/{username}',
      '/api/v1/auth/login',
      '/api/v1/me',
    ]) {
      assert.ok(doc.body.paths[path], `${path} is documented`);
    }
    assert.equal(
      (await call(stack.url, 'GET', '/api/v1/nothing-here', { token: dan })).status,
      404,
    );
  });
});
