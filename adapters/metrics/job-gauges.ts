import { Gauge, type Registry } from 'prom-client';
import { openJobStates, type JobFigures } from './job-figures';

/**
 * Registers `godocker_jobs{queue,state}` and `godocker_jobs_running`, read from MariaDB when
 * scraped: every API process reports the whole cluster, whichever worker runs the jobs.
 */
export function registerJobGauges(registry: Registry, figures: JobFigures): void {
  new Gauge({
    name: 'godocker_jobs',
    help: 'Jobs not yet ended, by queue and state (submitted, pending, admitted, launching, running)',
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      const [queues, counts] = await Promise.all([figures.queueNames(), figures.openJobsByQueue()]);
      this.reset();
      for (const queue of queues) for (const state of openJobStates) this.set({ queue, state }, 0);
      for (const c of counts) this.set({ queue: c.queue, state: c.state }, c.jobs);
    },
  });
  new Gauge({
    name: 'godocker_jobs_running',
    help: 'Jobs whose container is running',
    registers: [registry],
    async collect() {
      this.set(await figures.runningJobs());
    },
  });
}
