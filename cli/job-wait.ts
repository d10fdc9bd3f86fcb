import { setTimeout as sleep } from 'node:timers/promises';
import { ApiError, type ApiClient } from '../client/api-client';
import { isFinal, type JobView } from '../core/job';

/** How long `--wait` rides out an API that is down or restarting before giving up. */
const outageToleranceMs = 60_000;

function isTransient(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 0 || error.status >= 500);
}

/**
 * Polls a job until it has ended, calling `onChange` whenever its state or reason changes.
 * A restarting API is waited out (the job keeps running meanwhile); other errors end the wait.
 */
export async function waitForJobEnd(
  client: ApiClient,
  id: number,
  onChange: (job: JobView) => void,
  intervalMs = 500,
): Promise<JobView> {
  let seen = '';
  let failingSince: number | undefined;
  for (;;) {
    let job: JobView | undefined;
    try {
      job = await client.getJob(id);
      failingSince = undefined;
    } catch (error) {
      failingSince ??= Date.now();
      if (!isTransient(error) || Date.now() - failingSince > outageToleranceMs) throw error;
    }
    if (job) {
      const now = `${job.state}\n${job.reason ?? ''}`;
      if (now !== seen) onChange(job);
      seen = now;
      if (isFinal(job.state)) return job;
    }
    await sleep(intervalMs);
  }
}

/** The exit status `--wait` hands on: the job's own exit code, else 1 when it did not succeed. */
export function exitStatusOf(job: JobView): number {
  if (job.exitCode !== null) return job.exitCode;
  return job.state === 'succeeded' ? 0 : 1;
}

/** One line about where a job stands, for stderr while waiting. */
export function progressLine(job: JobView): string {
  const exit = job.exitCode === null ? '' : `, exit code ${job.exitCode}`;
  return `job ${job.id}: ${job.state}${exit}${job.reason ? ` (${job.reason})` : ''}`;
}
