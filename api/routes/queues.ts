import { deletedSchema } from '../../core/accounts';
import {
  createQueueRequestSchema,
  queueListSchema,
  queueSchema,
  updateQueueRequestSchema,
} from '../../core/queues';
import type { ApiDeps } from '../context';
import { changeAudit, route } from '../route';
import { createQueue, deleteQueue, requireQueue, updateQueue } from '../use-cases/queues';

/** Queues: every user reads them (to choose one); admins change them. */
export function queueRoutes(deps: ApiDeps) {
  return [
    route({
      method: 'post',
      path: '/queues',
      audit: changeAudit('queue.create', 'queue'),
      summary: 'Create a queue',
      access: 'admin',
      body: createQueueRequestSchema,
      response: queueSchema,
      status: 201,
      async handle({ body }) {
        return createQueue(deps, body);
      },
    }),
    route({
      method: 'get',
      path: '/queues',
      summary: 'List queues with their priority, max walltime and allowed groups',
      access: 'user',
      response: queueListSchema,
      async handle() {
        return { queues: await deps.queues.list() };
      },
    }),
    route({
      method: 'get',
      path: '/queues/:name',
      summary: 'Show a queue',
      access: 'user',
      response: queueSchema,
      async handle({ params }) {
        return requireQueue(deps, params.name ?? '');
      },
    }),
    route({
      method: 'patch',
      path: '/queues/:name',
      audit: changeAudit('queue.update', 'queue'),
      summary: 'Change a queue; `allowedGroups` replaces the list (empty: every group)',
      access: 'admin',
      body: updateQueueRequestSchema,
      response: queueSchema,
      async handle({ params, body }) {
        return updateQueue(deps, params.name ?? '', body);
      },
    }),
    route({
      method: 'delete',
      path: '/queues/:name',
      audit: changeAudit('queue.delete', 'queue'),
      summary: 'Delete a queue and its quota (refused while it has unfinished jobs)',
      access: 'admin',
      response: deletedSchema,
      async handle({ params }) {
        await deleteQueue(deps, params.name ?? '');
        return { deleted: true as const };
      },
    }),
  ];
}
