import { setTimeout as sleep } from 'node:timers/promises';
import { DomainError } from '../core/errors';
import type { ImageReadiness } from '../core/image-source';
import type { JobRecord } from '../adapters/mysql/jobs';
import type { ActivityDeps } from './deps';

/** Whether a job's image is on the node (its digest pinned), or why the job fails without it. */
export type ImageVerdict = { ready: true } | { ready: false; reason: string };

// Within one attempt (the step's timeout is 30 s) a pull is watched this long, its progress
// written to the job every second; longer pulls go on in the background across attempts.
const watchPullMs = 12_000;
const progressEveryMs = 1_000;

function holdReason(readiness: ImageReadiness): string {
  if (readiness.state === 'pulling') return `ImagePulling: ${readiness.progress}`;
  return readiness.state === 'unavailable' || readiness.state === 'missing'
    ? readiness.reason
    : 'Queued';
}

/**
 * Makes sure the job's image is on the execution node before the job may queue, and pins the
 * digest it will run. While the image is pulled, or its registry is down, the job is held
 * `pending` (out of the ordering pass) with the reason, and a retryable error makes Temporal
 * run admission again (backing off to every 30 s) until the image is there.
 */
export async function requireJobImage(deps: ActivityDeps, job: JobRecord): Promise<ImageVerdict> {
  const deadline = performance.now() + watchPullMs;
  let readiness = await deps.images.prepare(job.image);
  while (readiness.state === 'pulling' && performance.now() < deadline) {
    await deps.jobImages.hold(job.id, holdReason(readiness), deps.clock());
    await sleep(progressEveryMs);
    readiness = await deps.images.prepare(job.image);
  }
  if (readiness.state === 'missing') return { ready: false, reason: readiness.reason };
  if (readiness.state === 'present') {
    await deps.jobImages.pin(job.id, readiness.digest);
    return { ready: true };
  }
  const reason = holdReason(readiness);
  await deps.jobImages.hold(job.id, reason, deps.clock());
  deps.log({ level: 'info', msg: 'job held for its image', jobId: job.id, reason });
  throw new DomainError('unavailable', reason, true);
}
