import { loadConfig } from '../config/load';
import { jsonLogger } from '../adapters/log';
import { startApi } from './server';

/** Entry of the API process. */
async function main(): Promise<void> {
  const log = jsonLogger('api');
  const api = await startApi(loadConfig(), log);
  log({ msg: 'listening', url: api.url });
  if (api.generatedAdminPassword) {
    process.stdout.write(
      `first admin created: username admin, password ${api.generatedAdminPassword}\n`,
    );
  }
  const stop = () => void api.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `go-docker api: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
