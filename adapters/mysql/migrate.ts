import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { RowDataPacket } from 'mysql2/promise';
import type { Pool } from './pool';

/** Where the numbered SQL files live (read from the source tree; they are not compiled). */
export const migrationsDir = path.resolve(
  __dirname,
  '..',
  '..',
  '..',
  'adapters',
  'mysql',
  'migrations',
);

function splitStatements(sql: string): string[] {
  return sql
    .split(/;\s*$/m)
    .map((s) => s.replace(/^\s*--.*$/gm, '').trim())
    .filter((s) => s.length > 0);
}

/**
 * Applies the numbered migrations not yet recorded, in order, under a named lock so an API and a
 * worker starting together never apply one twice. Returns the versions applied.
 */
export async function migrate(pool: Pool, dir = migrationsDir): Promise<number[]> {
  const conn = await pool.getConnection();
  try {
    await conn.query('SELECT GET_LOCK(?, 60)', ['godocker_migrate']);
    await conn.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version INT PRIMARY KEY, name VARCHAR(255) NOT NULL, applied_at DATETIME(3) NOT NULL)',
    );
    const [rows] = await conn.query<RowDataPacket[]>('SELECT version FROM schema_migrations');
    const done = new Set(rows.map((r) => Number(r.version)));
    const files = (await readdir(dir)).filter((f) => /^\d+_.*\.sql$/.test(f)).sort();
    const applied: number[] = [];
    for (const file of files) {
      const version = Number.parseInt(file, 10);
      if (done.has(version)) continue;
      for (const statement of splitStatements(await readFile(path.join(dir, file), 'utf8'))) {
        await conn.query(statement);
      }
      await conn.query('INSERT INTO schema_migrations VALUES (?, ?, ?)', [
        version,
        file,
        new Date(),
      ]);
      applied.push(version);
    }
    return applied;
  } finally {
    await conn.query('SELECT RELEASE_LOCK(?)', ['godocker_migrate']);
    conn.release();
  }
}
