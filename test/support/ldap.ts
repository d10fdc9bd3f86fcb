import { randomBytes } from 'node:crypto';
import { Client, NoSuchObjectError } from 'ldapts';
import { ldapSettingsSchema, type LdapSettings } from '../../config/schema';
import { sshaPassword } from '../../scripts/services/slapd-config';

/** The private slapd the test runner started (scripts/suite-services.ts sets these). */
export interface TestDirectoryServer {
  url: string;
  suffix: string;
  adminDn: string;
  adminPassword: string;
  /** The self-signed certificate slapd offers on StartTLS. */
  caFile: string;
}

/** Reads the slapd the test runner prepared, failing with how to get it. */
export function testDirectoryServer(): TestDirectoryServer {
  const env = process.env;
  const url = env.GODOCKER_TEST_LDAP_URL;
  const suffix = env.GODOCKER_TEST_LDAP_SUFFIX;
  const adminDn = env.GODOCKER_TEST_LDAP_ADMIN_DN;
  const adminPassword = env.GODOCKER_TEST_LDAP_ADMIN_PASSWORD;
  const caFile = env.GODOCKER_TEST_LDAP_CA_FILE;
  if (!url || !suffix || !adminDn || !adminPassword || !caFile) {
    throw new Error(
      'LDAP tests need a real directory: run them through `npm test` (it starts a private slapd)',
    );
  }
  return { url, suffix, adminDn, adminPassword, caFile };
}

/** The users {@link seedDirectory} creates, with their posixAccount numbers. */
export const SEEDED_USERS = {
  alice: { uidNumber: 5101, gidNumber: 5100 },
  bob: { uidNumber: 5102, gidNumber: 5100 },
  carol: { uidNumber: 5103, gidNumber: 5103 },
  /** uidNumber 0: root under another name, which must never log in. */
  toor: { uidNumber: 0, gidNumber: 5100 },
  /** Two entries (ou=people and ou=staff beneath it) share this uid, so it is ambiguous. */
  dave: { uidNumber: 5104, gidNumber: 5100 },
} as const;

/** A seeded user's name. */
export type SeededUser = keyof typeof SEEDED_USERS;

/** posixGroups: carol is in physics and chemistry (and wheel, which has gid 0). */
export const SEEDED_GROUPS = [
  { cn: 'staff', gidNumber: 5100, members: [] },
  { cn: 'physics', gidNumber: 5201, members: ['carol'] },
  { cn: 'chemistry', gidNumber: 5202, members: ['carol'] },
  { cn: 'wheel', gidNumber: 0, members: ['carol'] },
] as const;

/** A seeded subtree: settings that point at it, and every user's password. */
export interface SeededDirectory {
  settings: LdapSettings;
  passwords: Record<SeededUser, string>;
  /** The subtree, `ou=<tag>,<suffix>`. */
  base: string;
}

/**
 * Replaces the subtree `ou=<tag>,<suffix>` with a small directory of people and groups, so each
 * test file works in its own subtree and files can run in parallel. Searches run as the admin.
 * Homes are `<homeRoot>/<name>` (default /home).
 */
export async function seedDirectory(
  tag: string,
  options: { homeRoot?: string } = {},
): Promise<SeededDirectory> {
  // The tag becomes an RDN value unescaped, so it must need no escaping.
  if (!/^[a-z0-9-]+$/i.test(tag))
    throw new Error(`seedDirectory: use letters, digits and - in ${tag}`);
  const server = testDirectoryServer();
  const base = `ou=${tag},${server.suffix}`;
  const passwords = Object.fromEntries(
    Object.keys(SEEDED_USERS).map((name) => [name, randomBytes(12).toString('base64url')]),
  ) as Record<SeededUser, string>;
  const client = new Client({ url: server.url, timeout: 10_000, connectTimeout: 10_000 });
  try {
    await client.bind(server.adminDn, server.adminPassword);
    await deleteSubtree(client, base);
    for (const [dn, attributes] of seedEntries(tag, base, passwords, options.homeRoot ?? '/home'))
      await client.add(dn, attributes);
  } finally {
    await client.unbind();
  }
  const settings = ldapSettingsSchema.parse({
    url: server.url,
    bindDn: server.adminDn,
    bindPassword: server.adminPassword,
    userBase: `ou=people,${base}`,
    groupBase: `ou=groups,${base}`,
  });
  return { settings, passwords, base };
}

type Attributes = Record<string, string | string[]>;

function seedEntries(
  tag: string,
  base: string,
  passwords: Record<SeededUser, string>,
  homeRoot: string,
): [string, Attributes][] {
  const ou = (name: string): Attributes => ({ objectClass: 'organizationalUnit', ou: name });
  const people = `ou=people,${base}`;
  const staff = `ou=staff,${people}`;
  const user = (name: SeededUser): Attributes => ({
    objectClass: ['inetOrgPerson', 'posixAccount'],
    uid: name,
    cn: name,
    sn: name,
    uidNumber: String(SEEDED_USERS[name].uidNumber),
    gidNumber: String(SEEDED_USERS[name].gidNumber),
    homeDirectory: `${homeRoot}/${name}`,
    userPassword: sshaPassword(passwords[name]),
  });
  // An attribute needs at least one value, so a group without members has no memberUid at all.
  const groups = SEEDED_GROUPS.map((group): [string, Attributes] => [
    `cn=${group.cn},ou=groups,${base}`,
    {
      objectClass: 'posixGroup',
      cn: group.cn,
      gidNumber: String(group.gidNumber),
      ...(group.members.length > 0 ? { memberUid: [...group.members] } : {}),
    },
  ]);
  return [
    [base, ou(tag)],
    [people, ou('people')],
    [staff, ou('staff')],
    [`ou=groups,${base}`, ou('groups')],
    ...(['alice', 'bob', 'carol', 'toor', 'dave'] as const).map((name): [string, Attributes] => [
      `uid=${name},${people}`,
      user(name),
    ]),
    [`uid=dave,${staff}`, user('dave')],
    ...groups,
  ];
}

// slapd's mdb backend has no tree delete, so remove leaves first (deepest DNs first).
async function deleteSubtree(client: Client, base: string): Promise<void> {
  let dns: string[];
  try {
    const { searchEntries } = await client.search(base, { scope: 'sub', attributes: ['1.1'] });
    dns = searchEntries.map((entry) => entry.dn);
  } catch (error) {
    if (error instanceof NoSuchObjectError) return; // nothing seeded yet
    throw error;
  }
  const depth = (dn: string): number => dn.split(',').length;
  for (const dn of dns.sort((a, b) => depth(b) - depth(a))) await client.del(dn);
}
