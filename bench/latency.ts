import { randomBytes } from 'node:crypto';
import Docker from 'dockerode';
import type { JobView } from '../core/job';
import { testServices } from '../test/support/env';
import { call } from '../test/support/http';
import { cpuDuring, pidsNamed, pidsWithArguments, rssMiB, waitForLine } from './processes';
import { startStack, type Stack } from '../test/support/stack';
import { rawCreateStartMs, rawDrainMs } from './raw-docker';
import { temporalFloor } from './temporal-floor';

// npm run bench:latency — submit→running latency and drain time of trivial jobs through
// Go-Docker next to raw Docker at the same concurrency, and the API's and worker's memory with
// 1,000 jobs pending. Prints figures; asserts nothing.

const latencySamples = Number(process.env.BENCH_LATENCY_SAMPLES ?? 20);
const drainJobs = Number(process.env.BENCH_DRAIN_JOBS ?? 100);
const pendingJobs = Number(process.env.BENCH_PENDING_JOBS ?? 1000);
// BENCH_MAX_CACHED_WORKFLOWS sets the worker's workflow cache (worker.maxCachedWorkflows).
const jobCpus = 0.1;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? NaN;
}

async function submit(url: string, token: string, body: Record<string, unknown>): Promise<JobView> {
  const answer = await call<JobView>(url, 'POST', '/api/v1/jobs', {
    token,
    body: { image: 'godocker/busybox', memoryMiB: 32, cpus: jobCpus, ...body },
  });
  if (answer.status !== 201) throw new Error(`submit failed: ${answer.text}`);
  return answer.body;
}

async function finished(
  stack: Stack,
  url: string,
  token: string,
  ids: number[],
): Promise<JobView[]> {
  const jobs: JobView[] = [];
  for (const id of ids)
    jobs.push(await stack.waitForJob(token, id, (j) => j.finishedAt !== null, 600_000));
  void url;
  return jobs;
}

