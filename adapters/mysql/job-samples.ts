import type { RowDataPacket } from 'mysql2/promise';
import type { ContainerTotals } from '../../core/executor';
import { samplesToThin, type JobSample } from '../../core/stats';
import type { Pool } from './pool';

interface SampleRow extends RowDataPacket {
  at: Date;
  cpu_percent: number;
  cpu_seconds: number;
  memory_bytes: number;
  memory_limit_bytes: number;
  block_read_bytes: number;
  block_write_bytes: number;
  net_rx_bytes: number;
  net_tx_bytes: number;
  pids: number;
}

function toSample(row: SampleRow): JobSample {
  return {
    at: row.at.toISOString(),
    cpuPercent: row.cpu_percent,
    cpuSeconds: row.cpu_seconds,
    memoryBytes: Number(row.memory_bytes),
    memoryLimitBytes: Number(row.memory_limit_bytes),
    blockReadBytes: Number(row.block_read_bytes),
    blockWriteBytes: Number(row.block_write_bytes),
    netRxBytes: Number(row.net_rx_bytes),
    netTxBytes: Number(row.net_tx_bytes),
    pids: row.pids,
  };
}

/** The resource series of jobs, at most `maxSamples` per job (older points thinned). */
export class JobSampleStore {
  constructor(
    private readonly pool: Pool,
    private readonly maxSamples: number,
  ) {}

  /**
   * Appends a sample and keeps the job's peaks in its record. Returns how many samples the job
   * now has, so the caller knows when to thin without counting every time.
   */
  async append(jobId: number, sample: JobSample, count: number): Promise<number> {
    await this.pool.query(
      `INSERT IGNORE INTO job_samples (job_id, at, cpu_percent, cpu_seconds, memory_bytes,
         memory_limit_bytes, block_read_bytes, block_write_bytes, net_rx_bytes, net_tx_bytes, pids)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        jobId,
        new Date(sample.at),
        sample.cpuPercent,
        sample.cpuSeconds,
        sample.memoryBytes,
        sample.memoryLimitBytes,
        sample.blockReadBytes,
        sample.blockWriteBytes,
        sample.netRxBytes,
        sample.netTxBytes,
        sample.pids,
      ],
    );
    await this.pool.query(
      `UPDATE jobs SET cpu_seconds = GREATEST(cpu_seconds, ?),
         max_memory_mib = GREATEST(COALESCE(max_memory_mib, 0), ?) WHERE id = ?`,
      [sample.cpuSeconds, Math.ceil(sample.memoryBytes / 1048576), jobId],
    );
    if (count + 1 <= this.maxSamples) return count + 1;
    return this.thin(jobId);
  }

  /** Keeps a finished job's exact totals in its record (they only ever raise the sampled ones). */
  async recordTotals(jobId: number, totals: ContainerTotals): Promise<void> {
    await this.pool.query(
      `UPDATE jobs SET cpu_seconds = GREATEST(cpu_seconds, ?),
         max_memory_mib = GREATEST(COALESCE(max_memory_mib, 0), ?) WHERE id = ?`,
      [totals.cpuSeconds, Math.ceil((totals.maxMemoryBytes ?? 0) / 1048576), jobId],
    );
  }

  /** How many samples a job has (read once when supervision starts or resumes). */
  async count(jobId: number): Promise<number> {
    const [rows] = await this.pool.query<RowDataPacket[]>(
      'SELECT COUNT(*) AS n FROM job_samples WHERE job_id = ?',
      [jobId],
    );
    return Number(rows[0]?.n ?? 0);
  }

  /** Thins the older half of a job's series; returns how many samples remain. */
  private async thin(jobId: number): Promise<number> {
    const [rows] = await this.pool.query<RowDataPacket[]>(
      'SELECT at FROM job_samples WHERE job_id = ? ORDER BY at',
      [jobId],
    );
    const drop = samplesToThin(rows.length, this.maxSamples).map((i) => rows[i]?.at as Date);
    for (let i = 0; i < drop.length; i += 500) {
      const chunk = drop.slice(i, i + 500);
      await this.pool.query(
        `DELETE FROM job_samples WHERE job_id = ? AND at IN (${chunk.map(() => '?').join(', ')})`,
        [jobId, ...chunk],
      );
    }
    return rows.length - drop.length;
  }

  /** A job's samples, oldest first, optionally only those after `since`. */
  async series(jobId: number, since?: Date): Promise<JobSample[]> {
    const [rows] = await this.pool.query<SampleRow[]>(
      `SELECT * FROM job_samples WHERE job_id = ? ${since ? 'AND at > ?' : ''} ORDER BY at`,
      since ? [jobId, since] : [jobId],
    );
    return rows.map(toSample);
  }
}
