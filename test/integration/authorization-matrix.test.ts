import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { isFinal, type JobView } from '../../core/job';
import type { TokenScope } from '../../core/tokens';
import { call } from '../support/http';
import {
  actors,
  adminOnly,
  describeCell,
  documentedOperations,
  everyone,
  loggedIn,
  only,
  rowName,
  runMatrix,
  succeeded,
  type Actor,
  type Expectations,
  type MatrixCase,
  type MatrixRequest,
} from '../support/matrix';
import { startStack, type Stack } from '../support/stack';

// Every route of the OpenAPI document × every kind of caller. Each request is valid, so an
// allowed caller really gets a 2xx and a refusal can only come from authorization. The file is
// long because it holds one row per route; keeping the table in one place is the point.

const v1 = '/api/v1';
/** The people behind the callers (the owner's scoped tokens are the owner's). */
type Person = 'owner' | 'other' | 'manager' | 'othermanager' | 'admin';

/** What the rows act on: the stack, each person's session and the owner's long-running job. */
interface World {
  stack: Stack;
  sessions: Record<Person, string>;
  tokens: Record<Actor, string | undefined>;
  jobId: number;
  nextUid: number;
}

// The job's owner, the manager of its project and admins; to anyone else it does not exist.
const jobViewers = only(['owner', 'manager', 'admin'], 404);
// genomics: the owner is a member, manager manages it, the others are strangers to it.
const genomicsReaders = only(['owner', 'manager', 'admin'], 404);
// A member sees the project but may not change it (403); strangers do not see it (404).
const genomicsManagers: Expectations = { ...only(['manager', 'admin'], 404), owner: 403 };
const genomicsListing = only(['manager', 'admin'], 403);

function passwordOf(person: Person): string {
  return person === 'admin' ? 'admin-password-for-tests' : `${person}-password`;
}

function personOf(actor: Exclude<Actor, 'anonymous'>): Person {
  return actor === 'ownerRead' || actor === 'ownerJobs' ? 'owner' : actor;
}

