import type { ResultSetHeader, RowDataPacket } from 'mysql2/promise';
import type { SessionActivity } from '../../core/interactive';
import type { Pool } from './pool';

/**
 * Attachments to interactive jobs and the last time one was used, shared by every API process
 * (which write) and the worker's idle watcher (which reads).
 */
export class JobSessionStore {
  constructor(private readonly pool: Pool) {}

  /** Records a new attachment (which is activity too); returns its id. */
  async open(jobId: number, now: Date): Promise<number> {
    const [result] = await this.pool.query<ResultSetHeader>(
      'INSERT INTO job_sessions (job_id, opened_at, alive_at) VALUES (?, ?, ?)',
      [jobId, now, now],
    );
    await this.touch(jobId, now);
    return result.insertId;
  }

  /** Marks an attachment alive; `active` when input or output went through it since last time. */
  async refresh(sessionId: number, jobId: number, now: Date, active: boolean): Promise<void> {
    await this.pool.query('UPDATE job_sessions SET alive_at = ? WHERE id = ?', [now, sessionId]);
    if (active) await this.touch(jobId, now);
  }

  /** Forgets an attachment that ended; its end is the job's last activity. */
  async close(sessionId: number, jobId: number, now: Date): Promise<void> {
    await this.pool.query('DELETE FROM job_sessions WHERE id = ?', [sessionId]);
    await this.touch(jobId, now);
  }

  /** Attachments refreshed since `aliveSince`, and the job's last activity. */
  async activity(jobId: number, aliveSince: Date): Promise<SessionActivity> {
    const [rows] = await this.pool.query<RowDataPacket[]>(
      `SELECT (SELECT COUNT(*) FROM job_sessions WHERE job_id = ? AND alive_at >= ?) AS open_sessions,
              (SELECT last_activity_at FROM jobs WHERE id = ?) AS last_activity_at`,
      [jobId, aliveSince, jobId],
    );
    const row = rows[0];
    return {
      openSessions: Number(row?.open_sessions ?? 0),
      lastActivityAt: (row?.last_activity_at as Date | null | undefined) ?? null,
    };
  }

  /** Drops a finished job's attachment rows (an API process may have died holding some). */
  async forget(jobId: number): Promise<void> {
    await this.pool.query('DELETE FROM job_sessions WHERE job_id = ?', [jobId]);
  }

  // Never moves backwards: API processes with slightly different clocks write here.
  private async touch(jobId: number, now: Date): Promise<void> {
    await this.pool.query(
      'UPDATE jobs SET last_activity_at = GREATEST(COALESCE(last_activity_at, ?), ?) WHERE id = ?',
      [now, now, jobId],
    );
  }
}
