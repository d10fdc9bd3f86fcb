import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { GroupView } from '../../core/groups';
import type { JobView } from '../../core/job';
import type { QuotaView } from '../../core/quotas';
import { runCli, showRun as show } from '../support/cli';
import { startStack, type Stack } from '../support/stack';

// No worker: nothing here needs a job to run.
describe('godocker group|project|queue|quota against a real stack', { timeout: 120_000 }, () => {
  let stack: Stack;
  let home: string;
  let dora: string;
  const env = (token: string) => ({
    GODOCKER_URL: stack.url,
    GODOCKER_TOKEN: token,
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, 'xdg'),
  });
  const asAdmin = (args: string[]) => runCli(args, env(stack.adminToken));
  const asDora = (args: string[]) => runCli(args, env(dora));

  before(async () => {
    stack = await startStack({}, { inProcessWorker: false });
    dora = await stack.createUser('dora', 2601);
    home = await mkdtemp(path.join(tmpdir(), 'godocker-accounts-cli-'));
  });
  after(async () => {
    await stack?.stop();
    if (home) await rm(home, { recursive: true, force: true });
  });

  test('groups: create, add a primary member, list as a table and as JSON', async () => {
    const created = await asAdmin(['group', 'create', 'bio', '--gid', '4100', '--shares', '2']);
    assert.equal(created.code, 0, show(created));
    assert.match(created.stdout, /^Name:\s+bio$/m);
    assert.match(created.stdout, /^Shares:\s+2$/m);

    const added = await asAdmin(['group', 'add-member', 'bio', 'dora', '--primary']);
    assert.equal(added.code, 0, show(added));
    assert.equal(added.stdout.trim(), 'dora is in group bio (primary).');

    const table = await asAdmin(['group', 'list']);
    assert.match(table.stdout, /^NAME\s+GID\s+SHARES\s+PRIORITY\s+MEMBERS\s+DESCRIPTION$/m);
    assert.match(table.stdout, /^bio\s+4100\s+2\s+0\s+dora\*$/m);
    const json = await asAdmin(['group', 'list', '--json']);
    const groups = (JSON.parse(json.stdout) as { groups: GroupView[] }).groups;
    assert.deepEqual(
      groups.map((g) => g.name),
      ['bio', 'users'],
    );

    const bad = await asAdmin(['group', 'create', 'Bad!']);
    assert.equal(bad.code, 1, show(bad));
    assert.match(bad.stderr, /^Error: body\.name: use 1-32 lowercase letters/);
    const notAdmin = await asDora(['group', 'list']);
    assert.equal(notAdmin.code, 1, show(notAdmin));
    assert.equal(notAdmin.stderr.trim(), 'Error: this needs the admin role');
  });

  test('queues and projects: created by an admin, read by a member, enforced at submit', async () => {
    const queue = await asAdmin([
      'queue',
      'create',
      'short',
      '--max-walltime',
      '10m',
      '--allow-group',
      'bio',
    ]);
    assert.equal(queue.code, 0, show(queue));
    assert.match(queue.stdout, /^Max walltime:\s+10m$/m);
    assert.match(queue.stdout, /^Allowed groups:\s+bio$/m);
    const project = await asAdmin(['project', 'create', 'genome', '--manager', 'dora']);
    assert.equal(project.code, 0, show(project));

    const queues = await asDora(['queue', 'list']);
    assert.match(queues.stdout, /^default\s+0\s+site max\s+all groups/m);
    assert.match(queues.stdout, /^short\s+0\s+10m\s+bio/m);
    const projects = await asDora(['project', 'list']);
    assert.match(projects.stdout, /^genome\s+dora\s+1\s+0\s+dora$/m);

    const tooLong = await asDora([
      'job',
      'submit',
      '--queue',
      'short',
      '--max-lifetime',
      '2h',
      '--',
      'true',
    ]);
    assert.equal(tooLong.code, 1, show(tooLong));
    assert.match(tooLong.stderr, /over the max walltime of queue 'short' \(600 s = 10m\)/);
    const submitted = await asDora([
      'job',
      'submit',
      '--json',
      '-q',
      'short',
      '-p',
      'genome',
      '--',
      'true',
    ]);
    assert.equal(submitted.code, 0, show(submitted));
    const job = JSON.parse(submitted.stdout) as JobView;
    assert.deepEqual([job.group, job.project, job.queue], ['bio', 'genome', 'short']);
    const details = await asDora(['job', 'show', String(job.id)]);
    assert.match(details.stdout, /^Charged to:\s+group bio, project genome$/m);
    assert.match(details.stdout, /^Queue:\s+short$/m);

    const listed = async (...filters: string[]) => {
      const run = await asDora(['job', 'list', '--json', ...filters]);
      assert.equal(run.code, 0, show(run));
      return (JSON.parse(run.stdout) as { jobs: JobView[] }).jobs.map((j) => j.id);
    };
    assert.ok((await listed('--queue', 'short')).includes(job.id));
    assert.ok(!(await listed('--queue', 'default')).includes(job.id));
    // dora manages genome: she lists the project's jobs.
    assert.ok((await listed('--project', 'genome', '--queue', 'short')).includes(job.id));
  });

  test('quotas: set with units, refuse bad input before any request, list and clear', async () => {
    const set = await asAdmin([
      'quota',
      'set',
      'user',
      'dora',
      '--max-pending',
      '5',
      '--max-memory',
      '64G',
      '--cpu-hours',
      '100',
      '--window',
      '7d',
      '--json',
    ]);
    assert.equal(set.code, 0, show(set));
    const quota = JSON.parse(set.stdout) as QuotaView;
    assert.deepEqual(
      [quota.maxPendingJobs, quota.maxMemoryMiB, quota.cpuHoursPerWindow, quota.windowHours],
      [5, 65536, 100, 168],
    );
    const cleared = await asAdmin(['quota', 'set', 'user', 'dora', '--max-pending', 'none']);
    assert.equal(cleared.code, 0, show(cleared));

    const table = await asDora(['quota', 'list']);
    assert.match(table.stdout, /^KIND\s+NAME\s+CPUS\s+MEMORY\s+RUNNING\s+PENDING\s+CPU-H/m);
    assert.match(table.stdout, /^user\s+dora\s+-\s+64G\s+-\s+-\s+100\s+-\s+7d$/m);

    const nothing = await asAdmin(['quota', 'set', 'user', 'dora']);
    assert.equal(nothing.code, 2, show(nothing));
    assert.match(nothing.stderr, /give at least one limit/);
    const kind = await asAdmin(['quota', 'set', 'planet', 'mars', '--max-jobs', '1']);
    assert.equal(kind.code, 2, show(kind));
    assert.match(kind.stderr, /'planet' is not a kind of account: use user, group, project, queue/);
    const window = await asAdmin(['quota', 'set', 'group', 'bio', '--window', '90m']);
    assert.equal(window.code, 2, show(window));
    assert.match(window.stderr, /--window: window '90m' must be whole hours/);

    const clear = await asAdmin(['quota', 'clear', 'user', 'dora']);
    assert.equal(clear.code, 0, show(clear));
    assert.equal(
      (await asAdmin(['quota', 'list'])).stdout.trim(),
      'No quotas: nothing is limited.',
    );
  });
});
