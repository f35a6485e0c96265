// The one translator from errors to RFC 9457 problem+json responses (§10.2).
import type { ErrorRequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { AppError, CATALOG, type ErrorCode, isAppError, type ProblemItem } from '../../runtime/errors/catalog.js';
import { isBusy, isQueryTimeout } from '../../runtime/dialect/index.js';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  errors?: ProblemItem[];
  requestId: string;
}

export function sendProblem(res: Response, err: AppError, requestId: string): void {
  const body: Problem = {
    ...err.members,
    type: 'about:blank',
    title: CATALOG[err.code].title,
    status: err.status,
    detail: err.message,
    code: err.code,
    ...(err.errors?.length ? { errors: err.errors } : {}),
    requestId,
  };
  for (const [k, v] of Object.entries(err.headers ?? {})) res.setHeader(k, v);
  if (err.code === 'METHOD_NOT_ALLOWED' && !res.getHeader('Allow')) res.setHeader('Allow', 'GET, POST, PATCH, DELETE');
  res.status(err.status).type('application/problem+json').send(JSON.stringify(body));
}

/** Maps anything thrown to a catalog error; unknown errors become a generic 500 and are logged. */
export function toAppError(err: unknown, log: Logger, requestId?: string): AppError {
  if (isAppError(err)) return err;
  const e = err as { type?: string; status?: number; statusCode?: number };
  if (e?.type === 'entity.too.large' || e?.status === 413) return new AppError('PAYLOAD_TOO_LARGE', 'the request body is larger than the limit');
  if (e?.type === 'entity.parse.failed') return new AppError('MALFORMED_REQUEST', 'the body is not valid JSON');
  if (e?.type === 'encoding.unsupported' || e?.type === 'charset.unsupported') return new AppError('UNSUPPORTED_MEDIA_TYPE', 'unsupported body encoding');
  if (isQueryTimeout(err)) return new AppError('QUERY_TIMEOUT', 'the read took longer than its time budget and was stopped; narrow the filter, sort on an indexed field or ask for fewer rows');
  if (isBusy(err)) return new AppError('RATE_LIMITED', 'the database is busy; retry shortly', { headers: { 'Retry-After': '1' } });
  // The router's undecodable path segment (%E0%A4%A) and body-parser's unreadable body (bad gzip/deflate data, wrong length) are 400s.
  if (err instanceof URIError && e.status === 400) return new AppError('MALFORMED_REQUEST', 'the URL is not valid percent-encoding');
  if (e?.status === 400 && (err as { expose?: boolean }).expose === true) return new AppError('MALFORMED_REQUEST', 'the request body could not be read (content encoding or length)');
  log.error({ err, requestId }, 'unhandled error');
  return new AppError('INTERNAL', 'an internal error occurred; the log has details under this requestId');
}

export function problemMiddleware(log: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const appErr = toAppError(err, log, String(res.locals.requestId ?? ''));
    // A stream (CSV export) that fails after its first bytes can only be cut off: the client sees an incomplete body.
    if (res.headersSent) return void res.destroy();
    sendProblem(res, appErr, String(res.locals.requestId ?? ''));
  };
}
