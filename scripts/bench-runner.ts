import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { bringUpSuiteServices, repoRoot } from './suite-services';
import { run } from './test-runner';

// `npm run bench:NAME`: the same services as the tests, then dist/bench/NAME.js, which prints figures.

async function main(): Promise<number> {
  const name = process.argv[2] ?? '';
  const script = join(repoRoot, 'dist', 'bench', `${name}.js`);
  if (!existsSync(script)) {
    console.error(`no benchmark '${name}' (looked for ${script})`);
    return 2;
  }
  const services = await bringUpSuiteServices((line) => console.log(line));
  const code = await run(process.execPath, [script], services.env);
  await services.stopStarted();
  return code;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
