import path from 'node:path';
import { badRequest, forbidden } from '../../core/errors';
import { normalizePath } from '../../core/posix-path';
import {
  expandTemplate,
  isWithin,
  reservedContainerPath,
  templateRoot,
  type JobMount,
  type MountVariables,
} from '../../core/volumes';
import { MountRefused, resolveMountPath, resolvedOrAsIs } from '../../adapters/host/mount-paths';
import type { ApiDeps, Caller } from '../context';

/** What the mounts of a submission depend on. */
export interface MountRequest {
  volumes: { name: string; readOnly?: boolean | undefined }[];
  root: boolean;
  group: string;
  project: string;
  /** Scheduling groups of the owner (who may use a restricted volume). */
  accountGroups: string[];
}

async function resolved(where: string, hostPath: string, root: string): Promise<string> {
  try {
    return await resolveMountPath(hostPath, root);
  } catch (error) {
    if (error instanceof MountRefused) throw badRequest(`${where}: ${error.message}`);
    throw error;
  }
}

// Another user's home, or Go-Docker's own data, must never come into view through a volume.
async function requireNobodyElses(
  deps: ApiDeps,
  caller: Caller,
  where: string,
  hostPath: string,
): Promise<void> {
  // hostPath is resolved; the homes and the data dir are compared both as recorded and resolved,
  // so a symlink in a recorded path (a site's /home -> /export/home) hides nothing.
  const both = async (p: string) => [...new Set([path.resolve(p), await resolvedOrAsIs(p)])];
  const overlaps = (other: string) => isWithin(hostPath, other) || isWithin(other, hostPath);
  const inOwnHome = (await both(caller.home)).some((h) => isWithin(hostPath, h));
  if (!inOwnHome && (await both(deps.config.dataDir)).some(overlaps)) {
    throw badRequest(`${where}: ${hostPath} holds Go-Docker's own data and may not be mounted`);
  }
  for (const home of await deps.users.homesExcept(caller.id)) {
    if ((await both(home)).some(overlaps)) {
      throw badRequest(
        `${where}: ${hostPath} would expose another user's home and may not be mounted`,
      );
    }
  }
}

/**
 * The mounts a job gets: its owner's home, always, and the catalog volumes it asks for — each
 * template filled, resolved through symlinks, kept inside its root, and checked against the
 * forbidden paths and other users' homes. Root jobs get every mount read-only.
 */
export async function resolveJobMounts(
  deps: ApiDeps,
  caller: Caller,
  request: MountRequest,
): Promise<JobMount[]> {
  const vars: MountVariables = {
    username: caller.username,
    uid: String(caller.uid),
    gid: String(caller.gid),
    group: request.group,
    project: request.project,
    home: caller.home,
  };
  const home = await resolved('home', caller.home, caller.home);
  const mounts: JobMount[] = [
    {
      volume: 'home',
      hostPath: home,
      within: home,
      containerPath: caller.home,
      readOnly: request.root,
    },
  ];
  const seen = new Set<string>();
  for (const [index, asked] of request.volumes.entries()) {
    const where = `body.volumes.${index}`;
    if (seen.has(asked.name))
      throw badRequest(`${where}.name: volume '${asked.name}' is asked twice`);
    seen.add(asked.name);
    const volume = await deps.volumes.get(asked.name);
    if (!volume) {
      const names = (await deps.volumes.list()).map((v) => v.name);
      throw badRequest(
        `${where}.name: no volume '${asked.name}'; the catalog has: ${names.length ? names.join(', ') : '(none)'}`,
      );
    }
    if (volume.groups.length > 0 && !volume.groups.some((g) => request.accountGroups.includes(g))) {
      throw forbidden(
        `${where}.name: volume '${volume.name}' is for group(s) ${volume.groups.join(', ')}; you are in ${request.accountGroups.join(', ')}`,
      );
    }
    const containerPath = normalizePath(expandTemplate(volume.containerPath, vars));
    const reserved = reservedContainerPath(containerPath);
    if (reserved)
      throw badRequest(`${where}: volume '${volume.name}' cannot be mounted at ${reserved}`);
    const clash = mounts.find(
      (m) => isWithin(m.containerPath, containerPath) || isWithin(containerPath, m.containerPath),
    );
    if (clash) {
      throw badRequest(
        `${where}: volume '${volume.name}' at ${containerPath} overlaps '${clash.volume}' at ${clash.containerPath}`,
      );
    }
    const root = templateRoot(volume.hostPath, vars);
    const hostPath = await resolved(where, expandTemplate(volume.hostPath, vars), root);
    await requireNobodyElses(deps, caller, where, hostPath);
    mounts.push({
      volume: volume.name,
      hostPath,
      within: root,
      containerPath,
      readOnly: volume.readOnly || asked.readOnly === true || request.root,
    });
  }
  return mounts;
}
