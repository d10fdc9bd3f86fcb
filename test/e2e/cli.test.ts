import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { JobView } from '../../core/job';
import { runCli as godocker, showRun as show } from '../support/cli';
import { call } from '../support/http';
import { startStack, type Stack } from '../support/stack';

describe('the godocker CLI against a real stack', { timeout: 180_000 }, () => {
  let stack: Stack;
  let home: string;
  let env: Record<string, string>;
  let carol: string;
  const cli = (args: string[], input?: string) => godocker(args, env, input);

  before(
    async () => {
      stack = await startStack();
      carol = await stack.createUser('carol', 2101);
      home = await mkdtemp(path.join(tmpdir(), 'godocker-cli-'));
      env = { GODOCKER_URL: stack.url, HOME: home, XDG_CONFIG_HOME: path.join(home, 'xdg') };
    },
    { timeout: 120_000 },
  );
  after(async () => {
    await stack?.stop();
    if (home) await rm(home, { recursive: true, force: true });
  });

  test('before login, commands say how to log in', async () => {
    const run = await cli(['job', 'list']);
    assert.equal(run.code, 1, show(run));
    assert.match(run.stderr, /not logged in: run `godocker login` \(or set GODOCKER_TOKEN\)/);
    assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');
  });

  test('login with --password-stdin saves the token for its owner only', async () => {
    const wrong = await cli(['login', '-u', 'carol', '--password-stdin'], 'not-her-password\n');
    assert.equal(wrong.code, 1, show(wrong));
    const run = await cli(['login', '-u', 'carol', '--password-stdin'], 'carol-password\n');
    assert.equal(run.code, 0, show(run));
    assert.match(run.stdout, /Logged in to .* as carol \(user\)/);
    const file = path.join(home, 'xdg', 'godocker', 'config.json');
    assert.equal((await stat(file)).mode & 0o777, 0o600);
    const saved = JSON.parse(await readFile(file, 'utf8')) as { url: string; token: string };
    assert.equal(saved.url, stack.url);
    assert.ok(saved.token.length > 10);
  });

  test('the saved token is never sent to another server', async () => {
    const run = await godocker(['job', 'list'], { ...env, GODOCKER_URL: 'http://127.0.0.1:9' });
    assert.equal(run.code, 1, show(run));
    assert.match(run.stderr, /not logged in to http:\/\/127\.0\.0\.1:9 \(the saved login is for /);
  });

  test('submit --wait exits with the job exit code; logs prints its output', async () => {
    const run = await cli([
      'job',
      'submit',
      '--memory',
      '64M',
      '--wait',
      '--',
      'echo hello; exit 4',
    ]);
    assert.equal(run.code, 4, show(run));
    const id = Number(/Submitted job (\d+)/.exec(run.stderr)?.[1]);
    assert.ok(id > 0, show(run));
    assert.match(run.stderr, new RegExp(`job ${id}: failed, exit code 4 \\(Exited with code 4\\)`));
    assert.match(
      run.stderr,
      new RegExp(`job ${id}: (submitted|pending|admitted|launching|running)\\b`),
      'state changes are reported',
    );

    const logs = await cli(['job', 'logs', String(id)]);
    assert.equal(logs.code, 0, show(logs));
    assert.equal(logs.stdout, 'hello\n');
  });

  test('submit --follow streams the output and exits 0 on success', async () => {
    const run = await cli([
      'job',
      'submit',
      '-m',
      '32M',
      '--name',
      'two lines',
      '--follow',
      '--',
      'echo one; sleep 1; echo two',
    ]);
    assert.equal(run.code, 0, show(run));
    assert.equal(run.stdout, 'one\ntwo\n');
    assert.match(run.stderr, /succeeded, exit code 0/);
  });

  test('a submitted job is listed, shown, killed, and ends killed', async () => {
    const submitted = await cli([
      'job',
      'submit',
      '--json',
      '-m',
      '32M',
      '--max-lifetime',
      '1h',
      '--',
      'sleep',
      '30',
    ]);
    assert.equal(submitted.code, 0, show(submitted));
    const job = JSON.parse(submitted.stdout) as JobView;
    assert.equal(job.command, 'sleep 30');
    assert.equal(job.maxLifetimeSeconds, 3600);
    assert.equal(job.owner, 'carol');

    const list = await cli(['job', 'list', '--json']);
    assert.equal(list.code, 0, show(list));
    assert.ok((JSON.parse(list.stdout) as { jobs: JobView[] }).jobs.some((j) => j.id === job.id));
    const table = await cli(['job', 'list']);
    assert.match(table.stdout, /^\s*ID\s+NAME\s+STATE\s+REASON\s+CPUS\s+MEMORY\s+SUBMITTED/);
    assert.match(table.stdout, new RegExp(`^\\s*${job.id}\\s+sleep\\s`, 'm'));

    const details = await cli(['job', 'show', String(job.id)]);
    assert.equal(details.code, 0, show(details));
    assert.match(details.stdout, new RegExp(`^ID:\\s+${job.id}$`, 'm'));
    assert.match(details.stdout, /^Command:\n {2}sleep 30$/m);
    assert.match(details.stdout, /^Peak memory:\s+/m);
    assert.match(details.stdout, /^History:\n.*submitted/m);

    await stack.waitForJob(carol, job.id, (j) => j.state === 'running');
    const kill = await cli(['job', 'kill', String(job.id)]);
    assert.equal(kill.code, 0, show(kill));
    assert.match(kill.stdout, new RegExp(`Kill requested for job ${job.id}`));
    const killed = await stack.waitForJob(carol, job.id, (j) => j.finishedAt !== null);
    assert.equal(killed.state, 'killed');
    const ended = await cli(['job', 'show', String(job.id)]);
    assert.equal(ended.code, 0, show(ended));
    assert.match(ended.stdout, /^CPU time used:\s+\d+\.\d{3} s$/m);
    assert.match(ended.stdout, /^Peak memory:\s+(?:-|[\d.]+[KMG]? of 32M)$/m);
    const again = await cli(['job', 'kill', String(job.id)]);
    assert.equal(again.code, 1, show(again));
    assert.match(again.stderr, /has already ended/);
  });

  test('bad input is refused before anything is submitted', async () => {
    const count = async () =>
      (JSON.parse((await cli(['job', 'list', '--json'])).stdout) as { jobs: JobView[] }).jobs
        .length;
    const jobsBefore = await count();
    const memory = await cli(['job', 'submit', '--memory', 'lots', '--', 'echo', 'hi']);
    assert.equal(memory.code, 2, show(memory));
    assert.match(memory.stderr, /--memory: cannot read memory size 'lots'/);
    const nothing = await cli(['job', 'submit']);
    assert.equal(nothing.code, 2, show(nothing));
    assert.match(
      nothing.stderr,
      /give the command after --, e\.g\. godocker job submit -- echo hello, or --script FILE/,
    );
    const typo = await cli(['job', 'submit', '--wiat', 'echo', 'hi']);
    assert.equal(typo.code, 2, show(typo));
    assert.match(typo.stderr, /Nonexistent flag: --wiat/);
    assert.equal(await count(), jobsBefore);
  });

  test('an unknown job gives the API message and a non-zero exit', async () => {
    const run = await cli(['job', 'show', '999999']);
    assert.equal(run.code, 1, show(run));
    assert.equal(run.stderr.trim(), 'Error: no job 999999 among your jobs');
    const json = await cli(['job', 'logs', '999999', '--json']);
    assert.equal(json.code, 1, show(json));
    assert.deepEqual(JSON.parse(json.stdout), {
      error: { code: 'not_found', message: 'no job 999999 among your jobs' },
    });
  });

  test('logout revokes the token on the server and forgets it', async () => {
    const file = path.join(home, 'xdg', 'godocker', 'config.json');
    const { token } = JSON.parse(await readFile(file, 'utf8')) as { token: string };
    const run = await cli(['logout']);
    assert.equal(run.code, 0, show(run));
    assert.equal((await call(stack.url, 'GET', '/api/v1/me', { token })).status, 401);
    assert.match((await cli(['job', 'list'])).stderr, /not logged in/);
  });
});
