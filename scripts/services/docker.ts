import Docker from 'dockerode';
import { findExecutable } from './command';
import { aptInstall } from './debian-packages';
import { spawnDetached, type DetachedProcessSpec } from './detached-process';
import { ensureDetachedService } from './detached-service';
import type { LogLine, ServiceHandle } from './service-handle';

/** The machine-wide socket, shared with the `docker` CLI and any daemon already installed. */
export const DEFAULT_DOCKER_SOCKET = '/var/run/docker.sock';

/** The dockerd process the bootstrap starts (and `services down` stops) when no daemon answers. */
export const DOCKERD_PROCESS: DetachedProcessSpec = {
  name: 'docker',
  binaryName: 'dockerd',
  // dockerd gives running containers up to 15 s to stop, then shuts containerd down.
  stopGraceMs: 30_000,
};

/** Options for {@link ensureDocker}. */
export interface DockerServiceOptions {
  dataDir: string;
  log: LogLine;
  socketPath?: string;
}

/** A Docker daemon that answers, with a client for it. */
export interface DockerService extends ServiceHandle {
  docker: Docker;
  socketPath: string;
}

/** Whether a Docker daemon answers a ping on the socket; a short timeout so a stale socket cannot stall. */
export async function dockerAnswers(socketPath: string): Promise<boolean> {
  try {
    await new Docker({ socketPath, timeout: 3_000 }).ping();
    return true;
  } catch {
    return false;
  }
}

/** Ensures a Docker daemon answers, installing Debian's docker.io and starting dockerd if none does. */
export async function ensureDocker(opts: DockerServiceOptions): Promise<DockerService> {
  const socketPath = opts.socketPath ?? DEFAULT_DOCKER_SOCKET;
  const handle = await ensureDetachedService({
    ...DOCKERD_PROCESS,
    dataDir: opts.dataDir,
    log: opts.log,
    reuseLine: `daemon answers on ${socketPath}, reusing`,
    startTimeoutMs: 60_000,
    answers: () => dockerAnswers(socketPath),
    start: async (files) => {
      const dockerd = await dockerdPath(opts.log);
      opts.log(`docker: starting ${dockerd} (log in ${files.logFile})`);
      return spawnDetached(dockerd, dockerdArgs(socketPath), files);
    },
  });
  return { ...handle, docker: new Docker({ socketPath }), socketPath };
}

// Tried for real in this sandbox (Debian 12, kernel 6.18, cgroup v1, root): the defaults work.
// overlay2 mounts, iptables NAT and the docker0 bridge come up, and a container runs with
// --user 1000:1000, --cap-drop ALL, no-new-privileges, --pids-limit, --memory, --cpus, a
// read-only bind mount, --read-only + --tmpfs and --network none. So no storage, iptables or
// cgroup flags are forced (dockerd itself falls back to vfs where overlay cannot mount); the
// socket is pinned so the daemon listens where we ping, and data stays in /var/lib/docker
// because the daemon is machine-wide: images built once serve every data dir.
function dockerdArgs(socketPath: string): string[] {
  return ['--host', `unix://${socketPath}`];
}

async function dockerdPath(log: LogLine): Promise<string> {
  const found = findExecutable('dockerd');
  if (found !== undefined) return found;
  log('docker: dockerd is not installed, installing Debian docker.io');
  await aptInstall(['docker.io'], log);
  const installed = findExecutable('dockerd');
  if (installed === undefined)
    throw new Error('docker.io was installed but dockerd is not on PATH or in /usr/sbin');
  return installed;
}
