import type { NodeCapacity } from '../core/executor';
import { assembleSnapshot } from '../core/scheduling/assemble';
import type { ActivityDeps } from './deps';

/** Figures of one ordering pass, returned to the workflow and logged. */
export interface OrderingPassSummary {
  pending: number;
  admitted: number;
  restarted: number;
  resignalled: number;
  decideMs: number;
  totalMs: number;
}

const staleSubmitMs = 15_000;
const lostAdmitMs = 10_000;
const capacityTtlMs = 30_000;

/**
 * The central ordering pass: read a snapshot (pending and running jobs, accounts with their
 * shares, limits and usage, capacity),
 * let the site's policy decide, then apply each admission with a conditional update and signal
 * only the jobs whose update won. Two passes can therefore never admit one job twice.
 * It also repairs what a crash may have left: jobs whose workflow never started, and admitted
 * jobs whose admit signal was lost.
 */
export function createOrderPendingJobs(deps: ActivityDeps) {
  let capacity: { nodes: NodeCapacity[]; readAt: number } | undefined;

  async function currentCapacity(now: Date): Promise<NodeCapacity[]> {
    if (!capacity || now.getTime() - capacity.readAt > capacityTtlMs) {
      const nodes = await deps.executor.capacity();
      await deps.nodes.upsert(nodes, now);
      capacity = { nodes, readAt: now.getTime() };
    }
    return capacity.nodes;
  }

  async function repair(now: Date): Promise<{ restarted: number; resignalled: number }> {
    const orphans = await deps.jobs.staleSubmitted(new Date(now.getTime() - staleSubmitMs), 1000);
    for (const id of orphans) {
      const job = await deps.jobs.get(id);
      if (job) await deps.workflows.startJob(id, job.owner);
    }
    const unsignalled = await deps.ordering.admittedBefore(new Date(now.getTime() - lostAdmitMs));
    for (const id of unsignalled) await deps.workflows.admit(id);
    return { restarted: orphans.length, resignalled: unsignalled.length };
  }

  return async function orderPendingJobs(): Promise<
    OrderingPassSummary | 'another pass is running'
  > {
    const summary = await deps.ordering.exclusively(pass);
    if (!summary) return 'another pass is running';
    await report(deps, summary);
    return summary;
  };

  async function pass(): Promise<OrderingPassSummary> {
    const started = deps.clock();
    const repaired = await repair(started);
    const [jobs, accounts, nodes] = await Promise.all([
      deps.ordering.jobs(),
      deps.accounts(started),
      currentCapacity(started),
    ]);
    const decideStart = performance.now();
    const plan = deps.policy.plan(
      assembleSnapshot({
        now: started,
        ...jobs,
        accounts,
        nodes,
        settings: deps.settings.scheduling,
      }),
    );
    const decideMs = performance.now() - decideStart;
    let admitted = 0;
    for (const id of plan.admit) {
      if (
        await deps.jobs.transition(
          id,
          { from: ['pending'], to: 'admitted', reason: null },
          deps.clock(),
        )
      ) {
        await deps.workflows.admit(id);
        admitted += 1;
      }
    }
    const admittedIds = new Set(plan.admit);
    await deps.ordering.setStandings(
      plan.standings.filter((s) => {
        if (admittedIds.has(s.id)) return false;
        const shown = jobs.shown.get(s.id);
        return (
          shown?.reason !== s.reason ||
          shown.position !== s.position ||
          shown.priority !== s.priority
        );
      }),
    );
    return {
      pending: jobs.pending.length - admitted,
      admitted,
      ...repaired,
      decideMs: Math.round(decideMs * 100) / 100,
      totalMs: deps.clock().getTime() - started.getTime(),
    };
  }
}

/** Records a completed pass for the cluster view and reports it to the metrics. */
async function report(deps: ActivityDeps, summary: OrderingPassSummary): Promise<void> {
  // Counted first: the admissions happened even if the record below fails.
  deps.metrics?.admitted(summary.admitted);
  deps.metrics?.orderingPass(Math.max(0, summary.totalMs) / 1000);
  await deps.orderingPasses.record({ ...summary, policy: deps.policy.name }, deps.clock());
}
