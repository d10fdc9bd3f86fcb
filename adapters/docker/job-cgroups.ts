import { readdir, readFile, rmdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ContainerTotals } from '../../core/executor';

const cgroupRoot = '/sys/fs/cgroup';
const parentRoot = 'godocker';

/**
 * Per-job parent cgroups, for exact totals. Each job container is created under its own parent
 * cgroup (`/godocker/<container name>`). The kernel charges a container's cpu time and memory to
 * its ancestors as well, and the parent outlives the container, so once the job has exited its
 * parent still holds what the job used in all — including the last second that no periodic
 * sample saw. Works where the Docker Engine runs with the cgroupfs driver on this host (cgroup
 * v1 or v2); elsewhere `available` is false and the sampled figures stand.
 */
export class JobCgroups {
  private constructor(private readonly version: 1 | 2) {}

  /** Detects whether the engine's cgroups are under this host's /sys/fs/cgroup and usable. */
  static async detect(info: {
    CgroupDriver?: string;
    CgroupVersion?: string;
  }): Promise<JobCgroups | undefined> {
    if (info.CgroupDriver !== 'cgroupfs') return undefined;
    const exists = (p: string) =>
      stat(p).then(
        () => true,
        () => false,
      );
    if (info.CgroupVersion === '2' && (await exists(path.join(cgroupRoot, 'cgroup.controllers')))) {
      return new JobCgroups(2);
    }
    if (await exists(path.join(cgroupRoot, 'cpuacct', 'cpuacct.usage'))) return new JobCgroups(1);
    return undefined;
  }

  /** The parent cgroup a job's container is created under. */
  parentOf(containerName: string): string {
    return `/${parentRoot}/${containerName}`;
  }

  private dir(controller: string, containerName: string): string {
    return this.version === 2
      ? path.join(cgroupRoot, parentRoot, containerName)
      : path.join(cgroupRoot, controller, parentRoot, containerName);
  }

  /** What the job's containers used in all, or undefined when its parent cgroup is not there. */
  async totals(containerName: string): Promise<ContainerTotals | undefined> {
    const read = (controller: string, file: string) =>
      readFile(path.join(this.dir(controller, containerName), file), 'utf8').catch(() => undefined);
    if (this.version === 1) {
      const [cpu, memory] = await Promise.all([
        read('cpuacct', 'cpuacct.usage'),
        read('memory', 'memory.max_usage_in_bytes'),
      ]);
      if (cpu === undefined) return undefined;
      return {
        cpuSeconds: Number(cpu) / 1e9,
        maxMemoryBytes: memory === undefined ? null : Number(memory),
      };
    }
    const [cpuStat, peak] = await Promise.all([read('', 'cpu.stat'), read('', 'memory.peak')]);
    const usec = cpuStat === undefined ? undefined : /^usage_usec (\d+)$/m.exec(cpuStat)?.[1];
    if (usec === undefined) return undefined;
    return {
      cpuSeconds: Number(usec) / 1e6,
      maxMemoryBytes: peak === undefined ? null : Number(peak),
    };
  }

  /** Removes the job's (by then empty) parent cgroups; harmless when they are gone. */
  async remove(containerName: string): Promise<void> {
    const controllers = this.version === 2 ? [''] : await readdir(cgroupRoot).catch(() => []);
    await Promise.all(
      controllers.map((c) => rmdir(this.dir(c, containerName)).catch(() => undefined)),
    );
  }
}
