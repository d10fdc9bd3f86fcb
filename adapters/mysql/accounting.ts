import type { PoolConnection, ResultSetHeader, RowDataPacket } from 'mysql2/promise';
import { accountKinds, type AccountKind, type ChargedAccounts } from '../../core/accounts';
import { chargeRun, type FinishedRun } from '../../core/scheduling/usage';
import type { Pool } from './pool';
import { inTransaction } from './transaction';

/** A finished job's consumption, charged to its accounts. */
export interface JobCharge {
  jobId: number;
  accounts: ChargedAccounts;
  /** cpu-seconds measured while it ran. */
  cpuSeconds: number;
  /** Memory held (its limit) times the run's length. */
  memoryMiBSeconds: number;
  startedAt: Date;
  finishedAt: Date;
}

/**
 * Records what finished jobs consumed: one usage record per job (the rolling-window budgets sum
 * them) and the decayed totals fair share ranks by. Charging is keyed by the job id, so a
 * replayed finalization charges nothing twice.
 */
export class AccountingStore {
  constructor(
    private readonly pool: Pool,
    private readonly halfLifeSeconds: number,
  ) {}

  /** Charges a finished job once; returns false when it was already charged. */
  async charge(job: JobCharge): Promise<boolean> {
    return inTransaction(this.pool, async (conn) => {
      const [inserted] = await conn.query<ResultSetHeader>(
        `INSERT IGNORE INTO usage_records (job_id, owner, group_name, project, queue, finished_at, cpu_seconds, memory_mib_seconds)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          job.jobId,
          job.accounts.user,
          job.accounts.group,
          job.accounts.project,
          job.accounts.queue,
          job.finishedAt,
          job.cpuSeconds,
          job.memoryMiBSeconds,
        ],
      );
      if (inserted.affectedRows !== 1) return false;
      const runSeconds = Math.max(
        1e-3,
        (job.finishedAt.getTime() - job.startedAt.getTime()) / 1000,
      );
      const run: FinishedRun = {
        cpus: job.cpuSeconds / runSeconds,
        memoryMiB: job.memoryMiBSeconds / runSeconds,
        startedAtMs: job.startedAt.getTime(),
        endedAtMs: job.finishedAt.getTime(),
      };
      for (const kind of accountKinds)
        await this.chargeAccount(conn, kind, job.accounts[kind], run);
      return true;
    });
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
