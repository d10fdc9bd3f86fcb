import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import type { JobView } from '../../core/job';
import type { QuotaView } from '../../core/quotas';
import {
  launchBrowser,
  logInThroughUi,
  openPage,
  screenshot,
  type WatchedPage,
} from '../support/browser';
import { call } from '../support/http';
import { startStack, type Stack } from '../support/stack';

// The web UI in Debian's Chromium against a whole stack (API, worker, MariaDB, Temporal, Docker):
// what a person does, with no reloads, and no console error allowed unless a test provokes it.
describe('web UI in Chromium', { timeout: 300_000 }, () => {
  let stack: Stack;
  let browser: Browser;
  let aliceToken: string;
  const pages: WatchedPage[] = [];

  const open = async (size: 'laptop' | 'phone' = 'laptop') => {
    const watched = await openPage(browser, stack.url, size);
    pages.push(watched);
    return watched;
  };
  const submitAs = async (token: string, command: string) => {
    const answer = await call<JobView>(stack.url, 'POST', '/api/v1/jobs', {
      token,
      body: { image: 'godocker/busybox:latest', command },
    });
    assert.equal(answer.status, 201, answer.text);
    return answer.body;
  };

  before(async () => {
    [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
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
      await page.locator('text=Loading…').waitFor({ state: 'detached' });
      await screenshot(page, name);
      if (name === 'users') await page.getByRole('rowheader', { name: /^alice/ }).waitFor();
    }
  });
});
