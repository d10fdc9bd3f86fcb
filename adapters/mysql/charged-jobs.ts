import type { PoolConnection, RowDataPacket } from 'mysql2/promise';
import type { AccountKind } from '../../core/accounts';
import type { JobState } from '../../core/job';
import type { Pool } from './pool';

/** The `jobs` column that names each kind of account (each has an index with `state`). */
export const chargedColumn: Record<AccountKind, string> = {
  user: 'owner',
  group: 'group_name',
  project: 'project',
  queue: 'queue',
};

/** States of a job that has not started yet: what a max-pending quota counts. */
export const notStartedStates: readonly JobState[] = ['submitted', 'pending'];

/** States of a job that has not ended: an account with such jobs cannot be deleted. */
export const unfinishedStates: readonly JobState[] = [
  'submitted',
  'pending',
  'admitted',
  'launching',
  'running',
];

/**
 * How many jobs charged to an account are in one of `states`, counting no further than `upTo`
 * (a limit check only needs to know whether the count reached it, not how far beyond).
 */
export async function countChargedJobs(
  db: Pool | PoolConnection,
  kind: AccountKind,
  name: string,
  states: readonly JobState[],
  upTo: number,
): Promise<number> {
  const [rows] = await db.query<RowDataPacket[]>(
    `SELECT COUNT(*) AS n FROM (
       SELECT 1 FROM jobs WHERE ${chargedColumn[kind]} = ? AND state IN (?) LIMIT ?) AS charged`,
    [name, states, upTo],
  );
  return Number(rows[0]?.n ?? 0);
}
