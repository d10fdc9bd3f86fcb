import type { ResultSetHeader, RowDataPacket } from 'mysql2/promise';
import type { Pool } from './pool';

/** What is stored of a job's output. */
export interface StoredLog {
  bytes: number;
  truncated: boolean;
}

/** Job output kept in MariaDB so it stays readable after the container is gone. */
export class JobLogStore {
  constructor(private readonly pool: Pool) {}

  /** Stored size and truncation flag (zero when nothing was stored yet). */
  async status(jobId: number): Promise<StoredLog> {
    const [rows] = await this.pool.query<RowDataPacket[]>(
      'SELECT bytes, truncated FROM job_logs WHERE job_id = ?',
      [jobId],
    );
    const row = rows[0];
    return row
      ? { bytes: Number(row.bytes), truncated: Boolean(row.truncated) }
      : { bytes: 0, truncated: false };
  }

  /**
   * Appends a chunk that starts at byte `offset`. The append applies only when the stored log is
   * exactly `offset` bytes long, so a supervisor replaying after a crash never doubles output.
   */
  async append(jobId: number, offset: number, chunk: Buffer, truncated: boolean): Promise<boolean> {
    if (offset === 0) {
      const [inserted] = await this.pool.query<ResultSetHeader>(
        'INSERT IGNORE INTO job_logs (job_id, content, bytes, truncated) VALUES (?, ?, ?, ?)',
        [jobId, chunk, chunk.length, truncated],
      );
      if (inserted.affectedRows === 1) return true;
    }
    const [result] = await this.pool.query<ResultSetHeader>(
      `UPDATE job_logs SET content = CONCAT(content, ?), bytes = bytes + ?, truncated = truncated OR ?
       WHERE job_id = ? AND bytes = ?`,
      [chunk, chunk.length, truncated, jobId, offset],
    );
    return result.affectedRows === 1;
  }

  /** Stored output from byte `from` on (at most `max` bytes). */
  async read(jobId: number, from = 0, max = 64 * 1024 * 1024): Promise<Buffer> {
    const [rows] = await this.pool.query<RowDataPacket[]>(
      'SELECT SUBSTRING(content, ?, ?) AS part FROM job_logs WHERE job_id = ?',
      [from + 1, max, jobId],
    );
    const part = rows[0]?.part as Buffer | undefined;
    return part ?? Buffer.alloc(0);
  }
}
