import { randomUUID } from 'node:crypto';
import express, { type ErrorRequestHandler, type Express } from 'express';
import { DomainError } from '../core/errors';
import type { ApiDeps } from './context';
import { checkHealth } from './health';
import { labelRoute, serveMetrics, timeRequests } from './metrics';
import { openApiDocument } from './openapi';
import { auditBodyRefusal, bodyRefusal, toHandler, type RouteSpec } from './route';
import { auditRoutes } from './routes/audit';
import { authRoutes } from './routes/auth';
import { eventRoutes } from './routes/events';
import { clusterRoutes } from './routes/cluster';
import { groupRoutes } from './routes/groups';
import { imageRoutes } from './routes/images';
import { jobRoutes } from './routes/jobs';
import { jobShellRoutes } from './routes/job-shell';
import { projectRoutes } from './routes/projects';
import { queueRoutes } from './routes/queues';
import { quotaRoutes } from './routes/quotas';
import { tokenRoutes } from './routes/tokens';
import { usageRoutes } from './routes/usage';
import { userRoutes } from './routes/users';
import { volumeRoutes } from './routes/volumes';
import { serveWebUi, webRoutes } from './web';
import { authenticateToken } from './use-cases/login';

/** Every route of the REST API, in one list (the OpenAPI document is made from it). */
export function apiRoutes(deps: ApiDeps): RouteSpec[] {
  return [
    ...authRoutes(deps),
    ...tokenRoutes(deps),
    ...userRoutes(deps),
    ...groupRoutes(deps),
    ...projectRoutes(deps),
    ...queueRoutes(deps),
    ...quotaRoutes(deps),
    ...volumeRoutes(deps),
    ...imageRoutes(deps),
    ...jobRoutes(deps),
    ...jobShellRoutes(deps),
    ...eventRoutes(deps),
    ...clusterRoutes(deps),
    ...auditRoutes(deps),
    ...usageRoutes(deps),
    ...webRoutes(deps),
  ];
}

function errorBody(code: string, message: string) {
  return { error: { code, message } };
}

function errorHandler(deps: ApiDeps): ErrorRequestHandler {
  return (error: unknown, _req, res, _next) => {
    if (error instanceof DomainError) {
      res.status(error.status).json(errorBody(error.code, error.message));
      return;
    }
    const refusal = bodyRefusal(error);
    if (refusal) {
      res.status(refusal.status).json(errorBody(refusal.code, refusal.message));
      return;
    }
    const id = randomUUID();
    deps.log({
      level: 'error',
      msg: 'unexpected error',
      errorId: id,
      error: error instanceof Error ? error.stack : String(error),
    });
    if (!res.headersSent) res.status(500).json(errorBody('internal', `internal error (${id})`));
    else res.end();
  };
}

/** The express application: health, OpenAPI, Prometheus metrics, and the /api/v1 routes. */
export function createApp(deps: ApiDeps, version = '0.1.0'): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(timeRequests(deps.metrics));
  const routes = apiRoutes(deps);
  const authenticate = (req: express.Request) => authenticateToken(deps, req.headers.authorization);
  app.get('/healthz', async (_req, res) => {
    const report = await checkHealth(deps);
    res.status(report.status === 'ok' ? 200 : 503).json(report);
  });
  const document = openApiDocument(routes, version);
  app.get('/api/v1/openapi.json', (_req, res) => void res.json(document));
  app.get('/metrics', serveMetrics(deps.metrics, deps.config.metrics.token));
  const router = express.Router();
  // Bodies are parsed per route, so that a body the parser refuses is audited as the route's.
  const parseJson = express.json({
    limit: '256kb',
    type: ['application/json', 'application/*+json'],
  });
  for (const spec of routes)
    router[spec.method](
      spec.path,
      labelRoute,
      parseJson,
      toHandler(spec, authenticate, deps),
      auditBodyRefusal(spec, authenticate, deps),
    );
  app.use('/api/v1', router);
  app.use('/api', (req, res) => {
    res.status(404).json(errorBody('not_found', `no route ${req.method} ${req.originalUrl}`));
  });
  app.use(serveWebUi());
  app.use(errorHandler(deps));
  return app;
}
