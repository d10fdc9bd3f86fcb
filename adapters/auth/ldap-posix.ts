import type { Entry } from 'ldapts';

/** The attributes of a posixAccount entry that make a Go-Docker identity. */
export const POSIX_ACCOUNT_ATTRIBUTES = ['uid', 'uidNumber', 'gidNumber', 'homeDirectory'];

/** The attributes of a posixGroup entry that give a supplementary group. */
export const POSIX_GROUP_ATTRIBUTES = ['objectClass', 'gidNumber'];

/** What a posixAccount entry says about its user, before the groups are known. */
export interface PosixAccount {
  dn: string;
  uid: number;
  gid: number;
  home: string;
}

// Attribute names come back as the server spells them (uidnumber, uidNumber), so compare ignoring case.
function attributeValues(entry: Entry, name: string): string[] {
  const key = Object.keys(entry).find((k) => k.toLowerCase() === name.toLowerCase());
  const value = key === undefined || key === 'dn' ? undefined : entry[key];
  if (value === undefined) return [];
  const values = Array.isArray(value) ? value : [value];
  return values.map((v) => (typeof v === 'string' ? v : v.toString('utf8')));
}

function singleValue(entry: Entry, name: string): string | undefined {
  const values = attributeValues(entry, name);
  return values.length === 1 ? values[0] : undefined;
}

// Id 0 is root: a directory entry must never make a job run as root, whatever it says.
function positiveId(text: string | undefined): number | undefined {
  if (text === undefined || !/^[0-9]{1,10}$/.test(text)) return undefined;
  const id = Number(text);
  return id >= 1 && id <= 0xfffffffe ? id : undefined;
}

/**
 * The account a posixAccount entry describes, or undefined when it is unusable: a uid attribute
 * other than the login name (a job must run under the name its owner logged in with), a missing
 * or root (0) uidNumber/gidNumber, or no absolute home directory.
 */
export function posixAccountOf(entry: Entry, username: string): PosixAccount | undefined {
  const names = attributeValues(entry, 'uid').map((name) => name.toLowerCase());
  if (!names.includes(username)) return undefined;
  const uid = positiveId(singleValue(entry, 'uidNumber'));
  const gid = positiveId(singleValue(entry, 'gidNumber'));
  const home = singleValue(entry, 'homeDirectory');
  if (uid === undefined || gid === undefined || home === undefined || !home.startsWith('/'))
    return undefined;
  return { dn: entry.dn, uid, gid, home };
}

/** The gids of the posixGroup entries among `entries`, plus the primary gid; root's group is left out. */
export function supplementaryGids(entries: readonly Entry[], primaryGid: number): number[] {
  const gids = new Set([primaryGid]);
  for (const entry of entries) {
    const classes = attributeValues(entry, 'objectClass').map((c) => c.toLowerCase());
    const gid = positiveId(singleValue(entry, 'gidNumber'));
    if (classes.includes('posixgroup') && gid !== undefined) gids.add(gid);
  }
  return [...gids].sort((a, b) => a - b);
}
