import assert from 'node:assert/strict';
import { chown, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { AuditEvent } from '../../core/audit';
import type { JobView } from '../../core/job';
import type { UserView } from '../../core/user';
import { newToken, tokenDigest } from '../../adapters/auth/tokens';
import { call } from '../support/http';
import { seedDirectory, SEEDED_USERS, type SeededDirectory } from '../support/ldap';
import { startStack, type Stack } from '../support/stack';

describe('identity: local and LDAP logins, throttling, API tokens, the audit log', () => {
  let stack: Stack;
  let directory: SeededDirectory;
  let ldapHomes: string;

  before(async () => {
    ldapHomes = await mkdtemp(path.join(tmpdir(), 'godocker-ldap-homes-'));
    directory = await seedDirectory('identity-test', { homeRoot: ldapHomes });
    stack = await startStack({
      sections: {
        auth: {
          providers: ['local', 'ldap'],
          ldap: directory.settings,
          throttle: { windowSeconds: 600, maxFailuresPerAccount: 3, maxFailuresPerAddress: 12 },
        },
      },
    });
  });
  after(async () => {
    await stack?.stop();
    await rm(ldapHomes, { recursive: true, force: true });
  });

  const login = (username: string, password: string) =>
    call<{ token: string; user: UserView }>(stack.url, 'POST', '/api/v1/auth/login', {
      body: { username, password },
    });

  async function audit(query: string): Promise<AuditEvent[]> {
    const answer = await call<{ events: AuditEvent[] }>(
      stack.url,
      'GET',
      `/api/v1/audit?${query}`,
      {
        token: stack.adminToken,
      },
    );
    assert.equal(answer.status, 200, answer.text);
    return answer.body.events;
  }

  test('an LDAP user logs in with the directory identity and runs jobs as it', async () => {
    const alice = SEEDED_USERS.alice;
    const home = path.join(ldapHomes, 'alice');
    await mkdir(home);
    await chown(home, alice.uidNumber, alice.gidNumber);
    const answer = await login('alice', directory.passwords.alice);
    assert.equal(answer.status, 200, answer.text);
    assert.equal(answer.body.user.authSource, 'ldap');
    assert.equal(answer.body.user.uid, alice.uidNumber);
    assert.equal(answer.body.user.gid, alice.gidNumber);
    assert.equal(answer.body.user.home, home);
    const token = answer.body.token;
    const submitted = await call<JobView>(stack.url, 'POST', '/api/v1/jobs', {
      token,
      body: { image: 'godocker/busybox', memoryMiB: 32, command: 'id -u; id -g; pwd' },
    });
    assert.equal(submitted.status, 201, submitted.text);
    const done = await stack.waitForJob(token, submitted.body.id, (j) => j.finishedAt !== null);
    assert.equal(done.state, 'succeeded', done.reason ?? '');
    const logs = await call(stack.url, 'GET', `/api/v1/jobs/${done.id}/logs`, { token });
    assert.equal(logs.text, `${alice.uidNumber}\n${alice.gidNumber}\n${home}\n`);
    // The directory is the authority for the identity: an admin cannot change it here.
    const patch = await call(stack.url, 'PATCH', '/api/v1/users/alice', {
      token: stack.adminToken,
      body: { uid: 7777 },
    });
    assert.equal(patch.status, 400);
    assert.match(patch.text, /body\.uid: 'alice' is an LDAP user; uid come from the directory/);
  });

  test('wrong password, unknown user and forbidden directory entries get one and the same answer', async () => {
    const wrong = await login('bob', 'not-bobs-password');
    const unknown = await login('nobody-here', 'whatever-password');
    const rootInDirectory = await login('toor', directory.passwords.toor);
    const injection = await login('*)(uid=*', 'x');
    for (const answer of [wrong, unknown, rootInDirectory, injection]) {
      assert.equal(answer.status, 401);
      assert.deepEqual(answer.body, {
        error: { code: 'unauthenticated', message: 'wrong username or password' },
      });
    }
    const users = await call<{ users: UserView[] }>(stack.url, 'GET', '/api/v1/users', {
      token: stack.adminToken,
    });
    assert.ok(!users.body.users.some((u) => u.username === 'toor'), 'uid 0 never becomes a user');
  });

  test('a directory entry cannot take over a local account of the same name', async () => {
    const local = await stack.createUser('carol', 4301);
    assert.ok(local);
    const viaDirectory = await login('carol', directory.passwords.carol);
    assert.equal(viaDirectory.status, 401);
    const viaLocal = await login('carol', 'carol-password');
    assert.equal(viaLocal.status, 200);
    assert.equal(viaLocal.body.user.authSource, 'local');
    assert.equal(viaLocal.body.user.uid, 4301);
  });

  test('API tokens: shown once, scoped, listed, revoked, expiring; each user sees only theirs', async () => {
    const dan = await stack.createUser('dan', 4302);
    const erin = await stack.createUser('erin', 4303);
    const create = (token: string, body: Record<string, unknown>) =>
      call<{ id: number; token: string; scope: string }>(stack.url, 'POST', '/api/v1/tokens', {
        token,
        body,
      });
    const reader = await create(dan, { name: 'dashboard', scope: 'read' });
    assert.equal(reader.status, 201, reader.text);
    assert.match(reader.body.token, /^gdt_/);
    const jobs = await create(dan, { name: 'pipeline', scope: 'jobs', expiresInDays: 7 });
    assert.equal(jobs.status, 201, jobs.text);

    const listed = await call<{ tokens: Record<string, unknown>[] }>(
      stack.url,
      'GET',
      '/api/v1/tokens',
      {
        token: dan,
      },
    );
    assert.deepEqual(
      listed.body.tokens.map((t) => [t.name, t.scope, 'token' in t]),
      [
        ['pipeline', 'jobs', false],
        ['dashboard', 'read', false],
      ],
    );

    const job = { image: 'godocker/busybox', memoryMiB: 32, command: 'true' };
    assert.equal(
      (await call(stack.url, 'GET', '/api/v1/jobs', { token: reader.body.token })).status,
      200,
    );
    const refused = await call(stack.url, 'POST', '/api/v1/jobs', {
      token: reader.body.token,
      body: job,
    });
    assert.equal(refused.status, 403);
    assert.match(refused.text, /scope is 'read' and this request needs 'jobs'/);
    const accepted = await call<JobView>(stack.url, 'POST', '/api/v1/jobs', {
      token: jobs.body.token,
      body: job,
    });
    assert.equal(accepted.status, 201, accepted.text);
    await stack.waitForJob(dan, accepted.body.id, (j) => j.finishedAt !== null);
    const noEscalation = await create(jobs.body.token, { name: 'more', scope: 'full' });
    assert.equal(noEscalation.status, 403);

    // Another user's token is not found, and cannot be revoked.
    const foreign = await call(stack.url, 'DELETE', `/api/v1/tokens/${reader.body.id}`, {
      token: erin,
    });
    assert.equal(foreign.status, 404);
    const revoked = await call<{ revokedAt: string | null }>(
      stack.url,
      'DELETE',
      `/api/v1/tokens/${reader.body.id}`,
      { token: dan },
    );
    assert.equal(revoked.status, 200);
    assert.notEqual(revoked.body.revokedAt, null);
    const dead = await call(stack.url, 'GET', '/api/v1/jobs', { token: reader.body.token });
    assert.equal(dead.status, 401);

    // Expiry is enforced by the server: move the pipeline token's end into the past.
    await stack.api?.deps.pool.query('UPDATE api_tokens SET expires_at = ? WHERE id = ?', [
      new Date(Date.now() - 1000),
      jobs.body.id,
    ]);
    const expired = await call(stack.url, 'GET', '/api/v1/jobs', { token: jobs.body.token });
    assert.equal(expired.status, 401);
    assert.match(expired.text, /token expired or revoked/);

    const events = await audit('actor=dan&action=token.*');
    assert.deepEqual(
      events.map((e) => [e.action, e.outcome]),
      [
        ['token.revoke', 'ok'],
        ['token.create', 'refused'],
        ['token.create', 'ok'],
        ['token.create', 'ok'],
      ],
    );
  });

  test('the audit log records logins, submits and admin changes, and cannot be altered', async () => {
    const events = await audit('action=auth.login&actor=bob');
    assert.ok(events.some((e) => e.outcome === 'failed' && e.address !== null));
    const submits = await audit('action=job.submit&outcome=ok');
    assert.ok(submits.some((e) => e.actor === 'alice' && e.target?.startsWith('job/')));
    const created = await audit('action=user.create&target=user/dan');
    assert.equal(created.length, 1);
    assert.equal(created[0]?.actor, 'admin');
    assert.equal(created[0]?.detail?.password, '(changed)', 'passwords never reach the log');

    const forbidden = await call(stack.url, 'GET', '/api/v1/audit', {
      token: await stack.login('dan', 'dan-password'),
    });
    assert.equal(forbidden.status, 403);

    const pool = stack.api?.deps.pool;
    assert.ok(pool);
    await assert.rejects(pool.query("UPDATE audit_events SET outcome = 'ok'"), /append-only/);
    await assert.rejects(pool.query('DELETE FROM audit_events'), /append-only/);
  });

  test('kills, role changes, quota changes and good logins are audited, each with its target', async () => {
    await stack.createUser('gina', 4305);
    const good = await login('gina', 'gina-password');
    assert.equal(good.status, 200, good.text);
    const gina = good.body.token;
    const submitted = await call<JobView>(stack.url, 'POST', '/api/v1/jobs', {
      token: gina,
      body: { image: 'godocker/busybox', command: 'sleep 60' },
    });
    assert.equal(submitted.status, 201, submitted.text);
    const id = submitted.body.id;
    await stack.waitForJob(gina, id, (j) => j.state === 'running');
    const killed = await call(stack.url, 'DELETE', `/api/v1/jobs/${id}`, { token: gina });
    assert.equal(killed.status, 202, killed.text);
    await stack.waitForJob(gina, id, (j) => j.finishedAt !== null);
    const asAdmin = (method: string, url: string, body?: unknown) =>
      call(stack.url, method, `/api/v1${url}`, { token: stack.adminToken, body });
    assert.equal((await asAdmin('PATCH', '/users/gina', { role: 'admin' })).status, 200);
    assert.equal((await asAdmin('PUT', '/quotas/user/gina', { maxRunningJobs: 3 })).status, 200);
    assert.equal((await asAdmin('DELETE', '/quotas/user/gina')).status, 200);

    const one = async (query: string) => {
      const events = await audit(query);
      assert.equal(events.length, 1, `${query}: ${JSON.stringify(events)}`);
      return events[0] as AuditEvent;
    };
    // Two good logins: the one above and the one creating her account made.
    const logins = await audit('action=auth.login&actor=gina&outcome=ok');
    assert.equal(logins.length, 2, JSON.stringify(logins));
    assert.ok(
      logins.every((e) => e.address),
      'each login records where it came from',
    );
    assert.equal((await one(`action=job.kill&target=job/${id}`)).actor, 'gina');
    const promoted = await one('action=user.update&target=user/gina');
    assert.equal(promoted.actor, 'admin');
    assert.equal(promoted.detail?.role, 'admin');
    const quota = await one('action=quota.set&target=quota/user/gina');
    assert.equal(quota.detail?.maxRunningJobs, 3);
    assert.equal((await one('action=quota.clear&target=quota/user/gina')).outcome, 'ok');
  });

  // Last: it fills this address's failure budget for the rest of the file.
  test('failed logins are throttled per account, then per address', async () => {
    await stack.createUser('frank', 4304);
    for (let i = 0; i < 3; i++) assert.equal((await login('frank', `wrong-${i}`)).status, 401);
    const blocked = await login('frank', 'frank-password');
    assert.equal(
      blocked.status,
      429,
      'even the right password waits once the account is throttled',
    );
    assert.match(blocked.text, /too many failed logins .*try again in \d+ s/);
    // Unknown names are throttled alike, so the answer does not tell which names exist.
    for (let i = 0; i < 3; i++) await login('ghost', `wrong-${i}`);
    assert.equal((await login('ghost', 'x')).status, 429);

    // Other accounts from this address still log in until the address budget is spent.
    const grace = await login('dan', 'dan-password');
    assert.equal(grace.status, 200);
    let status = 0;
    for (let i = 0; i < 12 && status !== 429; i++)
      status = (await login(`spray${i}`, 'guess')).status;
    assert.equal(status, 429);
    assert.equal((await login('dan', 'dan-password')).status, 429);
    const throttled = await audit('action=auth.login&outcome=refused');
    assert.ok(throttled.some((e) => e.actor === 'frank' && e.detail?.reason === 'throttled'));
  });
});

describe('a site with API tokens turned off', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack({ sections: { tokens: { apiTokens: false } } });
  });
  after(async () => stack?.stop());

  test('refuses new API tokens and existing ones, while login sessions work', async () => {
    const session = await stack.createUser('hugo', 4306);
    const me = await call(stack.url, 'GET', '/api/v1/me', { token: session });
    assert.equal(me.status, 200, me.text);
    const created = await call(stack.url, 'POST', '/api/v1/tokens', {
      token: session,
      body: { name: 'ci', scope: 'read' },
    });
    assert.equal(created.status, 403, created.text);
    assert.match(created.text, /API tokens are turned off on this site \(tokens\.apiTokens\)/);

    // A token made while they were on: it stops working, and says why.
    const deps = stack.api?.deps;
    assert.ok(deps);
    const user = await deps.users.byUsername('hugo');
    assert.ok(user);
    const secret = newToken();
    const now = new Date();
    await deps.tokens.insert(
      {
        userId: user.id,
        digest: tokenDigest(secret),
        kind: 'api',
        name: 'from before',
        scope: 'read',
        expiresAt: new Date(now.getTime() + 86_400_000),
      },
      now,
    );
    const refused = await call(stack.url, 'GET', '/api/v1/me', { token: secret });
    assert.equal(refused.status, 401, refused.text);
    assert.match(refused.text, /API tokens are turned off on this site/);
  });
});
