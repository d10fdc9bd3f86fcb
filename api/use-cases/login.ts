import { DomainError } from '../../core/errors';
import { verifyPassword } from '../../adapters/auth/passwords';
import { newToken, tokenDigest } from '../../adapters/auth/tokens';
import type { UserRecord } from '../../adapters/mysql/users';
import type { ApiDeps } from '../context';

/** Checks a username and password and issues a bearer token. One message for every failure. */
export async function login(
  deps: ApiDeps,
  username: string,
  password: string,
): Promise<{ token: string; expiresAt: Date; user: UserRecord }> {
  const user = await deps.users.byUsername(username);
  const ok = await verifyPassword(user?.passwordHash ?? null, password);
  if (!user || !ok) throw new DomainError('unauthenticated', 'wrong username or password');
  const token = newToken();
  const now = deps.clock();
  const expiresAt = new Date(now.getTime() + deps.config.tokens.ttlHours * 3600_000);
  await deps.tokens.insert(user.id, tokenDigest(token), now, expiresAt);
  return { token, expiresAt, user };
}

/** The caller behind a bearer token; a token that is present but dead is an error, not anonymity. */
export async function authenticateToken(
  deps: ApiDeps,
  header: string | undefined,
): Promise<UserRecord | undefined> {
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match?.[1])
    throw new DomainError(
      'unauthenticated',
      'malformed Authorization header: use "Bearer <token>"',
    );
  const userId = await deps.tokens.userIdFor(tokenDigest(match[1]), deps.clock());
  const user = userId === undefined ? undefined : await deps.users.byId(userId);
  if (!user) throw new DomainError('unauthenticated', 'token expired or revoked: log in again');
  return user;
}
