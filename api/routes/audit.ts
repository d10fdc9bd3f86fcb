import { auditListSchema, auditQuerySchema } from '../../core/audit';
import type { ApiDeps } from '../context';
import { route } from '../route';

/** The audit log, read by admins. */
export function auditRoutes(deps: ApiDeps) {
  return [
    route({
      method: 'get',
      path: '/audit',
      summary:
        'Audit events, newest first: logins, job submits and kills, changes of roles and quotas, root use, refused requests',
      access: 'admin',
      query: auditQuerySchema,
      response: auditListSchema,
      async handle({ query }) {
        const events = await deps.audit.list(query);
        const last = events[events.length - 1];
        return { events, nextBeforeId: events.length === query.limit && last ? last.id : null };
      },
    }),
  ];
}