async function main(): Promise<void> {
  const docker = new Docker({ socketPath: testServices().dockerSocket });
  const tag = randomBytes(3).toString('hex');
  const cached = process.env.BENCH_MAX_CACHED_WORKFLOWS;
  const stack = await startStack(
    {
      killGraceSeconds: 1,
      ...(cached ? { sections: { worker: { maxCachedWorkflows: Number(cached) } } } : {}),
    },
    { inProcessApi: true, inProcessWorker: false },
  );
  const port = String(20000 + Math.floor(Math.random() * 20000));
  const url = `http://127.0.0.1:${port}`;
  const api = stack.spawn('api', { GODOCKER_PORT: port });
  const worker = stack.spawn('worker');
  await Promise.all([waitForLine(api, /listening/), waitForLine(worker, /worker running/)]);
  try {
    const token = await stack.createUser('bench', 2500);
    // Warm-up: the first container start and the first workflow pay one-off costs.
    await rawCreateStartMs(docker, `bench-${tag}-warm`);
    await finished(stack, url, token, [(await submit(url, token, { command: 'true' })).id]);

    const raw: number[] = [];
    for (let i = 0; i < latencySamples; i += 1)
      raw.push(await rawCreateStartMs(docker, `bench-${tag}-lat-${i}`));
    const ours: number[] = [];
    for (let i = 0; i < latencySamples; i += 1) {
      const job = await submit(url, token, { command: 'true' });
      const [done] = await finished(stack, url, token, [job.id]);
      if (done?.startedAt) ours.push(Date.parse(done.startedAt) - Date.parse(done.submittedAt));
    }
    const cpus = (await docker.info()) as { NCPU: number };
    const temporalPort = stack.config.temporal.address.split(':').pop() ?? '';
    const concurrency = Math.floor(cpus.NCPU / jobCpus);
    const processes = {
      api: () => [api.pid ?? 0],
      worker: () => [worker.pid ?? 0],
      // This stack's dev server only: other test stacks may run their own on the machine.
      temporal: () => pidsWithArguments('temporal', ['--port', temporalPort]),
      mariadb: () => pidsNamed('mariadbd'),
      dockerd: () => pidsNamed('dockerd'),
      containerd: () => pidsNamed('containerd'),
    };
    const { result: rawDrain, seconds: rawCpu } = await cpuDuring(processes, () =>
      rawDrainMs(docker, `bench-${tag}-drain`, drainJobs, concurrency, jobCpus),
    );
    const { result: oursDrain, seconds: oursCpu } = await cpuDuring(processes, async () => {
      const drainStart = performance.now();
      const ids: number[] = [];
      for (let i = 0; i < drainJobs; i += 1)
        ids.push((await submit(url, token, { command: 'true' })).id);
      await finished(stack, url, token, ids);
      return performance.now() - drainStart;
    });

    const floor = await temporalFloor(
      stack.config.temporal.address,
      processes.temporal,
      drainJobs,
      concurrency,
    );

    const blocker = await submit(url, token, { command: 'sleep 600', cpus: cpus.NCPU });
    await stack.waitForJob(token, blocker.id, (j) => j.state === 'running');
    for (let i = 0; i < pendingJobs; i += 1) await submit(url, token, { command: 'true' });
    await new Promise((resolve) => setTimeout(resolve, 5000));
    const apiRss = rssMiB(api.pid ?? 0);
    const workerRss = rssMiB(worker.pid ?? 0);

    const f = (n: number) => n.toFixed(0).padStart(7);
    console.log('\nGo-Docker latency benchmark');
    console.log(`submit→running, ${latencySamples} sequential jobs (ms)   median   p95`);
    console.log(
      `  raw docker create+start                         ${f(median(raw))} ${f(percentile(raw, 95))}`,
    );
    console.log(
      `  Go-Docker submit→running                        ${f(median(ours))} ${f(percentile(ours, 95))}`,
    );
    console.log(
      `  overhead (median)                               ${f(median(ours) - median(raw))}   target ≤ +250`,
    );
    console.log(
      `drain of ${drainJobs} trivial jobs at concurrency ${concurrency} (${jobCpus} cpu each)`,
    );
    console.log(`  raw docker run loop                             ${f(rawDrain)} ms`);
    console.log(`  Go-Docker                                       ${f(oursDrain)} ms`);
    console.log(
      `  ratio                                           ${(oursDrain / rawDrain).toFixed(2).padStart(7)}x  target ≤ 1.1x`,
    );
    console.log('  CPU seconds used during the drain            raw   Go-Docker');
    for (const name of Object.keys(oursCpu))
      console.log(
        `    ${name.padEnd(40)} ${(rawCpu[name] ?? 0).toFixed(1).padStart(6)} ${(oursCpu[name] ?? 0).toFixed(1).padStart(9)}`,
      );
    // At 1.1x of a CPU-bound drain, the stack may add a tenth of raw Docker's CPU per job.
    const perJob = (seconds: number) => ((seconds * 1000) / drainJobs).toFixed(0).padStart(4);
    const budget = (rawCpu.machine ?? 0) * 0.1;
    console.log(
      `the least a workflow per job costs, ${drainJobs} workflows with no work in them (ms CPU per job)`,
    );
    for (const [label, figures] of [
      ['empty workflow', floor.empty],
      ["a job's steps (3 local activities, activity, timer)", floor.jobShaped],
    ] as const)
      console.log(
        `  ${label.padEnd(52)} Temporal ${perJob(figures.serverCpu)} + worker ${perJob(figures.workerCpu)}`,
      );
    console.log(`  budget for all Go-Docker adds at 1.1x the raw drain:   ${perJob(budget)}`);
    console.log(`resident memory with ${pendingJobs} jobs pending`);
    console.log(
      `  API ${apiRss.toFixed(0)} MiB + worker ${workerRss.toFixed(0)} MiB = ${(apiRss + workerRss).toFixed(0)} MiB   target ≤ 400`,
    );
  } finally {
    await stack.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
