import { DefaultLogger, Runtime } from '@temporalio/worker';
import { loadConfig } from '../config/load';
import { jsonLogger } from '../adapters/log';
import { startWorker } from './worker';

/** Entry of the worker process. */
async function main(): Promise<void> {
  const log = jsonLogger('worker');
  // The SDK's info lines (bundle sizes, state changes) drown the job events; keep warnings and errors.
  Runtime.install({ logger: new DefaultLogger('WARN'), shutdownSignals: [] });
  const running = await startWorker(loadConfig(), log);
  const stop = () => void running.shutdown();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await running.done;
}

main().catch((error: unknown) => {
  process.stderr.write(
    `go-docker worker: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
