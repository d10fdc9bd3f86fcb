import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';

// Bundles the workflow code once at build time so workers start fast and do not carry webpack's
// memory for their whole life. The worker falls back to bundling itself when the file is absent.

/** Where the build writes the workflow bundle. */
export const workflowBundlePath = join(__dirname, '..', 'workflows.bundle.js');

async function main(): Promise<void> {
  const nothing = () => undefined;
  const { code } = await bundleWorkflowCode({
    workflowsPath: require.resolve('../workflows'),
    logger: {
      trace: nothing,
      debug: nothing,
      info: nothing,
      warn: nothing,
      error: nothing,
      log: nothing,
    },
  });
  await writeFile(workflowBundlePath, code);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(
      `bundling workflows failed: ${error instanceof Error ? error.message : String(error)}`,
    );
    process.exit(1);
  });
}
