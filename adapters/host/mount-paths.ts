import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { forbiddenHostPath, isWithin } from '../../core/volumes';

/** A host path a job may not mount, with the reason (the API turns it into a 4xx). */
export class MountRefused extends Error {
  override readonly name = 'MountRefused';
}

/**
 * A path with every symlink resolved, or the path itself (normalised) when it does not exist:
 * what other paths are compared with.
 */
export async function resolvedOrAsIs(hostPath: string): Promise<string> {
  return realpath(hostPath).catch(() => path.posix.normalize(hostPath));
}

/**
 * Resolves a host path the way the kernel will (following every symlink) and checks that the
 * result stays inside `root` and is not a forbidden system path. `..` is refused outright rather
 * than normalised away: a template never needs it, so it only appears in attacks.
 */
export async function resolveMountPath(hostPath: string, root: string): Promise<string> {
  if (!path.posix.isAbsolute(hostPath))
    throw new MountRefused(`${hostPath} is not an absolute path`);
  if (hostPath.split('/').includes('..'))
    throw new MountRefused(`${hostPath}: '..' is not allowed`);
  if (/[\x00-\x1f\x7f]/.test(hostPath)) {
    throw new MountRefused(`${JSON.stringify(hostPath)} contains control characters`);
  }
  const lexical = path.posix.normalize(hostPath);
  const early = forbiddenHostPath(lexical);
  if (early) throw new MountRefused(`${lexical} may not be mounted: ${early}`);
  let real: string;
  let realRoot: string;
  try {
    real = await realpath(lexical);
    realRoot = await realpath(root);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new MountRefused(
        `${lexical} does not exist on the execution host; ask an admin to create it`,
      );
    }
    throw error;
  }
  if (!isWithin(real, realRoot)) {
    throw new MountRefused(
      `${lexical} resolves to ${real}, outside ${realRoot} (through a symlink)`,
    );
  }
  const forbidden = forbiddenHostPath(real);
  if (forbidden)
    throw new MountRefused(
      `${lexical} resolves to ${real}, which may not be mounted: ${forbidden}`,
    );
  return real;
}
