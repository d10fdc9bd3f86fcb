import type { UserStore } from '../mysql/users';
import type { PasswordAuthenticator, VerifiedIdentity } from './authenticator';
import { verifyPassword } from './passwords';

/** Local users: argon2id hashes in Go-Docker's own users table. */
export function createLocalAuthenticator(users: UserStore): PasswordAuthenticator {
  return {
    name: 'local',
    async authenticate(username, password): Promise<VerifiedIdentity | undefined> {
      const user = await users.byUsername(username);
      const local = user?.authSource === 'local' ? user : undefined;
      // An unknown user costs a full hash check too, so timing does not tell names apart.
      const ok = await verifyPassword(local?.passwordHash ?? null, password);
      if (!local || !ok) return undefined;
      const { uid, gid, groups, home } = local;
      return { username: local.username, uid, gid, groups, home };
    },
    async close() {},
  };
}
