import { containerName, type ContainerSpec, type Mount } from './executor';
import { keepAliveScript } from './interactive';

/** What a job needs to become a container: its request and its owner's identity. */
export interface LaunchableJob {
  id: number;
  name: string;
  owner: string;
  image: string;
  command: string;
  cpus: number;
  memoryMiB: number;
  uid: number;
  gid: number;
  groups: number[];
  home: string;
  /** Root jobs run as uid 0 (still with no capabilities); their mounts are all read-only. */
  root: boolean;
  /** Interactive jobs keep their container up for shells after the command (if any) ran. */
  interactive: boolean;
  mounts: Mount[];
}

/**
 * The container for a job: run as the owner with their groups, their home mounted at the same
 * path and used as working directory, so paths in scripts mean the same inside and out, and the
 * catalog volumes resolved at submit.
 */
export function containerSpecFor(job: LaunchableJob, instance: string): ContainerSpec {
  return {
    name: containerName(instance, job.id),
    image: job.image,
    script: job.interactive ? keepAliveScript(job.command) : job.command,
    uid: job.root ? 0 : job.uid,
    gid: job.root ? 0 : job.gid,
    groups: job.root ? [] : job.groups.filter((g) => g !== job.gid),
    workingDir: job.home,
    env: {
      HOME: job.home,
      USER: job.owner,
      LOGNAME: job.owner,
      GODOCKER_JOB_ID: String(job.id),
      GODOCKER_JOB_NAME: job.name,
    },
    mounts: job.mounts.map(({ hostPath, containerPath, readOnly }) => ({
      hostPath,
      containerPath,
      readOnly: readOnly || job.root,
    })),
    cpus: job.cpus,
    memoryMiB: job.memoryMiB,
    labels: {
      'org.godocker.instance': instance,
      'org.godocker.job': String(job.id),
      'org.godocker.owner': job.owner,
    },
  };
}

/** How a finished container is described to its owner. */
export function describeExit(exitCode: number, oomKilled: boolean, memoryMiB: number): string {
  if (oomKilled) return `OOMKilled: the job reached its memory limit (${memoryMiB} MiB)`;
  return `Exited with code ${exitCode}`;
}
