// Definitions at runtime over HTTP (thin: parse → runtime/definitions → respond). Administrators
// and designers only; every write is audited by the service.
import { Router, type Request, type Response } from 'express';
import { appError } from '../../runtime/errors/catalog.js';
import type { Access } from '../../runtime/auth/access.js';
import type { Definitions } from '../../runtime/definitions/service.js';
import { zipFiles } from '../../runtime/definitions/export.js';
import { APP_DOC_NAME, isKind, type DocKind, type Document } from '../../runtime/definitions/layers.js';
import { parseIfMatch } from '../../runtime/definitions/service.js';
import { isPlainObject } from '../../runtime/json.js';
import { BODY_LIMIT, jsonBody } from '../http/body.js';
import { ctxOf } from '../http/context.js';

const NAME = /^[a-z][a-z0-9_]{0,62}$/;
const P = (req: Request, key: string): string => String((req.params as Record<string, unknown>)[key]);

/** Refuses query parameters other than `allowed`. */
function noQuery(req: Request, allowed: readonly string[] = []): void {
  const key = Object.keys(req.query as Record<string, unknown>).find((k) => !allowed.includes(k));
  if (key !== undefined) throw appError('INVALID_QUERY', `unknown query parameter "${key.slice(0, 50)}"`, { errors: [{ pointer: `/${key.slice(0, 50)}`, code: 'unknown_parameter', message: `allowed: ${allowed.join(', ') || 'none'}` }] });
}

function target(req: Request): { kind: DocKind; name: string } {
  const kind = P(req, 'kind');
  const name = P(req, 'name');
  if (!isKind(kind)) throw appError('NOT_FOUND', `no definition kind "${kind.slice(0, 50)}" (entity, form, view, pipeline, automation, dashboard, role, app)`);
  if (kind === 'app' ? name !== APP_DOC_NAME : !NAME.test(name)) throw appError('NOT_FOUND', kind === 'app' ? 'the app document is /_definitions/app/app' : `"${name.slice(0, 80)}" is not a definition name`);
  return { kind, name };
}

/** The body's known members, refusing others (§10.2: never silently dropped). */
function members(body: unknown, allowed: Record<string, 'string' | 'boolean'>, required: string[] = []): Record<string, unknown> {
  if (body === undefined || body === null) body = {};
  if (!isPlainObject(body)) throw appError('MALFORMED_REQUEST', 'the body must be a JSON object');
  const errors = [
    ...Object.keys(body).filter((k) => !(k in allowed)).map((k) => ({ pointer: `/${k.slice(0, 50)}`, code: 'unknown_field', message: `allowed: ${Object.keys(allowed).join(', ')}` })),
    ...Object.entries(allowed).filter(([k, t]) => body[k] !== undefined && typeof body[k] !== t).map(([k, t]) => ({ pointer: `/${k}`, code: 'type', message: `must be a ${t}` })),
    ...required.filter((k) => body[k] === undefined).map((k) => ({ pointer: `/${k}`, code: 'required', message: 'required' })),
  ];
  if (errors.length) throw appError('VALIDATION_FAILED', 'the body is not valid', { errors });
  return body;
}

/** A body that may be absent (revert, validate, plan). */
const optionalBody = (): ReturnType<typeof jsonBody> => jsonBody(BODY_LIMIT).map((h) => (req: Request, res: Response, next: (err?: unknown) => void) => {
  const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
  return hasBody ? h(req, res, next) : next();
}) as ReturnType<typeof jsonBody>;

