import type { ResultSetHeader, RowDataPacket } from 'mysql2/promise';
import type { Pool } from './pool';
import { inTransaction } from './transaction';

// `ImagePulling: Pulling …: 42%` → `ImagePulling`.
function reasonKind(reason: string | null): string {
  return reason?.split(':')[0] ?? '';
}

/** A job's image as admission pinned it. */
export interface JobImage {
  digest: string | null;
  /** Pending but held out of the ordering pass until its image is on the node. */
  held: boolean;
}

/**
 * Where a job's image stands: its pinned digest and whether the job is held, pending, until the
 * image is on the execution node (while it is pulled or its registry is down).
 */
export class JobImageStore {
  constructor(private readonly pool: Pool) {}

  /** The job's image pin and hold, or undefined when there is no such job. */
  async get(jobId: number): Promise<JobImage | undefined> {
    const [rows] = await this.pool.query<RowDataPacket[]>(
      'SELECT image_digest, image_hold FROM jobs WHERE id = ?',
      [jobId],
    );
    const row = rows[0];
    return row
      ? { digest: row.image_digest as string | null, held: Number(row.image_hold) === 1 }
      : undefined;
  }

  /**
   * Holds a submitted job as `pending` with the reason, or refreshes the reason of a job already
   * held. The history gets an entry when the hold starts and when the kind of reason changes
   * (ImageUnavailable → ImagePulling), not for each progress tick. Returns false when the job
   * is neither submitted nor held.
   */
  async hold(jobId: number, reason: string, now: Date): Promise<boolean> {
    return inTransaction(this.pool, async (conn) => {
      const [rows] = await conn.query<RowDataPacket[]>(
        'SELECT state, image_hold, reason FROM jobs WHERE id = ? FOR UPDATE',
        [jobId],
      );
      const row = rows[0];
      const fresh = row?.state === 'submitted';
      if (!row || (!fresh && !(row.state === 'pending' && Number(row.image_hold) === 1))) {
        return false;
      }
      await conn.query(
        "UPDATE jobs SET state = 'pending', image_hold = 1, reason = ?, updated_at = ? WHERE id = ?",
        [reason, now, jobId],
      );
      if (fresh || reasonKind(row.reason as string | null) !== reasonKind(reason)) {
        await conn.query('INSERT INTO job_events (job_id, at, state, reason) VALUES (?, ?, ?, ?)', [
          jobId,
          now,
          'pending',
          reason,
        ]);
      }
      return true;
    });
  }

  /** Records the digest the job will run. */
  async pin(jobId: number, digest: string): Promise<void> {
    await this.pool.query('UPDATE jobs SET image_digest = ? WHERE id = ?', [digest, jobId]);
  }

  /**
   * Ends the hold of a job being killed, so its admission returns and its workflow acts on the
   * kill signal (a workflow waits for admission before it looks at signals).
   */
  async unholdForKill(jobId: number): Promise<void> {
    await this.pool.query(
      "UPDATE jobs SET image_hold = 0 WHERE id = ? AND state = 'pending' AND image_hold = 1",
      [jobId],
    );
  }

  /** Lets a held job into the ordering pass with the reason, recorded in its history. */
  async release(jobId: number, reason: string, now: Date): Promise<boolean> {
    return inTransaction(this.pool, async (conn) => {
      const [result] = await conn.query<ResultSetHeader>(
        `UPDATE jobs SET image_hold = 0, reason = ?, updated_at = ?
         WHERE id = ? AND state = 'pending' AND image_hold = 1`,
        [reason, now, jobId],
      );
      if (result.affectedRows !== 1) return false;
      await conn.query('INSERT INTO job_events (job_id, at, state, reason) VALUES (?, ?, ?, ?)', [
        jobId,
        now,
        'pending',
        reason,
      ]);
      return true;
    });
  }
}
