import { notFound } from '../../core/errors';
import type { JobRecord } from '../../adapters/mysql/jobs';
import type { ApiDeps, Caller } from '../context';

/**
 * The job if the caller may see it. Someone else's job is "not found", never "forbidden", so
 * ids cannot be probed for existence.
 */
export async function visibleJob(deps: ApiDeps, caller: Caller, rawId: string): Promise<JobRecord> {
  const id = Number(rawId);
  const job = Number.isSafeInteger(id) && id > 0 ? await deps.jobs.get(id) : undefined;
  if (!job || (caller.role !== 'admin' && job.ownerId !== caller.id)) {
    throw notFound(`no job ${rawId} among your jobs`);
  }
  return job;
}
