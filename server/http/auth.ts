// Who is calling: a Bearer API token or the studio's session cookie (with CSRF check on writes).
// Without credentials only the login route and health checks answer.
import type { Request, RequestHandler, Response } from 'express';
import { appError } from '../../runtime/errors/catalog.js';
import type { ActorLoader } from '../../runtime/auth/actor.js';
import type { Runtime } from '../../runtime/records/runtime.js';
import type { Ctx } from '../../runtime/records/context.js';
import type { Access } from '../../runtime/auth/access.js';
import { VIEW_AS_HEADER, VIEW_AS_USER_HEADER, viewAsContext } from '../../runtime/auth/viewAs.js';

export const SESSION_COOKIE = 'crm_session';
export const CSRF_COOKIE = 'crm_csrf';
export const CSRF_HEADER = 'x-csrf-token';

export type AuthMode = 'required' | 'disabled';

export function readCookies(req: Request): Record<string, string> {
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i < 1) continue;
    const key = part.slice(0, i).trim();
    if (key.length > 100) continue;
    try {
      out[key] = decodeURIComponent(part.slice(i + 1).trim());
    } catch {
      /* a malformed cookie is ignored */
    }
  }
  return out;
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Routes that change credentials (or only end a session): they decide on a token's scopes themselves. */
const CREDENTIAL_ROUTES = /^\/api\/v1\/(_auth\/(password|logout|tokens\/[^/]+)|_users(\/[^/]+)?)\/?$/;
const PUBLIC = new Set(['POST /api/v1/_auth/login']);

const header = (req: Request, name: string): string | undefined => {
  const v = req.headers[name];
  return typeof v === 'string' ? v : Array.isArray(v) ? v.join(',') : undefined;
};

/**
 * Who the request acts as: the caller, or — when an administrator sends X-CRM-View-As — the viewed
 * role's principal (runtime/auth/viewAs.ts). This is the only place a principal is substituted.
 */
export function authMiddleware({ rt, loader, mode, access }: { rt: Runtime; loader: ActorLoader; mode: AuthMode; access: Access }): RequestHandler {
  const authenticate = who({ loader, mode });
  return (req, res, next) => {
    authenticate(req, res, async (err?: unknown) => {
      const role = header(req, VIEW_AS_HEADER);
      const user = header(req, VIEW_AS_USER_HEADER);
      if (err || (role === undefined && user === undefined)) return next(err);
      try {
        res.locals.ctx = await viewAsContext({ k: rt.db.knex, loader, access, ctx: res.locals.ctx as Ctx, role, user, write: !SAFE.has(req.method) });
        next();
      } catch (e) {
        next(e);
      }
    });
  };
}

function who({ loader, mode }: { loader: ActorLoader; mode: AuthMode }): RequestHandler {
  return async (req, res, next) => {
    try {
      const requestId = String(res.locals.requestId);
      if (mode === 'disabled') {
        res.locals.ctx = { actor: { kind: 'system', reason: 'authentication disabled' }, via: 'api', requestId } satisfies Ctx;
        return next();
      }
      const header = req.headers.authorization;
      if (typeof header === 'string' && header.length > 0) {
        const m = /^Bearer ([A-Za-z0-9_-]{10,100})$/.exec(header);
        const resolved = m ? await loader.resolveToken(m[1]) : null;
        if (!resolved) throw appError('UNAUTHENTICATED', 'the API token is not valid (unknown, expired or revoked)');
        // Tokens write only with the "write" scope; routes that change credentials check "credentials" themselves.
        const path = `${req.baseUrl}${req.path}`;
        if (!SAFE.has(req.method) && !resolved.scopes?.includes('write') && !CREDENTIAL_ROUTES.test(path)) {
          throw appError('FORBIDDEN', 'this API token may not write (it lacks the "write" scope)');
        }
        res.locals.ctx = { actor: await loader.actorFor(resolved.user, resolved.scopes), via: 'api', requestId } satisfies Ctx;
        res.locals.auth = resolved;
        return next();
      }
      const cookie = readCookies(req)[SESSION_COOKIE];
      if (cookie) {
        const resolved = await loader.resolveSession(cookie);
        if (resolved) {
          if (!SAFE.has(req.method) && req.headers[CSRF_HEADER] !== resolved.csrf) {
            throw appError('FORBIDDEN', `cookie-authenticated writes need the ${CSRF_HEADER} header from login`);
          }
          res.locals.ctx = { actor: await loader.actorFor(resolved.user), via: 'studio', requestId } satisfies Ctx;
          res.locals.auth = resolved;
          res.locals.sessionToken = cookie;
          return next();
        }
      }
      // Matched on the parsed path, never on the raw URL.
      if (PUBLIC.has(`${req.method} ${req.baseUrl}${req.path}`)) {
        res.locals.ctx = { actor: { kind: 'system', reason: 'anonymous login request' }, via: 'api', requestId } satisfies Ctx;
        return next();
      }
      throw appError('UNAUTHENTICATED', 'log in (POST /api/v1/_auth/login) or send "Authorization: Bearer <token>"');
    } catch (err) {
      next(err);
    }
  };
}

export const isUser = (res: Response): boolean => (res.locals.ctx as Ctx).actor.kind === 'user';

/**
 * Changing credentials (a password, tokens, users and their roles) needs a logged-in session or an
 * API token with the explicit `credentials` scope: a token never changes credentials by default.
 */
export function requireCredentialsScope(res: Response): void {
  const auth = res.locals.auth as { tokenId?: number; scopes?: string[] } | undefined;
  if (auth?.tokenId !== undefined && !auth.scopes?.includes('credentials')) {
    throw appError('FORBIDDEN', 'changing credentials needs a logged-in session or an API token with the "credentials" scope');
  }
}
