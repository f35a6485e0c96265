// createApp({ runtime, logger }) → express app. It never listens (tests call it; main.ts listens).
import express, { type Express, type Request, type RequestHandler, type Response } from 'express';
import pino, { type Logger } from 'pino';
import { appError } from '../runtime/errors/catalog.js';
import type { Runtime } from '../runtime/records/runtime.js';
import { requestContext, ctxOf } from './http/context.js';
import { problemMiddleware } from './http/problem.js';
import { openApiFor } from './openapi.js';
import { renderDocsPage } from './docsPage.js';
import { studioRoutes } from './routes/studio.js';
import { metaRoutes } from './routes/meta.js';
import { recordRoutes } from './routes/records.js';
import helmet from 'helmet';
import rateLimit from 'express-rate-limit';
import type { Access } from '../runtime/auth/access.js';
import { createActorLoader } from '../runtime/auth/actor.js';
import { authMiddleware, type AuthMode } from './http/auth.js';
import { sendProblem } from './http/problem.js';
import { authRoutes } from './routes/auth.js';
import { adminRoutes, recordAuditRoute } from './routes/admin.js';
import { exportRoute } from './routes/export.js';
import { pipelineRoutes } from './routes/pipelines.js';
import { automationRoutes, webhookRoutes } from './routes/automations.js';
import { pluginRoutes } from './routes/plugins.js';
import { READ_LIMIT_DEFAULTS, readBudget } from './http/readBudget.js';
import type { Definitions } from '../runtime/definitions/service.js';
import { definitionRoutes } from './routes/definitions.js';
import { registryRoute } from './routes/registry.js';

export interface CreateAppOptions {
  runtime: Runtime & { access?: Access };
  logger?: Logger;
  /** Answers /readyz; main.ts flips it once migrations are applied. */
  isReady?: () => boolean;
  /** 'required' (default): every API call needs a session or token. 'disabled' only for embedding in tests/tools. */
  auth?: AuthMode;
  /** Login attempts per client IP per minute (default 20). */
  loginPerIpPerMinute?: number;
  /** Writes per client IP per minute (default 3000; 0 turns the limit off). */
  writesPerIpPerMinute?: number;
  /** Reads per caller (user, else IP) per minute (default 6000; 0 turns the limit off). */
  readsPerUserPerMinute?: number;
  /** List/export requests per caller running at once, the rest wait in line (default 2; 0: no gate). */
  readConcurrencyPerUser?: number;
  /** Origins allowed to call the API from a browser (CORS); none by default. */
  corsOrigins?: string[];
  /** Send cookies with Secure (default: when NODE_ENV=production). */
  secureCookies?: boolean;
  /** Definitions at runtime (the studio's /api/v1/_definitions); absent: the CLI alone changes them. */
  definitions?: Definitions;
}

const cors = (origins: string[]): RequestHandler => (req, res, next) => {
  const origin = req.headers.origin;
  if (origin && origins.includes(origin)) {
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Access-Control-Allow-Credentials', 'true');
    res.setHeader('Vary', 'Origin');
    if (req.method === 'OPTIONS') {
      res.setHeader('Access-Control-Allow-Methods', 'GET, POST, PUT, PATCH, DELETE');
      res.setHeader('Access-Control-Allow-Headers', 'Content-Type, Authorization, If-Match, X-CSRF-Token, X-Request-Id, X-CRM-View-As, X-CRM-View-As-User');
      res.setHeader('Access-Control-Max-Age', '600');
      return void res.status(204).end();
    }
  }
  next();
};

/**
 * helmet's security headers, computed once: the configuration is fixed (no per-request directive),
 * and building the same Content-Security-Policy text on every request cost a write a few per cent.
 */
function securityHeaders(): RequestHandler {
  const headers: [string, string][] = [];
  const recorder = { setHeader: (name: string, value: unknown) => void headers.push([name, String(value)]), removeHeader: () => undefined, getHeader: () => undefined };
  let finished = false;
  helmet({ contentSecurityPolicy: { directives: { defaultSrc: ["'none'"], styleSrc: ["'unsafe-inline'"], frameAncestors: ["'none'"] } } })(
    {} as Request, recorder as unknown as Response, (err?: unknown) => { if (err) throw err; finished = true; },
  );
  if (!finished || headers.length === 0) throw new Error('the security headers could not be computed once');
  return (_req, res, next) => {
    for (const [name, value] of headers) res.setHeader(name, value);
    next();
  };
}

