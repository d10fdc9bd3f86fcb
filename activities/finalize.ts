import type { JobOutcome, JobState } from '../core/job';
import { containerSpecFor } from '../core/launch';
import { finalRecord } from '../core/outcome';
import type { ActivityDeps } from './deps';
import { captureLogs } from './log-capture';

const openStates: JobState[] = ['submitted', 'pending', 'admitted', 'launching', 'running'];

/**
 * Records how the job ended, keeps whatever output was not stored yet, removes the container
 * and frees its resources for the next ordering pass. Every step is safe to repeat.
 */
export function createFinalizeJob(deps: ActivityDeps) {
  return async function finalizeJob(jobId: number, outcome: JobOutcome): Promise<JobState> {
    const job = await deps.jobs.get(jobId);
    if (!job) return 'failed';
    const name = containerSpecFor(job, deps.settings.instance).name;
    // After a normal exit supervision stored the whole output; otherwise collect what is left.
    if (outcome.kind !== 'exited' && (await deps.executor.inspect(name))) {
      await captureLogs(await deps.executor.logs(name, false), {
        store: deps.logs,
        jobId,
        capBytes: deps.settings.logCapBytes,
        flushIntervalMs: 500,
      });
    }
    const record = finalRecord(outcome, job.memoryMiB);
    await deps.jobs.transition(
      jobId,
      { from: openStates, to: record.state, reason: record.reason, exitCode: record.exitCode },
      deps.clock(),
    );
    await deps.executor.remove(name);
    deps.workflows.nudgeOrdering();
    return (await deps.jobs.get(jobId))?.state ?? record.state;
  };
}
