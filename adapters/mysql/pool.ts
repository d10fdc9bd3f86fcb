import mysql, { type Pool } from 'mysql2/promise';

/** Opens a connection pool on a `mysql://` URL; times are UTC and DECIMALs come back as numbers. */
export function createPool(url: string, connectionLimit = 10): Pool {
  return mysql.createPool({
    uri: url,
    connectionLimit,
    timezone: 'Z',
    decimalNumbers: true,
    supportBigNumbers: true,
    dateStrings: false,
    multipleStatements: false,
    enableKeepAlive: true,
  });
}

/** The pool type used throughout the MariaDB adapter. */
export type { Pool } from 'mysql2/promise';
