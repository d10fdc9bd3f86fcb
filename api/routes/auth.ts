import {
  loginRequestSchema,
  loginResponseSchema,
  logoutResponseSchema,
  userSchema,
} from '../../core/user';
import { tokenDigest } from '../../adapters/auth/tokens';
import { clientAddress } from '../audit';
import type { ApiDeps } from '../context';
import { route } from '../route';
import { bearerToken, login } from '../use-cases/login';
import { viewUser } from '../use-cases/user-accounts';

/** Login, logout and "who am I". */
export function authRoutes(deps: ApiDeps) {
  return [
    route({
      method: 'post',
      path: '/auth/login',
      summary: 'Exchange a username and password for a bearer token',
      access: 'public',
      body: loginRequestSchema,
      response: loginResponseSchema,
      async handle({ body, req }) {
        const session = await login(deps, { ...body, address: clientAddress(req) });
        return {
          token: session.token,
          expiresAt: session.expiresAt.toISOString(),
          user: await viewUser(deps, session.user),
        };
      },
    }),
    route({
      method: 'post',
      path: '/auth/logout',
      summary: 'Revoke the token this request carries',
      access: 'user',
      // Any token may end itself, whatever its scope.
      scope: 'read',
      audit: { action: 'auth.logout' },
      response: logoutResponseSchema,
      async handle({ req }) {
        const token = bearerToken(req.headers.authorization) ?? '';
        return { revoked: await deps.tokens.revoke(tokenDigest(token), deps.clock()) };
      },
    }),
    route({
      method: 'get',
      path: '/me',
      summary: 'The user behind the token, with the groups and projects their jobs may charge',
      access: 'user',
      response: userSchema,
      async handle({ caller }) {
        return viewUser(deps, caller);
      },
    }),
  ];
}
