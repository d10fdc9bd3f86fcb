import { formatDurationSeconds } from '../core/duration';
import type { QueueView } from '../core/queues';
import { formatTime } from './job-display';
import { listText, renderFields } from './fields';
import { renderTable } from './table';

const walltime = (q: QueueView) =>
  q.maxWalltimeSeconds === null ? 'site max' : formatDurationSeconds(q.maxWalltimeSeconds);

const allowed = (q: QueueView) => listText(q.allowedGroups, 'all groups');

/** The `queue list` table. */
export function renderQueueTable(queues: readonly QueueView[]): string {
  return renderTable(queues, [
    { heading: 'NAME', value: (q) => q.name },
    { heading: 'PRIORITY', value: (q) => String(q.priority), alignRight: true },
    { heading: 'MAX WALLTIME', value: walltime },
    { heading: 'GROUPS', value: allowed, maxWidth: 40 },
    { heading: 'DESCRIPTION', value: (q) => q.description, maxWidth: 40 },
  ]);
}

/** The `queue show` page. */
export function renderQueueDetails(queue: QueueView): string {
  return renderFields([
    ['Name', queue.name],
    ['Description', queue.description || '-'],
    ['Priority', String(queue.priority)],
    ['Max walltime', walltime(queue)],
    ['Allowed groups', allowed(queue)],
    ['Created', formatTime(queue.createdAt)],
  ]);
}
