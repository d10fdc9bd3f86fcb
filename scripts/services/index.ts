import { mkdirSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { DetachedProcessSpec } from './detached-process';
import { DOCKERD_PROCESS, ensureDocker, type DockerService } from './docker';
import { ensureBusyboxImage, type ImageHandle } from './images';
import { ensureMariaDb, MARIADB_PROCESS, type MariaDbService } from './mariadb';
import { REGISTRY_PROCESS } from './registry';
import type { LogLine, ServiceHandle } from './service-handle';
import { ensureTemporal, TEMPORAL_PROCESS, type TemporalService } from './temporal';

export type { LogLine, ServiceHandle } from './service-handle';
export {
  livePid,
  pidFilePath,
  logFilePath,
  stopRecordedService,
  type DetachedProcessSpec,
} from './detached-process';
export { DEFAULT_DOCKER_SOCKET, dockerAnswers, ensureDocker, type DockerService } from './docker';
export { BUSYBOX_IMAGE, ensureBusyboxImage, type ImageHandle } from './images';
export { DEBIAN_IMAGE, ensureDebianImage } from './debian-image';
export {
  ensureRegistry,
  REGISTRY_PROCESS,
  registryAnswers,
  type RegistryService,
} from './registry';
export { pushToRegistry } from './registry-push';
export { ensureMariaDb, mariaDbPaths, type MariaDbService } from './mariadb';
export { adminAnswers } from './mariadb-account';
export {
  ensureSlapd,
  SLAPD_ADMIN_DN,
  SLAPD_PROCESS,
  SLAPD_SUFFIX,
  slapdAnswers,
  slapdPaths,
  type SlapdService,
} from './slapd';
export {
  ensureTemporal,
  GODOCKER_SEARCH_ATTRIBUTES,
  temporalAnswers,
  temporalBinaryPath,
  temporalVenvDir,
  type TemporalService,
} from './temporal';

/** Detached services in the order they are stopped (dependants before the daemon). */
export const DETACHED_SERVICES: readonly DetachedProcessSpec[] = [
  REGISTRY_PROCESS,
  TEMPORAL_PROCESS,
  MARIADB_PROCESS,
  DOCKERD_PROCESS,
];

/** Where the services live and which ports they take. */
export interface BootstrapOptions {
  dataDir: string;
  repoRoot: string;
  mariadbPort: number;
  temporalPort: number;
  temporalUiPort: number;
  log: LogLine;
}

/** Everything the bootstrap brought up, and how to reach it. */
export interface BootstrappedServices {
  docker: DockerService;
  busyboxImage: ImageHandle;
  mariadb: MariaDbService;
  temporal: TemporalService;
  mysqlUrl: string;
  temporalAddress: string;
  temporalUiUrl: string;
  /** Stops, in a safe order, only the services this call started. */
  stopStarted(): Promise<void>;
}

/** Brings up every service Go-Docker needs, reusing what already answers; safe to call again and again. */
export async function bootstrapServices(opts: BootstrapOptions): Promise<BootstrappedServices> {
  mkdirSync(opts.dataDir, { recursive: true });
  const { log } = opts;
  // Independent services start in parallel; only the image needs the daemon first.
  const settled = await Promise.allSettled([
    timed('docker', log, async () => {
      const docker = await ensureDocker({ dataDir: opts.dataDir, log });
      return { docker, busyboxImage: await ensureBusyboxImage({ docker: docker.docker, log }) };
    }),
    timed('mariadb', log, () =>
      ensureMariaDb({ dataDir: opts.dataDir, port: opts.mariadbPort, log }),
    ),
    timed('temporal', log, () =>
      ensureTemporal({ ...opts, port: opts.temporalPort, uiPort: opts.temporalUiPort }),
    ),
  ]);
  const [dockerSide, mariadb, temporal] = valuesOrThrow(settled);
  const inStopOrder: ServiceHandle[] = [
    temporal,
    mariadb,
    dockerSide.busyboxImage,
    dockerSide.docker,
  ];
  const stopStarted = async (): Promise<void> => {
    for (const handle of inStopOrder) await handle.stop();
  };
  return {
    ...dockerSide,
    mariadb,
    temporal,
    mysqlUrl: mariadb.url,
    temporalAddress: temporal.address,
    temporalUiUrl: temporal.uiUrl,
    stopStarted,
  };
}

async function timed<T>(name: string, log: LogLine, ensure: () => Promise<T>): Promise<T> {
  const start = performance.now();
  const result = await ensure();
  log(`${name}: ready in ${((performance.now() - start) / 1000).toFixed(1)}s`);
  return result;
}

// allSettled rather than all: no start is left running unobserved, and every failure is reported.
function valuesOrThrow<A, B, C>(
  settled: [PromiseSettledResult<A>, PromiseSettledResult<B>, PromiseSettledResult<C>],
): [A, B, C] {
  const [a, b, c] = settled;
  if (a.status === 'fulfilled' && b.status === 'fulfilled' && c.status === 'fulfilled')
    return [a.value, b.value, c.value];
  const reasons = settled.flatMap((result) =>
    result.status === 'rejected' ? [describe(result.reason)] : [],
  );
  throw new Error(`bootstrap failed:\n${reasons.join('\n\n')}`);
}

function describe(reason: unknown): string {
  return reason instanceof Error ? reason.message : String(reason);
}
