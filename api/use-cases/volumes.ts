import { badRequest, conflict, notFound } from '../../core/errors';
import {
  forbiddenHostPath,
  reservedContainerPath,
  templateRoot,
  type CreateVolumeRequest,
  type UpdateVolumeRequest,
  type Volume,
} from '../../core/volumes';
import type { ApiDeps } from '../context';

// Checked at declaration with what the template fixes; each job's expansion is checked again.
function requireSafeTemplates(
  hostPath: string | undefined,
  containerPath: string | undefined,
): void {
  if (hostPath !== undefined && !hostPath.startsWith('{home}')) {
    const root = templateRoot(hostPath, {
      username: 'u',
      uid: '1',
      gid: '1',
      group: 'g',
      project: 'p',
      home: '/',
    });
    const forbidden = root === '/' ? 'the root of the host filesystem' : forbiddenHostPath(root);
    if (forbidden) {
      throw badRequest(
        `body.hostPath: ${hostPath} lies in ${root}, which may not be mounted: ${forbidden}`,
      );
    }
  }
  if (containerPath !== undefined && !containerPath.includes('{')) {
    const reserved = reservedContainerPath(containerPath);
    if (reserved) throw badRequest(`body.containerPath: ${reserved}`);
  }
}

/** The volume, or a 404 naming it. */
export async function requireVolume(deps: ApiDeps, name: string): Promise<Volume> {
  const volume = await deps.volumes.get(name);
  if (!volume) throw notFound(`no volume '${name}'`);
  return volume;
}

/** Declares a volume of the catalog. */
export async function createVolume(deps: ApiDeps, request: CreateVolumeRequest): Promise<Volume> {
  requireSafeTemplates(request.hostPath, request.containerPath);
  if (request.name === 'home')
    throw conflict("volume 'home' is built in: every job mounts its owner's home");
  if (!(await deps.volumes.insert(request, deps.clock()))) {
    throw conflict(`volume '${request.name}' already exists`);
  }
  return requireVolume(deps, request.name);
}

/** Changes a volume; jobs already submitted keep the mounts resolved for them. */
export async function updateVolume(
  deps: ApiDeps,
  name: string,
  request: UpdateVolumeRequest,
): Promise<Volume> {
  requireSafeTemplates(request.hostPath, request.containerPath);
  if (!(await deps.volumes.update(name, request, deps.clock())))
    throw notFound(`no volume '${name}'`);
  return requireVolume(deps, name);
}
