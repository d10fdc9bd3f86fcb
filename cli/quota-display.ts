import { formatDurationSeconds } from '../core/duration';
import { formatMemoryMiB } from '../core/memory';
import type { QuotaView } from '../core/quotas';
import { renderTable } from './table';

// `-` is unlimited: an empty cell would read as "unknown".
const show = (value: number | null, format: (n: number) => string = String) =>
  value === null ? '-' : format(value);

/** The `quota list` table; `-` is unlimited. */
export function renderQuotaTable(quotas: readonly QuotaView[]): string {
  return renderTable(quotas, [
    { heading: 'KIND', value: (q) => q.kind },
    { heading: 'NAME', value: (q) => q.name },
    { heading: 'CPUS', value: (q) => show(q.maxCpus), alignRight: true },
    { heading: 'MEMORY', value: (q) => show(q.maxMemoryMiB, formatMemoryMiB), alignRight: true },
    { heading: 'RUNNING', value: (q) => show(q.maxRunningJobs), alignRight: true },
    { heading: 'PENDING', value: (q) => show(q.maxPendingJobs), alignRight: true },
    { heading: 'CPU-H', value: (q) => show(q.cpuHoursPerWindow), alignRight: true },
    { heading: 'MEM-GB-H', value: (q) => show(q.memoryGbHoursPerWindow), alignRight: true },
    {
      heading: 'WINDOW',
      value: (q) => show(q.windowHours, (h) => formatDurationSeconds(h * 3600)),
    },
  ]);
}
