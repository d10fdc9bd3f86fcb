import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { ContainerExit } from '../core/executor';
import { containerSpecFor } from '../core/launch';
import { sampleFrom } from '../core/stats';
import type { ActivityDeps } from './deps';
import { watchIdleSessions } from './idle-watch';
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
    const idleWatch = job.interactive ? watchIdleSessions(deps, job) : undefined;
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
      idleWatch?.stop();
      await sampler.stop();
      stream.destroy();
    }
  };
}

/**
 * Samples the container's resources now and then while it runs: the series users watch, and the
 * cpu time and peak memory accounting charges.
 */
function sampleUsage(deps: ActivityDeps, jobId: number, name: string): { stop(): Promise<void> } {
  let previous: { cpuSeconds: number; at: Date } | undefined;
  let count: number | undefined;
  let inFlight: Promise<void> | undefined;
  const takeSample = async () => {
    const usage = await deps.executor.usage(name);
    if (!usage) return;
    const at = deps.clock();
    count ??= await deps.samples.count(jobId);
    count = await deps.samples.append(jobId, sampleFrom(usage, at, previous), count);
    previous = { cpuSeconds: usage.cpuSeconds, at };
  };
  const sample = async () => {
    // A slow database must not pile samples up behind each other.
    if (inFlight) return;
    inFlight = takeSample().finally(() => (inFlight = undefined));
    await inFlight;
  };
  // A missed sample only delays the figures to the next one; it must not end supervision.
  const report = (error: unknown) =>
    deps.log({ level: 'warn', msg: 'usage sample failed', jobId, error: String(error) });
  // The first sample comes after a second: a job that ends sooner costs no stats call (its
  // exact totals come from the executor at the end), one that runs on shows figures early.
  const first = setTimeout(
    () => void sample().catch(report),
    Math.min(1000, deps.settings.usageSampleMs),
  );
  const timer = setInterval(() => void sample().catch(report), deps.settings.usageSampleMs);
  return {
    // Waits for a sample already under way, so none lands after the job was charged.
    async stop() {
      clearTimeout(first);
      clearInterval(timer);
      await inFlight?.catch(() => undefined);
    },
  };
}
