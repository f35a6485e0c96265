// Request context: id, and the ctx the records layer needs (§10.6).
import { randomUUID } from 'node:crypto';
import type { RequestHandler, Response } from 'express';
import type { Ctx } from '../../runtime/records/context.js';

const SAFE_ID = /^[A-Za-z0-9._:-]{8,100}$/;

export const requestContext: RequestHandler = (req, res, next) => {
  const given = req.headers['x-request-id'];
  const requestId = typeof given === 'string' && SAFE_ID.test(given) ? given : randomUUID();
  res.locals.requestId = requestId;
  res.setHeader('X-Request-Id', requestId);
  // No users exist yet in the foundation: API calls act as the platform; access control replaces this.
  const ctx: Ctx = { actor: { kind: 'system', reason: 'api without authentication' }, via: 'api', requestId };
  res.locals.ctx = ctx;
  next();
};

export const ctxOf = (res: Response): Ctx => res.locals.ctx as Ctx;
