// createApp({ runtime, logger }) → express app. It never listens (tests call it; main.ts listens).
import express, { type Express, type RequestHandler } from 'express';
import pino, { type Logger } from 'pino';
import { appError } from '../runtime/errors/catalog.js';
import type { Runtime } from '../runtime/records/runtime.js';
import { requestContext, ctxOf } from './http/context.js';
import { problemMiddleware } from './http/problem.js';
import { buildOpenApi } from './openapi.js';
import { renderDocsPage } from './docsPage.js';
import { metaRoutes, visibleEntities } from './routes/meta.js';
import { recordRoutes } from './routes/records.js';

export interface CreateAppOptions {
  runtime: Runtime;
  logger?: Logger;
  /** Answers /readyz; main.ts flips it once migrations are applied. */
  isReady?: () => boolean;
}

const securityHeaders: RequestHandler = (_req, res, next) => {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Referrer-Policy', 'no-referrer');
  next();
};

const MAX_URL = 16 * 1024 + 2048;

export function createApp({ runtime, logger = pino({ level: 'silent' }), isReady = () => true }: CreateAppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');
  app.use(requestContext);
  app.use(securityHeaders);
  app.use((req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      logger.info({ requestId: res.locals.requestId, method: req.method, url: req.originalUrl.slice(0, 500), status: res.statusCode, ms: Number(process.hrtime.bigint() - started) / 1e6 }, 'request');
    });
    if (req.originalUrl.length > MAX_URL) return next(appError('INVALID_QUERY', 'the URL is too long'));
    next();
  });

  app.get('/healthz', (_req, res) => void res.json({ status: 'ok' }));
  app.get('/readyz', async (_req, res) => {
    let ok = isReady();
    if (ok) {
      try {
        await runtime.db.knex.raw('SELECT 1');
      } catch {
        ok = false;
      }
    }
    res.status(ok ? 200 : 503).json({ status: ok ? 'ready' : 'not ready' });
  });
  app.get('/api/openapi.json', async (_req, res) => {
    res.json(buildOpenApi(runtime.app, await visibleEntities(runtime, ctxOf(res))));
  });
  app.get('/api/docs', async (_req, res) => {
    res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'");
    res.type('html').send(renderDocsPage(buildOpenApi(runtime.app, await visibleEntities(runtime, ctxOf(res)))));
  });
  app.use('/api/v1/_meta', metaRoutes(runtime));
  app.use('/api/v1', (req, _res, next) => {
    const first = req.path.split('/')[1] ?? '';
    if (first.startsWith('_') && first !== '_meta') return next(appError('NOT_FOUND', `no route ${req.method} ${req.path}`));
    next();
  });
  app.use('/api/v1', recordRoutes(runtime));
  app.use((req, _res, next) => next(appError('NOT_FOUND', `no route ${req.method} ${req.path.slice(0, 200)}`)));
  app.use(problemMiddleware(logger));
  return app;
}
