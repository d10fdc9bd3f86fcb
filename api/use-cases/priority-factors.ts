import { orderingPolicyByName, type PriorityFactors } from '../../core/ordering';
import { assembleSnapshot } from '../../core/scheduling/assemble';
import { OrderingStore } from '../../adapters/mysql/ordering';
import { readSchedulingAccounts } from '../../adapters/mysql/scheduling-accounts';
import type { ApiDeps } from '../context';

/**
 * The factors of a pending job's priority, computed now on the same snapshot and policy as the
 * ordering pass (storing them for every pending job on every pass would cost far more than
 * computing them when someone looks).
 */
export async function priorityFactors(
  deps: ApiDeps,
  jobId: number,
): Promise<PriorityFactors | undefined> {
  const now = deps.clock();
  const { scheduling } = deps.config;
  const [jobs, accounts, nodes] = await Promise.all([
    new OrderingStore(deps.pool).jobs(),
    readSchedulingAccounts(
      deps.pool,
      now,
      scheduling.usageHalfLifeSeconds,
      scheduling.budgetWindowSeconds,
    ),
    deps.nodes.list(),
  ]);
  const plan = orderingPolicyByName(deps.config.ordering.policy).plan(
    assembleSnapshot({ now, ...jobs, accounts, nodes, settings: scheduling }),
  );
  return plan.factorsOf?.(jobId);
}
