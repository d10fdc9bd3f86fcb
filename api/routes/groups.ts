import { deletedSchema } from '../../core/accounts';
import {
  createGroupRequestSchema,
  groupListSchema,
  groupMemberRequestSchema,
  groupSchema,
  updateGroupRequestSchema,
} from '../../core/groups';
import type { ApiDeps } from '../context';
import { changeAudit, route } from '../route';
import {
  createGroup,
  deleteGroup,
  groupView,
  removeGroupMember,
  requireGroup,
  setGroupMember,
  updateGroup,
} from '../use-cases/groups';

/** Scheduling groups and their members (admins; users see their own groups in `GET /me`). */
export function groupRoutes(deps: ApiDeps) {
  return [
    route({
      method: 'post',
      path: '/groups',
      audit: changeAudit('group.create', 'group'),
      summary: 'Create a group',
      access: 'admin',
      body: createGroupRequestSchema,
      response: groupSchema,
      status: 201,
      async handle({ body }) {
        return createGroup(deps, body);
      },
    }),
    route({
      method: 'get',
      path: '/groups',
      summary: 'List groups with their members',
      access: 'admin',
      response: groupListSchema,
      async handle() {
        return { groups: (await deps.groups.list()).map(groupView) };
      },
    }),
    route({
      method: 'get',
      path: '/groups/:name',
      summary: 'Show a group with its members',
      access: 'admin',
      response: groupSchema,
      async handle({ params }) {
        return requireGroup(deps, params.name ?? '');
      },
    }),
    route({
      method: 'patch',
      path: '/groups/:name',
      audit: changeAudit('group.update', 'group'),
      summary: "Change a group's gid, description, shares or priority",
      access: 'admin',
      body: updateGroupRequestSchema,
      response: groupSchema,
      async handle({ params, body }) {
        return updateGroup(deps, params.name ?? '', body);
      },
    }),
    route({
      method: 'delete',
      path: '/groups/:name',
      audit: changeAudit('group.delete', 'group'),
      summary:
        'Delete a group and its quota (refused while it has unfinished jobs or a queue admits it)',
      access: 'admin',
      response: deletedSchema,
      async handle({ params }) {
        await deleteGroup(deps, params.name ?? '');
        return { deleted: true as const };
      },
    }),
    route({
      method: 'put',
      path: '/groups/:name/members/:username',
      audit: changeAudit('group.member.add', 'group'),
      summary: "Add a member, or make the group the user's primary one (`primary: true`)",
      access: 'admin',
      body: groupMemberRequestSchema,
      response: groupSchema,
      async handle({ params, body }) {
        return setGroupMember(deps, params.name ?? '', params.username ?? '', body);
      },
    }),
    route({
      method: 'delete',
      path: '/groups/:name/members/:username',
      audit: changeAudit('group.member.remove', 'group'),
      summary: 'Remove a member; if it was their primary group, their oldest other one becomes it',
      access: 'admin',
      response: groupSchema,
      async handle({ params }) {
        return removeGroupMember(deps, params.name ?? '', params.username ?? '');
      },
    }),
  ];
}
