import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findExecutable } from './command';
import { aptInstall } from './debian-packages';
import { spawnDetached, type DetachedProcessSpec } from './detached-process';
import { ensureDetachedService } from './detached-service';
import type { LogLine, ServiceHandle } from './service-handle';

/** The private image registry (Debian's docker-registry, the CNCF distribution server). */
export const REGISTRY_PROCESS: DetachedProcessSpec = {
  name: 'registry',
  binaryName: 'docker-registry',
  stopGraceMs: 5_000,
};

/** Options for {@link ensureRegistry}. */
export interface RegistryOptions {
  dataDir: string;
  port: number;
  log: LogLine;
}

/** A registry on loopback; Docker treats 127.0.0.0/8 registries as insecure (plain HTTP) by default. */
export interface RegistryService extends ServiceHandle {
  /** host:port, the prefix of the images pushed into it, e.g. 127.0.0.1:5001. */
  host: string;
}

/** True when a Registry HTTP API v2 answers at host (`GET /v2/` is its version check). */
export async function registryAnswers(host: string): Promise<boolean> {
  try {
    const response = await fetch(`http://${host}/v2/`, { signal: AbortSignal.timeout(2_000) });
    return response.status === 200;
  } catch {
    return false;
  }
}

/** The registry's config: storage under the data dir, listening on loopback only. */
function registryConfig(storage: string, port: number): string {
  return [
    'version: 0.1',
    'log:',
    '  level: warn',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${storage}`,
    '  delete:',
    '    enabled: true',
    'http:',
    `  addr: 127.0.0.1:${port}`,
    '',
  ].join('\n');
}

async function registryBinary(log: LogLine): Promise<string> {
  const found = findExecutable('docker-registry');
  if (found) return found;
  log('registry: installing Debian docker-registry');
  await aptInstall(['docker-registry'], log);
  const installed = findExecutable('docker-registry');
  if (!installed) throw new Error('docker-registry is still missing after apt-get install');
  return installed;
}

/** Ensures this data dir's private registry answers on 127.0.0.1:port, starting it when needed. */
export async function ensureRegistry(opts: RegistryOptions): Promise<RegistryService> {
  const host = `127.0.0.1:${opts.port}`;
  const dir = join(opts.dataDir, 'registry');
  const handle = await ensureDetachedService({
    ...REGISTRY_PROCESS,
    dataDir: opts.dataDir,
    log: opts.log,
    reuseLine: `answers on ${host}, reusing it`,
    startTimeoutMs: 30_000,
    answers: () => registryAnswers(host),
    start: async (files) => {
      const binary = await registryBinary(opts.log);
      mkdirSync(join(dir, 'storage'), { recursive: true });
      const config = join(dir, 'config.yml');
      writeFileSync(config, registryConfig(join(dir, 'storage'), opts.port));
      opts.log(`registry: starting ${binary} on ${host}`);
      return spawnDetached(binary, ['serve', config], files);
    },
  });
  return { ...handle, host };
}
