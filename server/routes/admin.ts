// Administration (admins only): users and their roles, suspension; access explanations; audit log.
import { Router, type Response } from 'express';
import { appError } from '../../runtime/errors/catalog.js';
import type { Access } from '../../runtime/auth/access.js';
import { type ActorLoader, invalidateCredentials } from '../../runtime/auth/actor.js';
import { randomPassword, hashPassword, passwordProblem } from '../../runtime/auth/passwords.js';
import { revokeAll } from '../../runtime/auth/sessions.js';
import { createUser, findUser, parseUserRow, toPublicUser } from '../../runtime/auth/users.js';
import { checkManager, userInputValidators } from '../../runtime/auth/userInput.js';
import { requireCredentialsScope } from '../http/auth.js';
import { auditRowToWire } from '../../runtime/records/audit.js';
import type { Ctx } from '../../runtime/records/context.js';
import { getRecord } from '../../runtime/records/read.js';
import { hiddenFields, type Runtime } from '../../runtime/records/runtime.js';
import { idsInScope, scopeOf, visibleEntityOrThrow } from '../../runtime/records/authorize.js';
import { BODY_LIMIT, jsonBody } from '../http/body.js';
import { ctxOf } from '../http/context.js';

const requireAdmin = (access: Access, res: Response): void => {
  const ctx = ctxOf(res);
  if (ctx.actor.kind !== 'user' || !access.isAdmin(ctx)) throw appError('FORBIDDEN', 'only administrators may do this');
};
const parseId = (raw: unknown): number => {
  const n = Number(raw);
  if (typeof raw !== 'string' || !/^[1-9]\d{0,15}$/.test(raw)) throw appError('NOT_FOUND', 'not found');
  return n;
};

export function adminRoutes(rt: Runtime, access: Access, loader: ActorLoader): Router {
  const r = Router();
  const k = rt.db.knex;
  const roleNames = new Set(access.roles.keys());
  const input = userInputValidators([...roleNames]);

  r.get('/_users', async (_req, res) => {
    requireAdmin(access, res);
    const rows = (await k('_users').orderBy('id')) as Record<string, unknown>[];
    res.json({ data: rows.map((row) => toPublicUser(parseUserRow(row))), meta: { roles: [...roleNames] } });
  });

  r.post('/_users', ...jsonBody(BODY_LIMIT), async (req, res) => {
    requireAdmin(access, res);
    requireCredentialsScope(res);
    const body = input.create(req.body);
    await checkManager(k, body.manager);
    const generated = body.password === undefined ? randomPassword() : null;
    const id = await createUser(k, {
      email: body.email as string, name: (body.name as string | null | undefined) ?? undefined, password: (body.password as string | undefined) ?? generated,
      roles: (body.roles as string[] | undefined) ?? [], team: (body.team as string | null | undefined) ?? null,
      department: (body.department as string | null | undefined) ?? null, manager: (body.manager as number | null | undefined) ?? null,
    }, roleNames);
    loader.invalidate();
    res.status(201).json({ data: toPublicUser((await findUser(k, id))!), ...(generated ? { meta: { password: generated, note: 'shown only now' } } : {}) });
  });

  r.patch('/_users/:id', ...jsonBody(BODY_LIMIT), async (req, res) => {
    requireAdmin(access, res);
    requireCredentialsScope(res);
    const id = parseId(req.params.id);
    const user = await findUser(k, id);
    if (!user) throw appError('NOT_FOUND', `no user ${id}`);
    const body = input.patch(req.body, id);
    await checkManager(k, body.manager);
    const patch: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(body)) {
      if (key === 'roles') patch.roles = JSON.stringify(v);
      else if (key === 'password') {
        const p = passwordProblem(v);
        if (p) throw appError('VALIDATION_FAILED', p, { errors: [{ pointer: '/password', code: 'password', message: p }] });
        patch.password_hash = await hashPassword(v as string);
      } else patch[key] = typeof v === 'string' ? v.normalize('NFC').trim() : v;
    }
    await k('_users').where({ id }).update({ ...patch, updated_at: new Date().toISOString() });
    // Suspension and password resets end every session and token at once.
    if (patch.status === 'suspended' || patch.password_hash) await revokeAll(k, id);
    invalidateCredentials(k, { userId: id });
    loader.invalidate();
    res.json({ data: toPublicUser((await findUser(k, id))!) });
  });

  r.get('/_access/explain', async (req, res) => {
    const ctx = ctxOf(res);
    const { entity: name, id, ...rest } = req.query as Record<string, unknown>;
    if (Object.keys(rest).length || typeof name !== 'string') throw appError('INVALID_QUERY', 'use ?entity=<name>[&id=<id>]', { errors: [{ pointer: '/entity', code: 'required', message: 'entity is required' }] });
    const entity = await visibleEntityOrThrow({ rt, ctx, name });
    const actions = access.explain({ ctx, entity: entity.name });
    let record: { id: number; visible: boolean } | undefined;
    if (id !== undefined) {
      const recordId = parseId(id);
      let visible = true;
      try {
        await getRecord(rt, { entity: entity.name, id: recordId, ctx });
      } catch {
        visible = false;
      }
      record = { id: recordId, visible };
    }
    const rules = rt.fieldRules?.({ ctx, entity: entity.name });
    res.json({ data: {
      entity: entity.name, actor: ctx.actor.kind === 'user' ? { id: ctx.actor.id, roles: ctx.actor.roles } : { kind: 'system' },
      actions: record && !record.visible ? actions.map((a) => ({ ...a, allowed: false, because: ['the record is not in your scope (or does not exist)'] })) : actions,
      ...(record ? { record } : {}),
      fields: { hidden: [...(rules?.hidden ?? [])], readOnly: [...(rules?.readOnly ?? [])] },
    } });
  });

  r.get('/_audit', async (req, res) => {
    const ctx = ctxOf(res);
    const { user, limit, before, ...rest } = req.query as Record<string, unknown>;
    if (Object.keys(rest).length) throw appError('INVALID_QUERY', 'use ?user=<id>[&limit=][&before=<audit id>]', { errors: [{ pointer: `/${Object.keys(rest)[0]}`, code: 'unknown_parameter', message: 'unknown' }] });
    const uid = user === undefined ? (ctx.actor.kind === 'user' ? ctx.actor.id : null) : parseId(user);
    if (ctx.actor.kind === 'user' && uid !== ctx.actor.id) requireAdmin(access, res);
    const qb = k('_audit').orderBy('id', 'desc').limit(limit && /^\d{1,3}$/.test(String(limit)) ? Math.min(500, Number(limit)) : 100);
    if (uid !== null) qb.where('actor_id', uid);
    if (before !== undefined) qb.where('id', '<', parseId(before));
    const rows = (await qb) as Record<string, unknown>[];
    const shown = access.isAdmin(ctx) ? rows : await readableAuditRows(rt, ctx, rows);
    res.json({ data: shown.map((row) => auditRowToWire(row, hiddenFields(rt, ctx, String(row.entity)))) });
  });

  return r;
}

