import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Config } from '../config/schema';
import type { Logger } from '../adapters/log';
import { scrapeAllowed } from '../adapters/metrics/bearer';
import type { Registry } from '../adapters/metrics/registry';

/** Where the worker's metrics are served, open until closed. */
export interface MetricsServer {
  /** `http://host:port/metrics` */
  url: string;
  close(): Promise<void>;
}

/** Settings of the worker's metrics server. */
export interface MetricsServerOptions {
  host: string;
  port: number;
  /** When set, a scrape must send `Authorization: Bearer <token>`. */
  token: string | undefined;
  log: Logger;
}

async function answer(
  registry: Registry,
  options: MetricsServerOptions,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const path = (req.url ?? '').split('?')[0];
  if (req.method !== 'GET' || path !== '/metrics') {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('only GET /metrics is served here\n');
    return;
  }
  if (!scrapeAllowed(req.headers.authorization, options.token)) {
    res
      .writeHead(401, { 'content-type': 'text/plain', 'www-authenticate': 'Bearer' })
      .end('metrics need "Authorization: Bearer <metrics.token>"\n');
    return;
  }
  const text = await registry.metrics();
  res.writeHead(200, { 'content-type': registry.contentType }).end(text);
}

/**
 * Serves the worker process's registry at `GET /metrics` on its own port (the worker has no
 * HTTP API). Fails at start when the port is taken, naming the setting to change.
 */
export async function startMetricsServer(
  registry: Registry,
  options: MetricsServerOptions,
): Promise<MetricsServer> {
  const server = createServer((req, res) => {
    answer(registry, options, req, res).catch((error: unknown) => {
      options.log({ level: 'error', msg: 'metrics scrape failed', error: String(error) });
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('metrics unavailable; see the worker log\n');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      const inUse = error.code === 'EADDRINUSE';
      reject(
        inUse
          ? new Error(
              `worker.metricsPort ${options.port} on ${options.host} is in use: set another port (GODOCKER_WORKER_METRICS_PORT), or 0 to serve no metrics`,
            )
          : error,
      );
    });
    server.listen(options.port, options.host, resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    url: `http://${options.host}:${port}/metrics`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Starts the worker process's metrics server as configured; none when worker.metricsPort is 0. */
export async function serveWorkerMetrics(
  registry: Registry,
  config: Config,
  log: Logger,
): Promise<MetricsServer | undefined> {
  if (config.worker.metricsPort === 0) return undefined;
  return startMetricsServer(registry, {
    host: config.host,
    port: config.worker.metricsPort,
    token: config.metrics.token,
    log,
  });
}
