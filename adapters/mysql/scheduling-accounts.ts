import type { RowDataPacket } from 'mysql2/promise';
import { accountKinds, type AccountKind } from '../../core/accounts';
import type { Account, SchedulingAccounts } from '../../core/ordering';
import { defaultAccount } from '../../core/scheduling/default-account';
import { usageAt } from '../../core/scheduling/usage';
import type { Pool } from './pool';

const usageColumn: Record<AccountKind, string> = {
  user: 'owner',
  group: 'group_name',
  project: 'project',
  queue: 'queue',
};

const num = (value: unknown): number | null => (value === null ? null : Number(value));

/**
 * Reads every account the policy needs (shares, admin priority, limits, decayed usage and usage
 * inside budget windows) in a handful of queries. Accounts nobody configured are left out: the
 * policy gives them defaults.
 */
export async function readSchedulingAccounts(
  pool: Pool,
  now: Date,
  halfLifeSeconds: number,
  defaultWindowSeconds: number,
): Promise<SchedulingAccounts> {
  const byKind = new Map<AccountKind, Map<string, Account>>(
    accountKinds.map((k) => [k, new Map()]),
  );
  const account = (kind: AccountKind, name: string): Account => {
    const accounts = byKind.get(kind) as Map<string, Account>;
    let found = accounts.get(name);
    if (!found) accounts.set(name, (found = defaultAccount(name)));
    return found;
  };
  const [[users], [groups], [projects], [queues], [quotas], [usage]] = await Promise.all([
    // Users at the defaults (1 share, priority 0) need no entry: the policy assumes them.
    pool.query<RowDataPacket[]>(
      'SELECT username AS name, shares, priority FROM users WHERE deleted_at IS NULL AND (shares <> 1 OR priority <> 0)',
    ),
    pool.query<RowDataPacket[]>('SELECT name, shares, priority FROM sched_groups'),
    pool.query<RowDataPacket[]>('SELECT name, shares, priority FROM projects'),
    pool.query<RowDataPacket[]>('SELECT name, priority FROM queues'),
    pool.query<RowDataPacket[]>('SELECT * FROM quotas'),
    pool.query<RowDataPacket[]>('SELECT * FROM account_usage'),
  ]);
  for (const [kind, rows] of [
    ['user', users],
    ['group', groups],
    ['project', projects],
    ['queue', queues],
  ] as const) {
    for (const row of rows) {
      const a = account(kind, String(row.name));
      a.shares = row.shares === undefined ? 1 : Number(row.shares);
      a.priority = Number(row.priority);
    }
  }
  for (const row of quotas) {
    account(row.subject_kind as AccountKind, String(row.subject_name)).limits = {
      maxCpus: num(row.max_cpus),
      maxMemoryMiB: num(row.max_memory_mib),
      maxRunningJobs: num(row.max_running_jobs),
      cpuHoursPerWindow: num(row.cpu_hours_per_window),
      memoryGbHoursPerWindow: num(row.memory_gb_hours_per_window),
      windowSeconds: row.window_hours === null ? null : Number(row.window_hours) * 3600,
    };
  }
  for (const row of usage) {
    const decayed = usageAt(
      {
        cpuSeconds: Number(row.cpu_seconds),
        memoryMiBSeconds: Number(row.memory_mib_seconds),
        asOfMs: (row.as_of as Date).getTime(),
      },
      now.getTime(),
      halfLifeSeconds,
    );
    const a = account(row.account_kind as AccountKind, String(row.account_name));
    a.usage.decayedCpuSeconds = decayed.cpuSeconds;
    a.usage.decayedMemoryMiBSeconds = decayed.memoryMiBSeconds;
  }
  await Promise.all(
    accountKinds.map((kind) => readWindowUsage(pool, kind, now, defaultWindowSeconds, account)),
  );
  return Object.fromEntries(
    accountKinds.map((k) => [k, [...(byKind.get(k)?.values() ?? [])]]),
  ) as unknown as SchedulingAccounts;
}

/** Usage inside the budget window, for the accounts that have a budget (nobody else needs it). */
async function readWindowUsage(
  pool: Pool,
  kind: AccountKind,
  now: Date,
  defaultWindowSeconds: number,
  account: (kind: AccountKind, name: string) => Account,
): Promise<void> {
  const [rows] = await pool.query<RowDataPacket[]>(
    `SELECT q.subject_name AS name, SUM(r.cpu_seconds) AS cpu, SUM(r.memory_mib_seconds) AS mem
     FROM quotas q JOIN usage_records r ON r.${usageColumn[kind]} = q.subject_name
       AND r.finished_at >= ? - INTERVAL COALESCE(q.window_hours * 3600, ?) SECOND
     WHERE q.subject_kind = ? AND (q.cpu_hours_per_window IS NOT NULL OR q.memory_gb_hours_per_window IS NOT NULL)
     GROUP BY q.subject_name`,
    [now, defaultWindowSeconds, kind],
  );
  for (const row of rows) {
    const a = account(kind, String(row.name));
    a.usage.windowCpuSeconds = Number(row.cpu);
    a.usage.windowMemoryMiBSeconds = Number(row.mem);
  }
}