/** An account name per actor: `ownerRead` → `owner-read`. */
function slug(actor: Actor): string {
  return actor.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** Calls the API and insists on a status: for setup steps, which must not fail silently. */
async function send<T>(
  w: World,
  method: string,
  path: string,
  options: { token?: string | undefined; body?: unknown },
  status: number,
): Promise<T> {
  const answer = await call<T>(w.stack.url, method, path, {
    ...(options.token ? { token: options.token } : {}),
    ...(options.body !== undefined ? { body: options.body } : {}),
  });
  if (answer.status !== status) {
    throw new Error(
      `setup ${method} ${path}: expected ${status}, got ${answer.status} ${answer.text}`,
    );
  }
  return answer.body;
}

function asAdmin<T>(w: World, method: string, path: string, body?: unknown, status = 200) {
  return send<T>(w, method, path, { token: w.sessions.admin, body }, status);
}

async function apiToken(w: World, session: string, scope: TokenScope) {
  const body = { name: `matrix ${scope}`, scope };
  return send<{ id: number; token: string }>(
    w,
    'POST',
    `${v1}/tokens`,
    { token: session, body },
    201,
  );
}

async function newUser(w: World, username: string): Promise<string> {
  const uid = w.nextUid++;
  const body = { username, password: 'matrix-password', uid, gid: uid };
  await asAdmin(w, 'POST', `${v1}/users`, body, 201);
  return username;
}

async function submitSleeper(w: World): Promise<number> {
  const body = {
    image: 'godocker/busybox',
    command: 'sleep 300',
    memoryMiB: 32,
    cpus: 0.1,
    project: 'genomics',
  };
  return (await send<JobView>(w, 'POST', `${v1}/jobs`, { token: w.sessions.owner, body }, 201)).id;
}

/** A token of the actor's own that may be spent (logged out). */
async function spareToken(w: World, actor: Actor): Promise<string | undefined> {
  if (actor === 'anonymous') return undefined;
  if (actor === 'ownerRead' || actor === 'ownerJobs') {
    return (await apiToken(w, w.sessions.owner, actor === 'ownerRead' ? 'read' : 'jobs')).token;
  }
  return w.stack.login(actor, passwordOf(actor));
}

/** A row; the scope defaults to the documented rule: GET needs `read`, the rest `full`. */
function row(
  operation: string,
  expect: Expectations,
  request: (actor: Actor) => Promise<MatrixRequest>,
  options: { variant?: string; scope?: TokenScope | null } = {},
): MatrixCase {
  const byMethod: TokenScope = operation.startsWith('GET ') ? 'read' : 'full';
  return {
    operation,
    expect,
    request,
    ...options,
    scope: options.scope === undefined ? byMethod : options.scope,
  };
}

const fixed = (path: string, body?: unknown) => async (): Promise<MatrixRequest> => ({
  path,
  body,
});

// Event streams stay open when allowed: the status is what the matrix needs.
const stream = (path: string) => async (): Promise<MatrixRequest> => ({ path, statusOnly: true });

function authRows(w: World): MatrixCase[] {
  const credentials = { username: 'other', password: passwordOf('other') };
  return [
    row('POST /api/v1/auth/login', everyone, fixed(`${v1}/auth/login`, credentials), {
      scope: null,
    }),
    row(
      'POST /api/v1/auth/logout',
      loggedIn,
      async (actor) => {
        const token = await spareToken(w, actor);
        return { path: `${v1}/auth/logout`, ...(token ? { token } : {}) };
      },
      { scope: 'read' },
    ),
    row('GET /api/v1/me', loggedIn, fixed(`${v1}/me`)),
  ];
}

function tokenRows(w: World): MatrixCase[] {
  const ownToken = async (actor: Actor) => {
    const session = actor === 'anonymous' ? w.sessions.owner : w.sessions[personOf(actor)];
    return { path: `${v1}/tokens/${(await apiToken(w, session, 'read')).id}` };
  };
  const ownersToken = async () => ({
    path: `${v1}/tokens/${(await apiToken(w, w.sessions.owner, 'read')).id}`,
  });
  return [
    row('POST /api/v1/tokens', loggedIn, fixed(`${v1}/tokens`, { name: 'matrix', scope: 'read' })),
    row('GET /api/v1/tokens', loggedIn, fixed(`${v1}/tokens`)),
    row('DELETE /api/v1/tokens/{id}', loggedIn, ownToken, { variant: '(their own token)' }),
    row('DELETE /api/v1/tokens/{id}', only(['owner'], 404), ownersToken, {
      variant: "(the owner's token)",
    }),
  ];
}

function userRows(w: World): MatrixCase[] {
  return [
    row('POST /api/v1/users', adminOnly, async (actor) => {
      const uid = w.nextUid++;
      const body = { username: `new-${slug(actor)}`, password: 'matrix-password', uid, gid: uid };
      return { path: `${v1}/users`, body };
    }),
    row('GET /api/v1/users', adminOnly, fixed(`${v1}/users`)),
    row('GET /api/v1/users/{username}', adminOnly, fixed(`${v1}/users/other`)),
    row('PATCH /api/v1/users/{username}', adminOnly, fixed(`${v1}/users/target`, { priority: 5 })),
    row('DELETE /api/v1/users/{username}', adminOnly, async (actor) => ({
      path: `${v1}/users/${await newUser(w, `gone-${slug(actor)}`)}`,
    })),
  ];
}

function groupRows(w: World): MatrixCase[] {
  const freshGroup = async (prefix: string, actor: Actor) => {
    const name = `${prefix}-${slug(actor)}`;
    await asAdmin(w, 'POST', `${v1}/groups`, { name }, 201);
    return name;
  };
  return [
    row('POST /api/v1/groups', adminOnly, async (actor) => ({
      path: `${v1}/groups`,
      body: { name: `new-${slug(actor)}` },
    })),
    row('GET /api/v1/groups', adminOnly, fixed(`${v1}/groups`)),
    row('GET /api/v1/groups/{name}', adminOnly, fixed(`${v1}/groups/lab`)),
    row('PATCH /api/v1/groups/{name}', adminOnly, fixed(`${v1}/groups/lab`, { priority: 3 })),
    row('DELETE /api/v1/groups/{name}', adminOnly, async (actor) => ({
      path: `${v1}/groups/${await freshGroup('gone', actor)}`,
    })),
    row('PUT /api/v1/groups/{name}/members/{username}', adminOnly, async (actor) => ({
      path: `${v1}/groups/${await freshGroup('join', actor)}/members/target`,
      body: {},
    })),
    row('DELETE /api/v1/groups/{name}/members/{username}', adminOnly, async (actor) => {
      const name = await freshGroup('leave', actor);
      await asAdmin(w, 'PUT', `${v1}/groups/${name}/members/target`, {});
      return { path: `${v1}/groups/${name}/members/target` };
    }),
  ];
}

function projectRows(w: World): MatrixCase[] {
  // Managed by `manager`, so that even its own manager is seen not to delete it.
  const freshProject = async (actor: Actor) => {
    const name = `gone-${slug(actor)}`;
    await asAdmin(w, 'POST', `${v1}/projects`, { name, manager: 'manager' }, 201);
    return name;
  };
  const member = async (actor: Actor) => {
    const username = await newUser(w, `was-${slug(actor)}`);
    await asAdmin(w, 'PUT', `${v1}/projects/genomics/members/${username}`, {});
    return { path: `${v1}/projects/genomics/members/${username}` };
  };
  return [
    row('POST /api/v1/projects', adminOnly, async (actor) => ({
      path: `${v1}/projects`,
      body: { name: `new-${slug(actor)}`, manager: 'manager' },
    })),
    row('GET /api/v1/projects', loggedIn, fixed(`${v1}/projects`)),
    row('GET /api/v1/projects/{name}', genomicsReaders, fixed(`${v1}/projects/genomics`)),
    row(
      'PATCH /api/v1/projects/{name}',
      adminOnly,
      fixed(`${v1}/projects/genomics`, { description: 'sequencing' }),
    ),
    row('DELETE /api/v1/projects/{name}', adminOnly, async (actor) => ({
      path: `${v1}/projects/${await freshProject(actor)}`,
    })),
    row('PUT /api/v1/projects/{name}/members/{username}', genomicsManagers, async (actor) => ({
      path: `${v1}/projects/genomics/members/${await newUser(w, `joins-${slug(actor)}`)}`,
      body: {},
    })),
    row('DELETE /api/v1/projects/{name}/members/{username}', genomicsManagers, member),
  ];
}

function catalogRows(w: World): MatrixCase[] {
  const fresh = async (kind: 'queues' | 'volumes', actor: Actor) => {
    const name = `gone-${slug(actor)}`;
    const body = kind === 'queues' ? { name } : { name, hostPath: '/data/x', containerPath: '/x' };
    await asAdmin(w, 'POST', `${v1}/${kind}`, body, 201);
    return `${v1}/${kind}/${name}`;
  };
  return [
    row('POST /api/v1/queues', adminOnly, async (actor) => ({
      path: `${v1}/queues`,
      body: { name: `new-${slug(actor)}` },
    })),
    row('GET /api/v1/queues', loggedIn, fixed(`${v1}/queues`)),
    row('GET /api/v1/queues/{name}', loggedIn, fixed(`${v1}/queues/batch`)),
    row('PATCH /api/v1/queues/{name}', adminOnly, fixed(`${v1}/queues/batch`, { priority: 2 })),
    row('DELETE /api/v1/queues/{name}', adminOnly, async (actor) => ({
      path: await fresh('queues', actor),
    })),
    row('POST /api/v1/volumes', adminOnly, async (actor) => ({
      path: `${v1}/volumes`,
      body: { name: `new-${slug(actor)}`, hostPath: '/data/{project}', containerPath: '/data' },
    })),
    row('GET /api/v1/volumes', loggedIn, fixed(`${v1}/volumes`)),
    row('GET /api/v1/volumes/{name}', loggedIn, fixed(`${v1}/volumes/scratch`)),
    row(
      'PATCH /api/v1/volumes/{name}',
      adminOnly,
      fixed(`${v1}/volumes/scratch`, { description: 'shared scratch' }),
    ),
    row('DELETE /api/v1/volumes/{name}', adminOnly, async (actor) => ({
      path: await fresh('volumes', actor),
    })),
    ...imageRows(w),
  ];
}

function imageRows(w: World): MatrixCase[] {
  const registry = process.env.GODOCKER_TEST_REGISTRY ?? '127.0.0.1:5001';
  const busybox = `${v1}/images/${encodeURIComponent('godocker/busybox:latest')}`;
  return [
    row('POST /api/v1/images', adminOnly, async (actor) => ({
      path: `${v1}/images`,
      body: { name: `new-${slug(actor)}`, version: '1', os: 'busybox' },
    })),
    row('POST /api/v1/images/import', adminOnly, async (actor) => ({
      path: `${v1}/images/import`,
      body: { registry, repository: 'godocker/busybox', name: `imported-${slug(actor)}` },
    })),
    row('GET /api/v1/images', loggedIn, fixed(`${v1}/images?search=busybox`)),
    row('GET /api/v1/images/{ref}', loggedIn, fixed(busybox)),
    row('PATCH /api/v1/images/{ref}', adminOnly, fixed(busybox, { description: 'BusyBox' })),
    row('DELETE /api/v1/images/{ref}', adminOnly, async (actor) => {
      const name = `gone-${slug(actor)}`;
      await asAdmin(w, 'POST', `${v1}/images`, { name }, 201);
      return { path: `${v1}/images/${name}` };
    }),
    row(
      'GET /api/v1/registries/{registry}/repositories',
      adminOnly,
      fixed(`${v1}/registries/${registry}/repositories`),
    ),
  ];
}

function quotaRows(w: World): MatrixCase[] {
  const genomicsQuota = `${v1}/quotas/project/genomics`;
  return [
    row('GET /api/v1/quotas', loggedIn, fixed(`${v1}/quotas`)),
    // The manager of genomics is refused too: quotas are the admins' to set.
    row(
      'PUT /api/v1/quotas/{kind}/{name}',
      adminOnly,
      fixed(genomicsQuota, { maxRunningJobs: 50 }),
    ),
    row('DELETE /api/v1/quotas/{kind}/{name}', adminOnly, async () => {
      await asAdmin(w, 'PUT', genomicsQuota, { maxRunningJobs: 100 });
      return { path: genomicsQuota };
    }),
  ];
}

function jobRows(w: World): MatrixCase[] {
  const quick = { image: 'godocker/busybox', command: 'true', memoryMiB: 32, cpus: 0.1 };
  const job = `${v1}/jobs/${w.jobId}`;
  return [
    row('POST /api/v1/jobs', loggedIn, fixed(`${v1}/jobs`, quick), { scope: 'jobs' }),
    row('GET /api/v1/jobs', loggedIn, fixed(`${v1}/jobs`)),
    row('GET /api/v1/jobs', genomicsListing, fixed(`${v1}/jobs?project=genomics`), {
      variant: '?project=genomics',
    }),
    row('GET /api/v1/jobs', only(['owner', 'admin'], 403), fixed(`${v1}/jobs?owner=owner`), {
      variant: '?owner=owner',
    }),
    row('GET /api/v1/jobs/{id}', jobViewers, fixed(job)),
    row('GET /api/v1/jobs/{id}/logs', jobViewers, fixed(`${job}/logs`)),
    row(
      'DELETE /api/v1/jobs/{id}',
      jobViewers,
      async () => ({ path: `${v1}/jobs/${await submitSleeper(w)}` }),
      { scope: 'jobs' },
    ),
    row('GET /api/v1/jobs/{id}/stats', jobViewers, fixed(`${job}/stats`)),
    // Shells run as the owner: nobody else, not even an admin (docs/interactive.md). This is the
    // plain GET of the URL; its websocket upgrade makes the same checks and is tested, refusals
    // included, in interactive.test.ts.
    row('GET /api/v1/jobs/{id}/shell', only(['owner'], 404), fixed(`${job}/shell`), {
      scope: 'jobs',
    }),
    row('GET /api/v1/audit', adminOnly, fixed(`${v1}/audit`)),
    row('GET /api/v1/cluster', loggedIn, fixed(`${v1}/cluster`)),
    row('GET /api/v1/ui/settings', loggedIn, fixed(`${v1}/ui/settings`)),
    row('GET /api/v1/usage', loggedIn, fixed(`${v1}/usage`)),
    row(
      'GET /api/v1/usage',
      only(['owner', 'admin'], 403),
      fixed(`${v1}/usage?by=user&name=owner`),
      {
        variant: '?by=user&name=owner',
      },
    ),
    row('GET /api/v1/events', loggedIn, stream(`${v1}/events`)),
    row('GET /api/v1/events', genomicsListing, stream(`${v1}/events?project=genomics`), {
      variant: '?project=genomics',
    }),
    row('GET /api/v1/events', jobViewers, stream(`${v1}/events?job=${w.jobId}`), {
      variant: '?job=ID',
    }),
  ];
}

/** Users, projects, catalog entries and the owner's job that the rows act on. */
async function buildWorld(stack: Stack): Promise<World> {
  const sessions = {
    owner: await stack.createUser('owner', 3101),
    other: await stack.createUser('other', 3102),
    manager: await stack.createUser('manager', 3103),
    othermanager: await stack.createUser('othermanager', 3104),
    admin: stack.adminToken,
  };
  const w: World = {
    stack,
    sessions,
    tokens: { ...sessions, anonymous: undefined, ownerRead: undefined, ownerJobs: undefined },
    jobId: 0,
    nextUid: 3200,
  };
  await asAdmin(w, 'POST', `${v1}/projects`, { name: 'genomics', manager: 'manager' }, 201);
  await asAdmin(w, 'PUT', `${v1}/projects/genomics/members/owner`, {});
  await asAdmin(w, 'POST', `${v1}/projects`, { name: 'physics', manager: 'othermanager' }, 201);
  await newUser(w, 'target');
  await asAdmin(w, 'POST', `${v1}/groups`, { name: 'lab' }, 201);
  await asAdmin(w, 'POST', `${v1}/queues`, { name: 'batch' }, 201);
  const scratch = { name: 'scratch', hostPath: '/scratch/{username}', containerPath: '/scratch' };
  await asAdmin(w, 'POST', `${v1}/volumes`, scratch, 201);
  w.tokens.ownerRead = (await apiToken(w, sessions.owner, 'read')).token;
  w.tokens.ownerJobs = (await apiToken(w, sessions.owner, 'jobs')).token;
  w.jobId = await submitSleeper(w);
  return w;
}

/** Kills every job still alive and waits for each to end, so no container outlives the test. */
async function killEveryJob(w: World): Promise<void> {
  const list = await asAdmin<{ jobs: JobView[] }>(w, 'GET', `${v1}/jobs?limit=1000`);
  for (const job of list.jobs.filter((j) => !isFinal(j.state))) {
    // 409 when it ended meanwhile: nothing left to kill.
    await call(w.stack.url, 'DELETE', `${v1}/jobs/${job.id}`, { token: w.sessions.admin });
  }
  for (const job of list.jobs) {
    await w.stack.waitForJob(w.sessions.admin, job.id, (j) => isFinal(j.state));
  }
}

describe('authorization matrix: every route × every kind of caller', () => {
  let w: World;
  let matrix: MatrixCase[];

  before(async () => {
    w = await buildWorld(await startStack());
    matrix = [
      ...authRows(w),
      ...tokenRows(w),
      ...userRows(w),
      ...groupRows(w),
      ...projectRows(w),
      ...catalogRows(w),
      ...quotaRows(w),
      ...jobRows(w),
    ];
  });
  after(async () => {
    if (!w) return;
    try {
      await killEveryJob(w);
    } finally {
      await w.stack.stop();
    }
  });

  test('every route of the OpenAPI document has a row in the matrix', async () => {
    const doc = await send<{ paths: Record<string, Record<string, unknown>> }>(
      w,
      'GET',
      `${v1}/openapi.json`,
      {},
      200,
    );
    const documented = documentedOperations(doc.paths);
    const covered = new Set(matrix.map((r) => r.operation));
    const missing = documented.filter((op) => !covered.has(op));
    const stale = [...covered].filter((op) => !documented.includes(op));
    assert.deepEqual(
      missing.map((op) => `add route ${op} to the matrix`),
      [],
      'routes without authorization expectations',
    );
    assert.deepEqual(stale, [], 'matrix rows for routes the API no longer has');
  });

  test('nobody succeeds where the matrix refuses, and every allowed caller succeeds', async (t) => {
    const cells = await runMatrix(w.stack.url, matrix, w.tokens);
    const unauthorized = cells.filter((c) => c.expected !== 'ok' && succeeded(c));
    const refusedWrongly = cells.filter((c) => c.expected === 'ok' && !succeeded(c));
    const wrongRefusal = cells.filter(
      (c) => c.expected !== 'ok' && !succeeded(c) && c.status !== c.expected,
    );
    t.diagnostic(
      `${matrix.length} rows × ${actors.length} callers = ${cells.length} cells; ` +
        `${cells.filter(succeeded).length} allowed successes, ${unauthorized.length} unauthorized successes`,
    );
    for (const cell of [...unauthorized, ...refusedWrongly, ...wrongRefusal]) {
      t.diagnostic(describeCell(cell));
    }
    assert.equal(
      unauthorized.length,
      0,
      `${unauthorized.length} unauthorized successes:\n${unauthorized.map(describeCell).join('\n')}`,
    );
    assert.deepEqual(refusedWrongly.map(describeCell), [], 'allowed callers that were refused');
    assert.deepEqual(wrongRefusal.map(describeCell), [], 'refusals with the wrong status');
    for (const r of matrix) {
      const allowed = cells.filter((c) => c.row === rowName(r) && c.expected === 'ok');
      if (allowed.length === 0) continue;
      assert.ok(allowed.filter(succeeded).length > 0, `${rowName(r)}: no allowed caller succeeded`);
    }
  });

  test('listings show a caller only what is theirs to see', async () => {
    const get = <T>(path: string, token: string) =>
      send<T>(w, 'GET', `${v1}${path}`, { token }, 200);
    const jobIds = async (token: string, query = '') =>
      (await get<{ jobs: JobView[] }>(`/jobs${query}`, token)).jobs.map((j) => j.id);
    const projects = async (token: string) =>
      (await get<{ projects: Array<{ name: string }> }>('/projects', token)).projects
        .map((p) => p.name)
        .sort();
    const tokenIds = async (token: string) =>
      (await get<{ tokens: Array<{ id: number }> }>('/tokens', token)).tokens.map((x) => x.id);
    const s = w.sessions;
    assert.ok((await jobIds(s.owner)).includes(w.jobId), "the owner's listing has the job");
    assert.ok(!(await jobIds(s.other)).includes(w.jobId), "another user's lacks the owner's job");
    assert.ok(!(await jobIds(s.othermanager)).includes(w.jobId), "so does the other manager's");
    assert.ok(!(await jobIds(s.manager)).includes(w.jobId), "a manager's plain listing is theirs");
    assert.ok((await jobIds(s.manager, '?project=genomics')).includes(w.jobId));
    assert.deepEqual(await projects(s.other), []);
    assert.deepEqual(await projects(s.othermanager), ['physics']);
    assert.deepEqual(await projects(s.owner), ['genomics']);
    const ownerIds = await tokenIds(s.owner);
    assert.ok(ownerIds.length > 0);
    const seenByOther = (await tokenIds(s.other)).filter((id) => ownerIds.includes(id));
    assert.deepEqual(seenByOther, [], "nobody else lists the owner's tokens");
  });

  test("someone else's job answers exactly like a job that does not exist", async () => {
    const missingId = w.jobId + 1_000_000;
    for (const [method, suffix] of [
      ['GET', ''],
      ['GET', '/logs'],
      ['DELETE', ''],
    ] as const) {
      const hidden = await call(w.stack.url, method, `${v1}/jobs/${w.jobId}${suffix}`, {
        token: w.sessions.other,
      });
      const missing = await call(w.stack.url, method, `${v1}/jobs/${missingId}${suffix}`, {
        token: w.sessions.other,
      });
      assert.equal(hidden.status, 404, `${method} ${suffix}: ${hidden.text}`);
      assert.equal(
        hidden.text.replaceAll(`job ${w.jobId}`, 'job N'),
        missing.text.replaceAll(`job ${missingId}`, 'job N'),
      );
    }
  });

  test('login and health leak nothing to anonymous callers', async () => {
    const login = (username: string, password: string) =>
      call(w.stack.url, 'POST', `${v1}/auth/login`, { body: { username, password } });
    const wrong = await login('owner', 'not-the-password');
    const unknown = await login('nobody', 'not-the-password');
    assert.equal(wrong.status, 401);
    assert.equal(wrong.text, unknown.text, 'a wrong password and an unknown user answer alike');
    assert.equal((wrong.body as { token?: unknown }).token, undefined, 'no token on a refusal');
    assert.equal((await call(w.stack.url, 'GET', '/healthz')).status, 200);
    assert.equal((await call(w.stack.url, 'GET', `${v1}/openapi.json`)).status, 200);
  });
});
