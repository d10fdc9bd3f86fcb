import type { ResultSetHeader, RowDataPacket } from 'mysql2/promise';
import type { Pool } from './pool';

/** API tokens, stored as SHA-256 digests: a leaked table grants nothing. */
export class TokenStore {
  constructor(private readonly pool: Pool) {}

  /** Records a token's digest for a user until `expiresAt`. */
  async insert(userId: number, digest: Buffer, now: Date, expiresAt: Date): Promise<void> {
    await this.pool.query(
      'INSERT INTO api_tokens (user_id, token_hash, created_at, expires_at) VALUES (?, ?, ?, ?)',
      [userId, digest, now, expiresAt],
    );
  }

  /** The id of the live user owning an unexpired, unrevoked token with this digest. */
  async userIdFor(digest: Buffer, now: Date): Promise<number | undefined> {
    const [rows] = await this.pool.query<RowDataPacket[]>(
      `SELECT t.user_id FROM api_tokens t JOIN users u ON u.id = t.user_id
       WHERE t.token_hash = ? AND t.revoked_at IS NULL AND t.expires_at > ? AND u.deleted_at IS NULL`,
      [digest, now],
    );
    const row = rows[0];
    return row ? Number(row.user_id) : undefined;
  }

  /** Revokes one token; returns false when it was not live. */
  async revoke(digest: Buffer, now: Date): Promise<boolean> {
    const [result] = await this.pool.query<ResultSetHeader>(
      'UPDATE api_tokens SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL',
      [now, digest],
    );
    return result.affectedRows === 1;
  }
}
