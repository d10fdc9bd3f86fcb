import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { ContainerExit } from '../core/executor';
import { containerSpecFor } from '../core/launch';
import type { ActivityDeps } from './deps';
import { captureLogs } from './log-capture';

/**
 * Waits for the job's container to exit while storing its output, heartbeating all along.
 * After a worker crash Temporal retries it elsewhere: it re-attaches to the same container (by
 * name) and resumes the log from the stored offset; it never starts anything.
 */
export function createSuperviseJob(deps: ActivityDeps) {
  return async function superviseJob(jobId: number): Promise<ContainerExit> {
    const context = Context.current();
    const job = await deps.jobs.get(jobId);
    if (!job) throw ApplicationFailure.nonRetryable(`job ${jobId} has no record`);
    const name = containerSpecFor(job, deps.settings.instance).name;
    const stream = await deps.executor.logs(name, true).catch(async (error: unknown) => {
      if (await deps.executor.inspect(name)) throw error;
      throw ApplicationFailure.nonRetryable(
        `ContainerLost: container ${name} disappeared`,
        'ContainerLost',
      );
    });
    const heartbeat = setInterval(() => context.heartbeat(), deps.settings.heartbeatIntervalMs);
    const sampler = sampleUsage(deps, jobId, name);
    try {
      const work = (async () => {
        await captureLogs(stream, {
          store: deps.logs,
          jobId,
          capBytes: deps.settings.logCapBytes,
          flushIntervalMs: 500,
        });
        return deps.executor.wait(name);
      })();
      // On cancellation (a kill) stop following; the workflow kills the container itself.
      // Destroying the stream below then fails `work`, whose result nobody wants any more:
      // observe that failure so it cannot surface as an unhandled rejection.
      work.catch(() => undefined);
      return await Promise.race([work, context.cancelled]);
    } finally {
      clearInterval(heartbeat);
      sampler.stop();
      stream.destroy();
    }
  };
}

/** Records the container's cpu time and peak memory now and then while it runs (accounting). */
function sampleUsage(deps: ActivityDeps, jobId: number, name: string): { stop(): void } {
  const sample = async () => {
    const usage = await deps.executor.usage(name);
    if (usage)
      await deps.jobs.recordUsage(jobId, usage.cpuSeconds, Math.ceil(usage.memoryBytes / 1048576));
  };
  // A missed sample only delays the figures to the next one; it must not end supervision.
  const report = (error: unknown) =>
    deps.log({ level: 'warn', msg: 'usage sample failed', jobId, error: String(error) });
  void sample().catch(report);
  const timer = setInterval(() => void sample().catch(report), deps.settings.usageSampleMs);
  return { stop: () => clearInterval(timer) };
}
