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
  const parse = express.json({ limit, strict: false, type: ['application/json', 'application/*+json'] });
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

/** A JSON body when one is sent, checked like jsonBody; none is fine (a rule without a record, a plugin action). */
export function optionalJsonBody(limit = BODY_LIMIT): RequestHandler[] {
  const hasBody = (req: Request): boolean => Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
  return jsonBody(limit).map((h): RequestHandler => (req, res, next) => (hasBody(req) ? h(req, res, next) : next()));
}
