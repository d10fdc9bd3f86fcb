import { fallbackGroup } from '../../core/accounts';
import type { UserAccounts, UserView } from '../../core/user';
import type { Membership } from '../../adapters/mysql/group-members';
import type { UserRecord } from '../../adapters/mysql/users';
import type { ApiDeps } from '../context';
import { userView } from './users';

/** A user's effective groups: their memberships, or the fallback group when they have none. */
export function effectiveGroups(memberships: readonly Membership[]): {
  primary: string;
  all: string[];
} {
  if (memberships.length === 0) return { primary: fallbackGroup, all: [fallbackGroup] };
  const primary = memberships.find((m) => m.primary)?.group ?? fallbackGroup;
  return { primary, all: memberships.map((m) => m.group) };
}

/** Views of many users with their groups and projects (two queries in all). */
export async function viewUsers(deps: ApiDeps, users: readonly UserRecord[]): Promise<UserView[]> {
  const ids = users.map((u) => u.id);
  const [groups, projects] = await Promise.all([
    deps.groupMembers.ofUsers(ids),
    deps.projectMembers.ofUsers(ids),
  ]);
  return users.map((user) => {
    const { primary, all } = effectiveGroups(groups.get(user.id) ?? []);
    const accounts: UserAccounts = {
      primaryGroup: primary,
      accountGroups: all,
      projects: projects.get(user.id) ?? [],
    };
    return userView(user, accounts);
  });
}

/** The view of one user with their groups and projects. */
export async function viewUser(deps: ApiDeps, user: UserRecord): Promise<UserView> {
  const [view] = await viewUsers(deps, [user]);
  if (!view) throw new Error(`no view made for user ${user.username}`);
  return view;
}
