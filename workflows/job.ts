import {
  CancellationScope,
  condition,
  isCancellation,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  sleep,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { JobOutcome, JobState } from '../core/job';
import { admitJobSignal, killJobSignal } from './signals';
import { stateSearchAttribute } from './search-attributes';

/** What a job workflow is started with. */
export interface JobWorkflowInput {
  jobId: number;
  maxLifetimeSeconds: number;
  heartbeatTimeoutSeconds: number;
}

// The short steps run as local activities: executed by the worker that runs the workflow and
// recorded in its history without a round trip through a task queue each, which halves the
// Temporal server's work per job. After a worker crash an in-flight step is retried elsewhere.
const steps = proxyLocalActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds' },
});

// A launch that keeps failing (Docker refusing the container) ends the job as failed rather than
// holding its admitted resources forever.
const launchSteps = proxyLocalActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '30 seconds',
    maximumAttempts: 6,
  },
});

function markState(state: JobState): void {
  upsertSearchAttributes([{ key: stateSearchAttribute, value: state }]);
}

/**
 * The life of one job: admission, the wait for the ordering pass's admit signal, the container
 * launch, supervision raced against the max lifetime and a kill request, and finalization,
 * which always runs to the end.
 */
export async function jobWorkflow(input: JobWorkflowInput): Promise<JobState> {
  let admitted = false;
  let killReason: string | undefined;
  setHandler(admitJobSignal, () => void (admitted = true));
  setHandler(killJobSignal, (reason) => void (killReason ??= reason));
  const finish = (outcome: JobOutcome) =>
    CancellationScope.nonCancellable(async () => {
      const state = await steps.finalizeJob(input.jobId, outcome);
      markState(state);
      return state;
    });

  const admission = await steps.admitJob(input.jobId);
  if (!admission.accepted) return finish({ kind: 'failed', reason: admission.reason });
  markState('pending');
  await condition(() => admitted || killReason !== undefined);
  if (killReason !== undefined)
    return finish({ kind: 'killed', reason: killReason, exitCode: null });

  try {
    await launchSteps.launchJob(input.jobId);
  } catch (error) {
    return finish({ kind: 'failed', reason: `LaunchFailed: ${failureMessage(error)}` });
  }
  markState('running');
  return finish(await superviseUntilEnd(input, () => killReason));
}

async function superviseUntilEnd(
  input: JobWorkflowInput,
  killRequested: () => string | undefined,
): Promise<JobOutcome> {
  const watch = proxyActivities<Activities>({
    startToCloseTimeout: `${input.maxLifetimeSeconds + 3600} seconds`,
    heartbeatTimeout: `${input.heartbeatTimeoutSeconds} seconds`,
    cancellationType: 'TRY_CANCEL',
    retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '10 seconds' },
  });
  const scope = new CancellationScope();
  const ended = scope.run(async (): Promise<JobOutcome> => {
    const exit = await watch.superviseJob(input.jobId);
    return { kind: 'exited', ...exit };
  });
  const lifetime = scope.run(async (): Promise<string> => {
    await sleep(input.maxLifetimeSeconds * 1000);
    return `MaxLifetime: ran longer than its ${input.maxLifetimeSeconds} s limit`;
  });
  const killed = scope.run(async (): Promise<string> => {
    await condition(() => killRequested() !== undefined);
    return killRequested() ?? 'Killed';
  });
  try {
    const first = await Promise.race([ended, lifetime, killed]);
    if (typeof first !== 'string') return first;
    await CancellationScope.nonCancellable(() => steps.killJobContainer(input.jobId));
    return { kind: 'killed', reason: first, exitCode: null };
  } catch (error) {
    if (isCancellation(error)) throw error;
    return { kind: 'failed', reason: failureMessage(error) };
  } finally {
    scope.cancel();
  }
}

function failureMessage(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  return cause instanceof Error ? cause.message : String(cause);
}