/**
 * A user's own audit entries, reduced to the records they may read now (a deleted record stays
 * listed: they deleted it). The page may come back shorter than `limit`; `before` pages on.
 */
async function readableAuditRows(rt: Runtime, ctx: Ctx, rows: Record<string, unknown>[]): Promise<Record<string, unknown>[]> {
  const readable = new Set<string>();
  const byEntity = new Map<string, number[]>();
  for (const row of rows) byEntity.set(String(row.entity), [...(byEntity.get(String(row.entity)) ?? []), Number(row.record_id)]);
  for (const [name, ids] of byEntity) {
    const entity = rt.app.entities.get(name);
    const result = entity ? await rt.authorize({ ctx, entity: name, action: 'read' }) : false;
    if (!entity || result === false) continue;
    readable.add(name);
    for (const id of await idsInScope({ trx: rt.db.knex, entity, ids, scope: scopeOf({ rt, ctx, entity, result }) })) readable.add(`${name}:${id}`);
  }
  return rows.filter((row) => readable.has(row.action === 'delete' ? String(row.entity) : `${row.entity}:${row.record_id}`));
}

/** GET /api/v1/<entity>/<id>/_audit: the record's history, if the caller may read the record. */
export function recordAuditRoute(rt: Runtime): Router {
  const r = Router();
  r.get('/:entity/:id/_audit', async (req, res) => {
    const ctx: Ctx = ctxOf(res);
    const entity = await visibleEntityOrThrow({ rt, ctx, name: String(req.params.entity) });
    const id = parseId(req.params.id);
    await getRecord(rt, { entity: entity.name, id, ctx });
    const unknown = Object.keys(req.query)[0];
    if (unknown !== undefined) throw appError('INVALID_QUERY', `unknown query parameter "${unknown}"`, { errors: [{ pointer: `/${unknown}`, code: 'unknown_parameter', message: 'this route takes no query parameters' }] });
    const rows = (await rt.db.knex('_audit').where({ entity: entity.name, record_id: id }).orderBy('id', 'desc').limit(500)) as Record<string, unknown>[];
    const hidden = hiddenFields(rt, ctx, entity.name);
    res.json({ data: rows.map((row) => auditRowToWire(row, hidden)) });
  });
  return r;
}
