import { DomainError } from '../../core/errors';
import type { VerifiedIdentity } from '../../adapters/auth/authenticator';
import { newToken, tokenDigest } from '../../adapters/auth/tokens';
import type { UserRecord } from '../../adapters/mysql/users';
import type { ApiDeps, Caller } from '../context';

// One message for an unknown user and a wrong password: a login must not reveal which names exist.
const wrongCredentials = 'wrong username or password';

/** A login attempt: the credentials and where they came from. */
export interface LoginAttempt {
  username: string;
  password: string;
  address: string;
}

async function refuseWhenThrottled(deps: ApiDeps, attempt: LoginAttempt): Promise<void> {
  const throttle = deps.config.auth.throttle;
  const windowMs = throttle.windowSeconds * 1000;
  const now = deps.clock();
  const counts = await deps.loginFailures.counts(
    attempt.username,
    attempt.address,
    new Date(now.getTime() - windowMs),
  );
  const blockedUntil = [
    counts.account >= throttle.maxFailuresPerAccount ? counts.oldestAccountFailure : null,
    counts.address >= throttle.maxFailuresPerAddress ? counts.oldestAddressFailure : null,
  ]
    .filter((d): d is Date => d !== null)
    .map((d) => d.getTime() + windowMs);
  if (blockedUntil.length === 0) return;
  const waitSeconds = Math.max(1, Math.ceil((Math.max(...blockedUntil) - now.getTime()) / 1000));
  throw new DomainError(
    'too_many_requests',
    `too many failed logins for this account or from this address; try again in ${waitSeconds} s`,
  );
}

/**
 * The identity from the first authenticator that accepts the credentials. A username belongs to
 * the source that knows it: a directory cannot take over a local account of the same name.
 */
async function verify(
  deps: ApiDeps,
  username: string,
  password: string,
): Promise<VerifiedIdentity | undefined> {
  for (const authenticator of deps.authenticators) {
    if (authenticator.name !== 'local') {
      const existing = await deps.users.byUsername(username);
      if (existing && existing.authSource !== authenticator.name) continue;
    }
    let identity: VerifiedIdentity | undefined;
    try {
      identity = await authenticator.authenticate(username, password);
    } catch (error) {
      deps.log({ level: 'error', msg: 'authenticator unavailable', error: String(error) });
      throw new DomainError(
        'unavailable',
        `the ${authenticator.name} user directory cannot be reached; try again later`,
        true,
      );
    }
    if (identity) return identity;
  }
  return undefined;
}

/**
 * The user record for a verified identity. Directory users are created at their first login and
 * their uid, gid, groups and home refreshed at each one, so the directory stays the authority.
 */
async function userFor(deps: ApiDeps, identity: VerifiedIdentity): Promise<UserRecord> {
  const existing = await deps.users.byUsername(identity.username);
  if (existing?.authSource === 'local') return existing;
  const { uid, gid, home } = identity;
  const groups = [...new Set([gid, ...identity.groups])];
  if (existing) {
    await deps.users.update(identity.username, { uid, gid, groups, home });
  } else {
    await deps.users.insert(
      {
        username: identity.username,
        passwordHash: null,
        uid,
        gid,
        groups,
        home,
        role: 'user',
        shares: 1,
        priority: 0,
        authSource: 'ldap',
        rootAllowed: false,
      },
      deps.clock(),
    );
  }
  const user = await deps.users.byUsername(identity.username);
  if (!user) throw new Error(`user ${identity.username} vanished right after its login`);
  return user;
}

/**
 * Checks a username and password with the configured authenticators and issues a session token.
 * Failures are throttled per account and per address, and every attempt is audited.
 */
export async function login(
  deps: ApiDeps,
  attempt: LoginAttempt,
): Promise<{ token: string; expiresAt: Date; user: UserRecord }> {
  const audit = (outcome: 'ok' | 'refused' | 'failed', reason?: string) =>
    deps.audit
      .record(
        {
          actor: attempt.username.slice(0, 64),
          address: attempt.address,
          action: 'auth.login',
          target: null,
          outcome,
          detail: reason ? { reason } : null,
        },
        deps.clock(),
      )
      .catch((error: unknown) =>
        deps.log({ level: 'error', msg: 'audit write failed', error: String(error) }),
      );
  try {
    await refuseWhenThrottled(deps, attempt);
  } catch (error) {
    await audit('refused', 'throttled');
    throw error;
  }
  const identity = await verify(deps, attempt.username, attempt.password);
  if (!identity) {
    const now = deps.clock();
    const forgetBefore = new Date(now.getTime() - deps.config.auth.throttle.windowSeconds * 1000);
    await deps.loginFailures.record(attempt.username, attempt.address, now, forgetBefore);
    await audit('failed', wrongCredentials);
    throw new DomainError('unauthenticated', wrongCredentials);
  }
  const user = await userFor(deps, identity);
  await deps.loginFailures.clearAccount(attempt.username);
  const token = newToken();
  const now = deps.clock();
  const expiresAt = new Date(now.getTime() + deps.config.tokens.ttlHours * 3600_000);
  await deps.tokens.insert(
    {
      userId: user.id,
      digest: tokenDigest(token),
      kind: 'session',
      name: null,
      scope: 'full',
      expiresAt,
    },
    now,
  );
  await audit('ok');
  return { token, expiresAt, user };
}

/** The bearer token of a request header, or undefined when there is none. */
export function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match?.[1]) {
    throw new DomainError(
      'unauthenticated',
      'malformed Authorization header: use "Bearer <token>"',
    );
  }
  return match[1];
}

/** The caller behind a bearer token; a token that is present but dead is an error, not anonymity. */
export async function authenticateToken(
  deps: ApiDeps,
  header: string | undefined,
): Promise<Caller | undefined> {
  const token = bearerToken(header);
  if (token === undefined) return undefined;
  const grant = await deps.tokens.grantFor(tokenDigest(token), deps.clock());
  const user = grant === undefined ? undefined : await deps.users.byId(grant.userId);
  if (!grant || !user)
    throw new DomainError('unauthenticated', 'token expired or revoked: log in again');
  if (grant.kind === 'api' && !deps.config.tokens.apiTokens) {
    throw new DomainError(
      'unauthenticated',
      'API tokens are turned off on this site: log in and use the token login gives',
    );
  }
  return { ...user, scope: grant.scope, tokenId: grant.tokenId };
}
