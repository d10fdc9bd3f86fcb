import type { JobView } from '../core/job';
import { formatMemoryMiB } from '../core/memory';
import { formatDurationSeconds } from '../core/duration';
import { renderTable, type Column } from './table';

const pad2 = (n: number) => String(n).padStart(2, '0');

/** A timestamp in the reader's local time, to the second: what a terminal user compares with `date`. */
export function formatTime(iso: string | null): string {
  if (iso === null) return '-';
  const t = new Date(iso);
  const date = `${t.getFullYear()}-${pad2(t.getMonth() + 1)}-${pad2(t.getDate())}`;
  return `${date} ${pad2(t.getHours())}:${pad2(t.getMinutes())}:${pad2(t.getSeconds())}`;
}

/** A job's state with its exit code when it has one: `failed (4)`. */
export function stateText(job: JobView): string {
  return job.exitCode === null ? job.state : `${job.state} (${job.exitCode})`;
}

/** The `job list` table; OWNER only appears when the list mixes users (admins). */
export function renderJobTable(jobs: readonly JobView[]): string {
  const columns: Array<Column<JobView>> = [
    { heading: 'ID', value: (j) => String(j.id), alignRight: true },
    { heading: 'NAME', value: (j) => j.name, maxWidth: 24 },
    { heading: 'STATE', value: stateText },
    { heading: 'REASON', value: (j) => j.reason ?? '', maxWidth: 40 },
    { heading: 'CPUS', value: (j) => String(j.cpus), alignRight: true },
    { heading: 'MEMORY', value: (j) => formatMemoryMiB(j.memoryMiB), alignRight: true },
    { heading: 'SUBMITTED', value: (j) => formatTime(j.submittedAt) },
  ];
  if (new Set(jobs.map((j) => j.owner)).size > 1)
    columns.splice(2, 0, { heading: 'OWNER', value: (j) => j.owner });
  return renderTable(jobs, columns);
}

/** The `job list --pending` table: where each job stands and why it waits. */
export function renderPendingTable(jobs: readonly JobView[]): string {
  return renderTable(jobs, [
    {
      heading: 'POS',
      value: (j) => (j.queuePosition === null ? '-' : String(j.queuePosition)),
      alignRight: true,
    },
    { heading: 'ID', value: (j) => String(j.id), alignRight: true },
    { heading: 'OWNER', value: (j) => j.owner },
    { heading: 'QUEUE', value: (j) => j.queue },
    {
      heading: 'PRIORITY',
      value: (j) => (j.priorityScore === null ? '-' : String(j.priorityScore)),
      alignRight: true,
    },
    { heading: 'CPUS', value: (j) => String(j.cpus), alignRight: true },
    { heading: 'MEMORY', value: (j) => formatMemoryMiB(j.memoryMiB), alignRight: true },
    { heading: 'REASON', value: (j) => j.reason ?? '', maxWidth: 60 },
  ]);
}

/** The `job show` page: one field a line, then the command and the state timeline. */
export function renderJobDetails(job: JobView): string {
  const fields: Array<[string, string]> = [
    ['ID', String(job.id)],
    ['Name', job.name],
    ['Owner', `${job.owner} (uid ${job.uid}, gid ${job.gid})`],
    ['Charged to', `group ${job.group}, project ${job.project}`],
    ['Queue', job.queue],
    ['State', stateText(job)],
    ['Reason', job.reason ?? '-'],
    ...(job.queuePosition === null
      ? []
      : ([['Position', String(job.queuePosition)]] as Array<[string, string]>)),
    ...(job.priorityScore === null
      ? []
      : ([['Priority', priorityText(job)]] as Array<[string, string]>)),
    ['Image', job.image],
    ['Image digest', job.imageDigest ?? '-'],
    ...(job.interactive
      ? ([['Interactive', `yes: godocker job shell ${job.id}`]] as Array<[string, string]>)
      : []),
    ['CPUs', String(job.cpus)],
    ['Memory', formatMemoryMiB(job.memoryMiB)],
    // What it used: sampled while it runs, exact once it has ended.
    ['CPU time used', job.startedAt ? `${job.cpuSeconds.toFixed(3)} s` : '-'],
    [
      'Peak memory',
      job.maxMemoryMiB === null
        ? '-'
        : `${formatMemoryMiB(job.maxMemoryMiB)} of ${formatMemoryMiB(job.memoryMiB)}`,
    ],
    ['Max lifetime', formatDurationSeconds(job.maxLifetimeSeconds)],
    ['Node', job.node ?? '-'],
    ['Submitted', formatTime(job.submittedAt)],
    ['Started', formatTime(job.startedAt)],
    ['Finished', formatTime(job.finishedAt)],
  ];
  const width = Math.max(...fields.map(([key]) => key.length)) + 1;
  const lines = fields.map(([key, value]) => `${`${key}:`.padEnd(width)}  ${value}`);
  lines.push('Command:', ...job.command.split('\n').map((line) => `  ${line}`));
  if (job.history && job.history.length > 0) {
    lines.push('History:');
    for (const event of job.history) {
      lines.push(
        `  ${formatTime(event.at)}  ${event.state.padEnd(9)}  ${event.reason ?? ''}`.trimEnd(),
      );
    }
  }
  return lines.join('\n');
}

/** A pending job's priority with its factors when the server computed them: `10450 (fairShare 0.9, age 0.1, ...)`. */
function priorityText(job: JobView): string {
  const factors = Object.entries(job.priorityFactors ?? {})
    .map(([name, value]) => `${name} ${Number(value.toFixed(3))}`)
    .join(', ');
  return factors ? `${job.priorityScore} (${factors})` : String(job.priorityScore);
}
