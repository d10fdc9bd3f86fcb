import { accountKinds, defaultProject, type AccountKind } from '../../core/accounts';
import { badRequest, notFound } from '../../core/errors';
import {
  mergeQuota,
  quotaKindSchema,
  quotaProblem,
  type ListQuotasQuery,
  type QuotaView,
  type SetQuotaRequest,
} from '../../core/quotas';
import type { ApiDeps, Caller } from '../context';
import { effectiveGroups } from './user-accounts';

/** The `:kind` of a quota path, or a 400 listing the kinds. */
export function quotaKind(raw: string | undefined): AccountKind {
  const parsed = quotaKindSchema.safeParse(raw);
  if (!parsed.success) throw badRequest(`kind: '${raw}' is not one of ${accountKinds.join(', ')}`);
  return parsed.data;
}

async function accountExists(deps: ApiDeps, kind: AccountKind, name: string): Promise<boolean> {
  switch (kind) {
    case 'user':
      return (await deps.users.byUsername(name)) !== undefined;
    case 'group':
      return (await deps.groups.get(name)) !== undefined;
    case 'project':
      return (await deps.projects.get(name)) !== undefined;
    case 'queue':
      return (await deps.queues.get(name)) !== undefined;
  }
}

/** Sets some limits of an existing account (null clears one; absent ones stay). */
export async function setQuota(
  deps: ApiDeps,
  kind: AccountKind,
  name: string,
  change: SetQuotaRequest,
): Promise<QuotaView> {
  if (!(await accountExists(deps, kind, name))) throw notFound(`no ${kind} '${name}'`);
  const merged = mergeQuota(await deps.quotas.get(kind, name), change);
  const problem = quotaProblem(merged);
  if (problem) throw badRequest(problem);
  await deps.quotas.put(kind, name, merged, deps.clock());
  const quota = await deps.quotas.get(kind, name);
  if (!quota) throw new Error(`quota ${kind} ${name} vanished right after it was set`);
  return quota;
}

/**
 * Quotas the caller may read: all for admins; for others the ones that bind their jobs (their
 * user, groups, projects with `default`, and every queue, since any may be chosen).
 */
export async function visibleQuotas(
  deps: ApiDeps,
  caller: Caller,
  query: ListQuotasQuery,
): Promise<QuotaView[]> {
  if (caller.role === 'admin') return deps.quotas.list(query);
  const [memberships, projects, queues] = await Promise.all([
    deps.groupMembers.of(caller.id),
    deps.projectMembers.ofUsers([caller.id]),
    deps.queues.list(),
  ]);
  const accounts: Array<[AccountKind, string]> = [
    ['user', caller.username],
    ...effectiveGroups(memberships).all.map((g): [AccountKind, string] => ['group', g]),
    ...[defaultProject, ...(projects.get(caller.id) ?? [])].map((p): [AccountKind, string] => [
      'project',
      p,
    ]),
    ...queues.map((q): [AccountKind, string] => ['queue', q.name]),
  ];
  return deps.quotas.list({ ...query, accounts });
}
