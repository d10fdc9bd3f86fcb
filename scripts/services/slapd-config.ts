import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';

/** The naming context of the private test directory. */
export const SLAPD_SUFFIX = 'dc=godocker,dc=test';

/** The directory's root DN, which bypasses access control (tests seed entries with it). */
export const SLAPD_ADMIN_DN = `cn=admin,${SLAPD_SUFFIX}`;

/** Files of the private slapd, all under `<dataDir>/slapd`. */
export interface SlapdPaths {
  dir: string;
  config: string;
  database: string;
  baseLdif: string;
  secret: string;
  /** Self-signed certificate for StartTLS; clients trust it as their CA. */
  certificate: string;
  privateKey: string;
}

/** Where the private slapd keeps its configuration, database and admin password. */
export function slapdPaths(dataDir: string): SlapdPaths {
  const dir = join(dataDir, 'slapd');
  return {
    dir,
    config: join(dir, 'slapd.conf'),
    database: join(dir, 'data'),
    baseLdif: join(dir, 'base.ldif'),
    secret: join(dir, 'admin.secret'),
    certificate: join(dir, 'tls', 'certificate.pem'),
    privateKey: join(dir, 'tls', 'private-key.pem'),
  };
}

/** A salted SHA-1 password value ({SSHA}), which slapd checks simple binds against. */
export function sshaPassword(password: string): string {
  const salt = randomBytes(8);
  const digest = createHash('sha1').update(password).update(salt).digest();
  return `{SSHA}${Buffer.concat([digest, salt]).toString('base64')}`;
}

// Debian builds the backends as modules in /usr/lib/ldap. The ACLs are those of Debian's default
// directory: a password is only good for binding (and changing one's own), never for reading.
// maxsize: mdb maps the whole database; 64 MiB is ample for test entries.
/** A slapd.conf for the private instance (written at every start, so it follows the secret file). */
export function slapdConf(paths: SlapdPaths, adminPassword: string): string {
  const schemas = ['core', 'cosine', 'nis', 'inetorgperson'];
  return [
    ...schemas.map((name) => `include /etc/ldap/schema/${name}.schema`),
    `pidfile ${join(paths.dir, 'slapd.pid')}`,
    `argsfile ${join(paths.dir, 'slapd.args')}`,
    `TLSCertificateFile ${paths.certificate}`,
    `TLSCertificateKeyFile ${paths.privateKey}`,
    'modulepath /usr/lib/ldap',
    'moduleload back_mdb',
    'database mdb',
    `suffix "${SLAPD_SUFFIX}"`,
    `rootdn "${SLAPD_ADMIN_DN}"`,
    `rootpw ${sshaPassword(adminPassword)}`,
    `directory ${paths.database}`,
    'maxsize 67108864',
    'index objectClass eq',
    'index uid,memberUid eq',
    'access to attrs=userPassword by self write by anonymous auth by * none',
    'access to * by * read',
    '',
  ].join('\n');
}

/** The suffix's own entry, loaded with slapadd before the first start. */
export function baseEntryLdif(): string {
  return [
    `dn: ${SLAPD_SUFFIX}`,
    'objectClass: dcObject',
    'objectClass: organization',
    'dc: godocker',
    'o: Go-Docker test directory',
    '',
  ].join('\n');
}
