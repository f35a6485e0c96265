// JSON bodies: size limits, media type, syntax and prototype-pollution keys, all as catalog errors.
import express, { type Request, type RequestHandler } from 'express';
import { appError } from '../../runtime/errors/catalog.js';
import { findBadText, findForbiddenKey, findTooDeep, MAX_JSON_DEPTH } from '../../runtime/json.js';

export const BODY_LIMIT = '1mb';
export const BULK_BODY_LIMIT = '10mb';

export function jsonBody(limit: string): RequestHandler[] {
  const requireJson: RequestHandler = (req, _res, next) => {
    const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
    if (!hasBody) return next(appError('MALFORMED_REQUEST', 'the request needs a JSON body'));
    if (!req.is('application/json') && !req.is('application/*+json')) {
      return next(appError('UNSUPPORTED_MEDIA_TYPE', 'send the body as application/json'));
    }
    next();
  };
  const parse = leanJson(limit, express.json({ limit, strict: false, type: ['application/json', 'application/*+json'] }));
  const guard: RequestHandler = (req, _res, next) => {
    const deep = findTooDeep(req.body);
    if (deep !== null) return next(appError('MALFORMED_REQUEST', `the body is nested deeper than ${MAX_JSON_DEPTH} levels`, { errors: [{ pointer: deep, code: 'too_deep', message: `nested deeper than ${MAX_JSON_DEPTH} levels` }] }));
    const hit = findForbiddenKey(req.body);
    if (hit) return next(appError('MALFORMED_REQUEST', `the key "${hit.key}" is not allowed`, { errors: [{ pointer: hit.path, code: 'forbidden_key', message: `"${hit.key}" is not allowed` }] }));
    const bad = findBadText(req.body);
    if (bad !== null) return next(appError('MALFORMED_REQUEST', 'the body contains text that is not storable (U+0000 or an unpaired surrogate)', { errors: [{ pointer: bad, code: 'invalid_text', message: 'U+0000 and unpaired surrogates are not allowed' }] }));
    next();
  };
  return [requireJson, parse, guard];
}

const UTF8_JSON = /^application\/(?:[\w.+-]+\+)?json\s*(?:;\s*charset\s*=\s*"?utf-8"?\s*)?$/i;
const bytesOf = (limit: string): number => {
  const m = /^(\d+)(kb|mb)$/.exec(limit);
  if (!m) throw new Error(`body limit "${limit}": use <n>kb or <n>mb`);
  return Number(m[1]) * (m[2] === 'kb' ? 1024 : 1024 * 1024);
};
/** An error as body-parser gives it (problem.ts maps it: 400 / 413). */
const bodyError = (message: string, status: number, type: string): Error => Object.assign(new Error(message), { status, statusCode: status, expose: true, type });

/**
 * The common JSON body — UTF-8, no content encoding, a Content-Length within the limit — read and
 * parsed here (body-parser's general machinery cost as much as the rest of a write's routing);
 * anything else (gzip, another charset, chunked, too large) goes to `general`, which answers it.
 */
function leanJson(limit: string, general: RequestHandler): RequestHandler {
  const max = bytesOf(limit);
  return (req, res, next) => {
    const length = req.headers['content-length'];
    const encoding = req.headers['content-encoding'];
    if (length === undefined || !/^\d{1,9}$/.test(length) || Number(length) > max || req.headers['transfer-encoding'] !== undefined
      || (encoding !== undefined && encoding.toLowerCase() !== 'identity') || !UTF8_JSON.test(req.headers['content-type'] ?? '')) {
      return general(req, res, next);
    }
    const expected = Number(length);
    const chunks: Buffer[] = [];
    let received = 0;
    let done = false;
    const finish = (err: Error | null): void => {
      if (done) return;
      done = true;
      req.off('data', onData).off('end', onEnd).off('error', onError).off('aborted', onAborted);
      if (err) {
        req.resume(); // the rest is read and dropped, so the connection can answer
        return next(err);
      }
      const text = Buffer.concat(chunks, received).toString('utf8');
      try {
        // body-parser's JSON reader: a BOM is no part of the JSON; an empty body is {}
        req.body = text.length === 0 ? {} : JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
      } catch {
        return next(bodyError('the body is not valid JSON', 400, 'entity.parse.failed'));
      }
      next();
    };
    const onData = (chunk: Buffer): void => {
      received += chunk.length;
      if (received > expected) return finish(bodyError('request size did not match content length', 400, 'request.size.invalid'));
      chunks.push(chunk);
    };
    const onEnd = (): void => finish(received === expected ? null : bodyError('request size did not match content length', 400, 'request.size.invalid'));
    const onError = (err: Error): void => finish(Object.assign(err, { status: 400, expose: true }));
    const onAborted = (): void => finish(bodyError('request aborted', 400, 'request.aborted'));
    req.on('data', onData).on('end', onEnd).on('error', onError).on('aborted', onAborted);
  };
}

/** A JSON body when one is sent, checked like jsonBody; none is fine (a rule without a record, a plugin action). */
export function optionalJsonBody(limit = BODY_LIMIT): RequestHandler[] {
  const hasBody = (req: Request): boolean => Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
  return jsonBody(limit).map((h): RequestHandler => (req, res, next) => (hasBody(req) ? h(req, res, next) : next()));
}
