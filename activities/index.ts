import { createAdmitJob } from './admission';
import type { ActivityDeps } from './deps';
import { createFinalizeJob } from './finalize';
import { createKillJobContainer, createLaunchJob } from './launch';
import { createOrderPendingJobs } from './ordering';
import { createSuperviseJob } from './supervise';

/** Builds every activity from injected dependencies (the worker's composition root calls it). */
export function createActivities(deps: ActivityDeps) {
  return {
    admitJob: createAdmitJob(deps),
    launchJob: createLaunchJob(deps),
    superviseJob: createSuperviseJob(deps),
    killJobContainer: createKillJobContainer(deps),
    finalizeJob: createFinalizeJob(deps),
    orderPendingJobs: createOrderPendingJobs(deps),
  };
}

/** The activities as workflows see them (type only). */
export type Activities = ReturnType<typeof createActivities>;

export type { ActivityDeps, WorkflowGateway } from './deps';
