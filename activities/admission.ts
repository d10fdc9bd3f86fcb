import { DomainError } from '../core/errors';
import type { ActivityDeps } from './deps';
import { classifyFailures } from './failures';

/** The admission verdict: a refused job carries the reason shown to its owner. */
export type Admission = { accepted: true } | { accepted: false; reason: string };

/**
 * Checks a submitted job against what the execution backend can run, then queues it
 * (`pending`) and wakes the ordering pass. A retry after the job left `submitted` is a no-op.
 */
export function createAdmitJob(deps: ActivityDeps) {
  return async function admitJob(jobId: number): Promise<Admission> {
    return classifyFailures(async () => {
      const job = await deps.jobs.get(jobId);
      if (!job) throw new DomainError('not_found', `job ${jobId} has no record`);
      if (job.state !== 'submitted') return { accepted: true };
      if (!(await deps.executor.hasImage(job.image))) {
        return {
          accepted: false,
          reason: `ImageMissing: ${job.image} is not available on the execution backend`,
        };
      }
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
