import type { PoolConnection, ResultSetHeader, RowDataPacket } from 'mysql2/promise';
import { conflict } from '../../core/errors';
import type { GroupView } from '../../core/groups';
import { countChargedJobs, unfinishedStates } from './charged-jobs';
import { isDuplicateKey } from './duplicate-key';
import type { Pool } from './pool';
import { inTransaction } from './transaction';
import { membersOfGroups, promoteOldestGroup } from './group-members';

/** A stored group with its members. */
export interface GroupRecord extends GroupView {
  id: number;
}

/** The settable fields of a group. */
export interface GroupFields {
  gid: number | null;
  description: string;
  shares: number;
  priority: number;
}

interface GroupRow extends RowDataPacket {
  id: number;
  name: string;
  gid: number | null;
  description: string;
  shares: number;
  priority: number;
  created_at: Date;
}

const columns: Record<keyof GroupFields, string> = {
  gid: 'gid',
  description: 'description',
  shares: 'shares',
  priority: 'priority',
};

function gidTaken(gid: number | null | undefined): Error {
  return conflict(`gid ${gid} already belongs to another group: one group per POSIX gid`);
}

async function refuseIfInUse(conn: PoolConnection, id: number, name: string): Promise<void> {
  if ((await countChargedJobs(conn, 'group', name, unfinishedStates, 1)) > 0) {
    throw conflict(`group '${name}' has unfinished jobs charged to it: wait for them or kill them`);
  }
  const [queues] = await conn.query<RowDataPacket[]>(
    `SELECT q.name FROM queue_groups qg JOIN queues q ON q.id = qg.queue_id
     WHERE qg.group_id = ? ORDER BY q.name`,
    [id],
  );
  if (queues.length > 0) {
    const names = queues.map((q) => String(q.name)).join(', ');
    throw conflict(`group '${name}' is allowed on queue(s) ${names}: remove it there first`);
  }
}

/** Scheduling groups (table `sched_groups`: GROUPS is a reserved word). */
export class GroupStore {
  constructor(private readonly pool: Pool) {}

  /** Creates a group; a taken name or gid is a conflict. */
  async insert(name: string, fields: GroupFields, now: Date): Promise<void> {
    try {
      await this.pool.query(
        `INSERT INTO sched_groups (name, gid, description, shares, priority, created_at)
         VALUES (?, ?, ?, ?, ?, ?)`,
        [name, fields.gid, fields.description, fields.shares, fields.priority, now],
      );
    } catch (error) {
      if (isDuplicateKey(error, 'sched_groups_name'))
        throw conflict(`group '${name}' already exists`);
      if (isDuplicateKey(error, 'sched_groups_gid')) throw gidTaken(fields.gid);
      throw error;
    }
  }

  /** One group with its members. */
  async get(name: string): Promise<GroupRecord | undefined> {
    return (await this.select('WHERE name = ?', [name]))[0];
  }

  /** All groups, by name, with their members. */
  async list(): Promise<GroupRecord[]> {
    return this.select('', []);
  }

  /** Changes the given fields; returns false when there is no such group. */
  async update(name: string, fields: Partial<GroupFields>): Promise<boolean> {
    const set = Object.entries(fields).filter(([, v]) => v !== undefined);
    if (set.length === 0) return (await this.get(name)) !== undefined;
    try {
      const [result] = await this.pool.query<ResultSetHeader>(
        `UPDATE sched_groups SET ${set.map(([k]) => `${columns[k as keyof GroupFields]} = ?`).join(', ')}
         WHERE name = ?`,
        [...set.map(([, v]) => v), name],
      );
      return result.affectedRows === 1;
    } catch (error) {
      if (isDuplicateKey(error, 'sched_groups_gid')) throw gidTaken(fields.gid);
      throw error;
    }
  }

  /**
   * Deletes a group, its memberships and its quota. Refused while unfinished jobs are charged
   * to it or a queue admits it (dropping it there could open a restricted queue to everyone).
   * Members whose primary group it was get their oldest other group as primary.
   */
  async delete(name: string): Promise<boolean> {
    return inTransaction(this.pool, async (conn) => {
      const [found] = await conn.query<RowDataPacket[]>(
        'SELECT id FROM sched_groups WHERE name = ? FOR UPDATE',
        [name],
      );
      const id = found[0]?.id as number | undefined;
      if (id === undefined) return false;
      await refuseIfInUse(conn, id, name);
      const [primaries] = await conn.query<RowDataPacket[]>(
        'SELECT user_id FROM group_members WHERE group_id = ? AND is_primary FOR UPDATE',
        [id],
      );
      await conn.query('DELETE FROM group_members WHERE group_id = ?', [id]);
      for (const row of primaries) await promoteOldestGroup(conn, Number(row.user_id));
      await conn.query("DELETE FROM quotas WHERE subject_kind = 'group' AND subject_name = ?", [
        name,
      ]);
      await conn.query('DELETE FROM sched_groups WHERE id = ?', [id]);
      return true;
    });
  }

  private async select(where: string, args: unknown[]): Promise<GroupRecord[]> {
    const [rows] = await this.pool.query<GroupRow[]>(
      `SELECT * FROM sched_groups ${where} ORDER BY name`,
      args,
    );
    const members = await membersOfGroups(
      this.pool,
      rows.map((r) => r.id),
    );
    return rows.map((row) => ({
      id: row.id,
      name: row.name,
      gid: row.gid,
      description: row.description,
      shares: row.shares,
      priority: row.priority,
      members: members.get(row.id) ?? [],
      createdAt: row.created_at.toISOString(),
    }));
  }
}
