import { idleReason, idleSeconds, sessionStaleMs } from '../core/interactive';
import type { ActivityDeps } from './deps';

/**
 * Watches an interactive job while it is supervised: once nothing was typed or printed through
 * an attachment, and none opened or closed, for the site's idle limit, it asks the job's
 * workflow to kill the job (the same path as `godocker job kill`), so the job ends `killed`
 * with an IdleTimeout reason and the workflow code stays as it is. After a worker crash the
 * retried supervision starts a new watcher; the idle time is read from MariaDB, so none is lost.
 */
export function watchIdleSessions(
  deps: ActivityDeps,
  job: { id: number; startedAt: string | null },
): { stop(): void } {
  const limit = deps.settings.interactiveIdleSeconds;
  const startedAt = job.startedAt ? new Date(job.startedAt) : deps.clock();
  let asked = false;
  let inFlight = false;
  const check = async () => {
    const now = deps.clock();
    const activity = await deps.sessions.activity(
      job.id,
      new Date(now.getTime() - sessionStaleMs(limit)),
    );
    if (idleSeconds(activity, startedAt, now) < limit) return;
    await deps.workflows.kill(job.id, idleReason(limit));
    asked = true;
    deps.log({ level: 'info', msg: 'idle interactive job killed', jobId: job.id, limit });
  };
  // A failed check (MariaDB restarting) is retried at the next tick; it must not end supervision.
  const tick = () => {
    if (asked || inFlight) return;
    inFlight = true;
    void check()
      .catch((error: unknown) =>
        deps.log({ level: 'warn', msg: 'idle check failed', jobId: job.id, error: String(error) }),
      )
      .finally(() => (inFlight = false));
  };
  const everyMs = Math.min(10_000, Math.max(500, (limit * 1000) / 4));
  const timer = setInterval(tick, everyMs);
  return { stop: () => clearInterval(timer) };
}
