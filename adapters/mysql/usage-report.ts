import type { RowDataPacket } from 'mysql2/promise';
import type { AccountKind } from '../../core/accounts';
import type { UsageGranularity, UsageRow } from '../../core/usage';
import type { Pool } from './pool';

/** Which usage records a report sums, and how it groups them. */
export interface UsageReportFilter {
  by: AccountKind;
  granularity: UsageGranularity;
  /** Records that finished in [from, to). */
  from: Date;
  to: Date;
  /** Only this account of kind `by`. */
  name?: string | undefined;
  /** Only the jobs of this user (what a plain user may see of any kind of account). */
  owner?: string | undefined;
  /** At most this many rows. */
  limit: number;
}

/** The `usage_records` column that names each kind of account (each indexed with finished_at). */
const accountColumn: Record<AccountKind, string> = {
  user: 'owner',
  group: 'group_name',
  project: 'project',
  queue: 'queue',
};

// The start of each record's bucket, as a UTC date (the pool's session time zone is UTC).
// WEEKDAY() is 0 on Monday, so stepping back by it lands on the week's Monday.
const bucketStart: Record<Exclude<UsageGranularity, 'total'>, string> = {
  day: "DATE_FORMAT(finished_at, '%Y-%m-%d')",
  week: "DATE_FORMAT(finished_at - INTERVAL WEEKDAY(finished_at) DAY, '%Y-%m-%d')",
  month: "DATE_FORMAT(finished_at, '%Y-%m-01')",
};

// Twelve significant digits: sums of doubles lose their float noise (0.30000000000000004) while
// a one-second job's few millionths of an hour keep their precision.
const figure = (value: number) => Number(value.toPrecision(12));

/**
 * Sums the usage records of finished jobs per account and time bucket, in SQL: the range on
 * finished_at (alone, or after the account or owner column) is what the indexes serve.
 */
export async function readUsageReport(db: Pool, filter: UsageReportFilter): Promise<UsageRow[]> {
  const column = accountColumn[filter.by];
  const total = filter.granularity === 'total';
  // One bucket for the whole period: its start is the report's own from.
  const period = filter.granularity === 'total' ? "''" : bucketStart[filter.granularity];
  const where = ['finished_at >= ?', 'finished_at < ?'];
  const args: unknown[] = [filter.from, filter.to];
  if (filter.name !== undefined) {
    where.push(`${column} = ?`);
    args.push(filter.name);
  }
  if (filter.owner !== undefined) {
    where.push('owner = ?');
    args.push(filter.owner);
  }
  const [rows] = await db.query<RowDataPacket[]>(
    `SELECT ${period} AS period, ${column} AS name, COUNT(*) AS jobs,
       SUM(state = 'succeeded') AS succeeded, SUM(state = 'failed') AS failed,
       SUM(state = 'killed') AS killed, SUM(cpu_seconds) AS cpu_seconds,
       SUM(memory_mib_seconds) AS memory_mib_seconds, SUM(wall_seconds) AS wall_seconds,
       AVG(wait_seconds) AS mean_wait_seconds
     FROM usage_records WHERE ${where.join(' AND ')}
     GROUP BY period, name ORDER BY period, name LIMIT ?`,
    [...args, filter.limit],
  );
  return rows.map((row) => ({
    period: total ? filter.from.toISOString() : String(row.period),
    kind: filter.by,
    name: String(row.name),
    jobs: Number(row.jobs),
    succeeded: Number(row.succeeded),
    failed: Number(row.failed),
    killed: Number(row.killed),
    cpuHours: figure(Number(row.cpu_seconds) / 3600),
    memoryGiBHours: figure(Number(row.memory_mib_seconds) / 1024 / 3600),
    wallHours: figure(Number(row.wall_seconds) / 3600),
    meanWaitSeconds: row.mean_wait_seconds === null ? null : figure(Number(row.mean_wait_seconds)),
  }));
}
