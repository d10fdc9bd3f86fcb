import type { ResultSetHeader, RowDataPacket } from 'mysql2/promise';
import type { AccountKind } from '../../core/accounts';
import type { QuotaLimits, QuotaValues, QuotaView } from '../../core/quotas';
import type { Pool } from './pool';

interface QuotaRow extends RowDataPacket {
  subject_kind: AccountKind;
  subject_name: string;
  max_cpus: number | null;
  max_memory_mib: number | null;
  max_running_jobs: number | null;
  max_pending_jobs: number | null;
  cpu_hours_per_window: number | null;
  memory_gb_hours_per_window: number | null;
  window_hours: number | null;
  updated_at: Date;
}

/** Each limit's column. */
export const quotaColumns: Record<keyof QuotaLimits, string> = {
  maxCpus: 'max_cpus',
  maxMemoryMiB: 'max_memory_mib',
  maxRunningJobs: 'max_running_jobs',
  maxPendingJobs: 'max_pending_jobs',
  cpuHoursPerWindow: 'cpu_hours_per_window',
  memoryGbHoursPerWindow: 'memory_gb_hours_per_window',
  windowHours: 'window_hours',
};

const limitNames = Object.keys(quotaColumns) as Array<keyof QuotaLimits>;

const numberOrNull = (value: number | null) => (value === null ? null : Number(value));

function toQuota(row: QuotaRow): QuotaView {
  return {
    kind: row.subject_kind,
    name: row.subject_name,
    maxCpus: numberOrNull(row.max_cpus),
    maxMemoryMiB: numberOrNull(row.max_memory_mib),
    maxRunningJobs: numberOrNull(row.max_running_jobs),
    maxPendingJobs: numberOrNull(row.max_pending_jobs),
    cpuHoursPerWindow: numberOrNull(row.cpu_hours_per_window),
    memoryGbHoursPerWindow: numberOrNull(row.memory_gb_hours_per_window),
    windowHours: numberOrNull(row.window_hours),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** Which quotas a listing returns: by kind, name, or any of a set of accounts. */
export interface QuotaFilter {
  kind?: AccountKind;
  name?: string;
  accounts?: ReadonlyArray<readonly [AccountKind, string]>;
}

/** Limits per user, group, project and queue (NULL is unlimited). */
export class QuotaStore {
  constructor(private readonly pool: Pool) {}

  /** One account's quota. */
  async get(kind: AccountKind, name: string): Promise<QuotaView | undefined> {
    return (await this.list({ kind, name }))[0];
  }

  /** Quotas by kind then name. */
  async list(filter: QuotaFilter = {}): Promise<QuotaView[]> {
    const where: string[] = [];
    const args: unknown[] = [];
    if (filter.kind) {
      where.push('subject_kind = ?');
      args.push(filter.kind);
    }
    if (filter.name) {
      where.push('subject_name = ?');
      args.push(filter.name);
    }
    if (filter.accounts) {
      if (filter.accounts.length === 0) return [];
      where.push('(subject_kind, subject_name) IN (?)');
      args.push(filter.accounts.map(([kind, name]) => [kind, name]));
    }
    const [rows] = await this.pool.query<QuotaRow[]>(
      `SELECT * FROM quotas ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY subject_kind, subject_name`,
      args,
    );
    return rows.map(toQuota);
  }

  /** Stores a whole quota (the caller merged the change into the current one). */
  async put(kind: AccountKind, name: string, limits: QuotaValues, now: Date): Promise<void> {
    const names = limitNames.map((l) => quotaColumns[l]);
    const values = limitNames.map((l) => limits[l]);
    await this.pool.query(
      `INSERT INTO quotas (subject_kind, subject_name, ${names.join(', ')}, updated_at)
       VALUES (?, ?, ${names.map(() => '?').join(', ')}, ?)
       ON DUPLICATE KEY UPDATE ${names.map((c) => `${c} = VALUES(${c})`).join(', ')},
         updated_at = VALUES(updated_at)`,
      [kind, name, ...values, now],
    );
  }

  /** Removes an account's quota (it becomes unlimited); false when it had none. */
  async delete(kind: AccountKind, name: string): Promise<boolean> {
    const [result] = await this.pool.query<ResultSetHeader>(
      'DELETE FROM quotas WHERE subject_kind = ? AND subject_name = ?',
      [kind, name],
    );
    return result.affectedRows === 1;
  }
}
