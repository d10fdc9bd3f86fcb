import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { findExecutable } from './command';
import { aptInstall } from './debian-packages';
import type { ImageHandle } from './images';
import type { LogLine } from './service-handle';

/** The Debian job image of the catalog, built locally with debootstrap (no registry is reachable). */
export const DEBIAN_IMAGE = 'godocker/debian:12';

const SUITE = 'bookworm';
const FALLBACK_MIRROR = 'http://deb.debian.org/debian';

/** Options for {@link ensureDebianImage}. */
export interface DebianImageOptions {
  docker: Docker;
  log: LogLine;
}

/** The Debian mirror apt already uses here (first `URIs:` of debian.sources), so debootstrap reaches it too. */
export function configuredMirror(sourcesFile = '/etc/apt/sources.list.d/debian.sources'): string {
  try {
    const uri = /^URIs:\s*(\S+)/m.exec(readFileSync(sourcesFile, 'utf8'))?.[1];
    return uri ?? FALLBACK_MIRROR;
  } catch {
    return FALLBACK_MIRROR;
  }
}

/**
 * Ensures godocker/debian:12 exists: a `debootstrap --variant=minbase` bookworm root imported
 * with `docker import`. Skipped when the image is there; a first build takes a minute or two.
 */
export async function ensureDebianImage(opts: DebianImageOptions): Promise<ImageHandle> {
  const handle = (built: boolean): ImageHandle => ({
    name: 'debian-image',
    startedByUs: built,
    image: DEBIAN_IMAGE,
    stop: () => Promise.resolve(),
  });
  if (await imagePresent(opts.docker, DEBIAN_IMAGE)) {
    opts.log(`images: ${DEBIAN_IMAGE} present, reusing`);
    return handle(false);
  }
  if (!findExecutable('debootstrap')) {
    opts.log('images: installing Debian debootstrap');
    await aptInstall(['debootstrap'], opts.log);
  }
  const work = mkdtempSync(join(tmpdir(), 'godocker-debian-'));
  try {
    const rootfs = join(work, 'rootfs');
    const mirror = configuredMirror();
    opts.log(`images: debootstrap --variant=minbase ${SUITE} from ${mirror} (a minute or two)`);
    await streamed('debootstrap', ['--variant=minbase', SUITE, rootfs, mirror], opts.log);
    // The apt caches only make the image bigger.
    rmSync(join(rootfs, 'var/cache/apt/archives'), { recursive: true, force: true });
    opts.log(`images: importing ${rootfs} as ${DEBIAN_IMAGE}`);
    await importRootfs(opts.docker, rootfs, DEBIAN_IMAGE);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  opts.log(`images: ${DEBIAN_IMAGE} built`);
  return handle(true);
}

/** True when the daemon has the image. */
export async function imagePresent(docker: Docker, image: string): Promise<boolean> {
  try {
    await docker.getImage(image).inspect();
    return true;
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return false;
    throw error;
  }
}

// debootstrap prints one `I: Retrieving …` line per package: those lines are the progress shown.
function streamed(command: string, args: string[], log: LogLine): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let tail = '';
    const onData = (chunk: Buffer) => {
      const text = chunk.toString();
      tail = (tail + text).slice(-2000);
      for (const line of text.split('\n')) {
        if (/^[IWE]: (Retrieving|Extracting|Installing|Configuring|Base system)/.test(line)) {
          log(`images:   ${line.trim()}`);
        }
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`${command} exited ${String(code)}:\n${tail.trim()}`)),
    );
  });
}

// The system tar keeps ownership and modes exactly as debootstrap set them (see images.ts on tar-fs).
async function importRootfs(docker: Docker, rootfs: string, image: string): Promise<void> {
  const tar = spawn('tar', ['-C', rootfs, '--numeric-owner', '-cf', '-', '.'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [repo, tag] = image.split(':');
  const stream = await docker.importImage(tar.stdout, { repo, tag });
  const events = await new Promise<{ error?: string }[]>((resolve, reject) => {
    docker.modem.followProgress(stream, (error: Error | null, output: { error?: string }[]) =>
      error ? reject(error) : resolve(output),
    );
  });
  const failure = events.find((event) => event.error !== undefined);
  if (failure) throw new Error(`docker import of ${image} failed: ${failure.error ?? ''}`);
}
