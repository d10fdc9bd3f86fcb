import { WorkflowNotFoundError } from '@temporalio/client';
import { conflict } from '../../core/errors';
import { isFinal } from '../../core/job';
import type { JobRecord } from '../../adapters/mysql/jobs';
import type { ApiDeps, Caller } from '../context';

/** Asks the job's workflow to kill it; the record stays and ends as `killed`. */
export async function killJob(deps: ApiDeps, caller: Caller, job: JobRecord): Promise<void> {
  if (isFinal(job.state)) {
    throw conflict(`job ${job.id} has already ended (${job.state}); there is nothing to kill`);
  }
  const reason =
    caller.id === job.ownerId
      ? `Killed by its owner ${caller.username}`
      : caller.role === 'admin'
        ? `Killed by admin ${caller.username}`
        : `Killed by ${caller.username}, manager of project ${job.project}`;
  try {
    await deps.workflows.kill(job.id, reason);
  } catch (error) {
    if (!(error instanceof WorkflowNotFoundError)) throw error;
    // Recorded but its workflow not started yet: start it so the kill has someone to act on.
    await deps.workflows.startJob(job.id, job.owner);
    try {
      await deps.workflows.kill(job.id, reason);
    } catch (again) {
      if (!(again instanceof WorkflowNotFoundError)) throw again;
      // The workflow ended meanwhile (the job finished between our read and the kill).
      const now = await deps.jobs.get(job.id);
      throw conflict(
        `job ${job.id} has already ended (${now?.state ?? job.state}); there is nothing to kill`,
      );
    }
  }
  // After the signal: a job held for its image then leaves admission and sees the kill.
  await deps.jobImages.unholdForKill(job.id);
}
