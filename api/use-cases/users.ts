import path from 'node:path';
import { homeRoot } from '../../config/load';
import { badRequest, conflict, notFound } from '../../core/errors';
import type { CreateUserRequest, UpdateUserRequest, UserAccounts, UserView } from '../../core/user';
import { ensureHome } from '../../adapters/auth/homes';
import { hashPassword } from '../../adapters/auth/passwords';
import type { UserRecord } from '../../adapters/mysql/users';
import type { ApiDeps } from '../context';

/** The public view of a user (no password hash, no internal id) with their accounts. */
export function userView(user: UserRecord, accounts: UserAccounts): UserView {
  const { username, uid, gid, groups, home, role, shares, priority, authSource, rootAllowed } =
    user;
  return {
    username,
    uid,
    gid,
    groups,
    home,
    role,
    shares,
    priority,
    authSource,
    rootAllowed,
    createdAt: user.createdAt,
    ...accounts,
  };
}

/** A live user by name, or a 404 naming them. */
export async function liveUser(deps: ApiDeps, username: string): Promise<UserRecord> {
  const user = await deps.users.byUsername(username);
  if (!user) throw notFound(`no user '${username}'`);
  return user;
}

function requireSafeHome(home: string): string {
  const normal = path.posix.normalize(home);
  if (
    normal !== home.replace(/\/+$/, '') ||
    ['/', '/etc', '/proc', '/sys', '/dev', '/var/run', '/run'].includes(normal)
  ) {
    throw badRequest(
      `body.home: '${home}' is not allowed; give a normalised path outside system directories`,
    );
  }
  return normal;
}

/** Creates a local user; their home defaults to <homeRoot>/<username> and is created if the site wants it. */
export async function createUser(deps: ApiDeps, request: CreateUserRequest): Promise<UserRecord> {
  const home = requireSafeHome(request.home ?? path.join(homeRoot(deps.config), request.username));
  if (await deps.users.byUsername(request.username)) {
    throw conflict(`user '${request.username}' already exists`);
  }
  const groups = [...new Set([request.gid, ...(request.groups ?? [])])];
  const inserted = await deps.users.insert(
    {
      username: request.username,
      passwordHash: await hashPassword(request.password),
      uid: request.uid,
      gid: request.gid,
      groups,
      home,
      role: request.role ?? 'user',
      shares: request.shares ?? 1,
      priority: request.priority ?? 0,
      authSource: 'local',
      rootAllowed: false,
    },
    deps.clock(),
  );
  if (!inserted)
    throw conflict(`user '${request.username}' already exists (or existed: names are not reused)`);
  if (deps.config.homes.create) await ensureHome(home, request.uid, request.gid);
  const user = await deps.users.byUsername(request.username);
  if (!user) throw new Error(`user ${request.username} vanished right after insert`);
  return user;
}

/** Changes a user's fields; a new password is hashed, groups always include the primary gid. */
export async function updateUser(
  deps: ApiDeps,
  username: string,
  request: UpdateUserRequest,
): Promise<UserRecord> {
  const current = await deps.users.byUsername(username);
  if (!current) throw notFound(`no user '${username}'`);
  if (current.authSource === 'ldap') {
    const fromDirectory = (['password', 'uid', 'gid', 'groups', 'home'] as const).filter(
      (field) => request[field] !== undefined,
    );
    if (fromDirectory.length > 0) {
      throw badRequest(
        `body.${fromDirectory[0]}: '${username}' is an LDAP user; ${fromDirectory.join(', ')} come from the directory`,
      );
    }
  }
  const gid = request.gid ?? current.gid;
  const groups =
    request.groups || request.gid
      ? [...new Set([gid, ...(request.groups ?? current.groups)])]
      : undefined;
  await deps.users.update(username, {
    passwordHash: request.password ? await hashPassword(request.password) : undefined,
    uid: request.uid,
    gid: request.gid,
    groups,
    home: request.home ? requireSafeHome(request.home) : undefined,
    role: request.role,
    shares: request.shares,
    priority: request.priority,
    rootAllowed: request.rootAllowed,
  });
  const user = await deps.users.byUsername(username);
  if (!user) throw notFound(`no user '${username}'`);
  return user;
}
