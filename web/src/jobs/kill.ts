import { jobSchema } from '../../../core/job';
import { api } from '../api/client';

/** Kills jobs (DELETE /api/v1/jobs/:id) and says which could not be killed and why. */
export async function killJobs(ids: readonly number[]): Promise<string[]> {
  const results = await Promise.allSettled(
    ids.map((id) => api(jobSchema, `/jobs/${id}`, { method: 'DELETE' })),
  );
  return results.flatMap((result, i) =>
    result.status === 'rejected' ? [`job ${ids[i]}: ${String(result.reason)}`] : [],
  );
}
