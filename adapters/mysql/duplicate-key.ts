/** True when a MariaDB error is a unique-key violation (of `key`, when given). */
export function isDuplicateKey(error: unknown, key?: string): boolean {
  if (!(error instanceof Error) || !('code' in error) || error.code !== 'ER_DUP_ENTRY')
    return false;
  return key === undefined || error.message.includes(`'${key}'`);
}
