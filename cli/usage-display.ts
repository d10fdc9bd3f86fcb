import type { UsageReport, UsageRow } from '../core/usage';
import { renderTable, type Column } from './table';

const hours = (value: number) => value.toFixed(2);

const wait = (row: UsageRow) =>
  row.meanWaitSeconds === null ? '-' : `${row.meanWaitSeconds.toFixed(1)}s`;

/** The line above the table: what the figures cover. */
export function usageCaption(report: UsageReport): string {
  const per = report.granularity === 'total' ? 'in total' : `per ${report.granularity}`;
  const only = report.owner === null ? '' : `, jobs of ${report.owner} only`;
  return `Usage by ${report.by} ${per}, ${report.from} to ${report.to} (UTC)${only}`;
}

/** The `usage` table: one line per period and account, hours with two decimals. */
export function renderUsageTable(report: UsageReport): string {
  if (report.rows.length === 0) return `${usageCaption(report)}\nNo job finished in this period.`;
  const columns: Array<Column<UsageRow>> = [
    ...(report.granularity === 'total'
      ? []
      : [{ heading: 'PERIOD', value: (r: UsageRow) => r.period }]),
    { heading: report.by.toUpperCase(), value: (r) => r.name },
    { heading: 'JOBS', value: (r) => String(r.jobs), alignRight: true },
    { heading: 'SUCCEEDED', value: (r) => String(r.succeeded), alignRight: true },
    { heading: 'FAILED', value: (r) => String(r.failed), alignRight: true },
    { heading: 'KILLED', value: (r) => String(r.killed), alignRight: true },
    { heading: 'CPU H', value: (r) => hours(r.cpuHours), alignRight: true },
    { heading: 'MEM GIB-H', value: (r) => hours(r.memoryGiBHours), alignRight: true },
    { heading: 'WALL H', value: (r) => hours(r.wallHours), alignRight: true },
    { heading: 'MEAN WAIT', value: wait, alignRight: true },
  ];
  return `${usageCaption(report)}\n${renderTable(report.rows, columns)}`;
}
