import { stat } from 'node:fs/promises';
import { DomainError } from '../core/errors';
import { pinnedReference } from '../core/image-source';
import { containerSpecFor } from '../core/launch';
import type { JobMount } from '../core/volumes';
import { MountRefused, resolveMountPath } from '../adapters/host/mount-paths';
import type { ActivityDeps } from './deps';
import { classifyFailures } from './failures';

async function requireHome(home: string, uid: number): Promise<void> {
  // Docker would create a missing bind source as root; refuse instead of handing out a root dir.
  const info = await stat(home).catch(() => undefined);
  if (!info?.isDirectory()) {
    throw new DomainError(
      'bad_request',
      `HomeMissing: home directory ${home} does not exist on the execution node`,
    );
  }
  if (info.uid !== uid) {
    throw new DomainError(
      'bad_request',
      `HomeNotOwned: home directory ${home} is not owned by uid ${uid}`,
    );
  }
}

// Checked at submit and again here: a symlink swapped in between must not redirect a mount.
async function requireMountsUnchanged(mounts: readonly JobMount[]): Promise<void> {
  for (const mount of mounts) {
    let real: string;
    try {
      real = await resolveMountPath(mount.hostPath, mount.within);
    } catch (error) {
      if (!(error instanceof MountRefused)) throw error;
      throw new DomainError(
        'bad_request',
        `MountRefused: volume '${mount.volume}': ${error.message}`,
      );
    }
    if (real !== mount.hostPath) {
      throw new DomainError(
        'bad_request',
        `MountRefused: volume '${mount.volume}': ${mount.hostPath} now resolves to ${real}; it changed since submit`,
      );
    }
  }
}

function reportStarted(deps: ActivityDeps, submittedAt: string, startedAt: Date): void {
  const waitedMs = startedAt.getTime() - Date.parse(submittedAt);
  deps.metrics?.started(Math.max(0, waitedMs) / 1000);
}

/**
 * Starts the job's container (or finds the one a previous attempt started: the name is derived
 * from the job id) and records the job as running on its node.
 */
export function createLaunchJob(deps: ActivityDeps) {
  return async function launchJob(jobId: number): Promise<{ container: string; node: string }> {
    return classifyFailures(async () => {
      const job = await deps.jobs.get(jobId);
      if (!job) throw new DomainError('not_found', `job ${jobId} has no record`);
      // Created from the digest admission pinned, so a tag moved since cannot change what runs.
      const spec = {
        ...containerSpecFor(job, deps.settings.instance),
        image: pinnedReference(job.image, job.imageDigest),
      };
      await deps.jobs.transition(jobId, { from: ['admitted'], to: 'launching' }, deps.clock());
      await requireHome(job.home, job.uid);
      await requireMountsUnchanged(job.mounts);
      const status = await deps.executor.launch(spec);
      const startedAt = deps.clock();
      const nowRunning = await deps.jobs.transition(
        jobId,
        { from: ['launching'], to: 'running', node: status.node, reason: null },
        startedAt,
      );
      // Only the attempt that marked the job running reports it: a retry must not count twice.
      if (nowRunning) reportStarted(deps, job.submittedAt, startedAt);
      return { container: spec.name, node: status.node };
    });
  };
}

/** Stops the job's container now; harmless when it already stopped or never started. */
export function createKillJobContainer(deps: ActivityDeps) {
  return async function killJobContainer(jobId: number): Promise<void> {
    const job = await deps.jobs.get(jobId);
    if (!job) return;
    await deps.executor.kill(containerSpecFor(job, deps.settings.instance).name);
  };
}
