import type Docker from 'dockerode';
import { createOptions } from '../adapters/docker/host-config';
import type { ContainerSpec } from '../core/executor';

/** A container spec like a Go-Docker job's, for the raw baselines. */
export function rawSpec(name: string, script: string, cpus: number): ContainerSpec {
  return {
    name,
    image: 'godocker/busybox:latest',
    script,
    uid: 2000,
    gid: 2000,
    groups: [],
    workingDir: '/tmp',
    env: {},
    mounts: [],
    cpus,
    memoryMiB: 32,
    labels: { 'org.godocker.bench': 'raw' },
  };
}

const security = { pidsLimit: 1024, network: 'bridge' as const, logCapBytes: 10 * 1024 * 1024 };

/** Milliseconds from `docker create` to a started container (what a job manager cannot beat). */
export async function rawCreateStartMs(docker: Docker, name: string): Promise<number> {
  const started = performance.now();
  const container = await docker.createContainer(
    createOptions(rawSpec(name, 'sleep 1', 0.1), security),
  );
  await container.start();
  const elapsed = performance.now() - started;
  await container.remove({ force: true });
  return elapsed;
}

/** Runs `count` trivial containers, `concurrency` at a time (create, start, wait, remove); returns ms. */
export async function rawDrainMs(
  docker: Docker,
  prefix: string,
  count: number,
  concurrency: number,
  cpus: number,
): Promise<number> {
  let next = 0;
  const started = performance.now();
  const lane = async () => {
    while (next < count) {
      const index = next++;
      const container = await docker.createContainer(
        createOptions(rawSpec(`${prefix}-${index}`, 'true', cpus), security),
      );
      await container.start();
      await container.wait();
      await container.remove({ force: true });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  return performance.now() - started;
}
