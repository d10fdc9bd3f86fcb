import { jobEventsQuerySchema } from '../../core/events';
import type { ApiDeps } from '../context';
import { route } from '../route';
import { jobEventFilter, refreshedJobEventFilter, resumeAfter } from '../use-cases/job-events';

/** The stream of job state changes (server-sent events); see docs/events.md. */
export function eventRoutes(deps: ApiDeps) {
  return [
    route({
      method: 'get',
      path: '/events',
      summary:
        'Job state changes as server-sent events (`event: job`, `id:` to resume with Last-Event-ID or since), for the jobs you may see',
      access: 'user',
      scope: 'read',
      query: jobEventsQuerySchema,
      produces: 'text/event-stream',
      async handle({ caller, query, req, res }) {
        const since = resumeAfter(req.get('last-event-id'), query.since);
        const filter = await jobEventFilter(deps, caller, query);
        await deps.events.stream(res, {
          filter,
          since,
          refresh: () => refreshedJobEventFilter(deps, req.headers.authorization, query),
        });
      },
    }),
  ];
}
