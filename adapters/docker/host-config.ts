import type { ContainerCreateOptions, HostConfig } from 'dockerode';
import type { ContainerSpec } from '../../core/executor';

/** Site settings the Docker executor applies to every container. */
export interface DockerSecurityOptions {
  pidsLimit: number;
  network: 'bridge' | 'none';
  logCapBytes: number;
}

/**
 * The fixed security posture of every job container (DESIGN.md, "Security defaults"): the job's
 * own uid/gid, no capabilities, no privilege gain, bounded pids/memory/cpu/logs, no host
 * namespaces or devices. Nothing in a ContainerSpec can change these.
 */
export function hostConfig(spec: ContainerSpec, options: DockerSecurityOptions): HostConfig {
  return {
    Binds: spec.mounts.map((m) => `${m.hostPath}:${m.containerPath}:${m.readOnly ? 'ro' : 'rw'}`),
    Memory: spec.memoryMiB * 1024 * 1024,
    MemorySwap: spec.memoryMiB * 1024 * 1024,
    NanoCpus: Math.round(spec.cpus * 1e9),
    PidsLimit: options.pidsLimit,
    CapDrop: ['ALL'],
    CapAdd: [],
    SecurityOpt: ['no-new-privileges:true'],
    Privileged: false,
    NetworkMode: options.network,
    IpcMode: 'private',
    Devices: [],
    GroupAdd: spec.groups.map(String),
    RestartPolicy: { Name: 'no' },
    AutoRemove: false,
    LogConfig: {
      Type: 'json-file',
      // Docker counts JSON-encoded bytes (about 70 more per line) and rotates by truncating: it
      // must keep well over the cap of raw output, or a capture reading from the start after a
      // crash would see shifted offsets. Go-Docker applies the cap itself (logCapBytes).
      Config: { 'max-size': String(options.logCapBytes * 4 + 1024 * 1024), 'max-file': '1' },
    },
  };
}

/** The full create request for a job container. */
export function createOptions(
  spec: ContainerSpec,
  options: DockerSecurityOptions,
  cgroupParent?: string,
): ContainerCreateOptions {
  return {
    name: spec.name,
    Image: spec.image,
    Entrypoint: ['/bin/sh', '-c'],
    Cmd: [spec.script],
    User: `${spec.uid}:${spec.gid}`,
    WorkingDir: spec.workingDir,
    Env: Object.entries(spec.env).map(([k, v]) => `${k}=${v}`),
    Labels: spec.labels,
    Tty: false,
    OpenStdin: false,
    HostConfig: {
      ...hostConfig(spec, options),
      ...(cgroupParent ? { CgroupParent: cgroupParent } : {}),
    },
  };
}
