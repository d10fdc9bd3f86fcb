import { defaultQueue } from '../../core/accounts';
import { badRequest, conflict, notFound } from '../../core/errors';
import type { CreateQueueRequest, QueueView, UpdateQueueRequest } from '../../core/queues';
import type { ApiDeps } from '../context';

/** A queue, or a 404 naming it. */
export async function requireQueue(deps: ApiDeps, name: string): Promise<QueueView> {
  const queue = await deps.queues.get(name);
  if (!queue) throw notFound(`no queue '${name}'`);
  return queue;
}

// A queue may only narrow the site's maximum lifetime, never widen it.
function requireWithinSite(deps: ApiDeps, seconds: number | null | undefined): void {
  const site = deps.config.jobs.maxLifetimeSeconds;
  if (seconds !== null && seconds !== undefined && seconds > site) {
    throw badRequest(
      `body.maxWalltimeSeconds: ${seconds} is over the site maximum of ${site}; lower it or leave it null`,
    );
  }
}

/** Creates a queue (defaults: priority 0, the site's maximum walltime, open to every group). */
export async function createQueue(deps: ApiDeps, body: CreateQueueRequest): Promise<QueueView> {
  requireWithinSite(deps, body.maxWalltimeSeconds);
  await deps.queues.insert(
    body.name,
    {
      description: body.description ?? '',
      priority: body.priority ?? 0,
      maxWalltimeSeconds: body.maxWalltimeSeconds ?? null,
      allowedGroups: body.allowedGroups ?? [],
    },
    deps.clock(),
  );
  return requireQueue(deps, body.name);
}

/** Changes a queue; `allowedGroups` replaces the list (empty opens it to every group). */
export async function updateQueue(
  deps: ApiDeps,
  name: string,
  body: UpdateQueueRequest,
): Promise<QueueView> {
  requireWithinSite(deps, body.maxWalltimeSeconds);
  if (!(await deps.queues.update(name, body))) throw notFound(`no queue '${name}'`);
  return requireQueue(deps, name);
}

/** Deletes a queue; `default` stays, since jobs that name no queue wait there. */
export async function deleteQueue(deps: ApiDeps, name: string): Promise<void> {
  if (name === defaultQueue) {
    throw conflict(`queue '${defaultQueue}' cannot be deleted: jobs that name none wait there`);
  }
  if (!(await deps.queues.delete(name))) throw notFound(`no queue '${name}'`);
}
