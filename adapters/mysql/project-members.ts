import type { PoolConnection, ResultSetHeader, RowDataPacket } from 'mysql2/promise';
import { conflict, notFound } from '../../core/errors';
import type { Pool } from './pool';
import { inTransaction } from './transaction';

/** Live members (usernames, sorted) of the given projects, by project id. */
export async function membersOfProjects(
  db: Pool | PoolConnection,
  projectIds: readonly number[],
): Promise<Map<number, string[]>> {
  const members = new Map<number, string[]>();
  if (projectIds.length === 0) return members;
  const [rows] = await db.query<RowDataPacket[]>(
    `SELECT pm.project_id, u.username FROM project_members pm JOIN users u ON u.id = pm.user_id
     WHERE pm.project_id IN (?) AND u.deleted_at IS NULL ORDER BY u.username`,
    [projectIds],
  );
  for (const row of rows) {
    const list = members.get(Number(row.project_id)) ?? [];
    list.push(String(row.username));
    members.set(Number(row.project_id), list);
  }
  return members;
}

/** Who may charge which project. */
export class ProjectMemberStore {
  constructor(private readonly pool: Pool) {}

  /** Names of the projects of many users, by user id. */
  async ofUsers(userIds: readonly number[]): Promise<Map<number, string[]>> {
    const result = new Map<number, string[]>();
    if (userIds.length === 0) return result;
    const [rows] = await this.pool.query<RowDataPacket[]>(
      `SELECT pm.user_id, p.name FROM project_members pm JOIN projects p ON p.id = pm.project_id
       WHERE pm.user_id IN (?) ORDER BY p.name`,
      [userIds],
    );
    for (const row of rows) {
      const list = result.get(Number(row.user_id)) ?? [];
      list.push(String(row.name));
      result.set(Number(row.user_id), list);
    }
    return result;
  }

  /** True when the user is a member of the project. */
  async isMember(project: string, userId: number): Promise<boolean> {
    const [rows] = await this.pool.query<RowDataPacket[]>(
      `SELECT 1 FROM project_members pm JOIN projects p ON p.id = pm.project_id
       WHERE p.name = ? AND pm.user_id = ?`,
      [project, userId],
    );
    return rows.length > 0;
  }

  /** Adds a member (again is fine); an unknown project is not found. */
  async add(project: string, userId: number, now: Date): Promise<void> {
    const [result] = await this.pool.query<ResultSetHeader>(
      `INSERT INTO project_members (project_id, user_id, added_at)
       SELECT id, ?, ? FROM projects WHERE name = ?
       ON DUPLICATE KEY UPDATE user_id = user_id`,
      [userId, now, project],
    );
    if (result.affectedRows === 0 && !(await this.projectExists(project))) {
      throw notFound(`no project '${project}'`);
    }
  }

  /** Removes a member; the manager stays one until another manager is set. */
  async remove(project: string, user: { id: number; username: string }): Promise<void> {
    await inTransaction(this.pool, async (conn) => {
      const [found] = await conn.query<RowDataPacket[]>(
        'SELECT id, manager_id FROM projects WHERE name = ? FOR UPDATE',
        [project],
      );
      const row = found[0];
      if (!row) throw notFound(`no project '${project}'`);
      if (row.manager_id === user.id) {
        throw conflict(
          `${user.username} manages project '${project}': set another manager (or none) first`,
        );
      }
      const [result] = await conn.query<ResultSetHeader>(
        'DELETE FROM project_members WHERE project_id = ? AND user_id = ?',
        [row.id, user.id],
      );
      if (result.affectedRows === 0) {
        throw notFound(`${user.username} is not a member of project '${project}'`);
      }
    });
  }

  private async projectExists(project: string): Promise<boolean> {
    const [rows] = await this.pool.query<RowDataPacket[]>('SELECT 1 FROM projects WHERE name = ?', [
      project,
    ]);
    return rows.length > 0;
  }
}
