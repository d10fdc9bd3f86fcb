import { badRequest, DomainError } from '../../core/errors';
import { eventIdText, type JobEventFilter, type JobEventsQuery } from '../../core/events';
import { describeIssues } from '../route';
import { jobListingScope, visibleJob } from '../authorize';
import type { ApiDeps, Caller } from '../context';
import { authenticateToken } from './login';

async function visibility(deps: ApiDeps, caller: Caller): Promise<JobEventFilter['visible']> {
  if (caller.role === 'admin') return 'all';
  const projects = await deps.projects.list(caller.id);
  const managedProjects = projects.filter((p) => p.managerId === caller.id).map((p) => p.name);
  return { ownerId: caller.id, managedProjects };
}

/**
 * The events a caller's stream carries: the jobs they may see (their own, their managed
 * projects', everyone's for admins), narrowed by the query. Filters that reach beyond that are
 * refused as job listings refuse them (403), and a job id they may not see is "not found".
 */
export async function jobEventFilter(
  deps: ApiDeps,
  caller: Caller,
  query: JobEventsQuery,
): Promise<JobEventFilter> {
  await jobListingScope(deps, caller, query);
  for (const id of query.job ?? []) await visibleJob(deps, caller, String(id));
  return {
    visible: await visibility(deps, caller),
    ...(query.job ? { jobIds: query.job } : {}),
    ...(query.owner === undefined ? {} : { owner: query.owner }),
    ...(query.project === undefined ? {} : { project: query.project }),
  };
}

/**
 * The filter again, for a stream that has been open a while: the token may have been revoked
 * or expired, the user demoted, or a project handed to another manager since it connected.
 */
export async function refreshedJobEventFilter(
  deps: ApiDeps,
  authorization: string | undefined,
  query: JobEventsQuery,
): Promise<JobEventFilter> {
  const caller = await authenticateToken(deps, authorization);
  if (!caller) throw new DomainError('unauthenticated', 'the stream lost its token: log in again');
  return jobEventFilter(deps, caller, query);
}

/**
 * Where a stream resumes: after the `Last-Event-ID` a reconnecting EventSource sends, else
 * after `?since=`, else undefined (from the newest event on). The header wins because a browser
 * reconnects with the URL it first used, `since` included.
 */
export function resumeAfter(lastEventId: string | undefined, since: number | undefined) {
  if (lastEventId === undefined || lastEventId.trim() === '') return since;
  const parsed = eventIdText.safeParse(lastEventId.trim());
  if (!parsed.success) throw badRequest(describeIssues('header Last-Event-ID', parsed.error));
  return parsed.data;
}
