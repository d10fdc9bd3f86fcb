import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { homeRoot } from '../../config/load';
import type { ApiDeps } from '../context';
import { createUser } from './users';

/**
 * Creates the first admin (`admin`) when no user exists yet. The password comes from the
 * configuration or is generated; a generated one is returned so the caller prints it once.
 */
export async function bootstrapAdmin(
  deps: ApiDeps,
): Promise<{ created: boolean; generatedPassword?: string }> {
  if ((await deps.users.list()).length > 0) return { created: false };
  const generated = deps.config.adminPassword ? undefined : randomBytes(12).toString('base64url');
  const admin = deps.config.admin;
  await createUser(deps, {
    username: 'admin',
    password: deps.config.adminPassword ?? generated ?? '',
    uid: admin.uid,
    gid: admin.gid,
    home: path.join(homeRoot(deps.config), 'admin'),
    role: 'admin',
  });
  return generated ? { created: true, generatedPassword: generated } : { created: true };
}
