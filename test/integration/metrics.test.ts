import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { RowDataPacket } from 'mysql2/promise';
import type { JobView } from '../../core/job';
import { OrderingPassStore } from '../../adapters/mysql/ordering-passes';
import { createPool, type Pool } from '../../adapters/mysql/pool';
import { call } from '../support/http';
import { startStack, type Stack } from '../support/stack';

const metricsToken = 'scrape-token-for-the-metrics-test';

/** One sample line of the Prometheus text format. */
interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

function parseSamples(text: string): Sample[] {
  return text
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
      assert.ok(match, `not a sample line: ${line}`);
      const labels: Record<string, string> = {};
      for (const [, key, value] of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) {
        labels[key as string] = value as string;
      }
      return { name: match[1] as string, labels, value: Number(match[3]) };
    });
}

/** The value of the one sample with this name whose labels include `labels` (0 when absent). */
function valueOf(text: string, name: string, labels: Record<string, string> = {}): number {
  const found = parseSamples(text).filter(
    (s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v),
  );
  assert.ok(found.length <= 1, `${name} ${JSON.stringify(labels)} matches ${found.length} samples`);
  return found[0]?.value ?? 0;
}

/** Declared metric names and types (`# TYPE name type`). */
function declaredTypes(text: string): Map<string, string> {
  const types = new Map<string, string>();
  for (const [, name, type] of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    types.set(name as string, type as string);
  }
  return types;
}

