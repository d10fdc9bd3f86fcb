import assert from 'node:assert/strict';
import { chmod, chown, mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { AuditEvent } from '../../core/audit';
import { isFinal, type JobView } from '../../core/job';
import type { UserView } from '../../core/user';
import type { Volume } from '../../core/volumes';
import {
  acceptableJob,
  hostileNames as names,
  hostileSpecs,
  hostileVolumes,
  type HostileSpec,
} from '../support/hostile-specs';
import { call, type ApiAnswer } from '../support/http';
import { startStack, type Stack } from '../support/stack';

// The corpus of test/support/hostile-specs.ts, submitted by a plain user (no root grant) on a
// site that lets users bring images from one registry. Every spec must be refused with a 4xx,
// nothing may run, and every refusal that reached a route must be in the audit log with the body.

interface ErrorBody {
  error?: { code: string; message: string };
}

const allowedRegistry = 'registry.godocker.test';
const attacker = 'mallory';

describe('hostile job specs from a plain user are refused, audited and never run', () => {
  let stack: Stack;
  let mallory: string;
  let base: string;
  const made: string[] = [];
  const answers = new Map<HostileSpec, ApiAnswer<ErrorBody>>();

  async function admin<T = Record<string, unknown>>(method: string, url: string, body?: unknown) {
    return call<T>(stack.url, method, `/api/v1${url}`, { token: stack.adminToken, body });
  }

  async function must(method: string, url: string, body?: unknown): Promise<void> {
    const answer = await admin(method, url, body);
    assert.ok(answer.status < 300, `${method} ${url}: ${answer.text}`);
  }

  async function homeOf(username: string): Promise<string> {
    return (await admin<UserView>('GET', `/users/${username}`)).body.home;
  }

  async function link(at: string, target: string): Promise<void> {
    await mkdir(path.dirname(at), { recursive: true });
    await symlink(target, at);
    made.push(at);
  }

  // The host side of the trap volumes of the corpus: each is a sound template at declaration,
  // and the attacker's expansion leads somewhere forbidden.
  async function trapVolumes(): Promise<Record<string, unknown>[]> {
    const home = await homeOf(attacker);
    const vince = await homeOf('vince');
    const { dataDir } = stack.config;
    await mkdir(path.join(base, 'shared'));
    await mkdir(path.join(base, 'missing'));
    await mkdir(path.join(base, 'scratch', attacker), { recursive: true });
    await chown(path.join(base, 'scratch', attacker), 3301, 3301);
    await link(path.join(base, 'etc-links', attacker), '/etc');
    await link(path.join(base, 'victim-links', attacker), vince);
    await link(`${base}-victim-${attacker}`, vince);
    await link(`${base}-data-${attacker}`, dataDir);
    await link(path.join(base, 'rel', attacker), '../../..');
    await link(path.join(base, 'mid', attacker), '/proc');
    await link(path.join(base, 'rootlink'), '/');
    await link(path.join(base, 'sock', attacker), stack.config.docker.socketPath);
    await link(path.join(home, 'escape'), '/etc');
    await link(path.join(home, 'peek'), vince);
    await link(path.join(base, attacker), path.join(base, 'home-real', 'vicky'));
    const shared = path.join(base, 'shared');
    const volume = (name: string, hostPath: string, extra: Record<string, unknown> = {}) => ({
      name,
      hostPath,
      containerPath: `/v/${name}`,
      readOnly: false,
      ...extra,
    });
    return [
      volume(names.scratch, `${base}/scratch/{username}`),
      volume(names.linkEtc, `${base}/etc-links/{username}`),
      volume(names.linkVictim, `${base}/victim-links/{username}`),
      volume(names.tmpVictim, `${base}-victim-{username}`),
      volume(names.tmpData, `${base}-data-{username}`),
      volume(names.relEscape, `${base}/rel/{username}`),
      volume(names.midLink, `${base}/mid/{username}/sys`),
      volume(names.rootLink, `${base}/rootlink/{project}`),
      volume(names.sockLink, `${base}/sock/{username}`),
      volume(names.missing, `${base}/missing/{username}`),
      volume(names.homeEscape, '{home}/escape'),
      volume(names.homePeek, '{home}/peek'),
      volume(names.gdData, dataDir),
      volume(names.projectContainerPath, shared, { containerPath: '/{project}' }),
      volume(names.homeContainerPath, shared, { containerPath: '{home}' }),
      volume(names.aliasHome, `${base}/{username}`),
      volume(names.restricted, shared, { groups: [names.closedGroup] }),
    ];
  }

  async function auditEvents(query: string): Promise<AuditEvent[]> {
    const answer = await admin<{ events: AuditEvent[] }>('GET', `/audit?${query}&limit=1000`);
    assert.equal(answer.status, 200, answer.text);
    return answer.body.events;
  }

  before(async () => {
    stack = await startStack({
      sections: { images: { allowUserImages: true, allowedRegistries: [allowedRegistry] } },
    });
    base = await mkdtemp(path.join(tmpdir(), 'gdh-'));
    made.push(base);
    await chmod(base, 0o755);
    mallory = await stack.createUser(attacker, 3301, { groups: [3301] });
    await stack.createUser('vince', 3302, { home: path.join(base, 'homes', 'vince') });
    // vicky's recorded home goes through a symlinked directory, as /home often does.
    await mkdir(path.join(base, 'home-real'));
    await link(path.join(base, 'home-link'), path.join(base, 'home-real'));
    await stack.createUser('vicky', 3303, { home: path.join(base, 'home-link', 'vicky') });
    await must('POST', '/projects', { name: names.etcProject });
    await must('PUT', `/projects/${names.etcProject}/members/${attacker}`);
    await must('POST', '/projects', { name: names.secretProject });
    await must('POST', '/groups', { name: names.closedGroup });
    await must('POST', '/queues', { name: names.closedQueue, allowedGroups: [names.closedGroup] });
    for (const body of await trapVolumes()) await must('POST', '/volumes', body);
  });

  after(async () => {
    await stack?.stop();
    for (const file of made.reverse()) await rm(file, { recursive: true, force: true });
  });

  test('volumes with forbidden host or container paths are refused at declaration, and audited', async () => {
    const refused = hostileVolumes(path.join(base, 'shared'));
    const wrong: string[] = [];
    for (const { label, body, status } of refused) {
      const answer = await admin('POST', '/volumes', body);
      if (answer.status !== status) wrong.push(`${label}: ${answer.status} ${answer.text}`);
    }
    const declared = (await admin<{ volumes: Volume[] }>('GET', '/volumes')).body.volumes;
    const inCatalog = new Set(declared.map((v) => v.name));
    const events = await auditEvents('action=volume.create&outcome=refused');
    assert.deepEqual(
      {
        wrongStatus: wrong,
        inCatalog: refused
          .filter((v) => v.body.name !== 'home' && inCatalog.has(String(v.body.name)))
          .map((v) => v.label),
        audited: events.map((e) => `${e.actor} ${e.target}`).sort(),
      },
      {
        wrongStatus: [],
        inCatalog: [],
        audited: refused.map((v) => `admin volume/${String(v.body.name)}`).sort(),
      },
    );
  });

  test('the acceptable job the corpus starts from is accepted and runs (for another user)', async () => {
    const control = await stack.createUser('control', 3304);
    const answer = await call<JobView>(stack.url, 'POST', '/api/v1/jobs', {
      token: control,
      body: acceptableJob,
    });
    assert.equal(answer.status, 201, answer.text);
    const done = await stack.waitForJob(control, answer.body.id, (j) => isFinal(j.state));
    assert.equal(done.state, 'succeeded', JSON.stringify(done));
    assert.deepEqual(await stack.containers(), [], 'its container is gone');
  });

  describe(`each of the ${hostileSpecs.length} hostile specs is refused with a 4xx naming the rule`, () => {
    for (const [index, spec] of hostileSpecs.entries()) {
      test(`#${index + 1} ${spec.label}`, async () => {
        const answer = await call<ErrorBody>(stack.url, 'POST', '/api/v1/jobs', {
          token: mallory,
          rawBody: spec.text,
        });
        answers.set(spec, answer);
        assert.ok(
          answer.status >= 400 && answer.status < 500,
          `${answer.status}: ${answer.text.slice(0, 500)}`,
        );
        assert.match(answer.body.error?.message ?? answer.text, spec.refusal);
      });
    }
  });

  test('after the corpus: none accepted, none 5xx, no container, no job record', async () => {
    assert.equal(answers.size, hostileSpecs.length);
    const outcome = (predicate: (status: number) => boolean) =>
      [...answers]
        .filter(([, a]) => predicate(a.status))
        .map(([s, a]) => `${s.label}: ${a.status} ${a.text.slice(0, 400)}`);
    const jobs = await admin<{ jobs: JobView[] }>('GET', `/jobs?owner=${attacker}`);
    assert.equal(jobs.status, 200, jobs.text);
    assert.deepEqual(
      {
        accepted: outcome((s) => s < 300),
        serverErrors: outcome((s) => s >= 500),
        containers: (await stack.containers()).map((c) => `${c.Names.join(',')} ${c.State}`),
        jobs: jobs.body.jobs.map((j) => `job ${j.id} ${j.state} ${JSON.stringify(j.mounts)}`),
      },
      { accepted: [], serverErrors: [], containers: [], jobs: [] },
    );
  });

  test('every refusal is audited as job.submit refused with its body, or its size when too large to read', async () => {
    const expected = hostileSpecs.map((s) => s.auditedAs ?? s.text);
    assert.equal(new Set(expected).size, expected.length, 'each audited body is distinct');
    const events = await auditEvents(`actor=${attacker}&action=job.submit`);
    const shows = (spec: HostileSpec, i: number) =>
      spec.parserRefusal
        ? (e: AuditEvent) => parserAuditShows(e, spec)
        : (e: AuditEvent) => auditShows(e, expected[i] ?? '');
    assert.deepEqual(
      {
        notRefused: events
          .filter((e) => e.outcome !== 'refused')
          .map((e) => `${e.outcome} ${e.target}`),
        missing: hostileSpecs.filter((spec, i) => !events.some(shows(spec, i))).map((s) => s.label),
        refusals: events.filter((e) => e.outcome === 'refused').length,
      },
      { notRefused: [], missing: [], refusals: hostileSpecs.length },
    );
  });
});

/** Whether an audit event records a body the JSON parser refused: the reason, and the text or size. */
function parserAuditShows(event: AuditEvent, spec: HostileSpec): boolean {
  const detail = event.detail ?? {};
  if (typeof detail.reason !== 'string' || !spec.refusal.test(detail.reason)) return false;
  if ('body' in detail) return detail.body === spec.text;
  return detail.bytes === Buffer.byteLength(spec.text);
}

/** Whether an audit event records this body (large details are kept as a cut excerpt). */
function auditShows(event: AuditEvent, body: string): boolean {
  const detail = event.detail ?? {};
  if (detail.truncated === true) {
    return typeof detail.excerpt === 'string' && detail.excerpt.includes(body.slice(0, 4000));
  }
  return 'request' in detail && JSON.stringify(detail.request) === body;
}
