import { conflict, notFound } from '../../core/errors';
import { sessionStaleMs, shellInfoSchema, shellProtocol } from '../../core/interactive';
import type { JobRecord } from '../../adapters/mysql/jobs';
import { visibleJob } from '../authorize';
import type { ApiDeps, Caller } from '../context';
import { route } from '../route';

/**
 * The job if the caller owns it. Shells and commands run as the job's owner, so nobody else may
 * start one — not the project's manager, not an admin: to them the job answers 404 here, as
 * every job they cannot reach does.
 */
export async function ownJob(deps: ApiDeps, caller: Caller, rawId: string): Promise<JobRecord> {
  const job = await visibleJob(deps, caller, rawId);
  if (job.ownerId !== caller.id) throw notFound(`no job ${rawId} among your jobs`);
  return job;
}

/**
 * Why nothing can be attached to the job now, or null. A shell needs an interactive job; a
 * one-off command (`godocker job exec`) any running job.
 */
export function attachRefusal(job: JobRecord, kind: 'shell' | 'command'): string | null {
  if (kind === 'shell' && !job.interactive) {
    return `job ${job.id} is not interactive: submit one with "interactive": true (godocker job submit --interactive) to attach shells`;
  }
  if (job.state !== 'running') {
    return `job ${job.id} is ${job.state}: shells and commands attach to running jobs only`;
  }
  return null;
}

/** Throws the refusal of `attachRefusal` as a 409. */
export function requireAttachable(job: JobRecord, kind: 'shell' | 'command'): void {
  const refusal = attachRefusal(job, kind);
  if (refusal) throw conflict(refusal);
}

/**
 * `GET /jobs/:id/shell` without a websocket upgrade: whether a shell can be attached now. The
 * upgrade itself is handled by api/shell-gateway.ts with the same checks; this declaration puts
 * the URL, its access rule and its scope in the OpenAPI document and the authorization matrix.
 */
export function jobShellRoutes(deps: ApiDeps) {
  return [
    route({
      method: 'get',
      path: '/jobs/:id/shell',
      summary:
        "Whether a shell can attach to your interactive job; upgrade to a websocket to attach (docs/interactive.md). The job's owner only",
      access: 'user',
      scope: 'jobs',
      response: shellInfoSchema,
      async handle({ caller, params }) {
        const job = await ownJob(deps, caller, params.id ?? '');
        const refusal = attachRefusal(job, 'shell');
        const now = deps.clock();
        const activity = await deps.sessions.activity(
          job.id,
          new Date(now.getTime() - sessionStaleMs(deps.config.jobs.interactiveIdleSeconds)),
        );
        return {
          attachable: refusal === null,
          reason: refusal,
          protocol: shellProtocol,
          openSessions: activity.openSessions,
          idleTimeoutSeconds: deps.config.jobs.interactiveIdleSeconds,
        };
      },
    }),
  ];
}
