import type { PoolConnection, ResultSetHeader, RowDataPacket } from 'mysql2/promise';
import { conflict } from '../../core/errors';
import type { ProjectView } from '../../core/projects';
import { countChargedJobs, unfinishedStates } from './charged-jobs';
import { isDuplicateKey } from './duplicate-key';
import type { Pool } from './pool';
import { membersOfProjects } from './project-members';
import { inTransaction } from './transaction';

/** A stored project with its members. */
export interface ProjectRecord extends ProjectView {
  id: number;
  managerId: number | null;
}

/** The settable fields of a project; the manager by user id. */
export interface ProjectFields {
  description: string;
  managerId: number | null;
  shares: number;
  priority: number;
}

interface ProjectRow extends RowDataPacket {
  id: number;
  name: string;
  description: string;
  manager_id: number | null;
  manager: string | null;
  shares: number;
  priority: number;
  created_at: Date;
}

const columns: Record<keyof ProjectFields, string> = {
  description: 'description',
  managerId: 'manager_id',
  shares: 'shares',
  priority: 'priority',
};

// A manager acts for the project's members, so they are one too.
async function addManagerAsMember(
  conn: PoolConnection,
  projectName: string,
  managerId: number | null | undefined,
  now: Date,
): Promise<void> {
  if (managerId === null || managerId === undefined) return;
  await conn.query(
    `INSERT IGNORE INTO project_members (project_id, user_id, added_at)
     SELECT id, ?, ? FROM projects WHERE name = ?`,
    [managerId, now, projectName],
  );
}

/** Projects that jobs are charged to. */
export class ProjectStore {
  constructor(private readonly pool: Pool) {}

  /** Creates a project (its manager becomes a member); a taken name is a conflict. */
  async insert(name: string, fields: ProjectFields, now: Date): Promise<void> {
    await inTransaction(this.pool, async (conn) => {
      try {
        await conn.query(
          `INSERT INTO projects (name, description, manager_id, shares, priority, created_at)
           VALUES (?, ?, ?, ?, ?, ?)`,
          [name, fields.description, fields.managerId, fields.shares, fields.priority, now],
        );
      } catch (error) {
        if (isDuplicateKey(error)) throw conflict(`project '${name}' already exists`);
        throw error;
      }
      await addManagerAsMember(conn, name, fields.managerId, now);
    });
  }

  /** One project with its members. */
  async get(name: string): Promise<ProjectRecord | undefined> {
    return (await this.select('WHERE p.name = ?', [name]))[0];
  }

  /** All projects by name; with `userId`, only those the user belongs to or manages. */
  async list(userId?: number): Promise<ProjectRecord[]> {
    if (userId === undefined) return this.select('', []);
    return this.select(
      `WHERE p.manager_id = ? OR EXISTS (
         SELECT 1 FROM project_members pm WHERE pm.project_id = p.id AND pm.user_id = ?)`,
      [userId, userId],
    );
  }

  /** Changes the given fields (a new manager becomes a member); false when there is no such project. */
  async update(name: string, fields: Partial<ProjectFields>, now: Date): Promise<boolean> {
    const set = Object.entries(fields).filter(([, v]) => v !== undefined);
    if (set.length === 0) return (await this.get(name)) !== undefined;
    return inTransaction(this.pool, async (conn) => {
      const [result] = await conn.query<ResultSetHeader>(
        `UPDATE projects SET ${set.map(([k]) => `${columns[k as keyof ProjectFields]} = ?`).join(', ')}
         WHERE name = ?`,
        [...set.map(([, v]) => v), name],
      );
      if (result.affectedRows !== 1) return false;
      await addManagerAsMember(conn, name, fields.managerId, now);
      return true;
    });
  }

  /** Deletes a project, its memberships and its quota; refused while unfinished jobs are charged to it. */
  async delete(name: string): Promise<boolean> {
    return inTransaction(this.pool, async (conn) => {
      const [found] = await conn.query<RowDataPacket[]>(
        'SELECT id FROM projects WHERE name = ? FOR UPDATE',
        [name],
      );
      if (found.length === 0) return false;
      if ((await countChargedJobs(conn, 'project', name, unfinishedStates, 1)) > 0) {
        throw conflict(
          `project '${name}' has unfinished jobs charged to it: wait for them or kill them`,
        );
      }
      await conn.query("DELETE FROM quotas WHERE subject_kind = 'project' AND subject_name = ?", [
        name,
      ]);
      await conn.query('DELETE FROM projects WHERE name = ?', [name]);
      return true;
    });
  }

  private async select(where: string, args: unknown[]): Promise<ProjectRecord[]> {
    const [rows] = await this.pool.query<ProjectRow[]>(
      `SELECT p.*, u.username AS manager FROM projects p
       LEFT JOIN users u ON u.id = p.manager_id AND u.deleted_at IS NULL
       ${where} ORDER BY p.name`,
      args,
    );
    const members = await membersOfProjects(
      this.pool,
      rows.map((r) => r.id),
    );
    return rows.map((row) => ({
      id: row.id,
      name: row.name,
      description: row.description,
      managerId: row.manager === null ? null : row.manager_id,
      manager: row.manager,
      shares: row.shares,
      priority: row.priority,
      members: members.get(row.id) ?? [],
      createdAt: row.created_at.toISOString(),
    }));
  }
}
