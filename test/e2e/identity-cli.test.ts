import assert from 'node:assert/strict';
import { chown, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { AuditEvent } from '../../core/audit';
import type { JobView } from '../../core/job';
import { runCli, showRun as show } from '../support/cli';
import { startStack, type Stack } from '../support/stack';

describe('godocker token|volume|user|audit and job submit --volume against a real stack', () => {
  let stack: Stack;
  let home: string;
  let shared: string;
  let gus: string;
  const env = (token: string) => ({
    GODOCKER_URL: stack.url,
    GODOCKER_TOKEN: token,
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, 'xdg'),
  });
  const asAdmin = (args: string[]) => runCli(args, env(stack.adminToken));
  const asGus = (args: string[]) => runCli(args, env(gus));

  before(async () => {
    stack = await startStack();
    gus = await stack.createUser('gus', 2801);
    home = await mkdtemp(path.join(tmpdir(), 'godocker-identity-cli-'));
    // Outside the stack's data dir: Go-Docker's own data is never mountable.
    shared = await mkdtemp(path.join(tmpdir(), 'godocker-scratch-'));
    await mkdir(path.join(shared, 'gus'));
    await chown(path.join(shared, 'gus'), 2801, 2801);
  });
  after(async () => {
    await stack?.stop();
    for (const dir of [home, shared]) if (dir) await rm(dir, { recursive: true, force: true });
  });

  test('a user creates, lists and revokes an API token; the secret is printed once', async () => {
    const created = await asGus(['token', 'create', 'pipeline', '--scope', 'read', '--json']);
    assert.equal(created.code, 0, show(created));
    const token = JSON.parse(created.stdout) as { id: number; token: string };
    assert.match(token.token, /^gdt_/);
    const viaToken = await runCli(['job', 'list'], env(token.token));
    assert.equal(viaToken.code, 0, show(viaToken));
    const list = await asGus(['token', 'list']);
    assert.match(list.stdout, /^ID\s+NAME\s+SCOPE\s+EXPIRES\s+LAST USED\s+STATE$/m);
    assert.match(
      list.stdout,
      new RegExp(`^\\s*${token.id}\\s+pipeline\\s+read\\s+.*\\s+live$`, 'm'),
    );
    assert.doesNotMatch(list.stdout, /gdt_/);
    const revoked = await asGus(['token', 'revoke', String(token.id)]);
    assert.equal(revoked.code, 0, show(revoked));
    const dead = await runCli(['job', 'list'], env(token.token));
    assert.equal(dead.code, 1);
    assert.match(dead.stderr, /token expired or revoked/);
  });

  test('an admin declares a volume; a job mounts it; bad paths are refused with the reason', async () => {
    const created = await asAdmin([
      'volume',
      'create',
      'scratch',
      '--host-path',
      `${shared}/{username}`,
      '--container-path',
      '/scratch',
      '--no-read-only',
      '--description',
      'per-user scratch',
    ]);
    assert.equal(created.code, 0, show(created));
    assert.match(created.stdout, /^Mode:\s+read-write$/m);
    const refused = await asAdmin([
      'volume',
      'create',
      'etc',
      '--host-path',
      '/etc',
      '--container-path',
      '/x',
    ]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /body\.hostPath: \/etc lies in \/etc, which may not be mounted/);
    const list = await asGus(['volume', 'list']);
    assert.match(
      list.stdout,
      /^scratch\s+\S+\{username\}\s+\/scratch\s+rw\s+everyone\s+per-user scratch$/m,
    );

    const run = await asGus([
      'job',
      'submit',
      '--memory',
      '32M',
      '--volume',
      'scratch',
      '--wait',
      '--json',
      '--',
      'echo hi > /scratch/out && cat /scratch/out',
    ]);
    assert.equal(run.code, 0, show(run));
    const job = JSON.parse(run.stdout) as JobView;
    assert.deepEqual(
      job.mounts.map((m) => [m.volume, m.containerPath, m.readOnly]),
      [
        ['home', job.mounts[0]?.containerPath, false],
        ['scratch', '/scratch', false],
      ],
    );
    const readOnly = await asGus([
      'job',
      'submit',
      '--memory',
      '32M',
      '-v',
      'scratch:ro',
      '--wait',
      '--',
      'touch /scratch/x',
    ]);
    assert.equal(readOnly.code, 1, show(readOnly));
    const unknown = await asGus(['job', 'submit', '-v', 'nope', '--', 'true']);
    assert.equal(unknown.code, 1);
    assert.match(
      unknown.stderr,
      /body\.volumes\.0\.name: no volume 'nope'; the catalog has: scratch/,
    );
  });

  test('root: refused without a grant; granted and revoked by an admin; all of it in the audit log', async () => {
    const before = await asGus(['job', 'submit', '--root', '--', 'id -u']);
    assert.equal(before.code, 1);
    assert.match(before.stderr, /body\.root: running as root needs an admin to grant it to you/);
    const grant = await asAdmin(['user', 'update', 'gus', '--allow-root']);
    assert.equal(grant.code, 0, show(grant));
    assert.match(grant.stdout, /^Root jobs:\s+allowed/m);
    const rootJob = await asGus([
      'job',
      'submit',
      '--root',
      '--memory',
      '32M',
      '--wait',
      '--json',
      '--',
      'id -u',
    ]);
    assert.equal(rootJob.code, 0, show(rootJob));
    const job = JSON.parse(rootJob.stdout) as JobView;
    assert.equal(job.root, true);
    assert.ok(
      job.mounts.every((m) => m.readOnly),
      'every mount of a root job is read-only',
    );
    const revoke = await asAdmin(['user', 'update', 'gus', '--no-allow-root']);
    assert.equal(revoke.code, 0, show(revoke));

    const audit = await asAdmin(['audit', '--actor', 'gus', '--json']);
    assert.equal(audit.code, 0, show(audit));
    const events = (JSON.parse(audit.stdout) as { events: AuditEvent[] }).events;
    assert.ok(events.some((e) => e.action === 'job.submit' && e.outcome === 'refused'));
    assert.ok(events.some((e) => e.action === 'job.root' && e.target === `job/${job.id}`));
    const grants = await asAdmin([
      'audit',
      '--action',
      'user.update',
      '--target',
      'user/gus',
      '--json',
    ]);
    const changes = (JSON.parse(grants.stdout) as { events: AuditEvent[] }).events;
    assert.deepEqual(
      changes.map((e) => e.detail?.rootAllowed),
      [false, true],
    );
    const table = await asAdmin(['audit', '--action', 'job.*', '--limit', '5']);
    assert.match(
      table.stdout,
      /^\s*ID\s+TIME\s+ACTOR\s+ADDRESS\s+ACTION\s+TARGET\s+OUTCOME\s+DETAIL$/m,
    );
    const notAdmin = await asGus(['audit']);
    assert.equal(notAdmin.code, 1);
    assert.match(notAdmin.stderr, /this needs the admin role/);
  });
});
