import { forbidden, notFound } from '../core/errors';
import type { JobRecord } from '../adapters/mysql/jobs';
import type { ProjectRecord } from '../adapters/mysql/projects';
import type { ApiDeps, Caller } from './context';

// The resource half of authorization (routes check role and token scope in route.ts). Three
// roles: a user acts on their own jobs; the manager of a project on its jobs; an admin on all.

/** How the caller relates to a job, or undefined when it is none of theirs. */
export async function jobRelation(
  deps: ApiDeps,
  caller: Caller,
  job: JobRecord,
): Promise<'owner' | 'admin' | 'manager' | undefined> {
  if (job.ownerId === caller.id) return 'owner';
  if (caller.role === 'admin') return 'admin';
  const project = await deps.projects.get(job.project);
  return project?.managerId === caller.id ? 'manager' : undefined;
}

/**
 * The job if the caller may see and act on it. Someone else's job is "not found", never
 * "forbidden", so ids cannot be probed for existence.
 */
export async function visibleJob(deps: ApiDeps, caller: Caller, rawId: string): Promise<JobRecord> {
  const id = Number(rawId);
  const job = /^\d+$/.test(rawId) && Number.isSafeInteger(id) ? await deps.jobs.get(id) : undefined;
  if (!job || !(await jobRelation(deps, caller, job)))
    throw notFound(`no job ${rawId} among your jobs`);
  return job;
}

/** Whose jobs a listing may show: the caller's own, a managed project's, or (admins) anyone's. */
export async function jobListingScope(
  deps: ApiDeps,
  caller: Caller,
  query: { owner?: string | undefined; project?: string | undefined },
): Promise<{ ownerId?: number; owner?: string; project?: string }> {
  if (caller.role === 'admin') return { owner: query.owner, project: query.project };
  if (query.project !== undefined) {
    const project = await deps.projects.get(query.project);
    if (project?.managerId !== caller.id) {
      throw forbidden(
        `query.project: only admins and the manager of project '${query.project}' list its jobs`,
      );
    }
    return { owner: query.owner, project: query.project };
  }
  if (query.owner !== undefined && query.owner !== caller.username) {
    throw forbidden(
      "query.owner: only admins (or project managers, with query.project) list other users' jobs; leave it out to list yours",
    );
  }
  return { ownerId: caller.id };
}

/** The project if the caller may see it: admins, its manager and its members. */
export async function visibleProject(
  deps: ApiDeps,
  caller: Caller,
  name: string,
): Promise<ProjectRecord> {
  const project = await deps.projects.get(name);
  const sees =
    project &&
    (caller.role === 'admin' ||
      project.managerId === caller.id ||
      project.members.includes(caller.username));
  if (!project || !sees) throw notFound(`no project '${name}' among yours`);
  return project;
}

/** The project if the caller may change its members: admins and its manager. */
export async function managedProject(
  deps: ApiDeps,
  caller: Caller,
  name: string,
): Promise<ProjectRecord> {
  const project = await visibleProject(deps, caller, name);
  if (caller.role !== 'admin' && project.managerId !== caller.id) {
    throw forbidden(`only admins and the manager of project '${name}' change its members`);
  }
  return project;
}
