import { Counter, type Registry } from 'prom-client';
import type { GroupUsageTotal, JobFigures } from './job-figures';

/** Shares one read between the collectors of one scrape (they run together). */
function oncePerScrape<T>(read: () => Promise<T>): () => Promise<T> {
  let inFlight: Promise<T> | undefined;
  return () =>
    (inFlight ??= read().finally(() => {
      inFlight = undefined;
    }));
}

/**
 * Registers the per-group usage counters, `godocker_group_cpu_seconds_total{group}` and
 * `godocker_group_memory_gib_seconds_total{group}`: totals over every charged job, read from
 * usage_records when scraped. They only grow (a job is charged once), as counters must.
 */
export function registerGroupUsage(registry: Registry, figures: JobFigures): void {
  const totals = oncePerScrape(() => figures.groupUsageTotals());
  const counter = (name: string, help: string, value: (t: GroupUsageTotal) => number) =>
    new Counter({
      name,
      help,
      labelNames: ['group'],
      registers: [registry],
      async collect() {
        const rows = await totals();
        this.reset();
        for (const row of rows) this.inc({ group: row.group }, value(row));
      },
    });
  counter(
    'godocker_group_cpu_seconds_total',
    'CPU time used by the finished jobs charged to the group',
    (t) => t.cpuSeconds,
  );
  counter(
    'godocker_group_memory_gib_seconds_total',
    'Memory limit times run time of the finished jobs charged to the group, in GiB-seconds',
    (t) => t.memoryMiBSeconds / 1024,
  );
}
