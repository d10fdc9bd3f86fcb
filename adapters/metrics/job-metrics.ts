import { Counter, Histogram, type Registry } from 'prom-client';
import type { JobMetrics } from '../../activities/deps';
import type { FinalRecord } from '../../core/outcome';

const finalStates: FinalRecord['state'][] = ['succeeded', 'failed', 'killed'];

/** The worker's job metrics, registered in the worker process's registry. */
export class PrometheusJobMetrics implements JobMetrics {
  private readonly admissions: Counter;
  private readonly passDuration: Histogram;
  private readonly submitToStart: Histogram;
  private readonly outcomes: Counter<'state'>;

  constructor(registry: Registry) {
    const registers = [registry];
    this.admissions = new Counter({
      name: 'godocker_admissions_total',
      help: 'Jobs admitted by the ordering passes this worker ran',
      registers,
    });
    this.passDuration = new Histogram({
      name: 'godocker_ordering_pass_duration_seconds',
      help: 'Wall time of one ordering pass: repair, snapshot reads, decision, writes and signals',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.submitToStart = new Histogram({
      name: 'godocker_submit_to_start_seconds',
      help: 'Time from submit to running, for jobs this worker launched (queue wait included)',
      buckets: [0.25, 0.5, 1, 2, 5, 10, 30, 60, 300, 900, 3600, 4 * 3600, 24 * 3600],
      registers,
    });
    this.outcomes = new Counter({
      name: 'godocker_job_outcomes_total',
      help: 'Jobs this worker finalized, by final state',
      labelNames: ['state'],
      registers,
    });
    // Every state shows from the start (at 0), so rate() sees the first job of each kind.
    for (const state of finalStates) this.outcomes.inc({ state }, 0);
  }

  admitted(count: number): void {
    this.admissions.inc(count);
  }

  orderingPass(seconds: number): void {
    this.passDuration.observe(seconds);
  }

  started(latencySeconds: number): void {
    this.submitToStart.observe(latencySeconds);
  }

  finished(state: FinalRecord['state']): void {
    this.outcomes.inc({ state });
  }
}
