import { z } from 'zod';
import { notFound } from '../../core/errors';
import {
  createUserRequestSchema,
  updateUserRequestSchema,
  userListSchema,
  userSchema,
} from '../../core/user';
import type { ApiDeps } from '../context';
import { changeAudit, route } from '../route';
import { viewUser, viewUsers } from '../use-cases/user-accounts';
import { createUser, liveUser, updateUser } from '../use-cases/users';

/** User administration (admins only). */
export function userRoutes(deps: ApiDeps) {
  return [
    route({
      method: 'post',
      path: '/users',
      audit: changeAudit('user.create', 'user', 'username'),
      summary: 'Create a local user',
      access: 'admin',
      body: createUserRequestSchema,
      response: userSchema,
      status: 201,
      async handle({ body }) {
        return viewUser(deps, await createUser(deps, body));
      },
    }),
    route({
      method: 'get',
      path: '/users',
      summary: 'List users',
      access: 'admin',
      response: userListSchema,
      async handle() {
        return { users: await viewUsers(deps, await deps.users.list()) };
      },
    }),
    route({
      method: 'get',
      path: '/users/:username',
      summary: 'Show a user',
      access: 'admin',
      response: userSchema,
      async handle({ params }) {
        return viewUser(deps, await liveUser(deps, params.username ?? ''));
      },
    }),
    route({
      method: 'patch',
      path: '/users/:username',
      audit: changeAudit('user.update', 'user', 'username'),
      summary: 'Change a user',
      access: 'admin',
      body: updateUserRequestSchema,
      response: userSchema,
      async handle({ params, body }) {
        return viewUser(deps, await updateUser(deps, params.username ?? '', body));
      },
    }),
    route({
      method: 'delete',
      path: '/users/:username',
      audit: changeAudit('user.delete', 'user', 'username'),
      summary: 'Delete a user: they can no longer log in; their job records stay',
      access: 'admin',
      response: z.object({ deleted: z.literal(true) }),
      async handle({ params }) {
        if (!(await deps.users.softDelete(params.username ?? '', deps.clock()))) {
          throw notFound(`no user '${params.username}'`);
        }
        return { deleted: true as const };
      },
    }),
  ];
}
