import type { RowDataPacket } from 'mysql2/promise';
import type { Pool } from './pool';

/** Recent failed logins per account and per address, and when the oldest one in the window was. */
export interface FailureCounts {
  account: number;
  address: number;
  /** When the oldest counted failure leaves the window (the earliest a blocked login may retry). */
  oldestAccountFailure: Date | null;
  oldestAddressFailure: Date | null;
}

/** Failed logins, kept for the throttling window (shared by every API process). */
export class LoginFailureStore {
  constructor(private readonly pool: Pool) {}

  /** Counts failures since `since` for a username (known or not) and for an address. */
  async counts(username: string, address: string, since: Date): Promise<FailureCounts> {
    const [rows] = await this.pool.query<RowDataPacket[]>(
      `SELECT
         (SELECT COUNT(*) FROM login_failures WHERE username = ? AND at >= ?) AS account,
         (SELECT MIN(at) FROM login_failures WHERE username = ? AND at >= ?) AS oldest_account,
         (SELECT COUNT(*) FROM login_failures WHERE address = ? AND at >= ?) AS address,
         (SELECT MIN(at) FROM login_failures WHERE address = ? AND at >= ?) AS oldest_address`,
      [username, since, username, since, address, since, address, since],
    );
    const row: RowDataPacket = rows[0] ?? ({} as RowDataPacket);
    return {
      account: Number(row.account ?? 0),
      address: Number(row.address ?? 0),
      oldestAccountFailure: (row.oldest_account as Date | null) ?? null,
      oldestAddressFailure: (row.oldest_address as Date | null) ?? null,
    };
  }

  /** Records one failure; failures older than `forgetBefore` are dropped on the way. */
  async record(username: string, address: string, at: Date, forgetBefore: Date): Promise<void> {
    await this.pool.query('INSERT INTO login_failures (username, address, at) VALUES (?, ?, ?)', [
      username.slice(0, 64),
      address.slice(0, 64),
      at,
    ]);
    await this.pool.query('DELETE FROM login_failures WHERE at < ? LIMIT 1000', [forgetBefore]);
  }

  /** Forgets an account's failures after a successful login (the address keeps its count). */
  async clearAccount(username: string): Promise<void> {
    await this.pool.query('DELETE FROM login_failures WHERE username = ?', [username]);
  }
}
