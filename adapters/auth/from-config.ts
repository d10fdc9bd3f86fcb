import type { Config } from '../../config/schema';
import type { UserStore } from '../mysql/users';
import type { PasswordAuthenticator } from './authenticator';
import { createLdapAuthenticator } from './ldap';
import { createLocalAuthenticator } from './local';

/** The authenticators the configuration names, in the order login tries them. */
export function createAuthenticators(config: Config, users: UserStore): PasswordAuthenticator[] {
  return config.auth.providers.map((name) => {
    if (name === 'local') return createLocalAuthenticator(users);
    if (!config.auth.ldap) throw new Error('auth.providers includes ldap: give auth.ldap settings');
    return createLdapAuthenticator(config.auth.ldap);
  });
}
