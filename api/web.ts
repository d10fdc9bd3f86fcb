import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type RequestHandler, type Router } from 'express';
import { uiSettingsSchema } from '../core/ui-settings';
import type { ApiDeps } from './context';
import { route } from './route';

/** Where `scripts/godocker.sh` builds the UI (vite, web/vite.config.ts): dist/web. */
export const webDistDir = path.resolve(__dirname, '..', 'web');

// The UI bundles every asset; nothing loads from elsewhere, nothing frames it.
const contentSecurityPolicy = [
  "default-src 'self'",
  "img-src 'self' data:",
  "style-src 'self' 'unsafe-inline'",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

const securityHeaders: RequestHandler = (_req, res, next) => {
  res.set({
    'Content-Security-Policy': contentSecurityPolicy,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
  });
  next();
};

/**
 * Serves the built web UI at `/`: hashed assets with a long cache, and index.html for every other
 * GET outside /api so the UI's own paths (`/jobs/42`) survive a reload. When the UI was not
 * built, says how to build it.
 */
export function serveWebUi(dir = webDistDir): Router {
  const router = express.Router();
  const index = path.join(dir, 'index.html');
  router.use(securityHeaders);
  router.use(
    '/assets',
    express.static(path.join(dir, 'assets'), { immutable: true, maxAge: '365d', index: false }),
  );
  router.use(express.static(dir, { index: false }));
  router.get(/^\/(?!api\/|api$|healthz$|metrics$).*/, (_req, res) => {
    if (!existsSync(index)) {
      res.status(404).type('text/plain').send('the web UI is not built: run `npm run build`\n');
      return;
    }
    res.set('Cache-Control', 'no-cache').sendFile(index);
  });
  return router;
}

/** The one API route the UI adds: the site settings its pages show (catalog, Temporal UI). */
export function webRoutes(deps: ApiDeps) {
  return [
    route({
      method: 'get',
      path: '/ui/settings',
      summary:
        'What the web UI shows of the site: the software catalog, and for admins the Temporal UI address',
      access: 'user',
      response: uiSettingsSchema,
      async handle({ caller }) {
        const admin = caller.role === 'admin';
        return {
          // The catalog in MariaDB (default image first), what submissions are checked against.
          catalog: (await deps.images.list()).map((i) => ({
            name: i.image,
            description: i.description,
          })),
          allowUserImages: deps.config.images.allowUserImages,
          temporalUiUrl: admin ? deps.config.temporal.uiUrl : null,
          temporalNamespace: admin ? deps.config.temporal.namespace : null,
        };
      },
    }),
  ];
}