async function scrape(url: string, token: string | undefined = metricsToken): Promise<string> {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const response = await fetch(url, { headers });
  const text = await response.text();
  assert.equal(response.status, 200, text);
  assert.match(response.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
  return text;
}

/** Retries `check` until it passes: counters move a moment after the state a test waits for. */
async function eventually(check: () => Promise<void>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

describe('Prometheus metrics of the API and the worker', { timeout: 180_000 }, () => {
  let stack: Stack;
  let mia: string;
  let pool: Pool;
  let apiMetrics: string;
  let workerMetrics: string;

  before(async () => {
    stack = await startStack({
      workerMetrics: true,
      sections: { metrics: { token: metricsToken } },
    });
    apiMetrics = `${stack.url}/metrics`;
    workerMetrics = stack.worker?.metricsUrl ?? '';
    assert.match(workerMetrics, /^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    pool = createPool(stack.config.mysqlUrl, 2);
    mia = await stack.createUser('mia', 2301);
    const admin = { token: stack.adminToken };
    const queue = await call(stack.url, 'POST', '/api/v1/queues', {
      ...admin,
      body: { name: 'held' },
    });
    assert.equal(queue.status, 201, queue.text);
    // No job of this queue may run: its jobs stay pending until killed.
    const quota = await call(stack.url, 'PUT', '/api/v1/quotas/queue/held', {
      ...admin,
      body: { maxRunningJobs: 0 },
    });
    assert.equal(quota.status, 200, quota.text);
  });
  after(async () => {
    await pool?.end();
    await stack?.stop();
  });

  async function submit(body: Record<string, unknown>): Promise<JobView> {
    const answer = await call<JobView>(stack.url, 'POST', '/api/v1/jobs', {
      token: mia,
      body: { image: 'godocker/busybox', memoryMiB: 32, cpus: 0.5, ...body },
    });
    assert.equal(answer.status, 201, answer.text);
    return answer.body;
  }

  const ended = (j: JobView) => j.finishedAt !== null;

  test('both endpoints need the configured bearer token', async () => {
    for (const url of [apiMetrics, workerMetrics]) {
      assert.equal((await fetch(url)).status, 401, url);
      const wrong = await fetch(url, { headers: { authorization: 'Bearer not-the-token' } });
      assert.equal(wrong.status, 401, url);
      await scrape(url);
    }
    const openApi = await call(stack.url, 'GET', '/api/v1/openapi.json');
    assert.ok(!openApi.text.includes('/metrics'), 'GET /metrics is not part of the REST API');
  });

  test('jobs move the counters, histograms and gauges by what they did', async () => {
    const workerBefore = await scrape(workerMetrics);
    const failing = await submit({ command: 'exit 3' });
    assert.equal((await stack.waitForJob(mia, failing.id, ended)).exitCode, 3);
    const sleeper = await submit({ command: 'sleep 5; echo done' });
    const held = await submit({ command: 'echo never', queue: 'held' });

    await stack.waitForJob(mia, sleeper.id, (j) => j.state === 'running');
    const pending = await stack.waitForJob(mia, held.id, (j) => j.reason !== null);
    assert.equal(pending.state, 'pending');
    const whileRunning = await scrape(apiMetrics);
    assert.equal(valueOf(whileRunning, 'godocker_jobs_running'), 1);
    assert.equal(valueOf(whileRunning, 'godocker_jobs', { queue: 'default', state: 'running' }), 1);
    assert.equal(valueOf(whileRunning, 'godocker_jobs', { queue: 'held', state: 'pending' }), 1);

    assert.equal((await stack.waitForJob(mia, sleeper.id, ended)).state, 'succeeded');
    await call(stack.url, 'DELETE', `/api/v1/jobs/${held.id}`, { token: mia });
    assert.equal((await stack.waitForJob(mia, held.id, ended)).state, 'killed');

    await eventually(async () => {
      const now = await scrape(workerMetrics);
      const moved = (name: string, labels: Record<string, string> = {}) =>
        valueOf(now, name, labels) - valueOf(workerBefore, name, labels);
      assert.equal(moved('godocker_admissions_total'), 2);
      assert.equal(moved('godocker_job_outcomes_total', { state: 'succeeded' }), 1);
      assert.equal(moved('godocker_job_outcomes_total', { state: 'failed' }), 1);
      assert.equal(moved('godocker_job_outcomes_total', { state: 'killed' }), 1);
      assert.equal(moved('godocker_submit_to_start_seconds_count'), 2);
      assert.ok(moved('godocker_submit_to_start_seconds_sum') > 0);
      assert.ok(moved('godocker_ordering_pass_duration_seconds_count') >= 1);
      assert.ok(valueOf(now, 'process_cpu_seconds_total') > 0, 'default process metrics');
    });

    await eventually(async () => {
      const now = await scrape(apiMetrics);
      assert.equal(valueOf(now, 'godocker_jobs', { queue: 'held', state: 'pending' }), 0);
      assert.equal(valueOf(now, 'godocker_jobs_running'), 0);
      // Two jobs ran (the sleeper at least 4 s with 32 MiB), charged to mia's group.
      const group = { group: sleeper.group };
      assert.ok(valueOf(now, 'godocker_group_memory_gib_seconds_total', group) >= (4 * 32) / 1024);
      assert.ok(valueOf(now, 'godocker_group_cpu_seconds_total', group) >= 0);
      assert.ok(parseSamples(now).some((s) => s.name === 'godocker_group_cpu_seconds_total'));
    });
  });

  test('request latencies are labelled by route pattern, never by raw path', async () => {
    const missing = await call(stack.url, 'GET', '/api/v1/jobs/987654', { token: mia });
    assert.equal(missing.status, 404);
    assert.equal((await call(stack.url, 'GET', '/api/v1/nothing/42')).status, 404);
    const text = await scrape(apiMetrics);
    const requests = parseSamples(text).filter(
      (s) => s.name === 'godocker_http_request_duration_seconds_count',
    );
    const count = (labels: Record<string, string>) =>
      valueOf(text, 'godocker_http_request_duration_seconds_count', labels);
    assert.ok(count({ method: 'GET', route: '/api/v1/jobs/:id', status: '200' }) > 0);
    assert.equal(count({ method: 'GET', route: '/api/v1/jobs/:id', status: '404' }), 1);
    assert.equal(count({ method: 'POST', route: '/api/v1/jobs', status: '201' }), 3);
    assert.ok(count({ method: 'GET', route: 'unmatched', status: '404' }) >= 1);
    for (const sample of requests) {
      assert.doesNotMatch(sample.labels.route ?? '', /\/\d+(\/|$)/, 'no ids in route labels');
    }
  });

  test('metric names follow the Prometheus conventions', async () => {
    const declared = new Map([
      ...declaredTypes(await scrape(apiMetrics)),
      ...declaredTypes(await scrape(workerMetrics)),
    ]);
    const ours = [...declared].filter(([name]) => name.startsWith('godocker_'));
    assert.deepEqual(ours.map(([name]) => name).sort(), [
      'godocker_admissions_total',
      'godocker_group_cpu_seconds_total',
      'godocker_group_memory_gib_seconds_total',
      'godocker_http_request_duration_seconds',
      'godocker_job_outcomes_total',
      'godocker_jobs',
      'godocker_jobs_running',
      'godocker_ordering_pass_duration_seconds',
      'godocker_submit_to_start_seconds',
    ]);
    for (const [name, type] of ours) {
      assert.match(name, /^[a-z][a-z0-9_]*$/, `${name} is snake_case`);
      if (type === 'counter') assert.match(name, /_total$/, `counter ${name} ends in _total`);
      else assert.doesNotMatch(name, /_total$/, `${type} ${name} does not end in _total`);
      if (type === 'histogram') assert.match(name, /_seconds$/, `histogram ${name} is in seconds`);
    }
  });

  test('ordering passes are recorded with sane timings, and the table stays bounded', async () => {
    // No pass may land between the reads below.
    await stack.stopWorker();
    const passes = new OrderingPassStore(pool);
    const recent = await passes.recent(1000);
    assert.ok(recent.length > 0);
    assert.equal(
      recent.reduce((sum, p) => sum + p.admitted, 0),
      2,
      'each admission is in exactly one pass',
    );
    for (const pass of recent) {
      assert.equal(pass.policy, 'fifo');
      assert.ok(pass.durationMs >= 0 && pass.decideMs >= 0 && pass.decideMs <= pass.durationMs + 1);
      assert.ok(pass.pending >= 0);
    }
    assert.ok(
      recent.every((p, i) => i === 0 || p.id < (recent[i - 1]?.id ?? 0)),
      'newest first',
    );

    const stats = await passes.stats(50);
    assert.equal(stats.count, Math.min(50, recent.length));
    assert.equal(stats.last?.id, recent[0]?.id);
    const { p50Ms, p95Ms, maxMs } = stats;
    assert.ok(p50Ms !== null && p95Ms !== null && maxMs !== null);
    assert.ok(0 <= p50Ms && p50Ms <= p95Ms && p95Ms <= maxMs);
    assert.ok(maxMs < 30_000, `a pass on an idle stack took ${maxMs} ms`);

    const figures = { totalMs: 1, decideMs: 0.5, pending: 0, admitted: 0, policy: 'fifo' };
    for (let i = 0; i < 1100; i += 1) await passes.record(figures, new Date());
    const [rows] = await pool.query<RowDataPacket[]>('SELECT COUNT(*) AS n FROM ordering_passes');
    assert.ok(Number(rows[0]?.n) < 1100, `${rows[0]?.n} rows kept after 1100 more passes`);
    assert.ok(Number(rows[0]?.n) >= 1000);
  });
});
