import type { ConnectionOptions } from 'node:tls';
import { Client, InvalidCredentialsError, type Entry } from 'ldapts';
import type { LdapSettings } from '../../config/schema';
import { accountNameSchema } from '../../core/accounts';
import type { PasswordAuthenticator, VerifiedIdentity } from './authenticator';
import { ldapConnection, ldapFailure, type LdapConnection } from './ldap-connection';
import { fillUsernameFilter } from './ldap-filter';
import {
  POSIX_ACCOUNT_ATTRIBUTES,
  POSIX_GROUP_ATTRIBUTES,
  posixAccountOf,
  supplementaryGids,
  type PosixAccount,
} from './ldap-posix';

export { escapeFilterValue } from './ldap-filter';

/**
 * Checks passwords against an LDAP directory: find the user's posixAccount entry (as the service
 * account, or anonymously), bind as that entry with the password, then read the posixGroups the
 * user belongs to. Each check uses its own connection, so nothing is pooled.
 */
export function createLdapAuthenticator(settings: LdapSettings): PasswordAuthenticator {
  const connection = ldapConnection(settings);
  return {
    name: 'ldap',
    async authenticate(username, password) {
      // An empty password is an unauthenticated bind, which a directory accepts for any DN.
      if (!accountNameSchema.safeParse(username).success || password === '') return undefined;
      return authenticateOnce(settings, connection, username, password);
    },
    close: async () => undefined,
  };
}

async function authenticateOnce(
  settings: LdapSettings,
  connection: LdapConnection,
  username: string,
  password: string,
): Promise<VerifiedIdentity | undefined> {
  const client = new Client(connection.client);
  const ldap = new LdapSession(settings, client);
  try {
    if (connection.startTls !== undefined) await ldap.startTls(connection.startTls);
    await ldap.bindAsService();
    const account = await ldap.findAccount(username);
    if (account === undefined || !(await ldap.bindAsUser(account.dn, password))) return undefined;
    await ldap.bindAsService();
    const groups = supplementaryGids(await ldap.findGroups(username), account.gid);
    return { username, uid: account.uid, gid: account.gid, groups, home: account.home };
  } finally {
    // The answer is already decided; a connection that failed to close changes nothing.
    await client.unbind().catch(() => undefined);
  }
}

// One authentication's connection, with each step's failure explained in terms of the settings.
class LdapSession {
  constructor(
    private readonly settings: LdapSettings,
    private readonly client: Client,
  ) {}

  async run<T>(doing: string, step: (client: Client) => Promise<T>): Promise<T> {
    try {
      return await step(this.client);
    } catch (error) {
      throw ldapFailure(this.settings.url, doing, error);
    }
  }

  async startTls(options: ConnectionOptions): Promise<void> {
    await this.run('start TLS', (c) => c.startTLS(options));
  }

  // Without a service account the searches run anonymously (or, after the user's bind, as the user).
  async bindAsService(): Promise<void> {
    const { bindDn, bindPassword } = this.settings;
    if (bindDn === undefined) return;
    await this.run(`bind as the service account ${bindDn}`, (c) => c.bind(bindDn, bindPassword));
  }

  // sizeLimit 2: enough to see that a filter is ambiguous without reading a whole directory.
  async findAccount(username: string): Promise<PosixAccount | undefined> {
    const { userBase, userFilter, timeoutMs } = this.settings;
    const { searchEntries } = await this.run(`search ${userBase}`, (c) =>
      c.search(userBase, {
        scope: 'sub',
        filter: fillUsernameFilter(userFilter, username),
        attributes: POSIX_ACCOUNT_ATTRIBUTES,
        sizeLimit: 2,
        timeLimit: Math.ceil(timeoutMs / 1000),
      }),
    );
    const [entry, ...others] = searchEntries;
    return entry === undefined || others.length > 0 ? undefined : posixAccountOf(entry, username);
  }

  async bindAsUser(dn: string, password: string): Promise<boolean> {
    try {
      await this.run(`bind as ${dn}`, (c) => c.bind(dn, password));
      return true;
    } catch (error) {
      if (error instanceof Error && error.cause instanceof InvalidCredentialsError) return false;
      throw error;
    }
  }

  async findGroups(username: string): Promise<Entry[]> {
    const { groupBase, groupFilter, timeoutMs } = this.settings;
    if (groupBase === undefined) return [];
    const result = await this.run(`search ${groupBase}`, (c) =>
      c.search(groupBase, {
        scope: 'sub',
        filter: fillUsernameFilter(groupFilter, username),
        attributes: POSIX_GROUP_ATTRIBUTES,
        timeLimit: Math.ceil(timeoutMs / 1000),
      }),
    );
    return result.searchEntries;
  }
}
