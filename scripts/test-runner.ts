import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type Docker from 'dockerode';
import { bringUpSuiteServices, repoRoot } from './suite-services';

// `npm test`: lint and format check, bring up the real services the suite needs, run every test
// file, then check that no test leaked a container. `npm test -- NAME` runs the matching files only.

const log = (line: string): void => console.log(line);

/** Runs a command in the repository root and resolves with its exit code. */
export function run(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
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
      // tsc leaves the output of renamed or deleted tests behind; run only those with a source.
      const source = join(repoRoot, relative(join(repoRoot, 'dist'), file)).replace(/\.js$/, '.ts');
      return name.endsWith('.test.js') && existsSync(source) ? [file] : [];
    })
    .sort();
}

async function leakedContainers(docker: Docker): Promise<string[]> {
  const containers = await docker.listContainers({
    all: true,
    filters: { label: ['org.godocker.instance'] },
  });
  // Test stacks name their instance t<hex>; other instances are not ours to judge.
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
  const services = await bringUpSuiteServices(log);
  const files = testFiles(join(repoRoot, 'dist', 'test')).filter(
    (f) => filter.length === 0 || filter.some((part) => f.includes(part)),
  );
  log(`running ${files.length} test files`);
  const code = await run(
    process.execPath,
    ['--test', '--test-concurrency=2', ...files.map((f) => relative(repoRoot, f))],
    services.env,
  );
  const leaks = await leakedContainers(services.docker);
  if (leaks.length > 0) log(`FAIL: tests left containers behind: ${leaks.join(' ')}`);
  await services.stopStarted();
  return code !== 0 || leaks.length > 0 ? 1 : 0;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`npm test: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
