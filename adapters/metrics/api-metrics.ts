import { Histogram, type Registry } from 'prom-client';
import { registerGroupUsage } from './group-usage';
import type { JobFigures } from './job-figures';
import { registerJobGauges } from './job-gauges';

/** Labels of one answered HTTP request; `route` is the route pattern, never the raw path. */
export interface RequestLabels {
  method: string;
  route: string;
  status: string;
}

/**
 * The API process's metrics: request latencies it measures itself, and the cluster's jobs and
 * per-group usage read from MariaDB at scrape time.
 */
export class ApiMetrics {
  private readonly requests: Histogram<keyof RequestLabels>;

  constructor(
    readonly registry: Registry,
    figures: JobFigures,
  ) {
    this.requests = new Histogram({
      name: 'godocker_http_request_duration_seconds',
      help: 'Time to answer an HTTP request, by method, route pattern and status code',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    });
    registerJobGauges(registry, figures);
    registerGroupUsage(registry, figures);
  }

  /** Records one answered request. */
  observeRequest(labels: RequestLabels, seconds: number): void {
    this.requests.observe({ ...labels }, seconds);
  }
}
