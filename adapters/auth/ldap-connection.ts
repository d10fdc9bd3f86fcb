import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import type { ConnectionOptions } from 'node:tls';
import { ResultCodeError, type ClientOptions } from 'ldapts';
import type { LdapSettings } from '../../config/schema';

/** How to open one LDAP connection: client options, and the TLS options StartTLS upgrades with. */
export interface LdapConnection {
  client: ClientOptions;
  /** Set when settings ask for StartTLS on an ldap:// URL. */
  startTls?: ConnectionOptions;
}

/** Checks the TLS settings and reads the CA file once, so a bad path fails at boot, not at a login. */
export function ldapConnection(settings: LdapSettings): LdapConnection {
  const ldaps = settings.url.startsWith('ldaps://');
  if (ldaps && settings.startTls)
    throw new Error(`auth.ldap: startTls is for ldap:// URLs; ${settings.url} is already TLS`);
  if (settings.bindDn !== undefined && !settings.bindPassword)
    // An empty password makes the bind unauthenticated: it succeeds and searches anonymously.
    throw new Error('auth.ldap: bindDn is set without bindPassword');
  const tls: ConnectionOptions =
    settings.caFile === undefined ? {} : { ca: readCa(settings.caFile) };
  const timeouts = { timeout: settings.timeoutMs, connectTimeout: settings.timeoutMs };
  // ldapts speaks TLS from the first byte whenever tlsOptions are given, so an ldap:// URL gets
  // them only through StartTLS.
  if (ldaps) return { client: { url: settings.url, ...timeouts, tlsOptions: tls } };
  const client = { url: settings.url, ...timeouts };
  if (!settings.startTls) return { client };
  return { client, startTls: { ...tls, ...serverName(settings.url) } };
}

// StartTLS upgrades a socket that is already open, so node cannot tell which name the server
// certificate must carry (`host`) or which to send for SNI (`servername`, never an IP address).
function serverName(url: string): ConnectionOptions {
  const host = new URL(url).hostname.replace(/^\[(.*)\]$/, '$1');
  return isIP(host) === 0 ? { host, servername: host } : { host };
}

function readCa(caFile: string): Buffer {
  try {
    return readFileSync(caFile);
  } catch (error) {
    throw new Error(`auth.ldap: cannot read caFile ${caFile}: ${(error as Error).message}`);
  }
}

/**
 * The error to throw for a failed LDAP operation: a result code means the directory answered
 * and refused (a misconfigured base or service account); anything else (refused connection,
 * timeout, TLS handshake) means it could not be reached.
 */
export function ldapFailure(url: string, doing: string, error: unknown): Error {
  const reason = error instanceof Error ? error.message.trim() : String(error);
  // A server's diagnostic text is often empty, which leaves ldapts' message as just "Code: 0x20".
  const message =
    error instanceof ResultCodeError
      ? `the LDAP directory at ${url} refused to ${doing}: ${error.name} (${reason})`
      : `the LDAP directory at ${url} could not be reached (while trying to ${doing}): ${reason}`;
  return new Error(message, { cause: error });
}
