import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import Docker from 'dockerode';
import type { CatalogImage } from '../../core/catalog';
import { containerName } from '../../core/executor';
import type { JobView } from '../../core/job';
import { RegistryClient } from '../../adapters/registry/client';
import { REGISTRY_PROCESS, ensureRegistry } from '../../scripts/services/registry';
import { pushToRegistry } from '../../scripts/services/registry-push';
import { stopRecordedService } from '../../scripts/services/detached-process';
import { runCli, showRun } from '../support/cli';
import { testServices } from '../support/env';
import { call } from '../support/http';
import { startStack, type Stack } from '../support/stack';

// The software catalog against a real registry (Debian's docker-registry on loopback, which the
// suite services fill with godocker/busybox and godocker/debian) and a real Docker daemon.

// busybox has no /etc/os-release, and `.` of a missing file ends a POSIX sh: test first.
const script =
  'if [ -r /etc/os-release ]; then . /etc/os-release; fi; echo "os=${ID:-busybox}"; echo hello | sed s/h/H/';
const ended = (j: JobView) => ['succeeded', 'failed', 'killed'].includes(j.state);

function suiteRegistry(): string {
  const host = process.env.GODOCKER_TEST_REGISTRY;
  if (!host) throw new Error('GODOCKER_TEST_REGISTRY is unset: run the tests through `npm test`');
  return host;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== 'object' || !address) throw new Error('no free port');
  return address.port;
}

