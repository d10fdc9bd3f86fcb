import type { RowDataPacket } from 'mysql2/promise';
import type { PendingJob } from '../../core/ordering';
import type { Pool } from './pool';

/** A pending job plus the reason currently shown for it (to write only reasons that changed). */
export interface PendingRow extends PendingJob {
  reason: string | null;
}

/** What admitted, launching and running jobs hold right now. */
export interface Held {
  cpus: number;
  memoryMiB: number;
}

/** The reads and writes of one ordering pass. */
export class OrderingStore {
  constructor(private readonly pool: Pool) {}

  /** Pending jobs, read in one query (the snapshot a pass decides on). */
  async pending(): Promise<PendingRow[]> {
    const [rows] = await this.pool.query<RowDataPacket[]>({
      sql: `SELECT id, owner, cpus, memory_mib, priority, submitted_at, reason
            FROM jobs WHERE state = 'pending'`,
      rowsAsArray: true,
    });
    return rows.map((r) => ({
      id: Number(r[0]),
      owner: String(r[1]),
      cpus: Number(r[2]),
      memoryMiB: Number(r[3]),
      priority: Number(r[4]),
      submittedAtMs: (r[5] as Date).getTime(),
      reason: r[6] as string | null,
    }));
  }

  /** Resources held by jobs between admission and the end. */
  async held(): Promise<Held> {
    const [rows] = await this.pool.query<RowDataPacket[]>(
      `SELECT COALESCE(SUM(cpus), 0) AS cpus, COALESCE(SUM(memory_mib), 0) AS mem
       FROM jobs WHERE state IN ('admitted', 'launching', 'running')`,
    );
    const row = rows[0];
    return { cpus: Number(row?.cpus ?? 0), memoryMiB: Number(row?.mem ?? 0) };
  }

  /** Admitted jobs whose workflow has not moved on since `before` (the admit signal may be lost). */
  async admittedBefore(before: Date): Promise<number[]> {
    const [rows] = await this.pool.query<RowDataPacket[]>(
      "SELECT id FROM jobs WHERE state = 'admitted' AND admitted_at < ?",
      [before],
    );
    return rows.map((r) => Number(r.id));
  }

  /** Writes the reasons of still-pending jobs, a thousand rows a statement. */
  async setReasons(reasons: Array<[number, string]>): Promise<void> {
    for (let i = 0; i < reasons.length; i += 1000) {
      const chunk = reasons.slice(i, i + 1000);
      const cases = chunk.map(() => 'WHEN ? THEN ?').join(' ');
      await this.pool.query(
        `UPDATE jobs SET reason = CASE id ${cases} END WHERE state = 'pending' AND id IN (?)`,
        [...chunk.flat(), chunk.map(([id]) => id)],
      );
    }
  }
}