export function definitionRoutes(defs: Definitions, access: Access): Router {
  const r = Router();
  r.use((_req, res, next) => {
    const ctx = ctxOf(res);
    if (ctx.actor.kind !== 'system' && !access.isDesigner(ctx)) return next(appError('FORBIDDEN', 'only administrators and designers may change definitions'));
    next();
  });
  r.get('/', async (req, res) => {
    noQuery(req);
    res.json({ data: await defs.list(ctxOf(res)) });
  });
  r.post('/_validate', ...optionalBody(), async (req, res) => {
    members(req.body, {});
    res.json({ data: await defs.validate(ctxOf(res)) });
  });
  r.post('/_plan', ...optionalBody(), async (req, res) => {
    members(req.body, {});
    res.json({ data: await defs.plan(ctxOf(res)) });
  });
  r.post('/_apply', ...jsonBody(BODY_LIMIT), async (req, res) => {
    const b = members(req.body, { hash: 'string', confirmDestructive: 'boolean', message: 'string' }, ['hash']);
    res.json({ data: await defs.apply(ctxOf(res), b as { hash: string; confirmDestructive?: boolean; message?: string }) });
  });
  r.delete('/_drafts', async (req, res) => {
    noQuery(req);
    await defs.discardDrafts(ctxOf(res));
    res.status(204).end();
  });
  r.get('/_export', async (req, res) => {
    noQuery(req, ['overlay']);
    const { overlay } = req.query as Record<string, unknown>;
    if (overlay !== undefined && overlay !== 'only') throw appError('INVALID_QUERY', 'overlay takes one value, "only"', { errors: [{ pointer: '/overlay', code: 'enum', message: 'must be "only"' }] });
    const { revision, app, files } = await defs.exportFiles(overlay === 'only');
    const folder = `${app}-r${revision}${overlay === 'only' ? '-overlay' : ''}`;
    res.setHeader('Content-Type', 'application/zip');
    res.setHeader('Content-Disposition', `attachment; filename="${folder}.zip"`);
    res.setHeader('Cache-Control', 'no-store');
    res.end(Buffer.from(zipFiles(folder, files)));
  });
  r.get('/_revisions', async (req, res) => {
    noQuery(req);
    res.json({ data: await defs.revisions() });
  });
  r.post('/_revisions/:id/_revert', ...optionalBody(), async (req, res) => {
    const raw = P(req, 'id');
    if (!/^(0|[1-9]\d{0,15})$/.test(raw)) throw appError('NOT_FOUND', 'no such revision');
    const b = members(req.body, { confirmDestructive: 'boolean' });
    res.json({ data: await defs.revert(ctxOf(res), Number(raw), b as { confirmDestructive?: boolean }) });
  });
  /** Roles are access control: designers edit everything else, administrators also roles. */
  const mayWrite = (res: Response, kind: DocKind): void => {
    const ctx = ctxOf(res);
    if (kind === 'role' && ctx.actor.kind !== 'system' && !access.isAdmin(ctx)) throw appError('FORBIDDEN', 'only administrators may change roles');
  };
  r.get('/:kind/:name', async (req, res) => {
    const { kind, name } = target(req);
    noQuery(req);
    const doc = (await defs.list(ctxOf(res))).documents.find((d) => d.kind === kind && d.name === name);
    if (!doc) throw appError('NOT_FOUND', `no ${kind} "${name}"`);
    res.setHeader('ETag', `"${doc.etag}"`).json({ data: doc });
  });
  r.put('/:kind/:name', ...jsonBody(BODY_LIMIT), async (req, res) => {
    const { kind, name } = target(req);
    mayWrite(res, kind);
    if (!isPlainObject(req.body)) throw appError('MALFORMED_REQUEST', 'the body is the definition document, a JSON object');
    const doc = req.body as Document;
    if (kind !== 'app' && doc.name !== name) throw appError('VALIDATION_FAILED', `the document's name must be "${name}"`, { errors: [{ pointer: '/name', code: 'name_mismatch', message: `must be "${name}" (the name in the URL)` }] });
    const saved = await defs.saveDraft(ctxOf(res), { kind, name, document: doc, ifMatch: parseIfMatch(req.headers['if-match']) });
    res.setHeader('ETag', `"${saved.etag}"`).json({ data: saved });
  });
  r.delete('/:kind/:name', async (req, res) => {
    const { kind, name } = target(req);
    mayWrite(res, kind);
    noQuery(req);
    res.json({ data: await defs.saveDraft(ctxOf(res), { kind, name, document: null, ifMatch: parseIfMatch(req.headers['if-match']) }) });
  });
  return r;
}
