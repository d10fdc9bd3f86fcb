import type { PoolConnection, ResultSetHeader, RowDataPacket } from 'mysql2/promise';
import { badRequest, conflict } from '../../core/errors';
import type { QueueView } from '../../core/queues';
import { countChargedJobs, unfinishedStates } from './charged-jobs';
import { isDuplicateKey } from './duplicate-key';
import type { Pool } from './pool';
import { inTransaction } from './transaction';

/** The settable fields of a queue; `allowedGroups` empty means every group. */
export interface QueueFields {
  description: string;
  priority: number;
  maxWalltimeSeconds: number | null;
  allowedGroups: string[];
}

interface QueueRow extends RowDataPacket {
  id: number;
  name: string;
  description: string;
  priority: number;
  max_walltime_s: number | null;
  created_at: Date;
}

const columns: Record<Exclude<keyof QueueFields, 'allowedGroups'>, string> = {
  description: 'description',
  priority: 'priority',
  maxWalltimeSeconds: 'max_walltime_s',
};

async function replaceAllowedGroups(
  conn: PoolConnection,
  queue: string,
  groups: readonly string[],
): Promise<void> {
  const wanted = [...new Set(groups)];
  const found =
    wanted.length === 0
      ? []
      : (
          await conn.query<RowDataPacket[]>(
            'SELECT id, name FROM sched_groups WHERE name IN (?) LOCK IN SHARE MODE',
            [wanted],
          )
        )[0];
  const missing = wanted.filter((g) => !found.some((row) => row.name === g));
  if (missing.length > 0) {
    throw badRequest(`body.allowedGroups: no group ${missing.map((g) => `'${g}'`).join(', ')}`);
  }
  await conn.query(
    'DELETE qg FROM queue_groups qg JOIN queues q ON q.id = qg.queue_id WHERE q.name = ?',
    [queue],
  );
  if (found.length === 0) return;
  await conn.query(
    'INSERT INTO queue_groups (queue_id, group_id) SELECT q.id, g.id FROM queues q JOIN sched_groups g ON g.id IN (?) WHERE q.name = ?',
    [found.map((row) => Number(row.id)), queue],
  );
}

/** Queues that jobs wait in, with the groups allowed to use them. */
export class QueueStore {
  constructor(private readonly pool: Pool) {}

  /** Creates a queue; a taken name is a conflict, an unknown allowed group a bad request. */
  async insert(name: string, fields: QueueFields, now: Date): Promise<void> {
    await inTransaction(this.pool, async (conn) => {
      try {
        await conn.query(
          `INSERT INTO queues (name, description, priority, max_walltime_s, created_at)
           VALUES (?, ?, ?, ?, ?)`,
          [name, fields.description, fields.priority, fields.maxWalltimeSeconds, now],
        );
      } catch (error) {
        if (isDuplicateKey(error)) throw conflict(`queue '${name}' already exists`);
        throw error;
      }
      await replaceAllowedGroups(conn, name, fields.allowedGroups);
    });
  }

  /** One queue. */
  async get(name: string): Promise<QueueView | undefined> {
    return (await this.select('WHERE name = ?', [name]))[0];
  }

  /** All queues, by name. */
  async list(): Promise<QueueView[]> {
    return this.select('', []);
  }

  /** Changes the given fields (`allowedGroups` replaces the list); false when there is no such queue. */
  async update(name: string, fields: Partial<QueueFields>): Promise<boolean> {
    const { allowedGroups, ...rest } = fields;
    const set = Object.entries(rest).filter(([, v]) => v !== undefined);
    return inTransaction(this.pool, async (conn) => {
      const [found] = await conn.query<RowDataPacket[]>(
        'SELECT id FROM queues WHERE name = ? FOR UPDATE',
        [name],
      );
      if (found.length === 0) return false;
      if (set.length > 0) {
        await conn.query<ResultSetHeader>(
          `UPDATE queues SET ${set.map(([k]) => `${columns[k as keyof typeof columns]} = ?`).join(', ')}
           WHERE name = ?`,
          [...set.map(([, v]) => v), name],
        );
      }
      if (allowedGroups) await replaceAllowedGroups(conn, name, allowedGroups);
      return true;
    });
  }

  /** Deletes a queue and its quota; refused while unfinished jobs wait or run in it. */
  async delete(name: string): Promise<boolean> {
    return inTransaction(this.pool, async (conn) => {
      const [found] = await conn.query<RowDataPacket[]>(
        'SELECT id FROM queues WHERE name = ? FOR UPDATE',
        [name],
      );
      if (found.length === 0) return false;
      if ((await countChargedJobs(conn, 'queue', name, unfinishedStates, 1)) > 0) {
        throw conflict(`queue '${name}' has unfinished jobs: wait for them or kill them`);
      }
      await conn.query("DELETE FROM quotas WHERE subject_kind = 'queue' AND subject_name = ?", [
        name,
      ]);
      await conn.query('DELETE FROM queues WHERE name = ?', [name]);
      return true;
    });
  }

  private async select(where: string, args: unknown[]): Promise<QueueView[]> {
    const [rows] = await this.pool.query<QueueRow[]>(
      `SELECT * FROM queues ${where} ORDER BY name`,
      args,
    );
    const allowed = await this.allowedGroupsOf(rows.map((r) => r.id));
    return rows.map((row) => ({
      name: row.name,
      description: row.description,
      priority: row.priority,
      maxWalltimeSeconds: row.max_walltime_s,
      allowedGroups: allowed.get(row.id) ?? [],
      createdAt: row.created_at.toISOString(),
    }));
  }

  private async allowedGroupsOf(queueIds: readonly number[]): Promise<Map<number, string[]>> {
    const result = new Map<number, string[]>();
    if (queueIds.length === 0) return result;
    const [rows] = await this.pool.query<RowDataPacket[]>(
      `SELECT qg.queue_id, g.name FROM queue_groups qg JOIN sched_groups g ON g.id = qg.group_id
       WHERE qg.queue_id IN (?) ORDER BY g.name`,
      [queueIds],
    );
    for (const row of rows) {
      const list = result.get(Number(row.queue_id)) ?? [];
      list.push(String(row.name));
      result.set(Number(row.queue_id), list);
    }
    return result;
  }
}
