import { collectDefaultMetrics, Registry } from 'prom-client';

/**
 * A process's own metrics registry, with prom-client's process and Node.js metrics
 * (`process_*`, `nodejs_*`). Each process (and each test stack) builds one and passes it on;
 * nothing is registered in prom-client's global default registry.
 */
export function createMetricsRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return registry;
}

export type { Registry } from 'prom-client';
