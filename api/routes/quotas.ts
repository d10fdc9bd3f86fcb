import { deletedSchema } from '../../core/accounts';
import { notFound } from '../../core/errors';
import {
  listQuotasQuerySchema,
  quotaListSchema,
  quotaSchema,
  setQuotaRequestSchema,
} from '../../core/quotas';
import type { ApiDeps } from '../context';
import { changeAudit, route } from '../route';
import { quotaKind, setQuota, visibleQuotas } from '../use-cases/quotas';

/** Limits per user, group, project and queue: admins set them; users read those that bind them. */
export function quotaRoutes(deps: ApiDeps) {
  return [
    route({
      method: 'get',
      path: '/quotas',
      summary: 'List quotas: all for admins, else those that bind your jobs',
      access: 'user',
      query: listQuotasQuerySchema,
      response: quotaListSchema,
      async handle({ caller, query }) {
        return { quotas: await visibleQuotas(deps, caller, query) };
      },
    }),
    route({
      method: 'put',
      path: '/quotas/:kind/:name',
      audit: changeAudit('quota.set', 'quota'),
      summary: "Set some of an account's limits: given fields change, null clears one, others stay",
      access: 'admin',
      body: setQuotaRequestSchema,
      response: quotaSchema,
      async handle({ params, body }) {
        return setQuota(deps, quotaKind(params.kind), params.name ?? '', body);
      },
    }),
    route({
      method: 'delete',
      path: '/quotas/:kind/:name',
      audit: changeAudit('quota.clear', 'quota'),
      summary: "Clear an account's quota: every limit becomes unlimited",
      access: 'admin',
      response: deletedSchema,
      async handle({ params }) {
        const kind = quotaKind(params.kind);
        if (!(await deps.quotas.delete(kind, params.name ?? ''))) {
          throw notFound(`${kind} '${params.name}' has no quota`);
        }
        return { deleted: true as const };
      },
    }),
  ];
}
