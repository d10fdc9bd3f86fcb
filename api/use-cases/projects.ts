import { defaultProject } from '../../core/accounts';
import { conflict, notFound } from '../../core/errors';
import type { CreateProjectRequest, ProjectView, UpdateProjectRequest } from '../../core/projects';
import type { ProjectRecord } from '../../adapters/mysql/projects';
import { managedProject, visibleProject } from '../authorize';
import type { ApiDeps, Caller } from '../context';
import { liveUser } from './users';

/** The API view of a project (no internal ids). */
export function projectView(project: ProjectRecord): ProjectView {
  const { id: _id, managerId: _managerId, ...view } = project;
  return view;
}

/** A project, or a 404 naming it (for admins: it says nothing about membership). */
export async function requireProject(deps: ApiDeps, name: string): Promise<ProjectRecord> {
  const project = await deps.projects.get(name);
  if (!project) throw notFound(`no project '${name}'`);
  return project;
}

// The manager's user id; null and undefined (remove / leave unchanged) pass through.
async function managerId(
  deps: ApiDeps,
  manager: string | null | undefined,
): Promise<number | null | undefined> {
  if (manager === undefined || manager === null) return manager;
  const user = await deps.users.byUsername(manager);
  if (!user) throw notFound(`body.manager: no user '${manager}'`);
  return user.id;
}

/** Creates a project (defaults: no manager, shares 1, priority 0). */
export async function createProject(
  deps: ApiDeps,
  body: CreateProjectRequest,
): Promise<ProjectView> {
  await deps.projects.insert(
    body.name,
    {
      description: body.description ?? '',
      managerId: (await managerId(deps, body.manager)) ?? null,
      shares: body.shares ?? 1,
      priority: body.priority ?? 0,
    },
    deps.clock(),
  );
  return projectView(await requireProject(deps, body.name));
}

/** Changes a project's settings; `manager: null` removes the manager (they stay a member). */
export async function updateProject(
  deps: ApiDeps,
  name: string,
  body: UpdateProjectRequest,
): Promise<ProjectRecord> {
  const { manager, ...rest } = body;
  const fields = { ...rest, managerId: await managerId(deps, manager) };
  if (!(await deps.projects.update(name, fields, deps.clock()))) {
    throw notFound(`no project '${name}'`);
  }
  return requireProject(deps, name);
}

/** Deletes a project; `default` stays, since jobs that name no project are charged to it. */
export async function deleteProject(deps: ApiDeps, name: string): Promise<void> {
  if (name === defaultProject) {
    throw conflict(`project '${defaultProject}' cannot be deleted: jobs that name none use it`);
  }
  if (!(await deps.projects.delete(name))) throw notFound(`no project '${name}'`);
}

/** Adds a member (admins and the manager). */
export async function addProjectMember(
  deps: ApiDeps,
  caller: Caller,
  name: string,
  username: string,
): Promise<ProjectRecord> {
  await managedProject(deps, caller, name);
  await deps.projectMembers.add(name, (await liveUser(deps, username)).id, deps.clock());
  return visibleProject(deps, caller, name);
}

/** Removes a member (admins and the manager); the manager cannot be removed while managing. */
export async function removeProjectMember(
  deps: ApiDeps,
  caller: Caller,
  name: string,
  username: string,
): Promise<ProjectRecord> {
  await managedProject(deps, caller, name);
  await deps.projectMembers.remove(name, await liveUser(deps, username));
  return visibleProject(deps, caller, name);
}
