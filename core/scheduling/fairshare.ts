import { AccountBook, resolveCharged } from './account-book';
import { admitInOrder } from './admission';
import { columnsOf, type PendingColumns } from './columns';
import { orderByScore } from './order';
import { scoreJobs, type Scores } from './priority';
import type { OrderingPolicy, PriorityFactors } from './snapshot';

// Factors by job id, indexing the ids only when first asked (most passes never ask).
function factorsById(columns: PendingColumns, scores: Scores) {
  let indexOf: Map<number, number> | undefined;
  return (jobId: number): PriorityFactors | undefined => {
    indexOf ??= new Map(Array.from(columns.ids, (id, index) => [id, index]));
    const index = indexOf.get(jobId);
    return index === undefined ? undefined : scores.factorsOf(index);
  };
}

/**
 * Hierarchical fair share (Fair Tree: groups by shares over decayed usage, then users within
 * their group) in a multifactor priority with age and admin priorities; limits hold jobs back;
 * EASY backfill behind the first job that does not fit. See docs/scheduling.md.
 */
export const fairSharePolicy: OrderingPolicy = {
  name: 'fairshare',
  plan(snapshot) {
    const columns = columnsOf(snapshot.pending);
    const charged = resolveCharged(new AccountBook(snapshot), snapshot.pending);
    const scores = scoreJobs(snapshot, columns, charged);
    const plan = admitInOrder({
      snapshot,
      columns,
      order: orderByScore(columns, scores.priority),
      charged,
      priorityOf: (index) => scores.priority[index] ?? 0,
      backfill: true,
    });
    return { ...plan, factorsOf: factorsById(columns, scores) };
  },
};
