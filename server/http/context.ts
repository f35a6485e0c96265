// Request context: id, and the ctx the records layer needs (§10.6).
import { randomUUID } from 'node:crypto';
import type { RequestHandler, Response } from 'express';
import type { Ctx } from '../../runtime/records/context.js';
import { appError } from '../../runtime/errors/catalog.js';

const SAFE_ID = /^[A-Za-z0-9._:-]{8,100}$/;

export const requestContext: RequestHandler = (req, res, next) => {
  const given = req.headers['x-request-id'];
  const requestId = typeof given === 'string' && SAFE_ID.test(given) ? given : randomUUID();
  res.locals.requestId = requestId;
  res.setHeader('X-Request-Id', requestId);
  // Who acts is decided by the authentication middleware; until then there is no actor at all.
  next();
};

/** The request's actor context; a route reached without authentication has none (401, never a default). */
export const ctxOf = (res: Response): Ctx => {
  const ctx = res.locals.ctx as Ctx | undefined;
  if (!ctx) throw appError('UNAUTHENTICATED', 'log in first');
  return ctx;
};
