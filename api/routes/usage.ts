import { usageQuerySchema, usageReportSchema } from '../../core/usage';
import type { ApiDeps } from '../context';
import { route } from '../route';
import { usageCsv, usageReport } from '../use-cases/usage';

/** The accounting report: what finished jobs used, per account and period. */
export function usageRoutes(deps: ApiDeps) {
  return [
    route({
      method: 'get',
      path: '/usage',
      summary:
        'Usage of finished jobs (jobs by outcome, cpu-hours, memory GiB-hours, wall hours, mean wait) per user, group, project or queue and per day, week, month or in total; JSON, or CSV with format=csv. Admins see all, a project manager their project, others their own jobs',
      access: 'user',
      query: usageQuerySchema,
      // JSON by default; format=csv answers text/csv instead (written below).
      response: usageReportSchema,
      async handle({ caller, query, res }) {
        const report = await usageReport(deps, caller, query);
        if (query.format === 'json') return report;
        res.status(200).type('text/csv; charset=utf-8; header=present').send(usageCsv(report));
        return undefined;
      },
    }),
  ];
}
