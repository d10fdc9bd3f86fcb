import type { Request, Response } from 'express';
import { isFinal } from '../../core/job';
import type { JobSample, JobStats } from '../../core/stats';
import type { JobRecord } from '../../adapters/mysql/jobs';
import type { ApiDeps } from '../context';

/** A job's resource series with its peaks, as `GET /jobs/:id/stats` answers. */
export async function jobStats(deps: ApiDeps, job: JobRecord, since?: Date): Promise<JobStats> {
  return {
    jobId: job.id,
    state: job.state,
    intervalSeconds: deps.config.jobs.usageSampleSeconds,
    cpuSeconds: job.cpuSeconds,
    maxMemoryMiB: job.maxMemoryMiB,
    memoryLimitMiB: job.memoryMiB,
    oomKilled: (job.reason ?? '').startsWith('OOMKilled'),
    samples: await deps.samples.series(job.id, since),
  };
}

const heartbeatMs = 15_000;

/**
 * Streams a job's samples as server-sent events: what is stored first, then each new sample as
 * the worker stores it (`event: sample`), and `event: end` with the final figures once the job
 * has ended. A client that reconnects sends the time of the last sample it saw as `since`.
 */
export async function streamJobStats(
  deps: ApiDeps,
  job: JobRecord,
  since: Date | undefined,
  req: Request,
  res: Response,
): Promise<void> {
  res.status(200);
  res.setHeader('content-type', 'text/event-stream; charset=utf-8');
  res.setHeader('cache-control', 'no-cache');
  res.setHeader('x-accel-buffering', 'no');
  res.flushHeaders();
  let closed = false;
  req.on('close', () => void (closed = true));
  let last = since;
  let lastWrite = Date.now();
  const send = (event: string, data: unknown, id?: string) => {
    res.write(`${id ? `id: ${id}\n` : ''}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    lastWrite = Date.now();
  };
  const pollMs = Math.min(1000, deps.config.jobs.usageSampleSeconds * 500);
  for (;;) {
    const current = await deps.jobs.get(job.id);
    const samples: JobSample[] = await deps.samples.series(job.id, last);
    for (const sample of samples) send('sample', sample, sample.at);
    const newest = samples[samples.length - 1];
    if (newest) last = new Date(newest.at);
    if (!current || isFinal(current.state)) {
      const { samples: _all, ...summary } = await jobStats(deps, current ?? job, last);
      send('end', summary);
      break;
    }
    if (closed) return;
    if (Date.now() - lastWrite > heartbeatMs) {
      res.write(': keep-alive\n\n');
      lastWrite = Date.now();
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  res.end();
}