const MAX_URL = 16 * 1024 + 2048;
/** /<entity> or /<entity>/<id> (a trailing slash allowed), no segment starting with "_". */
const RECORD_PATH = /^\/[^/_][^/]*(?:\/[^/_][^/]*)?\/?$/;

export function createApp(options: CreateAppOptions): Express {
  const { runtime, logger = pino({ level: 'silent' }), isReady = () => true } = options;
  const access = runtime.access ?? runtime.app.access;
  const loader = createActorLoader(runtime.db);
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');
  app.set('trust proxy', process.env.CRM_TRUST_PROXY === 'true');
  app.use(requestContext);
  app.use(securityHeaders());
  app.use(cors(options.corsOrigins ?? []));
  // one log line per request at level info (below it, no listener at all: it costs a write a few per cent)
  const logRequests = logger.isLevelEnabled('info');
  app.use((req, res, next) => {
    if (logRequests) {
      const started = process.hrtime.bigint();
      res.on('finish', () => {
        logger.info({ requestId: res.locals.requestId, method: req.method, url: req.originalUrl.slice(0, 500), status: res.statusCode, ms: Number(process.hrtime.bigint() - started) / 1e6 }, 'request');
      });
    }
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
  app.use('/api/v1/_hooks', webhookRoutes(runtime));
  app.use(['/api'], authMiddleware({ rt: runtime, loader, access, mode: options.auth ?? 'required' }));
  const writes = options.writesPerIpPerMinute ?? 3000;
  if (writes > 0) {
    app.use('/api/v1', rateLimit({
      windowMs: 60_000, limit: writes, standardHeaders: 'draft-7', legacyHeaders: false, keyGenerator: (req) => req.ip ?? 'unknown',
      skip: (req) => req.method === 'GET' || req.method === 'HEAD',
      handler: (_req, res) => sendProblem(res, appError('RATE_LIMITED', 'too many writes from this address; slow down', { headers: { 'Retry-After': '60' } }), String(res.locals.requestId)),
    }));
  }
  const readLimits = readBudget({
    perMinute: options.readsPerUserPerMinute ?? READ_LIMIT_DEFAULTS.perMinute, inFlight: options.readConcurrencyPerUser ?? READ_LIMIT_DEFAULTS.inFlight,
  });
  if (readLimits.length) app.use('/api/v1', ...readLimits);
  // A record or a list (/api/v1/<entity>[/<id>], no segment starting with "_") is answered by the record
  // routes straight away: no other router below has a route for such a path, and passing through
  // each of them cost a tenth of a write's time. Anything the record routes leave goes on below.
  const records = recordRoutes(runtime);
  app.use('/api/v1', (req, res, next) => (RECORD_PATH.test(req.path) ? records(req, res, next) : next()));
  app.get('/api/openapi.json', async (_req, res) => {
    res.json(await openApiFor(runtime, ctxOf(res)));
  });
  app.get('/api/docs', async (_req, res) => {
    res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'");
    res.type('html').send(renderDocsPage(await openApiFor(runtime, ctxOf(res))));
  });
  app.use('/api/v1/_meta', metaRoutes(runtime), registryRoute(runtime));
  if (options.definitions) app.use('/api/v1/_definitions', definitionRoutes(options.definitions, access));
  app.use('/api/v1/_auth', authRoutes(runtime, { limits: { perIpPerMinute: options.loginPerIpPerMinute ?? 20 }, secureCookies: options.secureCookies ?? process.env.NODE_ENV === 'production' }));
  app.use('/api/v1', adminRoutes(runtime, access, loader));
  app.use('/api/v1', pipelineRoutes(runtime));
  app.use('/api/v1', automationRoutes(runtime, access));
  app.use('/api/v1/_plugins', pluginRoutes(runtime));
  app.use('/api/v1', (req, _res, next) => {
    const first = req.path.split('/')[1] ?? '';
    if (first.startsWith('_')) return next(appError('NOT_FOUND', `no route ${req.method} ${req.path}`));
    next();
  });
  app.use('/api/v1', exportRoute(runtime));
  app.use('/api/v1', recordAuditRoute(runtime));
  app.use('/api/v1', records);
  app.use(studioRoutes());
  app.use((req, _res, next) => next(appError('NOT_FOUND', `no route ${req.method} ${req.path.slice(0, 200)}`)));
  app.use(problemMiddleware(logger));
  return app;
}
