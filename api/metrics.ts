import type { Request, RequestHandler, Response } from 'express';
import { DomainError } from '../core/errors';
import type { ApiMetrics } from '../adapters/metrics/api-metrics';
import { scrapeAllowed } from '../adapters/metrics/bearer';

// The API's Prometheus endpoint and the request timing behind
// godocker_http_request_duration_seconds. Routes are labelled by pattern (`/api/v1/jobs/:id`):
// a label per raw path would make one series per job.

const routeKey = 'metricsRoute';

/**
 * Remembers the matched route's full pattern while it is known: after an error express leaves
 * the router and forgets the `/api/v1` prefix before the response is written.
 */
export const labelRoute: RequestHandler = (req, res, next) => {
  const path = (req.route as { path?: unknown } | undefined)?.path;
  if (typeof path === 'string') res.locals[routeKey] = `${req.baseUrl}${path}`;
  next();
};

function routePattern(req: Request, res: Response): string {
  const labelled = res.locals[routeKey] as unknown;
  if (typeof labelled === 'string') return labelled;
  const path = (req.route as { path?: unknown } | undefined)?.path;
  return typeof path === 'string' ? `${req.baseUrl}${path}` : 'unmatched';
}

/** Times every request and records it when its response is written. */
export function timeRequests(metrics: ApiMetrics): RequestHandler {
  return (req, res, next) => {
    const start = performance.now();
    res.on('finish', () => {
      const labels = {
        method: req.method,
        route: routePattern(req, res),
        status: String(res.statusCode),
      };
      metrics.observeRequest(labels, (performance.now() - start) / 1000);
    });
    next();
  };
}

/** `GET /metrics`: the registry in Prometheus text format, behind the bearer token if one is set. */
export function serveMetrics(metrics: ApiMetrics, token: string | undefined): RequestHandler {
  return async (req, res) => {
    if (!scrapeAllowed(req.headers.authorization, token)) {
      res.set('www-authenticate', 'Bearer');
      throw new DomainError(
        'unauthenticated',
        'metrics need "Authorization: Bearer <metrics.token>" (the token in the configuration)',
      );
    }
    const text = await metrics.registry.metrics();
    res.type(metrics.registry.contentType).send(text);
  };
}
