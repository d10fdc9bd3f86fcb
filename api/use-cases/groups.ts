import { fallbackGroup } from '../../core/accounts';
import { conflict, notFound } from '../../core/errors';
import type {
  CreateGroupRequest,
  GroupMemberRequest,
  GroupView,
  UpdateGroupRequest,
} from '../../core/groups';
import type { GroupRecord } from '../../adapters/mysql/groups';
import type { ApiDeps } from '../context';
import { liveUser } from './users';

/** The API view of a group (no internal id). */
export function groupView(group: GroupRecord): GroupView {
  const { id: _id, ...view } = group;
  return view;
}

/** A group with its members, or a 404 naming it. */
export async function requireGroup(deps: ApiDeps, name: string): Promise<GroupView> {
  const group = await deps.groups.get(name);
  if (!group) throw notFound(`no group '${name}'`);
  return groupView(group);
}

/** Creates a group with the defaults (shares 1, priority 0). */
export async function createGroup(deps: ApiDeps, body: CreateGroupRequest): Promise<GroupView> {
  await deps.groups.insert(
    body.name,
    {
      gid: body.gid ?? null,
      description: body.description ?? '',
      shares: body.shares ?? 1,
      priority: body.priority ?? 0,
    },
    deps.clock(),
  );
  return requireGroup(deps, body.name);
}

/** Changes a group's settings. */
export async function updateGroup(
  deps: ApiDeps,
  name: string,
  body: UpdateGroupRequest,
): Promise<GroupView> {
  if (!(await deps.groups.update(name, body))) throw notFound(`no group '${name}'`);
  return requireGroup(deps, name);
}

/** Deletes a group; the fallback group stays, since users in no group are charged to it. */
export async function deleteGroup(deps: ApiDeps, name: string): Promise<void> {
  if (name === fallbackGroup) {
    throw conflict(`group '${fallbackGroup}' cannot be deleted: users in no group belong to it`);
  }
  if (!(await deps.groups.delete(name))) throw notFound(`no group '${name}'`);
}

/** Adds a member or changes their primary flag. */
export async function setGroupMember(
  deps: ApiDeps,
  group: string,
  username: string,
  body: GroupMemberRequest,
): Promise<GroupView> {
  const user = await liveUser(deps, username);
  await deps.groupMembers.set(group, user, body.primary, deps.clock());
  return requireGroup(deps, group);
}

/** Removes a member (their oldest other group becomes primary if this one was). */
export async function removeGroupMember(
  deps: ApiDeps,
  group: string,
  username: string,
): Promise<GroupView> {
  await deps.groupMembers.remove(group, await liveUser(deps, username));
  return requireGroup(deps, group);
}
