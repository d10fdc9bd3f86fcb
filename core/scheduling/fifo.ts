import { AccountBook, resolveCharged } from './account-book';
import { admitInOrder } from './admission';
import { columnsOf } from './columns';
import { orderByScore } from './order';
import type { OrderingPolicy, PendingJob } from './snapshot';

/**
 * Priority first, then submission order, with no overtaking: once the first job does not fit,
 * nothing behind it starts, so a large job is never starved by a stream of small ones.
 * Limits hold jobs back here too (they are the site's rules, whatever the order): a held job
 * waits with its reason and does not block the others. No fair share, no backfill.
 * Jobs larger than the whole backend are skipped (they can never run and must not block others).
 */
export const fifoPolicy: OrderingPolicy = {
  name: 'fifo',
  plan(snapshot) {
    const { pending } = snapshot;
    const columns = columnsOf(pending);
    const score = Float64Array.from(pending, (job: PendingJob) => job.priority);
    return admitInOrder({
      snapshot,
      columns,
      order: orderByScore(columns, score),
      charged: resolveCharged(new AccountBook(snapshot), pending),
      priorityOf: (index) => score[index] ?? 0,
      backfill: false,
    });
  },
};
