import { defaultProject, defaultQueue } from '../../core/accounts';
import { badRequest, forbidden } from '../../core/errors';
import type { SubmitJobRequest } from '../../core/job';
import type { QueueView } from '../../core/queues';
import { formatDurationSeconds } from '../../core/duration';
import type { ApiDeps, Caller } from '../context';
import { effectiveGroups } from './user-accounts';

/** What a submission is charged to, and the lifetime it gets in its queue. */
export interface JobCharge {
  group: string;
  project: string;
  queue: string;
  maxLifetimeSeconds: number;
  /** Every scheduling group of the owner (restricted volumes check them). */
  accountGroups: string[];
}

async function allowedQueue(deps: ApiDeps, name: string, groups: string[]): Promise<QueueView> {
  const queue = await deps.queues.get(name);
  if (!queue) {
    const names = (await deps.queues.list()).map((q) => q.name).join(', ');
    throw badRequest(`body.queue: no queue '${name}'; the queues are: ${names}`);
  }
  const open = queue.allowedGroups;
  if (open.length > 0 && !groups.some((g) => open.includes(g))) {
    throw forbidden(
      `body.queue: queue '${name}' is open to group(s) ${open.join(', ')}; you are in ${groups.join(', ')}`,
    );
  }
  return queue;
}

// The queue's walltime narrows the site maximum; with no lifetime asked, the default fits in it.
function lifetimeIn(deps: ApiDeps, queue: QueueView, asked: number | undefined): number {
  const limit = queue.maxWalltimeSeconds ?? Number.POSITIVE_INFINITY;
  if (asked === undefined) return Math.min(deps.config.jobs.defaultMaxLifetimeSeconds, limit);
  if (asked > limit) {
    throw badRequest(
      `body.maxLifetimeSeconds: ${asked} is over the max walltime of queue '${queue.name}' ` +
        `(${limit} s = ${formatDurationSeconds(limit)}); ask for less or choose another queue`,
    );
  }
  return asked;
}

async function chargeableProject(deps: ApiDeps, caller: Caller, name: string): Promise<string> {
  if (name === defaultProject || (await deps.projectMembers.isMember(name, caller.id))) return name;
  if (!(await deps.projects.get(name))) throw badRequest(`body.project: no project '${name}'`);
  throw forbidden(
    `body.project: you are not a member of project '${name}'; ask its manager or an admin to add you`,
  );
}

/**
 * Resolves and checks what a job is charged to: its queue (must exist and admit one of the
 * owner's groups; its walltime bounds the lifetime), its project (`default`, or one the owner
 * belongs to) and the owner's primary group.
 */
export async function chargeJob(
  deps: ApiDeps,
  caller: Caller,
  request: SubmitJobRequest,
): Promise<JobCharge> {
  const groups = effectiveGroups(await deps.groupMembers.of(caller.id));
  const queue = await allowedQueue(deps, request.queue ?? defaultQueue, groups.all);
  return {
    group: groups.primary,
    accountGroups: groups.all,
    queue: queue.name,
    maxLifetimeSeconds: lifetimeIn(deps, queue, request.maxLifetimeSeconds),
    project: await chargeableProject(deps, caller, request.project ?? defaultProject),
  };
}
