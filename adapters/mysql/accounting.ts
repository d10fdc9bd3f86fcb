import type { PoolConnection, ResultSetHeader, RowDataPacket } from 'mysql2/promise';
import { accountKinds, type AccountKind, type ChargedAccounts } from '../../core/accounts';
import { chargeRun, type FinishedRun } from '../../core/scheduling/usage';
import { jobUsage, type FinishedJob, type JobUsage } from '../../core/usage';
import type { Pool } from './pool';
import { inTransaction } from './transaction';

/** A finished job to charge to its accounts. */
export interface JobCharge extends FinishedJob {
  jobId: number;
  accounts: ChargedAccounts;
}

/**
 * Records what finished jobs consumed: one usage record per finished job (the rolling-window
 * budgets and the usage report sum them) and, for jobs that ran, the decayed totals fair share
 * ranks by. Charging is keyed by the job id, so a replayed finalization charges nothing twice.
 */
export class AccountingStore {
  constructor(
    private readonly pool: Pool,
    private readonly halfLifeSeconds: number,
  ) {}

  /**
   * Charges a finished job once; returns false when it was already charged. A job that never
   * started gets a record with zero usage (the report counts it) and changes no fair-share total.
   */
  async charge(job: JobCharge): Promise<boolean> {
    const usage = jobUsage(job);
    return inTransaction(this.pool, async (conn) => {
      if (!(await this.insertRecord(conn, job, usage))) return false;
      if (!job.startedAt) return true;
      const runSeconds = Math.max(1e-3, usage.wallSeconds);
      const run: FinishedRun = {
        cpus: usage.cpuSeconds / runSeconds,
        memoryMiB: usage.memoryMiBSeconds / runSeconds,
        startedAtMs: job.startedAt.getTime(),
        endedAtMs: job.finishedAt.getTime(),
      };
      for (const kind of accountKinds)
        await this.chargeAccount(conn, kind, job.accounts[kind], run);
      return true;
    });
  }

  private async insertRecord(
    conn: PoolConnection,
    job: JobCharge,
    usage: JobUsage,
  ): Promise<boolean> {
    const [inserted] = await conn.query<ResultSetHeader>(
      `INSERT IGNORE INTO usage_records (job_id, owner, group_name, project, queue, finished_at,
         state, exit_code, wall_seconds, wait_seconds, memory_mib, cpu_seconds, memory_mib_seconds)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        job.jobId,
        job.accounts.user,
        job.accounts.group,
        job.accounts.project,
        job.accounts.queue,
        job.finishedAt,
        job.state,
        job.exitCode,
        usage.wallSeconds,
        usage.waitSeconds,
        job.memoryMiB,
        usage.cpuSeconds,
        usage.memoryMiBSeconds,
      ],
    );
    return inserted.affectedRows === 1;
  }

  private async chargeAccount(
    conn: PoolConnection,
    kind: AccountKind,
    name: string,
    run: FinishedRun,
  ): Promise<void> {
    const [rows] = await conn.query<RowDataPacket[]>(
      'SELECT cpu_seconds, memory_mib_seconds, as_of FROM account_usage WHERE account_kind = ? AND account_name = ? FOR UPDATE',
      [kind, name],
    );
    const row = rows[0];
    const total = row
      ? {
          cpuSeconds: Number(row.cpu_seconds),
          memoryMiBSeconds: Number(row.memory_mib_seconds),
          asOfMs: (row.as_of as Date).getTime(),
        }
      : { cpuSeconds: 0, memoryMiBSeconds: 0, asOfMs: run.endedAtMs };
    const next = chargeRun(total, run, this.halfLifeSeconds);
    await conn.query(
      `INSERT INTO account_usage (account_kind, account_name, cpu_seconds, memory_mib_seconds, as_of) VALUES (?, ?, ?, ?, ?)
       ON DUPLICATE KEY UPDATE cpu_seconds = VALUES(cpu_seconds), memory_mib_seconds = VALUES(memory_mib_seconds), as_of = VALUES(as_of)`,
      [kind, name, next.cpuSeconds, next.memoryMiBSeconds, new Date(next.asOfMs)],
    );
  }
}
