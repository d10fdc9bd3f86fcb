import type { ClusterView } from '../core/cluster';
import { formatMemoryMiB } from '../core/memory';
import { renderTable } from './table';

const cpus = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(2));
const ms = (value: number | null) => (value === null ? '-' : `${value.toFixed(1)} ms`);

/** The `cluster` page: nodes, load by group and queue, ordering timings. */
export function renderCluster(view: ClusterView): string {
  const nodes = renderTable(view.nodes, [
    { heading: 'NODE', value: (n) => n.node },
    { heading: 'CPUS', value: (n) => cpus(n.cpus), alignRight: true },
    { heading: 'ALLOCATED', value: (n) => cpus(n.allocatedCpus), alignRight: true },
    { heading: 'USED', value: (n) => cpus(n.usedCpus), alignRight: true },
    { heading: 'MEMORY', value: (n) => formatMemoryMiB(n.memoryMiB), alignRight: true },
    { heading: 'ALLOCATED', value: (n) => formatMemoryMiB(n.allocatedMemoryMiB), alignRight: true },
    { heading: 'USED', value: (n) => formatMemoryMiB(n.usedMemoryMiB), alignRight: true },
    { heading: 'JOBS', value: (n) => String(n.runningJobs), alignRight: true },
  ]);
  const load = (rows: ClusterView['groups'], heading: string) =>
    rows.length === 0
      ? `No ${heading.toLowerCase()} has running or pending jobs.`
      : renderTable(rows, [
          { heading, value: (r) => r.name },
          { heading: 'RUNNING', value: (r) => String(r.running), alignRight: true },
          { heading: 'PENDING', value: (r) => String(r.pending), alignRight: true },
          { heading: 'CPUS', value: (r) => cpus(r.runningCpus), alignRight: true },
          {
            heading: 'MEMORY',
            value: (r) => formatMemoryMiB(r.runningMemoryMiB),
            alignRight: true,
          },
        ]);
  const o = view.ordering;
  const ordering =
    o.passes === 0
      ? `Ordering (${o.policy}): no pass recorded yet.`
      : `Ordering (${o.policy}): last pass ${ms(o.lastMs)} at ${o.lastAt}; ` +
        `over the last ${o.passes}: p50 ${ms(o.p50Ms)}, p95 ${ms(o.p95Ms)}, max ${ms(o.maxMs)}`;
  const t = view.totals;
  const totals =
    `Total: ${cpus(t.cpus)} cpus (${cpus(t.allocatedCpus)} allocated, ${cpus(t.usedCpus)} used), ` +
    `${formatMemoryMiB(t.memoryMiB)} memory (${formatMemoryMiB(t.allocatedMemoryMiB)} allocated, ` +
    `${formatMemoryMiB(t.usedMemoryMiB)} used); ${t.running} running, ${t.pending} pending jobs`;
  return [
    nodes,
    totals,
    '',
    load(view.groups, 'GROUP'),
    '',
    load(view.queues, 'QUEUE'),
    '',
    ordering,
  ].join('\n');
}
