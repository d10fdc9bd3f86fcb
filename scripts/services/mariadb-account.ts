import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import mysql from 'mysql2/promise';

/** The account and database the application and the tests use. */
export const GODOCKER_DB_USER = 'godocker';
/** Name of the application's database (tests create their own next to it). */
export const GODOCKER_DATABASE = 'godocker';

/** Opens an admin connection over the instance's socket: mariadb-install-db lets the OS user in by unix_socket. */
export function adminConnection(socketPath: string): Promise<mysql.Connection> {
  return mysql.createConnection({ socketPath, user: userInfo().username, connectTimeout: 3_000 });
}

/** Whether the instance behind this socket accepts an admin query. */
export async function adminAnswers(socketPath: string): Promise<boolean> {
  try {
    const connection = await adminConnection(socketPath);
    await connection.query('SELECT 1');
    await connection.end();
    return true;
  } catch {
    return false;
  }
}

/** The godocker password, generated once and kept beside the data (0600) so restarts keep the URL. */
export function readOrCreateSecret(secretFile: string): string {
  try {
    return readFileSync(secretFile, 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const secret = randomBytes(18).toString('base64url');
  writeFileSync(secretFile, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  return secret;
}

/** Idempotently creates the godocker account (all privileges: each test creates its own database) and database. */
export async function provisionAccount(socketPath: string, password: string): Promise<void> {
  const connection = await adminConnection(socketPath);
  try {
    // '%' is safe because the server only binds 127.0.0.1; ALTER keeps the password in step with the file.
    await connection.query(`CREATE USER IF NOT EXISTS ?@'%' IDENTIFIED BY ?`, [
      GODOCKER_DB_USER,
      password,
    ]);
    await connection.query(`ALTER USER ?@'%' IDENTIFIED BY ?`, [GODOCKER_DB_USER, password]);
    await connection.query(`GRANT ALL PRIVILEGES ON *.* TO ?@'%' WITH GRANT OPTION`, [
      GODOCKER_DB_USER,
    ]);
    await connection.query(`CREATE DATABASE IF NOT EXISTS \`${GODOCKER_DATABASE}\``);
  } finally {
    await connection.end();
  }
}
