import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import mysql from 'mysql2/promise';
import type { Browser } from 'playwright-core';
import type { JobView } from '../../core/job';
import type { GroupView } from '../../core/groups';
import type { ProjectView } from '../../core/projects';
import type { QueueView } from '../../core/queues';
import type { QuotaView } from '../../core/quotas';
import {
  accessibilityViolations,
  launchBrowser,
  logInThroughUi,
  openPage,
  screenshot,
  type WatchedPage,
} from '../support/browser';
import { call } from '../support/http';
import { seedDirectory, type SeededDirectory } from '../support/ldap';
import { startStack, type Stack } from '../support/stack';

// The web UI in Debian's Chromium against a whole stack (API, worker, MariaDB, Temporal, Docker):
// what a person does, with no reloads, and no console error allowed unless a test provokes it.
describe('web UI in Chromium', { timeout: 300_000 }, () => {
  let stack: Stack;
  let browser: Browser;
  let aliceToken: string;
  let directory: SeededDirectory;
  const pages: WatchedPage[] = [];

  const open = async (size: 'laptop' | 'phone' = 'laptop') => {
    const watched = await openPage(browser, stack.url, size);
    pages.push(watched);
    return watched;
  };
  const submitAs = async (token: string, command: string, extra: Record<string, unknown> = {}) => {
    const answer = await call<JobView>(stack.url, 'POST', '/api/v1/jobs', {
      token,
      body: { image: 'godocker/busybox:latest', command, ...extra },
    });
    assert.equal(answer.status, 201, answer.text);
    return answer.body;
  };

  before(async () => {
    // Local users first, then the directory: alice and bob are local, carol is an LDAP user.
    directory = await seedDirectory('web-ui-test');
    [stack, browser] = await Promise.all([
      startStack({
        sections: { auth: { providers: ['local', 'ldap'], ldap: directory.settings } },
      }),
      launchBrowser(),
    ]);
    aliceToken = await stack.createUser('alice', 2701);
    await stack.createUser('bob', 2702);
  });
  afterEach(async () => {
    const errors = pages.flatMap((watched) => watched.errors());
    await Promise.all(pages.splice(0).map((watched) => watched.close()));
    assert.deepEqual(errors, [], 'the browser logged errors');
  });
  after(async () => {
    await browser?.close();
    await stack?.stop();
  });

  test('the server answers the UI for its paths, with a strict CSP, and JSON 404s under /api', async () => {
    for (const path of ['/', '/jobs/42', '/admin/quotas']) {
      const page = await fetch(`${stack.url}${path}`);
      assert.equal(page.status, 200, path);
      assert.match(await page.text(), /<div id="root"><\/div>/);
      assert.match(page.headers.get('content-security-policy') ?? '', /default-src 'self'/);
    }
    const api = await call(stack.url, 'GET', '/api/v1/no-such-route');
    assert.equal(api.status, 404);
    assert.match(api.text, /"not_found"/);
    const settings = await call<{ catalog: unknown[]; temporalUiUrl: string | null }>(
      stack.url,
      'GET',
      '/api/v1/ui/settings',
      { token: aliceToken },
    );
    assert.equal(settings.status, 200, settings.text);
    assert.ok(settings.body.catalog.length > 0);
    assert.equal(settings.body.temporalUiUrl, null, 'only admins learn the Temporal UI address');
  });

  test('a user submits a job through the form and watches it run to success, logs included', async () => {
    const { page } = await open();
    await logInThroughUi(page, 'alice', 'alice-password');
    await screenshot(page, 'jobs-empty');
    await page.getByRole('link', { name: 'Submit a job' }).click();
    await page.getByLabel('Script').waitFor();
    // Field-level validation from the shared schema: nothing is sent without a script.
    await page.getByRole('button', { name: 'Submit' }).click();
    await page.getByText('command is empty').waitFor();
    await page.getByLabel('Script').fill('echo hello-from-the-web-ui\nsleep 4\necho all-done');
    await page.getByLabel('Name (optional)').fill('web-hello');
    await screenshot(page, 'submit');
    // Marks this document: a reload would lose it.
    await page.evaluate('window.sameDocument = true');
    await page.getByRole('button', { name: 'Submit' }).click();

    await page.getByRole('heading', { name: /^Job \d+: web-hello$/ }).waitFor();
    const head = page.locator('.page-head .badge');
    await page.locator('.page-head .badge[data-state="running"]').waitFor({ timeout: 60_000 });
    await page
      .locator('pre.log', { hasText: 'hello-from-the-web-ui' })
      .waitFor({ timeout: 30_000 });
    await screenshot(page, 'job-running');
    await page.locator('.page-head .badge[data-state="succeeded"]').waitFor({ timeout: 60_000 });
    assert.equal(await head.getAttribute('data-state'), 'succeeded');
    await page.locator('pre.log', { hasText: 'all-done' }).waitFor();
    const timeline = await page.locator('.timeline .badge').allTextContents();
    for (const state of ['pending', 'running', 'succeeded'])
      assert.ok(timeline.includes(state), `timeline ${timeline.join(' → ')} lacks ${state}`);
    assert.equal(await page.evaluate('window.sameDocument'), true, 'the page reloaded');
    await page.getByText('Exit code').locator('..').getByText('0', { exact: true }).waitFor();
    await screenshot(page, 'job-succeeded');

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download' }).click();
    assert.match((await download).suggestedFilename(), /^job-\d+\.log$/);

    await page.getByRole('link', { name: 'Jobs', exact: true }).click();
    await page
      .locator('tr', { hasText: 'web-hello' })
      .locator('[data-state="succeeded"]')
      .waitFor();
    await screenshot(page, 'jobs');
  });

  test('a long job is killed from the list after a confirmation', async () => {
    const job = await submitAs(aliceToken, 'sleep 600');
    const { page } = await open();
    await logInThroughUi(page, 'alice', 'alice-password');
    const row = page.locator(`tr[data-job-id="${job.id}"]`);
    await row.locator('[data-state="running"]').waitFor({ timeout: 60_000 });
    await row.getByRole('button', { name: `Kill job ${job.id}` }).click();
    const dialog = page.getByRole('dialog', { name: `Kill job ${job.id}?` });
    await screenshot(page, 'kill-confirm');
    await dialog.getByRole('button', { name: 'Kill' }).click();
    await row.locator('[data-state="killed"]').waitFor({ timeout: 60_000 });
    const after = await stack.waitForJob(aliceToken, job.id, (j) => j.state === 'killed');
    assert.equal(after.state, 'killed');
  });

  test('a directory (LDAP) user logs in through the same form, and logs out', async () => {
    const { page, expect } = await open();
    // The refused login is a 401, which Chromium logs.
    expect(/status of 401/);
    await page.goto('/');
    await page.getByLabel('Username').fill('carol');
    await page.getByLabel('Password').fill('not-her-password');
    await page.getByRole('button', { name: 'Log in' }).click();
    // One answer for every failed login, whatever the reason.
    await page.getByRole('alert').filter({ hasText: 'wrong username or password' }).waitFor();
    await logInThroughUi(page, 'carol', directory.passwords.carol);
    await page.locator('.who', { hasText: 'carol' }).waitFor();
    const token = await page.evaluate<string | null>('sessionStorage.getItem("godocker.token")');
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByText('You are logged out.').waitFor();
    assert.equal(await page.evaluate('sessionStorage.getItem("godocker.token")'), null);
    // The server forgot the token too: it no longer opens the API.
    let status = 200;
    for (let i = 0; i < 50 && status === 200; i += 1) {
      status = (await call(stack.url, 'GET', '/api/v1/me', { token: token ?? '' })).status;
      if (status === 200) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.equal(status, 401);
  });

  test('several jobs are killed at once from the list', async () => {
    const jobs = [
      await submitAs(aliceToken, 'sleep 600'),
      await submitAs(aliceToken, 'sleep 600'),
      await submitAs(aliceToken, 'sleep 600'),
    ];
    const { page } = await open();
    await logInThroughUi(page, 'alice', 'alice-password');
    for (const job of jobs.slice(0, 2))
      await page.getByRole('checkbox', { name: `Select job ${job.id}` }).check();
    await page.getByRole('button', { name: 'Kill selected (2)' }).click();
    await page
      .getByRole('dialog', { name: 'Kill 2 jobs?' })
      .getByRole('button', { name: 'Kill' })
      .click();
    for (const job of jobs.slice(0, 2))
      await page
        .locator(`tr[data-job-id="${job.id}"] [data-state="killed"]`)
        .waitFor({ timeout: 60_000 });
    const spared = await call<JobView>(stack.url, 'GET', `/api/v1/jobs/${jobs[2]?.id}`, {
      token: aliceToken,
    });
    assert.ok(!['killed', 'succeeded', 'failed'].includes(spared.body.state), spared.body.state);
    await call(stack.url, 'DELETE', `/api/v1/jobs/${jobs[2]?.id}`, { token: aliceToken });
    await stack.waitForJob(aliceToken, jobs[2]?.id ?? 0, (j) => j.finishedAt !== null);
  });

  test('an interactive job gets a terminal on its page: a real shell as its owner', async () => {
    const answer = await call<JobView>(stack.url, 'POST', '/api/v1/jobs', {
      token: aliceToken,
      body: { image: 'godocker/busybox:latest', interactive: true, memoryMiB: 32 },
    });
    assert.equal(answer.status, 201, answer.text);
    const job = answer.body;
    await stack.waitForJob(aliceToken, job.id, (j) => j.state === 'running');
    const { page } = await open();
    await logInThroughUi(page, 'alice', 'alice-password');
    await page.goto(`${stack.url}/jobs/${job.id}`);
    const terminal = page.getByTestId('terminal');
    await page.getByText('connected').waitFor();
    await terminal.click();
    await page.keyboard.type('echo "uid=$(id -u) at $HOME"\n');
    await page.locator('.xterm-rows', { hasText: 'uid=2701 at ' }).waitFor({ timeout: 15_000 });
    await screenshot(page, 'job-terminal');
    await page.keyboard.type('exit 4\n');
    await page.getByText('The shell exited with code 4.').waitFor();
    await call(stack.url, 'DELETE', `/api/v1/jobs/${job.id}`, { token: aliceToken });
    await stack.waitForJob(aliceToken, job.id, (j) => j.finishedAt !== null);
  });

  test('the catalog page lists and searches images, and submits with the one chosen', async () => {
    const { page } = await open();
    await logInThroughUi(page, 'alice', 'alice-password');
    await page.getByRole('link', { name: 'Catalog' }).click();
    await page.getByRole('rowheader', { name: /godocker\/busybox:latest/ }).waitFor();
    const busybox = page.getByRole('rowheader', { name: /godocker\/busybox/ });
    await page.getByLabel('OS').selectOption('debian');
    await busybox.waitFor({ state: 'detached' });
    await page.getByLabel('OS').selectOption('');
    await busybox.waitFor();
    await page.getByLabel('Tag').selectOption('bash');
    await busybox.waitFor({ state: 'detached' });
    await page.getByRole('rowheader', { name: /godocker\/debian:12/ }).waitFor();
    await page.getByLabel('Tag').selectOption('');
    await busybox.waitFor();
    await page.getByLabel('Search').fill('debian');
    await page.getByRole('rowheader', { name: /godocker\/busybox/ }).waitFor({ state: 'detached' });
    const debian = page.getByRole('row', { name: /godocker\/debian:12/ });
    await debian.waitFor();
    await screenshot(page, 'catalog');
    await debian.getByRole('link', { name: 'Submit with it' }).click();
    assert.equal(await page.getByLabel('Image').inputValue(), 'godocker/debian:12');
  });

  test("a user sees neither another user's jobs in the list nor their job page", async () => {
    const alices = await submitAs(aliceToken, 'echo private');
    const { page, expect } = await open();
    await logInThroughUi(page, 'bob', 'bob-password');
    await page.getByText('No jobs yet.').waitFor();
    assert.equal(await page.locator(`tr[data-job-id="${alices.id}"]`).count(), 0);
    // The API answers 404 for another's job; Chromium logs that failed request.
    expect(/status of 404/);
    await page.goto(`/jobs/${alices.id}`);
    await page
      .getByRole('alert')
      .filter({ hasText: /not found|no job/i })
      .waitFor();
  });

  test('an admin sets and edits a quota', async () => {
    const { page } = await open();
    await logInThroughUi(page, 'admin', 'admin-password-for-tests');
    await page.getByRole('link', { name: 'Quotas' }).click();
    await page.getByRole('button', { name: 'New quota' }).click();
    await page.getByLabel('Kind').selectOption('user');
    await page.getByLabel('Name').fill('alice');
    await page.getByLabel('Max running jobs').fill('3');
    await page.getByRole('button', { name: 'Save quota' }).click();
    const row = page.locator('tr[data-quota="user/alice"]');
    await row.waitFor();
    await row.getByRole('button', { name: 'Edit quota of user alice' }).click();
    await page.getByLabel('Max running jobs').fill('5');
    await page.getByLabel('Max CPUs').fill('8');
    await screenshot(page, 'quota-edit');
    await page.getByRole('button', { name: 'Save quota' }).click();
    await row.getByRole('cell', { name: '5', exact: true }).waitFor();
    await screenshot(page, 'quotas');
    const quotas = await call<{ quotas: QuotaView[] }>(stack.url, 'GET', '/api/v1/quotas', {
      token: stack.adminToken,
    });
    const alice = quotas.body.quotas.find((q) => q.kind === 'user' && q.name === 'alice');
    assert.equal(alice?.maxRunningJobs, 5);
    assert.equal(alice?.maxCpus, 8);
  });

  test('a revoked session returns to the login page with a message', async () => {
    const { page, expect } = await open('phone');
    await logInThroughUi(page, 'alice', 'alice-password');
    await screenshot(page, 'jobs-phone');
    const token = await page.evaluate<string | null>('sessionStorage.getItem("godocker.token")');
    const revoked = await call(stack.url, 'POST', '/api/v1/auth/logout', { token: token ?? '' });
    assert.equal(revoked.status, 200, revoked.text);
    expect(/status of 401/);
    await page.getByRole('link', { name: 'Usage' }).click();
    await page.getByText(/Your session ended/).waitFor();
    await page.getByLabel('Username').waitFor();
  });

  test('an admin creates a user, then a group with members, a project and a queue, and deletes one', async () => {
    const { page } = await open();
    await logInThroughUi(page, 'admin', 'admin-password-for-tests');
    await page.getByRole('link', { name: 'Users', exact: true }).click();
    await page.getByRole('button', { name: 'New user' }).click();
    const userForm = page.getByRole('form', { name: 'New local user' });
    await userForm.getByLabel('Username').fill('erin');
    await userForm.getByLabel('Initial password').fill('erin-password');
    await userForm.getByRole('button', { name: 'Create user' }).click();
    // Nothing is sent without ids: the form says which fields to fill.
    await userForm.locator('.field.invalid', { hasText: 'uid' }).getByText('required').waitFor();
    await userForm.getByLabel('uid', { exact: true }).fill('0');
    await userForm.getByLabel('gid', { exact: true }).fill('2703');
    await userForm.getByRole('button', { name: 'Create user' }).click();
    await userForm.getByText('0 is root').waitFor();
    await userForm.getByLabel('uid', { exact: true }).fill('2703');
    await screenshot(page, 'user-new');
    await userForm.getByRole('button', { name: 'Create user' }).click();
    await page.getByRole('rowheader', { name: /^erin/ }).waitFor();
    assert.ok(await stack.login('erin', 'erin-password'), 'the new user logs in');

    await page.getByRole('link', { name: 'Groups & projects', exact: true }).click();
    const groups = page.getByRole('region', { name: 'Groups' });
    await groups.getByRole('button', { name: 'New group' }).click();
    const groupForm = page.getByRole('form', { name: 'New group' });
    await groupForm.getByLabel('Name').fill('bio');
    await groupForm.getByLabel('gid').fill('5000');
    await groupForm.getByLabel('Shares').fill('0');
    await groupForm.getByRole('button', { name: 'Create group' }).click();
    await groupForm.getByText('must be 1 or more').waitFor();
    await groupForm.getByLabel('Shares').fill('3');
    await groupForm.getByRole('button', { name: 'Create group' }).click();
    const bio = page.locator('tr[data-account="group/bio"]');
    await bio.waitFor();
    await bio.getByRole('button', { name: 'Edit group bio' }).click();
    const members = page.getByRole('group', { name: 'Members of bio' });
    await members.getByLabel('Add member').fill('erin');
    await members.getByLabel('primary group').check();
    await members.getByRole('button', { name: 'Add' }).click();
    await members.getByRole('button', { name: 'Remove erin from bio' }).waitFor();
    await page.getByRole('form', { name: 'Edit group bio' }).getByLabel('Priority').fill('10');
    await screenshot(page, 'group-edit');
    await page.getByRole('button', { name: 'Save' }).click();
    await bio.getByRole('cell', { name: '10', exact: true }).waitFor();
    const group = await call<GroupView>(stack.url, 'GET', '/api/v1/groups/bio', {
      token: stack.adminToken,
    });
    assert.deepEqual(
      { gid: group.body.gid, shares: group.body.shares, priority: group.body.priority },
      { gid: 5000, shares: 3, priority: 10 },
    );
    assert.deepEqual(group.body.members, [{ username: 'erin', primary: true }]);

    const projects = page.getByRole('region', { name: 'Projects' });
    await projects.getByRole('button', { name: 'New project' }).click();
    const projectForm = page.getByRole('form', { name: 'New project' });
    await projectForm.getByLabel('Name').fill('genome');
    await projectForm.getByLabel('Manager').fill('erin');
    await projectForm.getByRole('button', { name: 'Create project' }).click();
    await page.locator('tr[data-account="project/genome"]', { hasText: 'erin' }).waitFor();
    const project = await call<ProjectView>(stack.url, 'GET', '/api/v1/projects/genome', {
      token: stack.adminToken,
    });
    assert.equal(project.body.manager, 'erin');

    const queues = page.getByRole('region', { name: 'Queues' });
    await queues.getByRole('button', { name: 'New queue' }).click();
    const queueForm = page.getByRole('form', { name: 'New queue' });
    await queueForm.getByLabel('Name').fill('long');
    await queueForm.getByLabel('Max walltime (hours)').fill('48');
    await queueForm.getByLabel('Allowed groups').fill('bio');
    await queueForm.getByRole('button', { name: 'Create queue' }).click();
    const long = page.locator('tr[data-account="queue/long"]');
    await long.getByRole('cell', { name: '2d 0h' }).waitFor();
    const queue = await call<QueueView>(stack.url, 'GET', '/api/v1/queues/long', {
      token: stack.adminToken,
    });
    assert.equal(queue.body.maxWalltimeSeconds, 48 * 3600);
    assert.deepEqual(queue.body.allowedGroups, ['bio']);
    await screenshot(page, 'accounts-edited');

    await long.getByRole('button', { name: 'Delete queue long' }).click();
    await page
      .getByRole('dialog', { name: 'Delete queue long?' })
      .getByRole('button', { name: 'Delete' })
      .click();
    await long.waitFor({ state: 'detached' });
    const gone = await call(stack.url, 'GET', '/api/v1/queues/long', { token: stack.adminToken });
    assert.equal(gone.status, 404);
    // The default queue, project and the fallback group cannot go: no Delete offered for them.
    for (const builtIn of ['queue/default', 'project/default', 'group/users']) {
      const row = page.locator(`tr[data-account="${builtIn}"]`);
      await row.getByText('built in').waitFor();
      assert.equal(await row.getByRole('button', { name: /^Delete / }).count(), 0, builtIn);
    }
  });

  test('the job list filters by queue', async () => {
    const created = await call(stack.url, 'POST', '/api/v1/queues', {
      token: stack.adminToken,
      body: { name: 'short' },
    });
    assert.equal(created.status, 201, created.text);
    const inShort = await submitAs(aliceToken, 'echo in-short', {
      queue: 'short',
      name: 'in-short',
    });
    const inDefault = await submitAs(aliceToken, 'echo in-default', { name: 'in-default' });
    const { page } = await open();
    await logInThroughUi(page, 'alice', 'alice-password');
    await page.locator(`tr[data-job-id="${inDefault.id}"]`).waitFor();
    await page.getByLabel('Queue').selectOption('short');
    await page.locator(`tr[data-job-id="${inDefault.id}"]`).waitFor({ state: 'detached' });
    await page.locator(`tr[data-job-id="${inShort.id}"]`).waitFor();
    assert.match(page.url(), /queue=short/);
    const shown = await page.locator('tr[data-job-id] .sub').allTextContents();
    assert.ok(shown.length > 0 && shown.every((text) => text.startsWith('short ')), shown.join());
  });

  test('the usage page reports over the period chosen', async () => {
    const { page } = await open();
    await logInThroughUi(page, 'admin', 'admin-password-for-tests');
    await page.getByRole('link', { name: 'Usage', exact: true }).click();
    // Jobs of the earlier tests finished today: the default period (30 days) counts them.
    await page.getByRole('rowheader', { name: 'alice' }).first().waitFor();
    await page.getByLabel('From').fill('2020-01-01');
    // Nothing is asked of the API for a period it would refuse.
    await page.getByText('A report covers at most 1096 days').waitFor();
    await page.getByLabel('To').fill('2020-01-31');
    await page.getByText('No job finished between 2020-01-01 and 2020-01-31').waitFor();
    await page.getByLabel('To').fill('2019-12-01');
    await page.getByText('Choose a start date on or before the end date.').waitFor();
    await page.getByRole('button', { name: 'Last 7 days' }).click();
    await page.getByRole('rowheader', { name: 'alice' }).first().waitFor();
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download CSV' }).click();
    const file = await download;
    assert.match(
      file.suggestedFilename(),
      /^usage-by-user-day-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.csv$/,
    );
  });

  test('the job list pages through tens of thousands of jobs', async () => {
    // History inserted straight into MariaDB (copies of one finished job of alice): the test is
    // about paging a big table, not about running 30,000 containers.
    const done = await submitAs(aliceToken, 'true', { name: 'history' });
    await stack.waitForJob(aliceToken, done.id, (j) => j.state === 'succeeded');
    const db = await mysql.createConnection(stack.config.mysqlUrl);
    try {
      const [columns] = await db.query<mysql.RowDataPacket[]>(
        `SELECT column_name AS name FROM information_schema.columns
          WHERE table_schema = DATABASE() AND table_name = 'jobs' AND column_name <> 'id'
          ORDER BY ordinal_position`,
      );
      const list = columns.map((c) => `\`${String(c.name)}\``).join(', ');
      await db.query(
        `INSERT INTO jobs (${list}) SELECT ${list} FROM jobs, seq_1_to_30000 WHERE id = ?`,
        [done.id],
      );
    } finally {
      await db.end();
    }
    const newest = await submitAs(aliceToken, 'true', { name: 'newest' });
    const { page } = await open();
    await logInThroughUi(page, 'alice', 'alice-password');
    const ids = async () => {
      const rows = await page.locator('tr[data-job-id]').all();
      return Promise.all(rows.map(async (row) => Number(await row.getAttribute('data-job-id'))));
    };
    await page.locator(`tr[data-job-id="${newest.id}"]`).waitFor();
    let seen: number[] = await ids();
    assert.equal(seen.length, 25);
    for (let pageNumber = 0; pageNumber < 3; pageNumber += 1) {
      const last: number = seen[seen.length - 1] ?? 0;
      await page.getByRole('link', { name: 'Older jobs' }).click();
      await page.locator(`tr[data-job-id="${last - 1}"]`).waitFor();
      const next: number[] = await ids();
      assert.equal(next.length, 25);
      assert.equal(next[0], last - 1, 'each page starts right after the previous one');
      assert.ok(
        next.every((id, i) => i === 0 || id < (next[i - 1] ?? 0)),
        'newest first',
      );
      seen = next;
    }
    await page.getByRole('link', { name: 'Newest' }).click();
    await page.locator(`tr[data-job-id="${newest.id}"]`).waitFor();
  });

  test('every main page passes the WCAG 2.1 A and AA checks of axe-core, on a laptop and a phone', async () => {
    const pending = await submitAs(aliceToken, 'sleep 30', { name: 'a11y' });
    const problems: string[] = [];
    for (const size of ['laptop', 'phone'] as const) {
      const { page } = await open(size);
      const check = async (path: string) => {
        for (const v of await accessibilityViolations(page))
          problems.push(
            `${size} ${path}: ${v.rule} (${v.impact}) ${v.help}: ${v.targets.join(', ')}`,
          );
      };
      await page.goto('/');
      await page.getByLabel('Username').waitFor();
      await check('/login');
      await logInThroughUi(page, 'admin', 'admin-password-for-tests');
      for (const path of [
        '/',
        '/submit',
        `/jobs/${pending.id}`,
        '/catalog',
        '/usage',
        '/cluster',
        '/admin/quotas',
        '/admin/users',
        '/admin/accounts',
      ]) {
        await page.goto(path);
        await page.getByRole('heading', { level: 1 }).first().waitFor();
        await page.getByText('Loading…').first().waitFor({ state: 'detached' });
        await check(path);
      }
    }
    await call(stack.url, 'DELETE', `/api/v1/jobs/${pending.id}`, { token: aliceToken });
    assert.deepEqual(problems, [], problems.join('\n'));
  });

  test('the usage, cluster and admin pages show without errors', async () => {
    const { page } = await open();
    await logInThroughUi(page, 'admin', 'admin-password-for-tests');
    for (const [link, heading, name] of [
      ['Usage', 'Usage', 'usage'],
      ['Cluster', 'Cluster', 'cluster'],
      ['Users', 'Users', 'users'],
      ['Groups & projects', 'Groups, projects and queues', 'accounts'],
    ] as const) {
      await page.getByRole('link', { name: link, exact: true }).click();
      await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
      // A page may have several sections loading at once: wait for the last one.
      await page.getByText('Loading…').first().waitFor({ state: 'detached' });
      await screenshot(page, name);
      if (name === 'users') await page.getByRole('rowheader', { name: /^alice/ }).waitFor();
    }
  });
});
