import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { JobView } from '../../core/job';
import type { ClusterView } from '../../core/cluster';
import type { JobSample, JobStats } from '../../core/stats';
import { runCli, showRun } from '../support/cli';
import { call } from '../support/http';
import { startStack, type Stack } from '../support/stack';

describe('per-job resources: sampled series, peaks, streaming, OOM', () => {
  let stack: Stack;
  let hana: string;

  before(async () => {
    stack = await startStack({ usageSampleSeconds: 0.5, statsMaxSamples: 10 });
    hana = await stack.createUser('hana', 3401);
  });
  after(async () => stack?.stop());

  async function submit(body: Record<string, unknown>): Promise<JobView> {
    const answer = await call<JobView>(stack.url, 'POST', '/api/v1/jobs', {
      token: hana,
      body: { image: 'godocker/busybox', ...body },
    });
    assert.equal(answer.status, 201, answer.text);
    return answer.body;
  }

  const stats = async (id: number) => {
    const answer = await call<JobStats>(stack.url, 'GET', `/api/v1/jobs/${id}/stats`, {
      token: hana,
    });
    assert.equal(answer.status, 200, answer.text);
    return answer.body;
  };

  test('a job that holds ~80 MiB and burns ~2 s of cpu shows both in its series and its record', async () => {
    // ash keeps the command substitution's output in memory: 80 MB of anonymous memory.
    const job = await submit({
      cpus: 1,
      memoryMiB: 256,
      command:
        'x=$(head -c 80000000 /dev/zero | tr "\\0" a); timeout 2 sh -c "while :; do :; done"; sleep 2; echo ${#x}',
    });
    const done = await stack.waitForJob(hana, job.id, (j) => j.finishedAt !== null, 60_000);
    assert.equal(done.state, 'succeeded', done.reason ?? '');
    const series = await stats(job.id);
    assert.ok(series.samples.length >= 4, `samples: ${series.samples.length}`);
    assert.ok(series.samples.length <= 10, 'bounded by statsMaxSamples');
    const peakMiB = Math.max(...series.samples.map((s) => s.memoryBytes)) / 1048576;
    assert.ok(peakMiB > 70 && peakMiB < 256, `peak memory ${peakMiB} MiB`);
    assert.ok(
      series.maxMemoryMiB !== null && series.maxMemoryMiB >= 70,
      `record peak ${series.maxMemoryMiB}`,
    );
    // The loop's 2 s, plus what building the 80 MB string costs (1-1.6 s here); the exact
    // charge is checked against the job's own counter in the next test.
    assert.ok(
      series.cpuSeconds > 1.6 && series.cpuSeconds < 4.5,
      `cpu seconds ${series.cpuSeconds}`,
    );
    assert.equal(done.cpuSeconds, series.cpuSeconds);
    const busiest = Math.max(...series.samples.map((s) => s.cpuPercent));
    // Other processes share the cores, so the loop gets at least a good part of one.
    assert.ok(busiest > 30 && busiest <= 130, `busiest sample ${busiest}% of one core`);
    const last = series.samples[series.samples.length - 1] as JobSample;
    assert.equal(last.memoryLimitBytes, 256 * 1048576);
    assert.ok(Math.max(...series.samples.map((s) => s.pids)) >= 1, 'pids are counted');
    const times = series.samples.map((s) => Date.parse(s.at));
    assert.deepEqual(
      times,
      [...times].sort((a, b) => a - b),
      'oldest first',
    );
    assert.equal(series.oomKilled, false);
  });

  test('a job that ends right after burning cpu is charged its whole cpu time, not just the sampled part', async () => {
    // The job prints its own cgroup's cpu counter as its last act: what it used up to there.
    const job = await submit({
      cpus: 1,
      memoryMiB: 32,
      command:
        'timeout 2 sh -c "while :; do :; done"; cat /sys/fs/cgroup/cpuacct/cpuacct.usage 2>/dev/null || sed -n "s/^usage_usec //p" /sys/fs/cgroup/cpu.stat',
    });
    const done = await stack.waitForJob(hana, job.id, (j) => j.finishedAt !== null, 60_000);
    const logs = await call(stack.url, 'GET', `/api/v1/jobs/${job.id}/logs`, { token: hana });
    // stdout and stderr (busybox timeout's "Terminated") may come in either order.
    const printed = Number(/^(\d+)$/m.exec(logs.text)?.[1]);
    // cgroup v1 counts nanoseconds, v2 microseconds.
    const seenInside = printed > 1e8 ? printed / 1e9 : printed / 1e6;
    assert.ok(seenInside > 0.3, `the job saw ${seenInside} s (${logs.text})`);
    const series = await stats(job.id);
    const sampled = Math.max(0, ...series.samples.map((s) => s.cpuSeconds));
    // Job views carry cpu seconds to the millisecond, rounded to the nearest.
    assert.ok(
      done.cpuSeconds >= seenInside - 0.0005,
      `recorded ${done.cpuSeconds} < seen inside ${seenInside}`,
    );
    assert.ok(
      done.cpuSeconds < seenInside + 0.3,
      `recorded ${done.cpuSeconds}, seen inside ${seenInside}`,
    );
    assert.ok(done.cpuSeconds >= sampled);
  });

  test('long jobs keep a bounded series spanning the whole run, coarser for older parts', async () => {
    const job = await submit({ memoryMiB: 32, command: 'sleep 60' });
    await stack.waitForJob(hana, job.id, (j) => j.state === 'running');
    // A docker stats call takes up to a second here, so samples come about once a second.
    await new Promise((resolve) => setTimeout(resolve, 15_000));
    const series = await stats(job.id);
    assert.ok(series.samples.length <= 10, `samples: ${series.samples.length}`);
    assert.ok(series.samples.length >= 5, `samples: ${series.samples.length}`);
    const gaps = series.samples
      .slice(1)
      .map((s, i) => Date.parse(s.at) - Date.parse(series.samples[i]?.at ?? ''));
    // Thinning halves what is stored each time the series fills up: old gaps grow, recent stay.
    const recent = Math.max(...gaps.slice(-3));
    assert.ok(Math.max(...gaps.slice(0, 3)) >= 1.5 * recent, `gaps ${gaps.join(' ')}`);
    await call(stack.url, 'DELETE', `/api/v1/jobs/${job.id}`, { token: hana });
    await stack.waitForJob(hana, job.id, (j) => j.finishedAt !== null);
  });

  test('follow=1 streams new samples as server-sent events and ends with the final figures', async () => {
    const job = await submit({ memoryMiB: 32, command: 'sleep 5' });
    const response = await fetch(`${stack.url}/api/v1/jobs/${job.id}/stats?follow=1`, {
      headers: { authorization: `Bearer ${hana}` },
    });
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/event-stream/);
    // Each event with the time it arrived: samples must come while the job runs, not at its end.
    const arrivals: { event: string; data: string; at: number }[] = [];
    let text = '';
    const decoder = new TextDecoder();
    for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
      text += decoder.decode(chunk, { stream: true });
      let cut: number;
      while ((cut = text.indexOf('\n\n')) >= 0) {
        const block = text.slice(0, cut);
        text = text.slice(cut + 2);
        const event = /^event: (\w+)$/m.exec(block)?.[1];
        if (event)
          arrivals.push({ event, data: /^data: (.*)$/m.exec(block)?.[1] ?? '', at: Date.now() });
      }
    }
    const samples = arrivals.filter((a) => a.event === 'sample');
    const end = arrivals[arrivals.length - 1];
    assert.ok(samples.length >= 2, JSON.stringify(arrivals));
    assert.equal(end?.event, 'end');
    assert.ok(
      (samples[0]?.at ?? Infinity) < end.at - 1000,
      `the first sample came ${end.at - (samples[0]?.at ?? 0)} ms before the end`,
    );
    assert.equal((JSON.parse(end.data) as JobStats).state, 'succeeded');
  });

  test('a job killed at its memory limit is reported as OOM', async () => {
    const job = await submit({
      memoryMiB: 24,
      command: 'x=$(head -c 100000000 /dev/zero | tr "\\0" a); echo survived',
    });
    const done = await stack.waitForJob(hana, job.id, (j) => j.finishedAt !== null, 60_000);
    assert.equal(done.state, 'failed');
    assert.match(done.reason ?? '', /^OOMKilled: the job reached its memory limit \(24 MiB\)/);
    assert.equal((await stats(job.id)).oomKilled, true);
  });

  test('the cluster view shows capacity, what jobs hold and use, load by group and queue', async () => {
    const job = await submit({ cpus: 0.5, memoryMiB: 64, command: 'sleep 30' });
    await stack.waitForJob(hana, job.id, (j) => j.state === 'running');
    // Wait for a sample so "used" has something to show.
    for (let i = 0; i < 40 && (await stats(job.id)).samples.length < 2; i++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const answer = await call<ClusterView>(stack.url, 'GET', '/api/v1/cluster', { token: hana });
    assert.equal(answer.status, 200, answer.text);
    const view = answer.body;
    assert.equal(view.nodes.length, 1);
    const node = view.nodes[0];
    assert.ok(node && node.cpus > 0 && node.memoryMiB > 0);
    assert.equal(node?.allocatedCpus, 0.5);
    assert.equal(node?.allocatedMemoryMiB, 64);
    assert.equal(node?.runningJobs, 1);
    assert.ok((node?.usedMemoryMiB ?? -1) >= 0 && (node?.usedMemoryMiB ?? 99) < 64);
    assert.deepEqual(view.groups, [
      { name: 'users', running: 1, pending: 0, runningCpus: 0.5, runningMemoryMiB: 64 },
    ]);
    assert.deepEqual(
      view.queues.map((q) => [q.name, q.running]),
      [['default', 1]],
    );
    assert.ok(view.ordering.passes > 0, 'ordering passes are timed');
    assert.ok((view.ordering.p95Ms ?? -1) >= (view.ordering.p50Ms ?? 0));

    const cli = await runCli(['cluster'], {
      GODOCKER_URL: stack.url,
      GODOCKER_TOKEN: hana,
      HOME: '/nonexistent',
    });
    assert.equal(cli.code, 0, showRun(cli));
    assert.match(
      cli.stdout,
      /^NODE\s+CPUS\s+ALLOCATED\s+USED\s+MEMORY\s+ALLOCATED\s+USED\s+JOBS$/m,
    );
    assert.match(cli.stdout, /^users\s+1\s+0\s+0\.50\s+64M$/m);
    assert.match(cli.stdout, /^Ordering \(fifo\): last pass [\d.]+ ms/m);
    const json = await runCli(['cluster', '--json'], {
      GODOCKER_URL: stack.url,
      GODOCKER_TOKEN: hana,
      HOME: '/nonexistent',
    });
    assert.equal(json.code, 0, showRun(json));
    const printed = JSON.parse(json.stdout) as ClusterView;
    assert.deepEqual(printed.groups, view.groups);
    assert.equal(printed.nodes[0]?.allocatedCpus, 0.5);
    await call(stack.url, 'DELETE', `/api/v1/jobs/${job.id}`, { token: hana });
    await stack.waitForJob(hana, job.id, (j) => j.finishedAt !== null);
  });

  test("another user's job stats are not found", async () => {
    const other = await stack.createUser('ivan', 3402);
    const job = await submit({ memoryMiB: 32, command: 'true' });
    const answer = await call(stack.url, 'GET', `/api/v1/jobs/${job.id}/stats`, { token: other });
    assert.equal(answer.status, 404);
    await stack.waitForJob(hana, job.id, (j) => j.finishedAt !== null);
  });
});
