// /api/v1/_auth: login/logout with cookie sessions, the current user, password change, API tokens.
import { Router, type Response } from 'express';
import type { Knex } from 'knex';
import rateLimit from 'express-rate-limit';
import { appError } from '../../runtime/errors/catalog.js';
import { isPlainObject } from '../../runtime/json.js';
import { passwordProblem, hashPassword, verifyPassword } from '../../runtime/auth/passwords.js';
import {
  clearFailures, createSession, createToken, deleteSession, LOCKOUT, recordFailure, reserveAttempt, revokeAll, TOKEN_SCOPES, type TokenScope,
} from '../../runtime/auth/sessions.js';
import { findUser, findUserByEmail, normalizeEmail, toPublicUser } from '../../runtime/auth/users.js';
import { invalidateCredentials } from '../../runtime/auth/actor.js';
import type { Runtime } from '../../runtime/records/runtime.js';
import type { Ctx } from '../../runtime/records/context.js';
import { BODY_LIMIT, jsonBody } from '../http/body.js';
import { CSRF_COOKIE, requireCredentialsScope, SESSION_COOKIE } from '../http/auth.js';
import { sendProblem } from '../http/problem.js';

export interface LoginLimits { perIpPerMinute: number }

const userId = (res: Response): number => {
  const ctx = res.locals.ctx as Ctx;
  if (ctx.actor.kind !== 'user') throw appError('UNAUTHENTICATED', 'log in first');
  return ctx.actor.id;
};

function fields(body: unknown, allowed: string[]): Record<string, unknown> {
  if (!isPlainObject(body)) throw appError('MALFORMED_REQUEST', 'the body must be a JSON object');
  const extra = Object.keys(body).filter((k) => !allowed.includes(k));
  if (extra.length) throw appError('VALIDATION_FAILED', 'unknown members', { errors: extra.map((k) => ({ pointer: `/${k}`, code: 'unknown_field', message: `allowed: ${allowed.join(', ')}` })) });
  return body;
}

/** One guess of a password for `key`, or 429 while the key is locked (see reserveAttempt). */
async function reserveGuess(k: Knex, key: string, what: string): Promise<number> {
  const { attempt, lockedUntil } = await reserveAttempt(k, key);
  if (lockedUntil) {
    const retry = Math.max(1, Math.ceil((lockedUntil.getTime() - Date.now()) / 1000));
    throw appError('RATE_LIMITED', `too many ${what}; try again in ${Math.ceil(retry / 60)} minutes`, { headers: { 'Retry-After': String(retry) } });
  }
  return attempt;
}

