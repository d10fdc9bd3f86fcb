import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { configSchema, type Config } from './schema';

type Env = Record<string, string | undefined>;

function setIn(target: Record<string, unknown>, keys: string[], value: unknown): void {
  let node = target;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    node[key] = typeof next === 'object' && next !== null ? next : {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys[keys.length - 1] as string] = value;
}

const envKeys: Record<string, string[]> = {
  GODOCKER_HOST: ['host'],
  GODOCKER_PORT: ['port'],
  GODOCKER_DATA_DIR: ['dataDir'],
  GODOCKER_INSTANCE: ['instance'],
  GODOCKER_MYSQL_URL: ['mysqlUrl'],
  GODOCKER_ADMIN_PASSWORD: ['adminPassword'],
  GODOCKER_TEMPORAL_ADDRESS: ['temporal', 'address'],
  GODOCKER_TEMPORAL_NAMESPACE: ['temporal', 'namespace'],
  GODOCKER_TASK_QUEUE: ['temporal', 'taskQueue'],
  GODOCKER_DOCKER_SOCKET: ['docker', 'socketPath'],
  GODOCKER_ORDERING_POLICY: ['ordering', 'policy'],
  GODOCKER_WORKER_METRICS_PORT: ['worker', 'metricsPort'],
  GODOCKER_METRICS_TOKEN: ['metrics', 'token'],
};

/**
 * Reads the configuration once at boot: the JSON file named by GODOCKER_CONFIG (if any), then
 * GODOCKER_* variables over it. Fails with every problem listed, field by field.
 */
export function loadConfig(
  env: Env = process.env,
  overrides: Record<string, unknown> = {},
): Config {
  const raw: Record<string, unknown> = {};
  const file = env.GODOCKER_CONFIG;
  if (file) Object.assign(raw, JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>);
  for (const [name, keys] of Object.entries(envKeys)) {
    const value = env[name];
    if (value !== undefined && value !== '') setIn(raw, keys, value);
  }
  Object.assign(raw, overrides);
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    throw new Error(
      `invalid configuration${file ? ` (${file})` : ''}:\n${z.prettifyError(parsed.error)}`,
    );
  }
  const config = parsed.data;
  config.dataDir = path.resolve(config.dataDir);
  return config;
}

/** Where users' homes live when the user record names none. */
export function homeRoot(config: Config): string {
  return path.resolve(config.homes.root ?? path.join(config.dataDir, 'homes'));
}
