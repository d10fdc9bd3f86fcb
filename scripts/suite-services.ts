import { join, resolve } from 'node:path';
import type Docker from 'dockerode';
import {
  BUSYBOX_IMAGE,
  DEBIAN_IMAGE,
  ensureBusyboxImage,
  ensureDebianImage,
  ensureDocker,
  ensureRegistry,
  pushToRegistry,
  ensureMariaDb,
  ensureSlapd,
  temporalBinaryPath,
  type ServiceHandle,
} from './services/index';

/** The services tests and benchmarks run on, and the environment that points them there. */
export interface SuiteServices {
  env: NodeJS.ProcessEnv;
  docker: Docker;
  /** Stops what this call started (a developer's already running services are left alone). */
  stopStarted(): Promise<void>;
}

/** The repository root, from a compiled script in dist/scripts/. */
export const repoRoot = resolve(__dirname, '..', '..');

/**
 * Brings up Docker with the job images (busybox, Debian) pushed into a private loopback registry, a private MariaDB on its own port (tests create one
 * database each), a private slapd (tests seed one subtree each) and the Temporal CLI (each test
 * file starts its own dev server with it).
 */
export async function bringUpSuiteServices(log: (line: string) => void): Promise<SuiteServices> {
  const dataDir = resolve(
    process.env.GODOCKER_TEST_DATA_DIR ?? join(repoRoot, '.godocker', 'test-services'),
  );
  const started: ServiceHandle[] = [];
  const docker = await ensureDocker({ dataDir, log });
  started.push(docker, await ensureBusyboxImage({ docker: docker.docker, log }));
  // The catalog tests run the same script on busybox and Debian, pulled from a loopback registry.
  started.push(await ensureDebianImage({ docker: docker.docker, log }));
  const registry = await ensureRegistry({
    dataDir,
    port: Number(process.env.GODOCKER_TEST_REGISTRY_PORT ?? 5001),
    log,
  });
  started.push(registry);
  for (const image of [BUSYBOX_IMAGE, DEBIAN_IMAGE]) {
    await pushToRegistry(image, { docker: docker.docker, registry: registry.host, log });
  }
  const mariadb = await ensureMariaDb({
    dataDir,
    port: Number(process.env.GODOCKER_TEST_MYSQL_PORT ?? 3308),
    log,
  });
  started.push(mariadb);
  const slapd = await ensureSlapd({
    dataDir,
    port: Number(process.env.GODOCKER_TEST_LDAP_PORT ?? 3389),
    log,
  });
  started.push(slapd);
  const temporalBinary = await temporalBinaryPath(repoRoot, log);
  return {
    env: {
      ...process.env,
      GODOCKER_TEST_MYSQL_URL: mariadb.url,
      GODOCKER_TEST_TEMPORAL_BIN: temporalBinary,
      GODOCKER_TEST_DOCKER_SOCKET: docker.socketPath,
      GODOCKER_TEST_REGISTRY: registry.host,
      GODOCKER_TEST_LDAP_URL: slapd.url,
      GODOCKER_TEST_LDAP_SUFFIX: slapd.suffix,
      GODOCKER_TEST_LDAP_ADMIN_DN: slapd.adminDn,
      GODOCKER_TEST_LDAP_ADMIN_PASSWORD: slapd.adminPassword,
      GODOCKER_TEST_LDAP_CA_FILE: slapd.caFile,
    },
    docker: docker.docker,
    async stopStarted() {
      for (const service of started.reverse()) if (service.startedByUs) await service.stop();
    },
  };
}
