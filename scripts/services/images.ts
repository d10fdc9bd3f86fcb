import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { DEBIAN_BUSYBOX, isStaticElf, writeBusyboxContext } from './busybox-rootfs';
import { aptInstall } from './debian-packages';
import type { LogLine, ServiceHandle } from './service-handle';

/** The default job image, built locally: no registry is reachable from the machines we run on. */
export const BUSYBOX_IMAGE = 'godocker/busybox:latest';

/** Options for {@link ensureBusyboxImage}. */
export interface ImageOptions {
  docker: Docker;
  log: LogLine;
}

/** An image the bootstrap ensured exists; startedByUs means this run built it. */
export interface ImageHandle extends ServiceHandle {
  image: string;
}

/** Ensures godocker/busybox exists, building it FROM scratch with Debian's static busybox when absent. */
export async function ensureBusyboxImage(opts: ImageOptions): Promise<ImageHandle> {
  // stop() keeps the image: removing it would only make the next bootstrap rebuild it.
  const handle = (built: boolean): ImageHandle => ({
    name: 'busybox-image',
    startedByUs: built,
    image: BUSYBOX_IMAGE,
    stop: () => Promise.resolve(),
  });
  if (await imageExists(opts.docker, BUSYBOX_IMAGE)) {
    opts.log(`images: ${BUSYBOX_IMAGE} present, reusing`);
    return handle(false);
  }
  const busybox = await staticBusybox(opts.log);
  const contextDir = mkdtempSync(join(tmpdir(), 'godocker-busybox-'));
  try {
    await writeBusyboxContext(contextDir, busybox);
    opts.log(`images: building ${BUSYBOX_IMAGE} FROM scratch with ${busybox}`);
    await buildImage(opts.docker, contextDir, BUSYBOX_IMAGE, opts.log);
  } finally {
    rmSync(contextDir, { recursive: true, force: true });
  }
  await verifyRunsAsUser(opts.docker, BUSYBOX_IMAGE);
  opts.log(`images: ${BUSYBOX_IMAGE} built and runs as uid 1000`);
  return handle(true);
}

async function imageExists(docker: Docker, image: string): Promise<boolean> {
  try {
    await docker.getImage(image).inspect();
    return true;
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return false;
    throw error;
  }
}

async function staticBusybox(log: LogLine): Promise<string> {
  if (!hasStaticBusybox()) {
    log('images: no static /bin/busybox, installing Debian busybox-static');
    await aptInstall(['busybox-static'], log);
  }
  if (!hasStaticBusybox())
    throw new Error(
      `${DEBIAN_BUSYBOX} is still missing or dynamically linked after installing busybox-static`,
    );
  return DEBIAN_BUSYBOX;
}

function hasStaticBusybox(): boolean {
  try {
    return isStaticElf(DEBIAN_BUSYBOX);
  } catch {
    return false;
  }
}

/** One line of the daemon's build stream. */
interface BuildEvent {
  stream?: string;
  error?: string;
}

// The daemon reports build failures inside the stream, not as an HTTP error, so every event is checked.
async function buildImage(
  docker: Docker,
  contextDir: string,
  tag: string,
  log: LogLine,
): Promise<void> {
  const context = tarContext(contextDir);
  const stream = await docker.buildImage(context.stream, { t: tag, rm: true });
  const events = await new Promise<BuildEvent[]>((resolve, reject) => {
    docker.modem.followProgress(
      stream,
      (error: Error | null, output: BuildEvent[]) => (error ? reject(error) : resolve(output)),
      (event: BuildEvent) => {
        if (event.stream?.startsWith('Step ')) log(`images:   ${event.stream.trim()}`);
      },
    );
  });
  const failure = events.find((event) => event.error !== undefined);
  if (failure) throw new Error(`docker build of ${tag} failed: ${failure.error ?? ''}`);
  await context.done;
}

// The system tar, not dockerode's tar-fs packing: tar-fs applies the umask, which turns /tmp's 1777 into 1755.
function tarContext(contextDir: string): { stream: NodeJS.ReadableStream; done: Promise<void> } {
  const args = [
    '-C',
    contextDir,
    '--owner=0',
    '--group=0',
    '--numeric-owner',
    '-cf',
    '-',
    'Dockerfile',
    'rootfs',
  ];
  const tar = spawn('tar', args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const done = new Promise<void>((resolve, reject) => {
    tar.on('error', reject);
    tar.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`tar of ${contextDir} exited ${String(code)}`)),
    );
  });
  return { stream: tar.stdout, done };
}

// Jobs never run as root, so the image must work for an arbitrary uid with no capabilities.
async function verifyRunsAsUser(docker: Docker, image: string): Promise<void> {
  const container = await docker.createContainer({
    Image: image,
    Cmd: ['sh', '-c', 'id; echo ok'],
    User: '1000:1000',
    Tty: true,
    HostConfig: { CapDrop: ['ALL'], SecurityOpt: ['no-new-privileges'], NetworkMode: 'none' },
  });
  try {
    await container.start();
    const result = (await container.wait()) as { StatusCode: number };
    const output = (await container.logs({ stdout: true, stderr: true, follow: false })).toString();
    if (result.StatusCode !== 0 || !output.includes('uid=1000') || !output.includes('ok')) {
      throw new Error(`${image} does not run as uid 1000 (exit ${result.StatusCode}): ${output}`);
    }
  } finally {
    await container.remove({ force: true });
  }
}
