import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { GroupView } from '../../core/groups';
import type { JobView } from '../../core/job';
import type { ProjectView } from '../../core/projects';
import type { QueueView } from '../../core/queues';
import type { QuotaView } from '../../core/quotas';
import type { UserView } from '../../core/user';
import { call, type ApiAnswer } from '../support/http';
import { startStack, type Stack } from '../support/stack';

interface ErrorBody {
  error: { code: string; message: string };
}

// No worker: submitted jobs stay `submitted`, so max-pending counts and "unfinished jobs" refusals
// are deterministic, and nothing here starts a container.
describe('groups, projects, queues and quotas', { timeout: 120_000 }, () => {
  let stack: Stack;
  let ann: string;
  let ben: string;
  let cid: string;

  before(async () => {
    stack = await startStack({ maxLifetimeSeconds: 7 * 24 * 3600 }, { inProcessWorker: false });
    ann = await stack.createUser('ann', 2501);
    ben = await stack.createUser('ben', 2502);
    cid = await stack.createUser('cid', 2503);
  });
  after(async () => stack?.stop());

  const admin = <T = ErrorBody>(method: string, path: string, body?: unknown) =>
    call<T>(stack.url, method, `/api/v1${path}`, { token: stack.adminToken, body });
  const as = <T = ErrorBody>(token: string, method: string, path: string, body?: unknown) =>
    call<T>(stack.url, method, `/api/v1${path}`, { token, body });
  const expectError = (answer: ApiAnswer<unknown>, status: number, message: RegExp) => {
    assert.equal(answer.status, status, answer.text);
    assert.match((answer.body as ErrorBody).error.message, message);
  };
  const submit = (token: string, extra: Record<string, unknown> = {}) =>
    as<JobView>(token, 'POST', '/jobs', { image: 'godocker/busybox', command: 'true', ...extra });
  const jobCount = async () =>
    (await admin<{ jobs: JobView[] }>('GET', '/jobs?limit=1000')).body.jobs.length;

  test('groups: create, validate, update, refuse duplicates; admins only', async () => {
    const bad = await admin('POST', '/groups', { name: 'Bio!', shares: 0, colour: 'red' });
    assert.equal(bad.status, 400);
    assert.match(bad.body.error.message, /body: unknown field colour/);
    const invalid = await admin('POST', '/groups', { name: 'Bio!', shares: 0 });
    assert.match(invalid.body.error.message, /body\.name: use 1-32 lowercase letters/);
    assert.match(invalid.body.error.message, /body\.shares: must be 1 or more/);

    const bio = await admin<GroupView>('POST', '/groups', { name: 'bio', gid: 4000, shares: 2 });
    assert.equal(bio.status, 201, bio.text);
    assert.deepEqual(
      { ...bio.body, createdAt: undefined },
      {
        name: 'bio',
        gid: 4000,
        description: '',
        shares: 2,
        priority: 0,
        members: [],
        createdAt: undefined,
      },
    );
    expectError(await admin('POST', '/groups', { name: 'bio' }), 409, /group 'bio' already exists/);
    expectError(
      await admin('POST', '/groups', { name: 'chem', gid: 4000 }),
      409,
      /gid 4000 already belongs to another group/,
    );
    assert.equal((await admin('POST', '/groups', { name: 'chem' })).status, 201);
    const patched = await admin<GroupView>('PATCH', '/groups/bio', { priority: 5, gid: null });
    assert.equal(patched.body.priority, 5);
    assert.equal(patched.body.gid, null);
    expectError(await admin('PATCH', '/groups/nope', { priority: 1 }), 404, /no group 'nope'/);

    const list = await admin<{ groups: GroupView[] }>('GET', '/groups');
    assert.deepEqual(
      list.body.groups.map((g) => g.name),
      ['bio', 'chem', 'users'],
    );
    expectError(await as(ann, 'GET', '/groups'), 403, /admin role/);
    expectError(await as(ann, 'POST', '/groups', { name: 'mine' }), 403, /admin role/);
  });

  test('membership: the first group is primary, exactly one primary, promotion on removal', async () => {
    const me = async (token: string) => (await as<UserView>(token, 'GET', '/me')).body;
    const before = await me(ann);
    assert.equal(before.primaryGroup, 'users');
    assert.deepEqual(before.accountGroups, ['users']);
    assert.deepEqual(before.groups, [2501], 'the POSIX gid list is unchanged');

    const added = await admin<GroupView>('PUT', '/groups/bio/members/ann');
    assert.equal(added.status, 200, added.text);
    assert.deepEqual(added.body.members, [{ username: 'ann', primary: true }]);
    await admin('PUT', '/groups/chem/members/ann', {});
    assert.equal((await me(ann)).primaryGroup, 'bio');

    await admin('PUT', '/groups/chem/members/ann', { primary: true });
    const moved = await me(ann);
    assert.equal(moved.primaryGroup, 'chem');
    assert.deepEqual(moved.accountGroups, ['chem', 'bio'], 'primary first');
    const bio = await admin<GroupView>('GET', '/groups/bio');
    assert.deepEqual(bio.body.members, [{ username: 'ann', primary: false }]);

    expectError(
      await admin('PUT', '/groups/chem/members/ann', { primary: false }),
      400,
      /body\.primary: 'chem' is ann's primary group; make another of their groups primary instead/,
    );
    expectError(
      await admin('PUT', '/groups/bio/members/ben', { primary: false }),
      400,
      /'bio' would be ben's only group, and a user's only group is primary/,
    );
    expectError(
      await admin('PUT', '/groups/bio/members/ann', { primary: 'yes' }),
      400,
      /body\.primary/,
    );
    expectError(await admin('PUT', '/groups/nope/members/ann'), 404, /no group 'nope'/);
    expectError(await admin('PUT', '/groups/bio/members/nobody'), 404, /no user 'nobody'/);
    expectError(
      await admin('DELETE', '/groups/bio/members/ben'),
      404,
      /ben is not a member of group 'bio'/,
    );

    const removed = await admin<GroupView>('DELETE', '/groups/chem/members/ann');
    assert.deepEqual(removed.body.members, []);
    assert.equal((await me(ann)).primaryGroup, 'bio', 'her other group became primary');
    const users = await admin<{ users: UserView[] }>('GET', '/users');
    const annView = users.body.users.find((u) => u.username === 'ann');
    assert.deepEqual(annView?.accountGroups, ['bio']);

    expectError(await admin('DELETE', '/groups/users'), 409, /'users' cannot be deleted/);
  });

  test('projects: managers add members; members see theirs; others see nothing', async () => {
    const created = await admin<ProjectView>('POST', '/projects', {
      name: 'genome',
      manager: 'ann',
      description: 'Genome assembly',
    });
    assert.equal(created.status, 201, created.text);
    assert.equal(created.body.manager, 'ann');
    assert.deepEqual(created.body.members, ['ann'], 'the manager is a member');
    expectError(
      await admin('POST', '/projects', { name: 'x', manager: 'nobody' }),
      404,
      /body\.manager: no user 'nobody'/,
    );

    assert.deepEqual((await as<{ projects: ProjectView[] }>(ben, 'GET', '/projects')).body, {
      projects: [],
    });
    expectError(await as(ben, 'GET', '/projects/genome'), 404, /no project 'genome' among yours/);
    const annList = await as<{ projects: ProjectView[] }>(ann, 'GET', '/projects');
    assert.deepEqual(
      annList.body.projects.map((p) => p.name),
      ['genome'],
    );

    const withBen = await as<ProjectView>(ann, 'PUT', '/projects/genome/members/ben');
    assert.equal(withBen.status, 200, withBen.text);
    assert.deepEqual(withBen.body.members, ['ann', 'ben']);
    assert.equal((await as(ben, 'GET', '/projects/genome')).status, 200);
    expectError(
      await as(ben, 'PUT', '/projects/genome/members/cid'),
      403,
      /only admins and the manager of project 'genome'/,
    );
    expectError(
      await as(ann, 'DELETE', '/projects/genome/members/ann'),
      409,
      /ann manages project 'genome': set another manager/,
    );
    expectError(
      await admin('PUT', '/projects/genome/members/ann', { primary: true }),
      400,
      /unknown field primary/,
    );
    const me = await as<UserView>(ben, 'GET', '/me');
    assert.deepEqual(me.body.projects, ['genome']);

    const noManager = await admin<ProjectView>('PATCH', '/projects/genome', { manager: null });
    assert.equal(noManager.body.manager, null);
    assert.deepEqual(noManager.body.members, ['ann', 'ben'], 'the old manager stays a member');
    expectError(await admin('DELETE', '/projects/default'), 409, /'default' cannot be deleted/);
  });

  test('queues: anyone reads them; admins create them with checked groups and walltime', async () => {
    const visible = await as<{ queues: QueueView[] }>(ben, 'GET', '/queues');
    assert.deepEqual(visible.body.queues, [
      {
        name: 'default',
        description: 'The queue of jobs that name none',
        priority: 0,
        maxWalltimeSeconds: null,
        allowedGroups: [],
        createdAt: visible.body.queues[0]?.createdAt,
      },
    ]);
    expectError(await as(ben, 'POST', '/queues', { name: 'mine' }), 403, /admin role/);
    expectError(
      await admin('POST', '/queues', { name: 'q1', allowedGroups: ['bio', 'nope', 'nada'] }),
      400,
      /body\.allowedGroups: no group 'nope', 'nada'/,
    );
    expectError(
      await admin('POST', '/queues', { name: 'q1', maxWalltimeSeconds: 10 ** 8 }),
      400,
      /body\.maxWalltimeSeconds: 100000000 is over the site maximum of 604800/,
    );
    expectError(
      await admin('POST', '/queues', { name: 'q1', maxWalltimeSeconds: 0 }),
      400,
      /body\.maxWalltimeSeconds/,
    );
    const short = await admin<QueueView>('POST', '/queues', {
      name: 'short',
      maxWalltimeSeconds: 600,
      priority: 10,
    });
    assert.equal(short.status, 201, short.text);
    const bioq = await admin<QueueView>('POST', '/queues', {
      name: 'bioq',
      allowedGroups: ['bio'],
    });
    assert.deepEqual(bioq.body.allowedGroups, ['bio']);
    const patched = await admin<QueueView>('PATCH', '/queues/short', { priority: 20 });
    assert.equal(patched.body.priority, 20);
    assert.equal(patched.body.maxWalltimeSeconds, 600, 'fields not given stay');
    expectError(
      await admin('DELETE', '/groups/bio'),
      409,
      /group 'bio' is allowed on queue\(s\) bioq: remove it there first/,
    );
    expectError(await admin('DELETE', '/queues/default'), 409, /cannot be deleted/);
  });

  test('quotas: set some limits, null clears one, validation names the field', async () => {
    const set = await admin<QuotaView>('PUT', '/quotas/user/cid', {
      maxPendingJobs: 2,
      maxCpus: 4,
    });
    assert.equal(set.status, 200, set.text);
    assert.equal(set.body.maxPendingJobs, 2);
    const merged = await admin<QuotaView>('PUT', '/quotas/user/cid', {
      maxCpus: null,
      maxMemoryMiB: 65536,
    });
    assert.deepEqual(
      { ...merged.body, updatedAt: undefined },
      {
        kind: 'user',
        name: 'cid',
        maxCpus: null,
        maxMemoryMiB: 65536,
        maxRunningJobs: null,
        maxPendingJobs: 2,
        cpuHoursPerWindow: null,
        memoryGbHoursPerWindow: null,
        windowHours: null,
        updatedAt: undefined,
      },
    );
    expectError(
      await admin('PUT', '/quotas/user/cid', { cpuHoursPerWindow: 100 }),
      400,
      /body\.windowHours: an hour budget needs the window/,
    );
    const budget = await admin<QuotaView>('PUT', '/quotas/group/chem', {
      cpuHoursPerWindow: 100.5,
      windowHours: 168,
    });
    assert.equal(budget.body.cpuHoursPerWindow, 100.5);
    expectError(await admin('PUT', '/quotas/user/cid', { maxCpus: -1 }), 400, /body\.maxCpus/);
    expectError(await admin('PUT', '/quotas/user/cid', {}), 400, /give at least one limit/);
    expectError(
      await admin('PUT', '/quotas/planet/mars', { maxCpus: 1 }),
      400,
      /kind: 'planet' is not one of user, group, project, queue/,
    );
    expectError(
      await admin('PUT', '/quotas/project/nope', { maxCpus: 1 }),
      404,
      /no project 'nope'/,
    );
    expectError(await as(cid, 'PUT', '/quotas/user/cid', { maxCpus: 99 }), 403, /admin role/);

    const all = await admin<{ quotas: QuotaView[] }>('GET', '/quotas');
    assert.deepEqual(
      all.body.quotas.map((q) => `${q.kind}:${q.name}`),
      ['user:cid', 'group:chem'],
    );
    const cids = await as<{ quotas: QuotaView[] }>(cid, 'GET', '/quotas');
    assert.deepEqual(
      cids.body.quotas.map((q) => `${q.kind}:${q.name}`),
      ['user:cid'],
      'a user sees the quotas that bind them only',
    );
    const filtered = await admin<{ quotas: QuotaView[] }>('GET', '/quotas?kind=group');
    assert.deepEqual(
      filtered.body.quotas.map((q) => q.name),
      ['chem'],
    );
    assert.equal((await admin('DELETE', '/quotas/group/chem')).status, 200);
    expectError(await admin('DELETE', '/quotas/group/chem'), 404, /group 'chem' has no quota/);
  });

  test('submit: queue and project are checked and recorded with the primary group', async () => {
    const countBefore = await jobCount();
    expectError(
      await submit(ben, { queue: 'nope' }),
      400,
      /body\.queue: no queue 'nope'; the queues are: bioq, default, short/,
    );
    expectError(
      await submit(ben, { queue: 'bioq' }),
      403,
      /body\.queue: queue 'bioq' is open to group\(s\) bio; you are in users/,
    );
    expectError(
      await submit(ben, { queue: 'short', maxLifetimeSeconds: 3600 }),
      400,
      /body\.maxLifetimeSeconds: 3600 is over the max walltime of queue 'short' \(600 s = 10m\)/,
    );
    expectError(await submit(cid, { project: 'genome' }), 403, /not a member of project 'genome'/);
    expectError(await submit(cid, { project: 'nope' }), 400, /body\.project: no project 'nope'/);
    expectError(await submit(cid, { queue: 'Bad Queue' }), 400, /body\.queue: use 1-32 lowercase/);
    assert.equal(await jobCount(), countBefore, 'refused submissions create nothing');

    const inBio = await submit(ann, { queue: 'bioq', project: 'genome' });
    assert.equal(inBio.status, 201, inBio.text);
    assert.deepEqual(
      { group: inBio.body.group, project: inBio.body.project, queue: inBio.body.queue },
      { group: 'bio', project: 'genome', queue: 'bioq' },
    );
    const short = await submit(ben, { queue: 'short' });
    assert.equal(short.body.maxLifetimeSeconds, 600, "the default lifetime fits the queue's");
    const plain = await submit(ben);
    assert.deepEqual(
      { group: plain.body.group, project: plain.body.project, queue: plain.body.queue },
      { group: 'users', project: 'default', queue: 'default' },
    );
    const shown = await as<JobView>(ann, 'GET', `/jobs/${inBio.body.id}`);
    assert.equal(shown.body.queue, 'bioq');

    expectError(await admin('DELETE', '/queues/short'), 409, /queue 'short' has unfinished jobs/);
    expectError(
      await admin('DELETE', '/projects/genome'),
      409,
      /project 'genome' has unfinished jobs/,
    );
  });

  test('max pending: refused with 429 naming the limit, atomically under concurrency', async () => {
    // cid may have 2 jobs waiting (set above).
    const first = await submit(cid);
    assert.equal(first.status, 201, first.text);
    assert.equal((await submit(cid)).status, 201);
    const countBefore = await jobCount();
    const third = await submit(cid);
    assert.equal(third.status, 429, third.text);
    assert.deepEqual(third.body, {
      error: {
        code: 'quota_exceeded',
        message:
          'QuotaExceeded: user cid has 2/2 pending jobs (maxPendingJobs); wait until some start, or ask an admin to raise the quota',
      },
    });
    assert.equal(await jobCount(), countBefore, 'the refused job was not recorded');

    // A queue limit counts every user's jobs in it; concurrent submissions never overshoot it.
    await admin('POST', '/queues', { name: 'burst' });
    await admin('PUT', '/quotas/queue/burst', { maxPendingJobs: 3 });
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) => submit(i % 2 ? ann : ben, { queue: 'burst' })),
    );
    const statuses = answers.map((a) => a.status).sort();
    assert.deepEqual(statuses, [201, 201, 201, ...Array<number>(9).fill(429)], statuses.join());
    const refused = answers.find((a) => a.status === 429);
    assert.match(refused?.text ?? '', /QuotaExceeded: queue burst has 3\/3 pending jobs/);

    // Started jobs no longer count: with a worker, the burst runs and a place frees up.
    await stack.startWorker();
    const accepted = answers.find((a) => a.status === 201)?.body as JobView;
    const owner = accepted.owner === 'ann' ? ann : ben;
    await stack.waitForJob(owner, accepted.id, (j) => j.finishedAt !== null);
    assert.equal((await submit(ann, { queue: 'burst' })).status, 201);
  });

  test('deleting a user removes their memberships and quota; the API documents every route', async () => {
    await stack.createUser('dee', 2504);
    await admin('PUT', '/groups/chem/members/dee');
    await admin('PUT', '/projects/genome/members/dee');
    await admin('PUT', '/quotas/user/dee', { maxRunningJobs: 1 });
    assert.equal((await admin('DELETE', '/users/dee')).status, 200);
    const chem = await admin<GroupView>('GET', '/groups/chem');
    assert.ok(!chem.body.members.some((m) => m.username === 'dee'));
    const genome = await admin<ProjectView>('GET', '/projects/genome');
    assert.ok(!genome.body.members.includes('dee'));
    const quotas = await admin<{ quotas: QuotaView[] }>('GET', '/quotas?kind=user&name=dee');
    assert.deepEqual(quotas.body.quotas, []);

    const doc = await call<{ paths: Record<string, Record<string, unknown>> }>(
      stack.url,
      'GET',
      '/api/v1/openapi.json',
    );
    for (const [path, method] of [
      ['/api/v1/groups', 'post'],
      ['/api/v1/groups/{name}/members/{username}', 'put'],
      ['/api/v1/projects/{name}/members/{username}', 'delete'],
      ['/api/v1/queues/{name}', 'patch'],
      ['/api/v1/quotas/{kind}/{name}', 'put'],
    ] as const) {
      assert.ok(doc.body.paths[path]?.[method], `${method} ${path} is documented`);
    }
  });
});
