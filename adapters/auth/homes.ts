import { chown, mkdir, stat } from 'node:fs/promises';
import path from 'node:path';

/**
 * Creates a user's home owned by their uid:gid (mode 0700) when it does not exist yet.
 * An existing directory is left as it is: it may be a site's real home with its own rules.
 */
export async function ensureHome(home: string, uid: number, gid: number): Promise<void> {
  const existing = await stat(home).catch(() => undefined);
  if (existing) {
    if (!existing.isDirectory()) throw new Error(`${home} exists and is not a directory`);
    return;
  }
  await mkdir(path.dirname(home), { recursive: true, mode: 0o755 });
  await mkdir(home, { mode: 0o700 });
  await chown(home, uid, gid);
}
