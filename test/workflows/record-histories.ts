import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { jobWorkflowId, type JobView } from '../../core/job';
import { testServices } from '../support/env';
import { call } from '../support/http';
import { orderingWorkflowId } from '../../adapters/temporal/gateway';
import { startStack, type Stack } from '../support/stack';

// Records the event histories of real job runs into test/workflows/histories/, for the replay
// test. Run it (node dist/test/workflows/record-histories.js, with the test services' env) when a
// deliberate workflow change ships together with versioning, and commit the new files beside the old.

const scenarios: Array<{ file: string; body: Record<string, unknown>; kill?: boolean }> = [
  { file: 'job-succeeded.json', body: { command: 'echo hello' } },
  { file: 'job-failed.json', body: { command: 'exit 3' } },
  { file: 'job-lifetime.json', body: { command: 'sleep 60', maxLifetimeSeconds: 1 } },
  { file: 'job-killed-running.json', body: { command: 'sleep 60' }, kill: true },
];

// The ordering workflow's history is named after how its passes run, so that a change of
// that keeps the earlier recording beside the new one.
const orderingFile = 'ordering-local-passes.json';

async function record(stack: Stack, workflowId: string, file: string): Promise<void> {
  // The CLI's JSON is the format historyFromJSON reads.
  const history = execFileSync(testServices().temporalBinary, [
    'workflow',
    'show',
    '--workflow-id',
    workflowId,
    '--output',
    'json',
    '--address',
    stack.config.temporal.address,
    '--namespace',
    stack.config.temporal.namespace,
  ]);
  await writeFile(
    path.join(__dirname, '..', '..', '..', 'test', 'workflows', 'histories', file),
    history,
  );
  console.log(`recorded ${file}`);
}

async function main(): Promise<void> {
  const stack = await startStack();
  try {
    const token = await stack.createUser('recorder', 2999);
    for (const scenario of scenarios) {
      const job = (
        await call<JobView>(stack.url, 'POST', '/api/v1/jobs', {
          token,
          body: { image: 'godocker/busybox', memoryMiB: 16, ...scenario.body },
        })
      ).body;
      if (scenario.kill) {
        await stack.waitForJob(token, job.id, (j) => j.state === 'running');
        await call(stack.url, 'DELETE', `/api/v1/jobs/${job.id}`, { token });
      }
      await stack.waitForJob(token, job.id, (j) => j.finishedAt !== null);
      await record(stack, jobWorkflowId(job.id), scenario.file);
    }
    // Still running: its history so far holds the passes that admitted the jobs above.
    await record(stack, orderingWorkflowId, orderingFile);
  } finally {
    await stack.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
