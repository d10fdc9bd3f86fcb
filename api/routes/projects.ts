import { deletedSchema } from '../../core/accounts';
import {
  createProjectRequestSchema,
  projectListSchema,
  projectMemberRequestSchema,
  projectSchema,
  updateProjectRequestSchema,
} from '../../core/projects';
import type { ApiDeps } from '../context';
import { changeAudit, route } from '../route';
import {
  addProjectMember,
  createProject,
  deleteProject,
  projectView,
  removeProjectMember,
  updateProject,
} from '../use-cases/projects';
import { visibleProject } from '../authorize';

/** Projects: admins manage them; members and managers read theirs; managers change members. */
export function projectRoutes(deps: ApiDeps) {
  return [
    route({
      method: 'post',
      path: '/projects',
      audit: changeAudit('project.create', 'project'),
      summary: 'Create a project',
      access: 'admin',
      body: createProjectRequestSchema,
      response: projectSchema,
      status: 201,
      async handle({ body }) {
        return createProject(deps, body);
      },
    }),
    route({
      method: 'get',
      path: '/projects',
      summary: 'List projects: all for admins, else those you belong to or manage',
      access: 'user',
      response: projectListSchema,
      async handle({ caller }) {
        const projects = await deps.projects.list(caller.role === 'admin' ? undefined : caller.id);
        return { projects: projects.map(projectView) };
      },
    }),
    route({
      method: 'get',
      path: '/projects/:name',
      summary: 'Show a project with its members (admins, its members and its manager)',
      access: 'user',
      response: projectSchema,
      async handle({ caller, params }) {
        return projectView(await visibleProject(deps, caller, params.name ?? ''));
      },
    }),
    route({
      method: 'patch',
      path: '/projects/:name',
      audit: changeAudit('project.update', 'project'),
      summary: "Change a project's manager, description, shares or priority",
      access: 'admin',
      body: updateProjectRequestSchema,
      response: projectSchema,
      async handle({ params, body }) {
        return projectView(await updateProject(deps, params.name ?? '', body));
      },
    }),
    route({
      method: 'delete',
      path: '/projects/:name',
      audit: changeAudit('project.delete', 'project'),
      summary: 'Delete a project and its quota (refused while it has unfinished jobs)',
      access: 'admin',
      response: deletedSchema,
      async handle({ params }) {
        await deleteProject(deps, params.name ?? '');
        return { deleted: true as const };
      },
    }),
    route({
      method: 'put',
      path: '/projects/:name/members/:username',
      audit: changeAudit('project.member.add', 'project'),
      summary: 'Add a member (admins and the project manager)',
      access: 'user',
      body: projectMemberRequestSchema,
      response: projectSchema,
      async handle({ caller, params }) {
        const name = params.name ?? '';
        return projectView(await addProjectMember(deps, caller, name, params.username ?? ''));
      },
    }),
    route({
      method: 'delete',
      path: '/projects/:name/members/:username',
      audit: changeAudit('project.member.remove', 'project'),
      summary: 'Remove a member (admins and the project manager)',
      access: 'user',
      response: projectSchema,
      async handle({ caller, params }) {
        const name = params.name ?? '';
        return projectView(await removeProjectMember(deps, caller, name, params.username ?? ''));
      },
    }),
  ];
}
