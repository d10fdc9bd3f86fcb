import type { PoolConnection, RowDataPacket } from 'mysql2/promise';
import { badRequest, notFound } from '../../core/errors';
import type { Pool } from './pool';
import { inTransaction } from './transaction';

/** One of a user's groups. */
export interface Membership {
  group: string;
  primary: boolean;
}

/** A member of a group. */
export interface GroupMember {
  username: string;
  primary: boolean;
}

interface MemberRow extends RowDataPacket {
  group_id: number;
  is_primary: number;
}

/** Live members of the given groups, by group id, sorted by username. */
export async function membersOfGroups(
  db: Pool | PoolConnection,
  groupIds: readonly number[],
): Promise<Map<number, GroupMember[]>> {
  const members = new Map<number, GroupMember[]>();
  if (groupIds.length === 0) return members;
  const [rows] = await db.query<RowDataPacket[]>(
    `SELECT gm.group_id, u.username, gm.is_primary FROM group_members gm
     JOIN users u ON u.id = gm.user_id
     WHERE gm.group_id IN (?) AND u.deleted_at IS NULL ORDER BY u.username`,
    [groupIds],
  );
  for (const row of rows) {
    const list = members.get(Number(row.group_id)) ?? [];
    list.push({ username: String(row.username), primary: Boolean(row.is_primary) });
    members.set(Number(row.group_id), list);
  }
  return members;
}

/** Makes a user's oldest remaining group primary (after the primary one went); none left is fine. */
export async function promoteOldestGroup(conn: PoolConnection, userId: number): Promise<void> {
  const [primary] = await conn.query<RowDataPacket[]>(
    'SELECT 1 FROM group_members WHERE user_id = ? AND is_primary',
    [userId],
  );
  if (primary.length > 0) return;
  await conn.query(
    'UPDATE group_members SET is_primary = TRUE WHERE user_id = ? ORDER BY added_at, group_id LIMIT 1',
    [userId],
  );
}

/**
 * Who belongs to which group. A user with any group has exactly one primary group: the unique
 * key allows at most one, and every change here keeps at least one. Changes for one user are
 * serialised by locking their `users` row.
 */
export class GroupMemberStore {
  constructor(private readonly pool: Pool) {}

  /** A user's groups, primary first, then by name. */
  async of(userId: number): Promise<Membership[]> {
    return (await this.ofUsers([userId])).get(userId) ?? [];
  }

  /** The groups of many users, by user id. */
  async ofUsers(userIds: readonly number[]): Promise<Map<number, Membership[]>> {
    const result = new Map<number, Membership[]>();
    if (userIds.length === 0) return result;
    const [rows] = await this.pool.query<RowDataPacket[]>(
      `SELECT gm.user_id, g.name, gm.is_primary FROM group_members gm
       JOIN sched_groups g ON g.id = gm.group_id
       WHERE gm.user_id IN (?) ORDER BY gm.is_primary DESC, g.name`,
      [userIds],
    );
    for (const row of rows) {
      const list = result.get(Number(row.user_id)) ?? [];
      list.push({ group: String(row.name), primary: Boolean(row.is_primary) });
      result.set(Number(row.user_id), list);
    }
    return result;
  }

  /**
   * Adds a user to a group, or changes whether it is their primary one. A first group is always
   * primary; `primary: true` moves the primary flag here; `primary: false` on the primary is
   * refused (the user would be left without one).
   */
  async set(
    group: string,
    user: { id: number; username: string },
    primary: boolean | undefined,
    now: Date,
  ): Promise<void> {
    await inTransaction(this.pool, async (conn) => {
      await conn.query('SELECT id FROM users WHERE id = ? FOR UPDATE', [user.id]);
      const groupId = await groupIdOf(conn, group);
      const current = await membershipRows(conn, user.id);
      const isPrimary = Boolean(current.find((m) => m.group_id === groupId)?.is_primary);
      if (primary === false) refuseNoPrimary(group, user.username, isPrimary, current.length);
      const makePrimary = primary === true || current.length === 0;
      if (makePrimary && !isPrimary) {
        await conn.query('UPDATE group_members SET is_primary = FALSE WHERE user_id = ?', [
          user.id,
        ]);
      }
      await conn.query(
        `INSERT INTO group_members (group_id, user_id, is_primary, added_at) VALUES (?, ?, ?, ?)
         ON DUPLICATE KEY UPDATE is_primary = is_primary OR VALUES(is_primary)`,
        [groupId, user.id, makePrimary, now],
      );
    });
  }

  /** Removes a user from a group; if it was their primary group, their oldest other one becomes it. */
  async remove(group: string, user: { id: number; username: string }): Promise<void> {
    await inTransaction(this.pool, async (conn) => {
      await conn.query('SELECT id FROM users WHERE id = ? FOR UPDATE', [user.id]);
      const groupId = await groupIdOf(conn, group);
      const here = (await membershipRows(conn, user.id)).find((m) => m.group_id === groupId);
      if (!here) throw notFound(`${user.username} is not a member of group '${group}'`);
      await conn.query('DELETE FROM group_members WHERE group_id = ? AND user_id = ?', [
        groupId,
        user.id,
      ]);
      if (here.is_primary) await promoteOldestGroup(conn, user.id);
    });
  }
}

// `primary: false` may not leave a user with groups but no primary one.
function refuseNoPrimary(group: string, username: string, isPrimary: boolean, groups: number) {
  if (isPrimary) {
    throw badRequest(
      `body.primary: '${group}' is ${username}'s primary group; make another of their groups primary instead`,
    );
  }
  if (groups === 0) {
    throw badRequest(
      `body.primary: '${group}' would be ${username}'s only group, and a user's only group is primary`,
    );
  }
}

async function groupIdOf(conn: PoolConnection, group: string): Promise<number> {
  const [rows] = await conn.query<RowDataPacket[]>(
    'SELECT id FROM sched_groups WHERE name = ? LOCK IN SHARE MODE',
    [group],
  );
  const id = rows[0]?.id as number | undefined;
  if (id === undefined) throw notFound(`no group '${group}'`);
  return id;
}

async function membershipRows(conn: PoolConnection, userId: number): Promise<MemberRow[]> {
  const [rows] = await conn.query<MemberRow[]>(
    'SELECT group_id, is_primary FROM group_members WHERE user_id = ?',
    [userId],
  );
  return rows;
}
