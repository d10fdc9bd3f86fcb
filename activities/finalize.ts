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
    // Removed before the final state is written: a finished job never leaves a container behind.
    await deps.executor.remove(name);
    const record = finalRecord(outcome, job.memoryMiB);
    await deps.jobs.transition(
      jobId,
      { from: openStates, to: record.state, reason: record.reason, exitCode: record.exitCode },
      deps.clock(),
    );
    await chargeUsage(deps, jobId);
    deps.workflows.nudgeOrdering();
    return (await deps.jobs.get(jobId))?.state ?? record.state;
  };
}

/** Charges what the job consumed to its user, group, project and queue (once, keyed by job id). */
async function chargeUsage(deps: ActivityDeps, jobId: number): Promise<void> {
  const job = await deps.jobs.get(jobId);
  if (!job?.startedAt || !job.finishedAt) return;
  const startedAt = new Date(job.startedAt);
  const finishedAt = new Date(job.finishedAt);
  const runSeconds = Math.max(0, (finishedAt.getTime() - startedAt.getTime()) / 1000);
  await deps.accounting.charge({
    jobId,
    accounts: { user: job.owner, group: job.group, project: job.project, queue: job.queue },
    cpuSeconds: job.cpuSeconds,
    memoryMiBSeconds: job.memoryMiB * runSeconds,
    startedAt,
    finishedAt,
  });
}
