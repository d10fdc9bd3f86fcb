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
    // Exact totals where the executor keeps them (the samples miss the last interval); read
    // before removal, which releases them.
    const totals = await deps.executor.totals(name);
    if (totals) await deps.samples.recordTotals(jobId, totals);
    // Removed before the final state is written: a finished job never leaves a container behind.
    await deps.executor.remove(name);
    if (job.interactive) await deps.sessions.forget(jobId);
    const record = finalRecord(outcome, job.memoryMiB);
    const ended = await deps.jobs.transition(
      jobId,
      { from: openStates, to: record.state, reason: record.reason, exitCode: record.exitCode },
      deps.clock(),
    );
    if (ended) deps.metrics?.finished(record.state);
    await chargeUsage(deps, jobId);
    deps.workflows.nudgeOrdering();
    return (await deps.jobs.get(jobId))?.state ?? record.state;
  };
}

/**
 * Records the finished job's usage and charges it to its user, group, project and queue (once,
 * keyed by job id). A job that never started is recorded with zero usage and charges nothing.
 */
async function chargeUsage(deps: ActivityDeps, jobId: number): Promise<void> {
  const job = await deps.jobs.get(jobId);
  if (!job?.finishedAt) return;
  if (job.state !== 'succeeded' && job.state !== 'failed' && job.state !== 'killed') return;
  await deps.accounting.charge({
    jobId,
    accounts: { user: job.owner, group: job.group, project: job.project, queue: job.queue },
    state: job.state,
    exitCode: job.exitCode,
    submittedAt: new Date(job.submittedAt),
    startedAt: job.startedAt ? new Date(job.startedAt) : null,
    finishedAt: new Date(job.finishedAt),
    cpuSeconds: job.cpuSeconds,
    memoryMiB: job.memoryMiB,
  });
}
