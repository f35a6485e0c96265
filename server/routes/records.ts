// Thin record routes (§4): parse → call runtime/records → serialize.
import { Router, type Request, type Response } from 'express';
import { appError } from '../../runtime/errors/catalog.js';
import { isPlainObject } from '../../runtime/json.js';
import {
  bulkUpsert, createAndRead, deleteRecord, getRecord, listRecords, parseListQuery, parseReadQuery, updateAndRead,
} from '../../runtime/records/index.js';
import { visibleEntityOrThrow } from '../../runtime/records/authorize.js';
import { hiddenFields, type Runtime } from '../../runtime/records/runtime.js';
import { BULK_BODY_LIMIT, BODY_LIMIT, jsonBody } from '../http/body.js';
import { ctxOf } from '../http/context.js';

const parseId = (raw: string): number => {
  if (!/^[1-9]\d{0,15}$/.test(raw) || !Number.isSafeInteger(Number(raw))) throw appError('NOT_FOUND', `no record with id "${raw.slice(0, 40)}"`);
  return Number(raw);
};
const P = (req: Request, key: string): string => String((req.params as Record<string, unknown>)[key]);
const etag = (version: number): string => `"${version}"`;
const ifMatch = (req: Request): string | undefined => {
  const h = req.headers['if-match'];
  return typeof h === 'string' ? h : undefined;
};
const noQuery = (req: Request, allowed: string[] = []): void => {
  for (const key of Object.keys(req.query)) {
    if (!allowed.includes(key)) throw appError('INVALID_QUERY', `unknown query parameter "${key}"`, { errors: [{ pointer: `/${key}`, code: 'unknown_parameter', message: `unknown query parameter "${key}"` }] });
  }
};

/**
 * A JSON answer, written directly: express's res.json looks the media type up and converts the text
 * on every call, a measurable share of a record request. HEAD gets the headers alone, as from res.json.
 */
function sendJson(req: Request, res: Response, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(body));
  if (req.method === 'HEAD') res.end();
  else res.end(body);
}

export function recordRoutes(rt: Runtime): Router {
  const r = Router();
  r.get('/:entity', async (req, res) => {
    const entity = await visibleEntityOrThrow({ rt, ctx: ctxOf(res), name: P(req, 'entity') });
    const query = parseListQuery(rt.app, entity, req.query as Record<string, unknown>, (name) => hiddenFields(rt, ctxOf(res), name));
    sendJson(req, res, 200, await listRecords(rt, { entity: entity.name, ctx: ctxOf(res), query }));
  });
  r.post('/:entity', ...jsonBody(BODY_LIMIT), async (req, res) => {
    await visibleEntityOrThrow({ rt, ctx: ctxOf(res), name: P(req, 'entity') });
    noQuery(req);
    const rec = await createAndRead(rt, { entity: P(req, 'entity'), data: req.body, ctx: ctxOf(res) });
    res.setHeader('ETag', etag(rec.version)).setHeader('Location', `/api/v1/${P(req, 'entity')}/${rec.id}`);
    sendJson(req, res, 201, { data: rec });
  });
  r.post('/:entity/_bulk', ...jsonBody(BULK_BODY_LIMIT), async (req, res) => {
    await visibleEntityOrThrow({ rt, ctx: ctxOf(res), name: P(req, 'entity') });
    noQuery(req);
    const body = req.body as unknown;
    if (!isPlainObject(body) || !Array.isArray(body.records)) {
      throw appError('VALIDATION_FAILED', 'the body is {"upsert": {"matchKey": [...]}, "records": [...]}', { errors: [{ pointer: '/records', code: 'required', message: 'an array of records is required' }] });
    }
    const upsert = body.upsert as { matchKey?: unknown } | undefined;
    const matchKey = upsert?.matchKey;
    if (!Array.isArray(matchKey) || matchKey.length === 0 || !matchKey.every((k) => typeof k === 'string')) {
      throw appError('VALIDATION_FAILED', 'bulk writes upsert by a match key', { errors: [{ pointer: '/upsert/matchKey', code: 'required', message: 'an array of field names is required' }] });
    }
    for (const key of Object.keys(body)) {
      if (key !== 'upsert' && key !== 'records') throw appError('VALIDATION_FAILED', `unknown member "${key}"`, { errors: [{ pointer: `/${key}`, code: 'unknown_field', message: 'unknown member' }] });
    }
    const results = await bulkUpsert(rt, { entity: P(req, 'entity'), matchKey: matchKey as string[], records: body.records, ctx: ctxOf(res) });
    res.json({
      data: results,
      meta: { created: results.filter((x) => x.status === 'created').length, updated: results.filter((x) => x.status === 'updated').length },
    });
  });
  r.get('/:entity/:id', async (req, res) => {
    const entity = await visibleEntityOrThrow({ rt, ctx: ctxOf(res), name: P(req, 'entity') });
    const query = parseReadQuery(rt.app, entity, req.query as Record<string, unknown>, (name) => hiddenFields(rt, ctxOf(res), name));
    const rec = await getRecord(rt, { entity: entity.name, id: parseId(P(req, 'id')), ctx: ctxOf(res), query });
    const tag = etag(rec.version as number);
    res.setHeader('ETag', tag);
    if (req.headers['if-none-match'] === tag && !query.fields && query.expand.length === 0) {
      res.status(304).end();
      return;
    }
    sendJson(req, res, 200, { data: rec });
  });
  r.patch('/:entity/:id', ...jsonBody(BODY_LIMIT), async (req, res) => {
    await visibleEntityOrThrow({ rt, ctx: ctxOf(res), name: P(req, 'entity') });
    noQuery(req);
    const id = parseId(P(req, 'id'));
    const rec = await updateAndRead(rt, { entity: P(req, 'entity'), id, data: req.body, ctx: ctxOf(res), ifMatch: ifMatch(req) });
    res.setHeader('ETag', etag(rec.version));
    sendJson(req, res, 200, { data: rec });
  });
  r.delete('/:entity/:id', async (req, res) => {
    await visibleEntityOrThrow({ rt, ctx: ctxOf(res), name: P(req, 'entity') });
    noQuery(req);
    await deleteRecord(rt, { entity: P(req, 'entity'), id: parseId(P(req, 'id')), ctx: ctxOf(res), ifMatch: ifMatch(req) });
    res.status(204).end();
  });
  r.all(['/:entity', '/:entity/:id', '/:entity/_bulk'], async (req, res) => {
    await visibleEntityOrThrow({ rt, ctx: ctxOf(res), name: P(req, 'entity') });
    throw appError('METHOD_NOT_ALLOWED', `${req.method} is not supported here`);
  });
  return r;
}