export function authRoutes(rt: Runtime, options: { limits: LoginLimits; secureCookies: boolean }): Router {
  const r = Router();
  const k = rt.db.knex;
  const cookieBase = { path: '/', sameSite: 'lax' as const, secure: options.secureCookies };
  // Per client IP only: the key never comes from the body, so varying the body can not bypass it.
  const ipLimiter = rateLimit({
    windowMs: 60_000, limit: options.limits.perIpPerMinute, standardHeaders: 'draft-7', legacyHeaders: false,
    keyGenerator: (req) => req.ip ?? 'unknown',
    handler: (_req, res) => sendProblem(res, appError('RATE_LIMITED', 'too many login attempts from this address; wait a minute', { headers: { 'Retry-After': '60' } }), String(res.locals.requestId)),
  });

  r.post('/login', ipLimiter, ...jsonBody(BODY_LIMIT), async (req, res) => {
    const body = fields(req.body, ['email', 'password']);
    if (typeof body.email !== 'string' || typeof body.password !== 'string' || body.email.length > 320 || body.password.length > 1000) {
      throw appError('VALIDATION_FAILED', 'send {"email", "password"}', { errors: [{ pointer: '/email', code: 'required', message: 'e-mail and password are required strings' }] });
    }
    const key = normalizeEmail(body.email);
    const guess = await reserveGuess(k, key, 'failed logins');
    const user = await findUserByEmail(k, key);
    const ok = await verifyPassword(body.password, user?.password_hash);
    if (!user || !ok || user.status !== 'active') {
      await recordFailure(k, key, guess);
      throw appError('UNAUTHENTICATED', 'wrong e-mail or password');
    }
    await clearFailures(k, key);
    const { token, csrf } = await createSession(k, user.id);
    res.cookie(SESSION_COOKIE, token, { ...cookieBase, httpOnly: true, maxAge: 7 * 24 * 3600_000 });
    res.cookie(CSRF_COOKIE, csrf, { ...cookieBase, httpOnly: false, maxAge: 7 * 24 * 3600_000 });
    res.json({ data: { user: toPublicUser(user), csrfToken: csrf } });
  });

  r.post('/logout', async (_req, res) => {
    userId(res);
    if (res.locals.sessionToken) await deleteSession(k, String(res.locals.sessionToken));
    invalidateCredentials(k, { userId: userId(res) });
    res.clearCookie(SESSION_COOKIE, cookieBase).clearCookie(CSRF_COOKIE, cookieBase).status(204).end();
  });

  r.get('/me', async (_req, res) => {
    const ctx = res.locals.ctx as Ctx;
    const user = await findUser(k, userId(res));
    const auth = res.locals.auth as { csrf?: string; scopes?: string[] };
    // Viewing as a role: the user the view is computed for, with that role alone, and who is looking.
    const viewAs = ctx.viewAs ? await findUser(k, ctx.viewAs.by) : null;
    res.json({ data: {
      user: ctx.viewAs ? { ...toPublicUser(user!), roles: [ctx.viewAs.role] } : toPublicUser(user!),
      ...(auth.csrf ? { csrfToken: auth.csrf } : {}), ...(auth.scopes ? { tokenScopes: auth.scopes } : {}),
      ...(ctx.viewAs && viewAs ? { viewAs: { role: ctx.viewAs.role, by: toPublicUser(viewAs) } } : {}),
    } });
  });

  r.post('/password', ...jsonBody(BODY_LIMIT), async (req, res) => {
    const id = userId(res);
    requireCredentialsScope(res);
    const body = fields(req.body, ['currentPassword', 'newPassword']);
    const user = await findUser(k, id);
    // The same guess budget as login, keyed alike: a stolen session is no password oracle.
    const key = normalizeEmail(user!.email);
    const guess = await reserveGuess(k, key, 'wrong passwords');
    if (typeof body.currentPassword !== 'string' || !(await verifyPassword(body.currentPassword, user?.password_hash))) {
      await recordFailure(k, key, guess);
      throw appError('VALIDATION_FAILED', 'the current password is wrong', { errors: [{ pointer: '/currentPassword', code: 'password', message: 'wrong password' }] });
    }
    await clearFailures(k, key);
    const problem = passwordProblem(body.newPassword);
    if (problem) throw appError('VALIDATION_FAILED', problem, { errors: [{ pointer: '/newPassword', code: 'password', message: problem }] });
    await k('_users').where({ id }).update({ password_hash: await hashPassword(body.newPassword as string), updated_at: new Date().toISOString() });
    await revokeAll(k, id);
    invalidateCredentials(k, { userId: id });
    res.clearCookie(SESSION_COOKIE, cookieBase).clearCookie(CSRF_COOKIE, cookieBase).status(204).end();
  });

  r.get('/tokens', async (_req, res) => {
    if ((res.locals.ctx as Ctx).viewAs) throw appError('FORBIDDEN', 'the tokens of another user are not shown while viewing the app as a role');
    const rows = (await k('_tokens').where({ user_id: userId(res) }).orderBy('id')) as Record<string, unknown>[];
    res.json({ data: rows.map((t) => ({
      id: Number(t.id), name: t.name, scopes: typeof t.scopes === 'string' ? JSON.parse(t.scopes) : t.scopes, createdAt: t.created_at, expiresAt: t.expires_at ?? null,
      lastUsedAt: t.last_used_at ?? null, revokedAt: t.revoked_at ?? null,
    })) });
  });

  r.post('/tokens', ...jsonBody(BODY_LIMIT), async (req, res) => {
    const id = userId(res);
    if ((res.locals.auth as { tokenId?: number }).tokenId) throw appError('FORBIDDEN', 'API tokens can not create tokens; log in');
    const body = fields(req.body, ['name', 'scopes', 'expiresInDays']);
    const name = typeof body.name === 'string' && body.name.trim() ? body.name.trim().slice(0, 100) : 'token';
    const scopes = (body.scopes ?? ['read']) as unknown[];
    if (!Array.isArray(scopes) || scopes.length === 0 || !scopes.every((s) => (TOKEN_SCOPES as readonly unknown[]).includes(s))) {
      throw appError('VALIDATION_FAILED', `scopes are some of ${TOKEN_SCOPES.join(', ')}`, { errors: [{ pointer: '/scopes', code: 'enum', message: `some of ${TOKEN_SCOPES.join(', ')}` }] });
    }
    const days = body.expiresInDays;
    if (days !== undefined && (!Number.isInteger(days) || (days as number) < 1 || (days as number) > 3650)) {
      throw appError('VALIDATION_FAILED', 'expiresInDays is 1 to 3650', { errors: [{ pointer: '/expiresInDays', code: 'range', message: '1 to 3650' }] });
    }
    const expiresAt = days ? new Date(Date.now() + (days as number) * 86_400_000).toISOString() : null;
    const created = await createToken(k, id, { name, scopes: scopes as TokenScope[], expiresAt });
    res.status(201).json({ data: { id: created.id, name, scopes, expiresAt, token: created.token }, meta: { note: 'the token is shown only now; store it safely' } });
  });

  r.delete('/tokens/:id', async (req, res) => {
    const id = userId(res);
    requireCredentialsScope(res);
    const tokenId = Number(req.params.id);
    const n = Number.isSafeInteger(tokenId) ? await k('_tokens').where({ id: tokenId, user_id: id }).whereNull('revoked_at').update({ revoked_at: new Date().toISOString() }) : 0;
    if (!n) throw appError('NOT_FOUND', 'no such active token of yours');
    invalidateCredentials(k, { userId: id });
    res.status(204).end();
  });

  return r;
}

export { LOCKOUT };