describe('the software catalog, a local registry and pinned digests', () => {
  const registry = suiteRegistry();
  const docker = new Docker({ socketPath: testServices().dockerSocket });
  const registries = new RegistryClient();
  let stack: Stack;
  let alice: string;
  let adminEnv: Record<string, string>;
  let aliceEnv: Record<string, string>;

  before(async () => {
    // Only busybox is seeded (built on the node); Debian comes from the registry by import.
    stack = await startStack({
      sections: {
        catalog: [{ name: 'godocker/busybox:latest', os: 'busybox', isDefault: true }],
      },
    });
    alice = await stack.createUser('alice', 2101);
    adminEnv = { GODOCKER_URL: stack.url, GODOCKER_TOKEN: stack.adminToken };
    aliceEnv = { GODOCKER_URL: stack.url, GODOCKER_TOKEN: alice };
  });
  after(async () => stack?.stop());

  async function submit(image: string, command = script) {
    return call<JobView>(stack.url, 'POST', '/api/v1/jobs', {
      token: alice,
      body: { image, command, cpus: 0.2, memoryMiB: 64 },
    });
  }

  async function logsOf(id: number): Promise<string> {
    return (await call(stack.url, 'GET', `/api/v1/jobs/${id}/logs`, { token: alice })).text;
  }

  test('an admin lists the registry and imports Debian with the digest the registry reports', async () => {
    const listing = await runCli(['image', 'import', registry, '--json'], adminEnv);
    assert.equal(listing.code, 0, showRun(listing));
    const repos = (
      JSON.parse(listing.stdout) as { repositories: { name: string; tags: string[] }[] }
    ).repositories;
    assert.ok(
      repos.some((r) => r.name === 'godocker/debian' && r.tags.includes('12')),
      listing.stdout,
    );

    const imported = await runCli(
      [
        'image',
        'import',
        registry,
        'godocker/debian:12',
        '--os',
        'debian',
        '--tag',
        'bash',
        '-d',
        'Debian 12 minbase',
        '--json',
      ],
      adminEnv,
    );
    assert.equal(imported.code, 0, showRun(imported));
    const debian = JSON.parse(imported.stdout) as CatalogImage;
    assert.equal(debian.image, 'godocker/debian:12');
    assert.equal(debian.reference, `${registry}/godocker/debian:12`);
    assert.equal(debian.digest, await registries.digest(registry, 'godocker/debian', '12'));

    // busybox moves to the registry too: the new reference's digest is looked up there.
    const moved = await call<CatalogImage>(
      stack.url,
      'PATCH',
      `/api/v1/images/${encodeURIComponent('godocker/busybox:latest')}`,
      {
        token: stack.adminToken,
        body: { reference: `${registry}/godocker/busybox:latest`, tags: ['shell'] },
      },
    );
    assert.equal(moved.status, 200, moved.text);
    assert.equal(
      moved.body.digest,
      await registries.digest(registry, 'godocker/busybox', 'latest'),
    );
  });

  test('users list, search and show the catalog; admins only may change it', async () => {
    const all = await runCli(['image', 'list'], aliceEnv);
    assert.equal(all.code, 0, showRun(all));
    assert.match(all.stdout, /godocker\/busybox:latest \(default\)/);
    assert.match(all.stdout, /godocker\/debian:12/);
    const bash = await runCli(['image', 'list', '--search', 'bash', '--json'], aliceEnv);
    const found = (JSON.parse(bash.stdout) as { images: CatalogImage[] }).images.map(
      (i) => i.image,
    );
    assert.deepEqual(found, ['godocker/debian:12']);
    const byOs = await call<{ images: CatalogImage[] }>(
      stack.url,
      'GET',
      '/api/v1/images?os=busybox',
      {
        token: alice,
      },
    );
    assert.deepEqual(
      byOs.body.images.map((i) => i.image),
      ['godocker/busybox:latest'],
    );
    const shown = await runCli(['image', 'show', 'godocker/debian:12'], aliceEnv);
    assert.equal(shown.code, 0, showRun(shown));
    assert.match(shown.stdout, /digest:\s+sha256:[a-f0-9]{64}/);
    const refused = await runCli(['image', 'remove', 'godocker/debian:12'], aliceEnv);
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /admin/i);
  });

  test('admins add, update and remove images from the CLI; one default at a time', async () => {
    const added = await runCli(
      [
        'image',
        'add',
        'godocker/tools:1',
        '--reference',
        'godocker/busybox:latest',
        '--os',
        'busybox',
        '--tag',
        'tools',
        '-d',
        'Small tools',
        '--default',
      ],
      adminEnv,
    );
    assert.equal(added.code, 0, showRun(added));
    assert.match(added.stdout, /reference:\s+godocker\/busybox:latest\n/);
    const defaults = async () => {
      const list = await runCli(['image', 'list', '--json'], aliceEnv);
      assert.equal(list.code, 0, showRun(list));
      return (JSON.parse(list.stdout) as { images: CatalogImage[] }).images
        .filter((i) => i.isDefault)
        .map((i) => i.image);
    };
    assert.deepEqual(await defaults(), ['godocker/tools:1'], 'the new default replaced the old');
    const updated = await runCli(
      ['image', 'update', 'godocker/tools:1', '-d', 'Tools, renamed', '--no-default'],
      adminEnv,
    );
    assert.equal(updated.code, 0, showRun(updated));
    assert.match(updated.stdout, /Tools, renamed/);
    const back = await runCli(
      ['image', 'update', 'godocker/busybox:latest', '--default'],
      adminEnv,
    );
    assert.equal(back.code, 0, showRun(back));
    assert.deepEqual(await defaults(), ['godocker/busybox:latest']);
    const duplicate = await runCli(
      ['image', 'add', 'godocker/tools:1', '--reference', 'godocker/busybox:latest'],
      adminEnv,
    );
    assert.notEqual(duplicate.code, 0);
    assert.match(duplicate.stderr, /already/);
    const removed = await runCli(['image', 'remove', 'godocker/tools:1'], adminEnv);
    assert.equal(removed.code, 0, showRun(removed));
    const gone = await runCli(['image', 'show', 'godocker/tools:1'], aliceEnv);
    assert.notEqual(gone.code, 0);
  });

  test('the same script runs on busybox and on Debian, each pinned to its digest', async () => {
    const first = await submit('godocker/busybox');
    const second = await submit('godocker/debian:12');
    assert.equal(first.status, 201, first.text);
    assert.equal(second.status, 201, second.text);
    const [busybox, debian] = await Promise.all([
      stack.waitForJob(alice, first.body.id, ended, 60_000),
      stack.waitForJob(alice, second.body.id, ended, 60_000),
    ]);
    assert.equal(busybox.state, 'succeeded', JSON.stringify(busybox));
    assert.equal(debian.state, 'succeeded', JSON.stringify(debian));
    assert.match(await logsOf(busybox.id), /os=busybox\nHello/);
    assert.match(await logsOf(debian.id), /os=debian\nHello/);
    const catalog = await call<CatalogImage>(
      stack.url,
      'GET',
      `/api/v1/images/${encodeURIComponent('godocker/debian:12')}`,
      { token: alice },
    );
    assert.equal(debian.imageDigest, catalog.body.digest);
    assert.match(busybox.imageDigest ?? '', /^sha256:[a-f0-9]{64}$/);
  });

  test('the container is created from name@digest', async () => {
    const job = await submit('godocker/debian:12', 'sleep 60');
    assert.equal(job.status, 201, job.text);
    const running = await stack.waitForJob(
      alice,
      job.body.id,
      (j) => j.state === 'running' || ended(j),
    );
    assert.equal(running.state, 'running', JSON.stringify(running));
    const info = await docker
      .getContainer(containerName(stack.config.instance, job.body.id))
      .inspect();
    assert.equal(info.Config.Image, `${registry}/godocker/debian@${running.imageDigest}`);
    const image = await docker.getImage(info.Config.Image).inspect();
    assert.equal(info.Image, image.Id);
    await call(stack.url, 'DELETE', `/api/v1/jobs/${job.body.id}`, { token: alice });
    await stack.waitForJob(alice, job.body.id, ended);
  });

  test('an unknown image is refused with the close matches', async () => {
    const typo = await submit('godocker/debain:12');
    assert.equal(typo.status, 400, typo.text);
    assert.match(
      typo.text,
      /body\.image: unknown image 'godocker\/debain:12'.*did you mean godocker\/debian:12/,
    );
    const show = await runCli(['image', 'show', 'godocker/debain:12'], aliceEnv);
    assert.notEqual(show.code, 0);
    assert.match(
      show.stderr,
      /no image 'godocker\/debain:12' in the catalog; did you mean godocker\/debian:12/,
    );
  });

  describe('an image not on the node, from a registry that goes down and comes back', () => {
    let dataDir: string;
    let host: string;
    let repository: string;

    before(async () => {
      dataDir = await mkdtemp(path.join(tmpdir(), 'godocker-registry-'));
      const port = await freePort();
      await ensureRegistry({ dataDir, port, log: () => undefined });
      host = `127.0.0.1:${port}`;
      // A repository this daemon has never pulled: the job must pull it.
      repository = `godocker/offline-${process.pid}`;
      await docker.getImage('godocker/busybox:latest').tag({ repo: repository, tag: 'v1' });
      await pushToRegistry(`${repository}:v1`, { docker, registry: host, log: () => undefined });
      const imported = await call<CatalogImage>(stack.url, 'POST', '/api/v1/images/import', {
        token: stack.adminToken,
        body: { registry: host, repository, tag: 'v1', os: 'busybox' },
      });
      assert.equal(imported.status, 201, imported.text);
      for (const tag of [`${host}/${repository}:v1`, `${repository}:v1`]) {
        await docker.getImage(tag).remove();
      }
    });
    after(async () => {
      await stopRecordedService(dataDir, REGISTRY_PROCESS);
      await rm(dataDir, { recursive: true, force: true });
      // The job pulled it by digest: drop those references (never the image by id: it is
      // godocker/busybox's own, tagged anew above).
      const pulled = await docker.listImages({
        digests: true,
        filters: JSON.stringify({ reference: [`${host}/${repository}`] }),
      });
      const references = pulled
        .flatMap((image) => [...(image.RepoTags ?? []), ...(image.RepoDigests ?? [])])
        .filter((reference) => reference.startsWith(`${host}/${repository}`));
      for (const reference of references) await docker.getImage(reference).remove();
    });

    test('the job stays pending with ImageUnavailable, then pulls (with progress) and runs', async () => {
      await stopRecordedService(dataDir, REGISTRY_PROCESS);
      const importFrom = (tag: string) =>
        call(stack.url, 'POST', '/api/v1/images/import', {
          token: stack.adminToken,
          body: { registry: host, repository, tag, os: 'busybox' },
        });
      const whileDown = await importFrom('v2');
      assert.equal(whileDown.status, 503, whileDown.text);
      assert.match(whileDown.text, new RegExp(`registry ${host} unreachable`));
      const job = await submit(`${repository}:v1`);
      assert.equal(job.status, 201, job.text);
      const held = await stack.waitForJob(
        alice,
        job.body.id,
        (j) => /^ImageUnavailable:/.test(j.reason ?? '') || ended(j),
      );
      assert.equal(held.state, 'pending', JSON.stringify(held));
      assert.match(
        held.reason ?? '',
        new RegExp(`ImageUnavailable: registry ${host} unreachable \\(.+\\); retrying`),
      );
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      const still = await call<JobView>(stack.url, 'GET', `/api/v1/jobs/${job.body.id}`, {
        token: alice,
      });
      assert.equal(still.body.state, 'pending', JSON.stringify(still.body));

      await ensureRegistry({ dataDir, port: Number(host.split(':')[1]), log: () => undefined });
      const done = await stack.waitForJob(alice, job.body.id, ended, 120_000);
      assert.equal(done.state, 'succeeded', JSON.stringify(done));
      assert.match(await logsOf(done.id), /os=busybox\nHello/);
      const reasons = (done.history ?? []).map((h) => h.reason ?? '');
      assert.ok(
        reasons.some((r) =>
          new RegExp(
            `^ImagePulling: Pulling ${host}/${repository}@sha256:[a-f0-9]{64}: \\d+%$`,
          ).test(r),
        ),
        reasons.join('\n'),
      );
      assert.match(done.imageDigest ?? '', /^sha256:/);
      const badTag = await importFrom('v9');
      assert.equal(badTag.status, 400, badTag.text);
      assert.match(badTag.text, /v1/, 'the refusal names the tags the registry has');
    });
  });
});
