import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import Docker from 'dockerode';
import {
  ensureBusyboxImage,
  ensureDocker,
  ensureMariaDb,
  temporalBinaryPath,
  type ServiceHandle,
} from './services/index';

// `npm test`: lint and format check, bring up the real services the suite needs (Docker with the
// default image, a private MariaDB, the Temporal CLI whose dev server each test file starts for
// itself), run every test file, then check that no test leaked a container.

const repoRoot = resolve(__dirname, '..', '..');
const dataDir = resolve(process.env.GODOCKER_TEST_DATA_DIR ?? join(repoRoot, '.godocker', 'test-services'));
const log = (line: string): void => console.log(line);

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return new Promise((done) => {
    const child = spawn(command, args, { cwd: repoRoot, env, stdio: 'inherit' });
    child.on('exit', (code, signal) => done(code ?? (signal ? 1 : 0)));
  });
}

function testFiles(dir: string): string[] {
  return readdirSync(dir)
    .flatMap((name) => {
      const file = join(dir, name);
      if (statSync(file).isDirectory()) return name === 'support' ? [] : testFiles(file);
      return name.endsWith('.test.js') ? [file] : [];
    })
    .sort();
}

async function leakedContainers(docker: Docker): Promise<string[]> {
  const containers = await docker.listContainers({ all: true, filters: { label: ['org.godocker.instance'] } });
  // Test stacks name their instance t<hex>; anything else belongs to a real instance and is not ours to judge.
  return containers
    .filter((c) => /^t[0-9a-f]{8}$/.test(c.Labels['org.godocker.instance'] ?? ''))
    .map((c) => c.Names.join(','));
}

async function main(): Promise<number> {
  const filter = process.argv.slice(2);
  if (filter.length === 0) {
    log('lint: eslint and prettier');
    if ((await run('npx', ['eslint', '.'])) !== 0) return 1;
    if ((await run('npx', ['prettier', '--check', '--log-level', 'warn', '.'])) !== 0) return 1;
  }
  const started: ServiceHandle[] = [];
  const docker = await ensureDocker({ dataDir, log });
  started.push(docker);
  started.push(await ensureBusyboxImage({ docker: docker.docker, log }));
  const mariadb = await ensureMariaDb({ dataDir, port: Number(process.env.GODOCKER_TEST_MYSQL_PORT ?? 3308), log });
  started.push(mariadb);
  const temporalBinary = await temporalBinaryPath(repoRoot, log);
  const files = testFiles(join(repoRoot, 'dist', 'test')).filter(
    (f) => filter.length === 0 || filter.some((part) => f.includes(part)),
  );
  log(`running ${files.length} test files`);
  const code = await run(
    process.execPath,
    ['--test', '--test-concurrency=2', '--test-reporter=spec', ...files.map((f) => relative(repoRoot, f))],
    {
      ...process.env,
      GODOCKER_TEST_MYSQL_URL: mariadb.url,
      GODOCKER_TEST_TEMPORAL_BIN: temporalBinary,
      GODOCKER_TEST_DOCKER_SOCKET: docker.socketPath,
    },
  );
  const leaks = await leakedContainers(docker.docker);
  if (leaks.length > 0) log(`FAIL: tests left containers behind: ${leaks.join(' ')}`);
  for (const service of started.reverse()) if (service.startedByUs) await service.stop();
  return code !== 0 || leaks.length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`npm test: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
