import type { ResultSetHeader, RowDataPacket } from 'mysql2/promise';
import type { AuthSource, Role, UserAccounts, UserView } from '../../core/user';
import type { Pool } from './pool';
import { inTransaction } from './transaction';

/** A stored user, with what authentication and job launch need (accounts are read apart). */
export interface UserRecord extends Omit<UserView, keyof UserAccounts> {
  id: number;
  passwordHash: string | null;
}

interface UserRow extends RowDataPacket {
  id: number;
  username: string;
  password_hash: string | null;
  uid: number;
  gid: number;
  groups_json: string;
  home: string;
  role: Role;
  shares: number;
  priority: number;
  auth_source: AuthSource;
  root_allowed: number;
  created_at: Date;
}

function toUser(row: UserRow): UserRecord {
  return {
    id: row.id,
    username: row.username,
    passwordHash: row.password_hash,
    uid: row.uid,
    gid: row.gid,
    groups: JSON.parse(row.groups_json) as number[],
    home: row.home,
    role: row.role,
    shares: row.shares,
    priority: row.priority,
    authSource: row.auth_source,
    rootAllowed: row.root_allowed === 1,
    createdAt: row.created_at.toISOString(),
  };
}

/** Fields of a new user. */
export interface NewUser {
  username: string;
  passwordHash: string | null;
  uid: number;
  gid: number;
  groups: number[];
  home: string;
  role: Role;
  shares: number;
  priority: number;
  authSource: AuthSource;
  rootAllowed: boolean;
}

/** Users in MariaDB. Deleted users keep their row (jobs refer to them) but can no longer log in. */
export class UserStore {
  constructor(private readonly pool: Pool) {}

  /** Inserts a user; returns false when the username is taken. */
  async insert(user: NewUser, now: Date): Promise<boolean> {
    const [result] = await this.pool.query<ResultSetHeader>(
      `INSERT IGNORE INTO users
         (username, password_hash, uid, gid, groups_json, home, role, shares, priority, auth_source, root_allowed, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        user.username,
        user.passwordHash,
        user.uid,
        user.gid,
        JSON.stringify(user.groups),
        user.home,
        user.role,
        user.shares,
        user.priority,
        user.authSource,
        user.rootAllowed,
        now,
      ],
    );
    return result.affectedRows === 1;
  }

  /** A live user by name. */
  async byUsername(username: string): Promise<UserRecord | undefined> {
    const [rows] = await this.pool.query<UserRow[]>(
      'SELECT * FROM users WHERE username = ? AND deleted_at IS NULL',
      [username],
    );
    return rows[0] ? toUser(rows[0]) : undefined;
  }

  /** A user by id, deleted or not (job records outlive their owners' accounts). */
  async byId(id: number): Promise<UserRecord | undefined> {
    const [rows] = await this.pool.query<UserRow[]>('SELECT * FROM users WHERE id = ?', [id]);
    return rows[0] ? toUser(rows[0]) : undefined;
  }

  /** The homes of every live user but one (mounts must never reach them). */
  async homesExcept(userId: number): Promise<string[]> {
    const [rows] = await this.pool.query<RowDataPacket[]>(
      'SELECT DISTINCT home FROM users WHERE deleted_at IS NULL AND id <> ?',
      [userId],
    );
    return rows.map((r) => String(r.home));
  }

  /** All live users, by name. */
  async list(): Promise<UserRecord[]> {
    const [rows] = await this.pool.query<UserRow[]>(
      'SELECT * FROM users WHERE deleted_at IS NULL ORDER BY username',
    );
    return rows.map(toUser);
  }

  /** Replaces the given fields of a live user; returns false when there is no such user. */
  async update(username: string, fields: Partial<NewUser>): Promise<boolean> {
    const columns: Record<string, unknown> = {
      password_hash: fields.passwordHash,
      uid: fields.uid,
      gid: fields.gid,
      groups_json: fields.groups && JSON.stringify(fields.groups),
      home: fields.home,
      role: fields.role,
      shares: fields.shares,
      priority: fields.priority,
      root_allowed: fields.rootAllowed,
    };
    const set = Object.entries(columns).filter(([, v]) => v !== undefined);
    if (set.length === 0) return (await this.byUsername(username)) !== undefined;
    const [result] = await this.pool.query<ResultSetHeader>(
      `UPDATE users SET ${set.map(([c]) => `${c} = ?`).join(', ')} WHERE username = ? AND deleted_at IS NULL`,
      [...set.map(([, v]) => v), username],
    );
    return result.affectedRows === 1;
  }

  /**
   * Marks a user deleted and, in the same transaction, revokes their tokens and removes them
   * from groups, projects (as member and manager) and quotas: what remains are job records.
   */
  async softDelete(username: string, now: Date): Promise<boolean> {
    return inTransaction(this.pool, async (conn) => {
      const [result] = await conn.query<ResultSetHeader>(
        'UPDATE users SET deleted_at = ? WHERE username = ? AND deleted_at IS NULL',
        [now, username],
      );
      if (result.affectedRows !== 1) return false;
      await conn.query(
        `UPDATE api_tokens t JOIN users u ON u.id = t.user_id
         SET t.revoked_at = ? WHERE u.username = ? AND t.revoked_at IS NULL`,
        [now, username],
      );
      const [found] = await conn.query<UserRow[]>('SELECT id FROM users WHERE username = ?', [
        username,
      ]);
      const id = found[0]?.id;
      await conn.query('DELETE FROM group_members WHERE user_id = ?', [id]);
      await conn.query('DELETE FROM project_members WHERE user_id = ?', [id]);
      await conn.query('UPDATE projects SET manager_id = NULL WHERE manager_id = ?', [id]);
      await conn.query("DELETE FROM quotas WHERE subject_kind = 'user' AND subject_name = ?", [
        username,
      ]);
      return true;
    });
  }
}
