import type { PoolConnection, RowDataPacket } from 'mysql2/promise';
import { accountKinds, type AccountKind, type ChargedAccounts } from '../../core/accounts';
import type { PendingLimitReached } from '../../core/quotas';
import { countChargedJobs, notStartedStates } from './charged-jobs';

/**
 * Inside the transaction that inserts a job: locks the max-pending quotas of the job's accounts
 * and returns the first one the job would go over, if any.
 *
 * The lock makes check-then-insert atomic for submissions that share a limited account (they
 * queue on the quota row; others do not wait at all). The count runs after the lock is held, so
 * its snapshot (InnoDB takes it at the first plain read) sees every job committed by the
 * submissions that held the lock before us. Accounts without a max-pending quota cost one read.
 */
export async function pendingLimitReached(
  conn: PoolConnection,
  accounts: ChargedAccounts,
): Promise<PendingLimitReached | undefined> {
  const keys = accountKinds.map((kind) => [kind, accounts[kind]]);
  const [rows] = await conn.query<RowDataPacket[]>(
    `SELECT subject_kind, subject_name, max_pending_jobs FROM quotas
     WHERE (subject_kind, subject_name) IN (?) ORDER BY subject_kind, subject_name FOR UPDATE`,
    [keys],
  );
  for (const row of rows) {
    if (row.max_pending_jobs === null) continue;
    const kind = row.subject_kind as AccountKind;
    const name = String(row.subject_name);
    const max = Number(row.max_pending_jobs);
    const count = await countChargedJobs(conn, kind, name, notStartedStates, max);
    if (count >= max) return { kind, name, count, max };
  }
  return undefined;
}
