import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { JobView } from '../core/job';
import { call } from '../test/support/http';
import { rssMiB, waitForLine } from './processes';
import { startStack } from '../test/support/stack';

// npm run bench:monitoring — what sampling running jobs costs: the worker's cpu and memory (and
// dockerd's cpu, which answers the stats calls) with N jobs running, for sampling effectively off,
// every 10 s (the default) and every second. Prints figures; asserts nothing.

const runningJobs = Number(process.env.BENCH_MONITOR_JOBS ?? 50);
const windowSeconds = Number(process.env.BENCH_MONITOR_WINDOW_SECONDS ?? 30);
const intervals: { label: string; seconds: number }[] = [
  { label: 'off (1 h)', seconds: 3600 },
  { label: 'every 10 s', seconds: 10 },
  { label: 'every 1 s', seconds: 1 },
];

const ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

function cpuSecondsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  // utime and stime are fields 14 and 15 of /proc/PID/stat (12 and 13 after the command).
  return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
}

function dockerdPid(): number {
  return Number(execFileSync('pgrep', ['-o', '-x', 'dockerd']).toString().trim());
}

interface Figures {
  workerCpuPercent: number;
  workerRssMiB: number;
  dockerdCpuPercent: number;
  samples: number;
}

async function measure(intervalSeconds: number): Promise<Figures> {
  const stack = await startStack(
    { usageSampleSeconds: intervalSeconds, killGraceSeconds: 1 },
    { inProcessWorker: false },
  );
  const worker = stack.spawn('worker');
  try {
    await waitForLine(worker, /worker running/);
    const token = await stack.createUser('bench', 2600);
    const ids: number[] = [];
    for (let i = 0; i < runningJobs; i += 1) {
      const answer = await call<JobView>(stack.url, 'POST', '/api/v1/jobs', {
        token,
        body: { image: 'godocker/busybox', command: 'sleep 3600', cpus: 0.01, memoryMiB: 8 },
      });
      if (answer.status !== 201) throw new Error(`submit failed: ${answer.text}`);
      ids.push(answer.body.id);
    }
    for (const id of ids) await stack.waitForJob(token, id, (j) => j.state === 'running', 300_000);
    // Let the launch burst settle before measuring steady supervision.
    await new Promise((resolve) => setTimeout(resolve, 5000));
    const pid = worker.pid ?? 0;
    const dockerd = dockerdPid();
    const countSamples = async () => {
      const [rows] = await (stack.api?.deps.pool.query('SELECT COUNT(*) AS n FROM job_samples') ??
        Promise.resolve([[{ n: 0 }]]));
      return Number((rows as { n: number }[])[0]?.n ?? 0);
    };
    const before = {
      worker: cpuSecondsOf(pid),
      dockerd: cpuSecondsOf(dockerd),
      samples: await countSamples(),
    };
    await new Promise((resolve) => setTimeout(resolve, windowSeconds * 1000));
    const figures = {
      workerCpuPercent: ((cpuSecondsOf(pid) - before.worker) / windowSeconds) * 100,
      workerRssMiB: rssMiB(pid),
      dockerdCpuPercent: ((cpuSecondsOf(dockerd) - before.dockerd) / windowSeconds) * 100,
      samples: (await countSamples()) - before.samples,
    };
    for (const id of ids) await call(stack.url, 'DELETE', `/api/v1/jobs/${id}`, { token });
    for (const id of ids) await stack.waitForJob(token, id, (j) => j.finishedAt !== null, 300_000);
    return figures;
  } finally {
    await stack.stop();
  }
}

async function main(): Promise<void> {
  const results: { label: string; figures: Figures }[] = [];
  for (const interval of intervals) {
    console.log(
      `measuring with sampling ${interval.label} (${runningJobs} jobs, ${windowSeconds} s window)…`,
    );
    results.push({ label: interval.label, figures: await measure(interval.seconds) });
  }
  const base = results[0]?.figures;
  const f = (n: number, digits = 1) => n.toFixed(digits).padStart(8);
  console.log(
    `\nGo-Docker monitoring benchmark: ${runningJobs} running jobs, ${windowSeconds} s window`,
  );
  console.log('sampling          samples/s  worker cpu %  worker RSS MiB  dockerd cpu %');
  for (const { label, figures } of results) {
    console.log(
      `  ${label.padEnd(14)} ${f(figures.samples / windowSeconds)}    ${f(figures.workerCpuPercent)}      ${f(figures.workerRssMiB, 0)}       ${f(figures.dockerdCpuPercent)}`,
    );
  }
  if (base) {
    for (const { label, figures } of results.slice(1)) {
      console.log(
        `overhead of sampling ${label}: worker +${(figures.workerCpuPercent - base.workerCpuPercent).toFixed(1)} % cpu, ` +
          `${(figures.workerRssMiB - base.workerRssMiB).toFixed(0)} MiB; dockerd +${(figures.dockerdCpuPercent - base.dockerdCpuPercent).toFixed(1)} % cpu`,
      );
    }
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
