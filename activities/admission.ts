import { DomainError } from '../core/errors';
import type { ActivityDeps } from './deps';
import { classifyFailures } from './failures';
import { requireJobImage } from './job-image';

/** The admission verdict: a refused job carries the reason shown to its owner. */
export type Admission = { accepted: true } | { accepted: false; reason: string };

/**
 * Checks a submitted job against what the execution backend can run, makes sure its image is on
 * the node (held `pending` while it is pulled, see job-image.ts), then queues it and wakes the
 * ordering pass. A retry after the job was queued is a no-op.
 */
export function createAdmitJob(deps: ActivityDeps) {
  return async function admitJob(jobId: number): Promise<Admission> {
    return classifyFailures(async () => {
      const job = await deps.jobs.get(jobId);
      if (!job) throw new DomainError('not_found', `job ${jobId} has no record`);
      const held = job.state === 'pending' && (await deps.jobImages.get(jobId))?.held === true;
      if (job.state !== 'submitted' && !held) return { accepted: true };
      // Nodes as the worker last reported them (a Docker `info` per job would cost throughput).
      const known = await deps.nodes.list();
      const nodes = known.length > 0 ? known : await deps.executor.capacity();
      const fitsSomewhere = nodes.some((n) => job.cpus <= n.cpus && job.memoryMiB <= n.memoryMiB);
      if (!fitsSomewhere) {
        return {
          accepted: false,
          reason: 'TooLarge: no execution node has that many cpus and that much memory',
        };
      }
      const image = await requireJobImage(deps, job);
      if (!image.ready) return { accepted: false, reason: image.reason };
      // Held while its image was pulled (in this attempt or an earlier one): release it.
      const queued = 'Queued: image ready, waiting for the next ordering pass';
      if (await deps.jobImages.release(jobId, queued, deps.clock())) {
        deps.workflows.nudgeOrdering();
        return { accepted: true };
      }
      await deps.jobs.transition(
        jobId,
        {
          from: ['submitted'],
          to: 'pending',
          reason: 'Queued: waiting for the next ordering pass',
        },
        deps.clock(),
      );
      deps.workflows.nudgeOrdering();
      return { accepted: true };
    });
  };
}
