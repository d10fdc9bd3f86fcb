import { badRequest, forbidden } from '../../core/errors';
import { usagePeriod, type UsageQuery, type UsageReport, type UsageRow } from '../../core/usage';
import { readUsageReport } from '../../adapters/mysql/usage-report';
import type { ApiDeps, Caller } from '../context';

/** The most rows one report returns; a larger one must be narrowed, not cut silently. */
export const maxUsageRows = 50_000;

/**
 * Whose jobs a usage report may count. Admins: everyone's. The manager of a project, asking for
 * that project by name: every member's jobs in it. Anyone else: their own jobs only, whatever the
 * kind of account (so a group's figures never reveal what its other members ran); asking for
 * another user by name is refused rather than answered with an empty report.
 */
export async function usageScope(
  deps: ApiDeps,
  caller: Caller,
  query: Pick<UsageQuery, 'by' | 'name'>,
): Promise<{ owner?: string }> {
  if (caller.role === 'admin') return {};
  if (query.by === 'user' && query.name !== undefined && query.name !== caller.username) {
    throw forbidden(
      `query.name: only admins see the usage of other users; leave name out or use ${caller.username}`,
    );
  }
  if (query.by === 'project' && query.name !== undefined) {
    const project = await deps.projects.get(query.name);
    if (project && project.managerId === caller.id) return {};
  }
  return { owner: caller.username };
}

/** The usage report a caller asked for, over what they may see. */
export async function usageReport(
  deps: ApiDeps,
  caller: Caller,
  query: UsageQuery,
): Promise<UsageReport> {
  const { from, to } = usagePeriod(query, deps.clock());
  const { owner } = await usageScope(deps, caller, query);
  const rows = await readUsageReport(deps.pool, {
    by: query.by,
    granularity: query.granularity,
    from,
    to,
    name: query.name,
    owner,
    limit: maxUsageRows + 1,
  });
  if (rows.length > maxUsageRows) {
    throw badRequest(
      `query: the report would have more than ${maxUsageRows} rows; shorten from..to, use a coarser granularity or name one account`,
    );
  }
  return {
    by: query.by,
    granularity: query.granularity,
    from: from.toISOString(),
    to: to.toISOString(),
    name: query.name ?? null,
    owner: owner ?? null,
    rows,
  };
}

/** The columns of the CSV form, named as in the JSON rows. */
export const usageCsvColumns: ReadonlyArray<keyof UsageRow> = [
  'period',
  'kind',
  'name',
  'jobs',
  'succeeded',
  'failed',
  'killed',
  'cpuHours',
  'memoryGiBHours',
  'wallHours',
  'meanWaitSeconds',
];

/** One CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break. */
function csvField(value: string | number | null): string {
  const text = value === null ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A report as CSV (RFC 4180: a header line, CRLF line ends); an empty mean wait is null. */
export function usageCsv(report: UsageReport): string {
  const lines = [
    usageCsvColumns.join(','),
    ...report.rows.map((row) => usageCsvColumns.map((c) => csvField(row[c])).join(',')),
  ];
  return `${lines.join('\r\n')}\r\n`;
}
