import type { ResultSetHeader, RowDataPacket } from 'mysql2/promise';
import type { ApiTokenView, TokenScope } from '../../core/tokens';
import type { Pool } from './pool';

/** What a live token grants: whose it is and how far. */
export interface TokenGrant {
  tokenId: number;
  userId: number;
  scope: TokenScope;
  kind: 'session' | 'api';
}

/** A token to record: a login session (unnamed, full scope) or a named API token. */
export interface NewToken {
  userId: number;
  digest: Buffer;
  kind: 'session' | 'api';
  name: string | null;
  scope: TokenScope;
  expiresAt: Date;
}

interface TokenRow extends RowDataPacket {
  id: number;
  user_id: number;
  name: string | null;
  scope: TokenScope;
  kind: 'session' | 'api';
  created_at: Date;
  expires_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

function toView(row: TokenRow): ApiTokenView {
  return {
    id: Number(row.id),
    name: row.name ?? '',
    scope: row.scope,
    createdAt: row.created_at.toISOString(),
    expiresAt: row.expires_at.toISOString(),
    lastUsedAt: row.last_used_at?.toISOString() ?? null,
    revokedAt: row.revoked_at?.toISOString() ?? null,
  };
}

// last_used_at is informative; writing it on every request would cost a write per GET.
const lastUsedResolutionMs = 60_000;

/** Bearer tokens, stored as SHA-256 digests: a leaked table grants nothing. */
export class TokenStore {
  constructor(private readonly pool: Pool) {}

  /** Records a token's digest; returns its id. */
  async insert(token: NewToken, now: Date): Promise<number> {
    const [result] = await this.pool.query<ResultSetHeader>(
      `INSERT INTO api_tokens (user_id, token_hash, kind, name, scope, created_at, expires_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
      [token.userId, token.digest, token.kind, token.name, token.scope, now, token.expiresAt],
    );
    return result.insertId;
  }

  /** What an unexpired, unrevoked token of a live user grants; notes its use. */
  async grantFor(digest: Buffer, now: Date): Promise<TokenGrant | undefined> {
    const [rows] = await this.pool.query<TokenRow[]>(
      `SELECT t.id, t.user_id, t.scope, t.kind, t.last_used_at FROM api_tokens t
       JOIN users u ON u.id = t.user_id
       WHERE t.token_hash = ? AND t.revoked_at IS NULL AND t.expires_at > ? AND u.deleted_at IS NULL`,
      [digest, now],
    );
    const row = rows[0];
    if (!row) return undefined;
    const lastUsed = row.last_used_at?.getTime() ?? 0;
    if (now.getTime() - lastUsed > lastUsedResolutionMs) {
      await this.pool.query('UPDATE api_tokens SET last_used_at = ? WHERE id = ?', [now, row.id]);
    }
    return { tokenId: Number(row.id), userId: row.user_id, scope: row.scope, kind: row.kind };
  }

  /** A user's API tokens (not login sessions), newest first, revoked ones included. */
  async listApiTokens(userId: number): Promise<ApiTokenView[]> {
    const [rows] = await this.pool.query<TokenRow[]>(
      `SELECT * FROM api_tokens WHERE user_id = ? AND kind = 'api' ORDER BY id DESC`,
      [userId],
    );
    return rows.map(toView);
  }

  /** One of a user's API tokens. */
  async apiToken(userId: number, id: number): Promise<ApiTokenView | undefined> {
    const [rows] = await this.pool.query<TokenRow[]>(
      `SELECT * FROM api_tokens WHERE user_id = ? AND kind = 'api' AND id = ?`,
      [userId, id],
    );
    return rows[0] ? toView(rows[0]) : undefined;
  }

  /** Revokes one token by digest; returns false when it was not live. */
  async revoke(digest: Buffer, now: Date): Promise<boolean> {
    const [result] = await this.pool.query<ResultSetHeader>(
      'UPDATE api_tokens SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL',
      [now, digest],
    );
    return result.affectedRows === 1;
  }

  /** Revokes one of a user's tokens by id; returns false when it was not theirs or not live. */
  async revokeById(userId: number, id: number, now: Date): Promise<boolean> {
    const [result] = await this.pool.query<ResultSetHeader>(
      'UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND id = ? AND revoked_at IS NULL',
      [now, userId, id],
    );
    return result.affectedRows === 1;
  }
}
