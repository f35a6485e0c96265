// The one write path: every create/update/delete runs here, inside one write transaction where the
// audit row and the automation outbox row will join the record.
import type { Knex } from 'knex';
import type { CompiledEntity } from '../compile/compileApp.js';
import { encodeValue, isForeignKeyViolation, isUniqueViolation, uniqueViolationColumns, writeTransaction } from '../dialect/index.js';
import { appError, isAppError, type ProblemItem } from '../errors/catalog.js';
import { type CompiledFilter, compileFilter } from '../query/filter.js';
import { actorId, type AuthorizeResult, type Ctx, filterVars } from './context.js';
import { checkWriteBody, rowToWire, stripHidden, type WireRecord, wireToColumns } from './codec.js';
import { applyDefaults, computeFormulas, flushRollups, markDirty, newPending, nextAutonumbers, type Pending } from './compute.js';
import { hiddenFields, readOnlyFields, type Runtime } from './runtime.js';
import { diff, writeAudit } from './audit.js';
import { attachManyToMany, loadOne } from './read.js';

const now = (): string => new Date().toISOString();

/** An allowing authorize result as a query condition: null for "every record", else the bound scope. */
export function scopeOf(rt: Runtime, ctx: Ctx, entity: CompiledEntity, res: Exclude<AuthorizeResult, false>): ((qb: Knex.QueryBuilder) => void) | null {
  if (res === true) return null;
  const compiled = typeof (res as CompiledFilter).toKnex === 'function' ? (res as CompiledFilter) : compileFilter(rt.app.model, entity.name, res);
  return compiled.toKnex(filterVars(ctx), rt.db.dialect, entity.table);
}

export async function authorizeOrThrow(rt: Runtime, ctx: Ctx, entity: CompiledEntity, action: 'read' | 'create' | 'update' | 'delete' | 'export'): Promise<((qb: Knex.QueryBuilder) => void) | null> {
  const res = await rt.authorize({ ctx, entity: entity.name, action });
  if (res === false) throw appError(action === 'read' ? 'NOT_FOUND' : 'FORBIDDEN', action === 'read' ? `unknown entity "${entity.name}"` : `you may not ${action} ${entity.name} records`);
  return scopeOf(rt, ctx, entity, res);
}

/**
 * A create grant. Without one, a caller who may not even read the entity gets 404 like for an
 * unknown entity (no existence oracle); one who may read it gets 403.
 */
async function authorizeCreate(rt: Runtime, ctx: Ctx, entity: CompiledEntity): Promise<((qb: Knex.QueryBuilder) => void) | null> {
  if ((await rt.authorize({ ctx, entity: entity.name, action: 'create' })) === false) await authorizeOrThrow(rt, ctx, entity, 'read');
  return authorizeOrThrow(rt, ctx, entity, 'create');
}

export function entityOrThrow(rt: Runtime, name: string): CompiledEntity {
  const e = rt.app.entities.get(name);
  if (!e) throw appError('NOT_FOUND', `unknown entity "${name}"`);
  return e;
}

/** Related records must exist and be readable by the caller: a record out of scope is "not found". */
async function checkReferences(trx: Knex.Transaction, rt: Runtime, entity: CompiledEntity, data: Record<string, unknown>, prefix: string, known: Set<string>, ctx: Ctx): Promise<void> {
  const problems: ProblemItem[] = [];
  for (const [name, value] of Object.entries(data)) {
    const f = entity.info.fields.get(name);
    if (!f?.relation || value === null || value === undefined) continue;
    const table = f.relation.target;
    const target = rt.app.entities.get(table);
    let scope: ((qb: Knex.QueryBuilder) => void) | null = null;
    if (target) {
      const res = await rt.authorize({ ctx, entity: target.name, action: 'read' });
      if (res === false) {
        problems.push({ pointer: `${prefix}/${name}`, code: 'not_found', message: `no ${table} with id ${JSON.stringify(value)}` });
        continue;
      }
      scope = scopeOf(rt, ctx, target, res);
    }
    const ids = (Array.isArray(value) ? (value as number[]) : [value as number]).filter((id) => !known.has(`${table}:${id}`));
    if (ids.length === 0) continue;
    // Ids beyond the safe integer range exist nowhere; PostgreSQL would fail on them (bigint range) where SQLite answers.
    const queryable = ids.filter((id) => Number.isSafeInteger(id));
    const lookup = trx(table).whereIn(`${table}.id`, queryable);
    if (scope) lookup.where((w) => scope!(w));
    const found = queryable.length ? (await lookup.pluck(`${table}.id`)).map(Number) : [];
    for (const id of found) known.add(`${table}:${id}`);
    const missing = ids.filter((id) => !found.includes(id));
    if (missing.length) problems.push({ pointer: `${prefix}/${name}`, code: 'not_found', message: `no ${table === '_users' ? 'user' : table} with id ${missing.join(', ')}` });
  }
  if (problems.length) throw appError('VALIDATION_FAILED', 'the record refers to records that do not exist', { errors: problems });
}

/** A unique index refused the write: name the fields (with the request's pointer prefix). */
function uniqueConflict(err: unknown, entity: CompiledEntity, prefix: string): unknown {
  if (!isUniqueViolation(err)) return err;
  const cols = uniqueViolationColumns(err).filter((c) => entity.info.fields.has(c));
  return appError('UNIQUE_CONFLICT', `another ${entity.name} already has this ${cols.join(' + ') || 'value'}`, {
    errors: cols.map((c) => ({ pointer: `${prefix}/${c}`, code: 'unique', message: 'is already taken' })),
  });
}

function translateDbError(err: unknown, entity: CompiledEntity): never {
  if (isAppError(err)) throw err;
  if (isUniqueViolation(err)) throw appError('UNIQUE_CONFLICT', `a unique value of ${entity.name} is already taken`);
  if (isForeignKeyViolation(err)) throw appError('DELETE_RESTRICTED', `the ${entity.name} record is still referenced by other records`);
  throw err;
}

async function writeManyToMany(trx: Knex.Transaction, entity: CompiledEntity, id: number, data: Record<string, unknown>, replace: boolean): Promise<void> {
  for (const m of entity.manyToMany) {
    if (!(m.name in data)) continue;
    const jt = m.relation!.joinTable!;
    if (replace) await trx(jt).where('source_id', id).delete();
    const ids = (data[m.name] as number[] | null) ?? [];
    if (ids.length) await trx(jt).insert(ids.map((t) => ({ source_id: id, target_id: t })));
  }
}

function feedParents(pending: Pending, entity: CompiledEntity, before: Record<string, unknown> | null, after: Record<string, unknown> | null): void {
  for (const feed of entity.feeds) {
    markDirty(pending, feed.parent, before?.[feed.column], feed.rollup);
    markDirty(pending, feed.parent, after?.[feed.column], feed.rollup);
  }
}

const flush = async (rt: Runtime, trx: Knex.Transaction, pending: Pending, ctx: Ctx): Promise<void> => {
  await flushRollups({ app: rt.app, dialect: rt.db.dialect, trx, pending, ctx });
  await writeAudit(trx, ctx, pending.audit);
  pending.audit = [];
};

const rulesOf = (rt: Runtime, ctx: Ctx, entity: CompiledEntity) => ({ hidden: hiddenFields(rt, ctx, entity.name), readOnly: readOnlyFields(rt, ctx, entity.name) });

/** The stored values of a record as the audit keeps them (no system fields). */
const auditValues = (entity: CompiledEntity, rec: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(entity.fields.filter((f) => f.name in rec).map((f) => [f.name, rec[f.name]]));

/** Inside an open transaction: create one record. */
export async function createInTrx(rt: Runtime, trx: Knex.Transaction, entity: CompiledEntity, body: unknown, ctx: Ctx, pending: Pending, prefix = ''): Promise<number> {
  const data = checkWriteBody(entity, body, 'create', prefix, rulesOf(rt, ctx, entity));
  applyDefaults(rt.app, entity, data, ctx);
  await checkReferences(trx, rt, entity, data, prefix, pending.known, ctx);
  await nextAutonumbers(trx, entity, data);
  for (const r of entity.rollups) data[r.field] = r.aggregate === 'count' ? 0 : r.aggregate === 'sum' ? '0' : null;
  const full = computeFormulas(entity, { ...Object.fromEntries(entity.fields.map((f) => [f.name, null])), ...data });
  const ts = now();
  const row = {
    ...wireToColumns(rt.db.dialect, entity, full),
    created_at: ts, updated_at: ts, created_by: actorId(ctx), updated_by: actorId(ctx), version: 1,
  };
  let inserted: Record<string, unknown>[];
  try {
    inserted = (await trx(entity.table).insert(row, '*')) as Record<string, unknown>[];
  } catch (err) {
    throw uniqueConflict(err, entity, prefix);
  }
  const id = Number(inserted[0].id);
  pending.rows.set(`${entity.name}:${id}`, inserted[0]);
  await writeManyToMany(trx, entity, id, data, false);
  feedParents(pending, entity, null, full);
  const after = auditValues(entity, { ...full, ...Object.fromEntries(entity.manyToMany.map((m) => [m.name, data[m.name] ?? []])) });
  for (const r of entity.rollups) delete after[r.field];
  pending.audit.push({ entity: entity.name, recordId: id, action: 'create', before: null, after, changed: Object.keys(after) });
  return id;
}

/** Inside an open transaction: patch one record (already loaded as `current`). */
export async function updateInTrx(rt: Runtime, trx: Knex.Transaction, entity: CompiledEntity, current: WireRecord, body: unknown, ctx: Ctx, pending: Pending, prefix = ''): Promise<void> {
  const data = checkWriteBody(entity, body, 'patch', prefix, rulesOf(rt, ctx, entity));
  await checkReferences(trx, rt, entity, data, prefix, pending.known, ctx);
  const merged = computeFormulas(entity, { ...current, ...data });
  const changedCols: Record<string, unknown> = {};
  for (const name of [...Object.keys(data), ...entity.formulas.map((f) => f.field)]) {
    if (entity.manyToMany.some((m) => m.name === name)) continue;
    changedCols[name] = merged[name];
  }
  let updated: Record<string, unknown>[];
  try {
    updated = (await trx(entity.table).where({ id: current.id, version: current.version }).update({
      ...wireToColumns(rt.db.dialect, entity, changedCols),
      updated_at: now(), updated_by: actorId(ctx), version: current.version + 1,
    }, '*')) as Record<string, unknown>[];
  } catch (err) {
    throw uniqueConflict(err, entity, prefix);
  }
  if (updated.length === 0) throw appError('PRECONDITION_FAILED', 'the record was changed by someone else; reload it and try again');
  pending.rows.set(`${entity.name}:${current.id}`, updated[0]);
  await writeManyToMany(trx, entity, current.id, data, true);
  feedParents(pending, entity, current, merged);
  const d = diff(current, merged, [...Object.keys(data), ...entity.formulas.map((f) => f.field)]);
  pending.audit.push({ entity: entity.name, recordId: current.id, action: 'update', before: d.before, after: d.after, changed: d.changed });
}

export async function deleteInTrx(rt: Runtime, trx: Knex.Transaction, entity: CompiledEntity, current: WireRecord, ctx: Ctx, pending: Pending, depth = 0): Promise<void> {
  if (depth > 10) throw appError('DELETE_RESTRICTED', 'cascading delete is nested too deeply');
  for (const inc of entity.incoming) {
    const child = rt.app.entities.get(inc.entity)!;
    if (inc.onDelete === 'restrict') {
      const [{ n }] = await trx(child.table).where(inc.column, current.id).count({ n: '*' });
      if (Number(n) > 0) {
        throw appError('DELETE_RESTRICTED', `${n} ${child.name} record(s) still refer to this ${entity.name} (field "${inc.field}"); delete or move them first`);
      }
    } else if (inc.onDelete === 'cascade') {
      const rows = await trx(child.table).where(inc.column, current.id);
      for (const row of rows) await deleteInTrx(rt, trx, child, rowToWire(rt.db.dialect, child, row), ctx, pending, depth + 1);
    } else {
      const ids = (await trx(child.table).where(inc.column, current.id).pluck('id')).map(Number);
      for (const id of ids) pending.audit.push({ entity: child.name, recordId: id, action: 'update', before: { [inc.field]: current.id }, after: { [inc.field]: null }, changed: [inc.field] });
      await trx(child.table).where(inc.column, current.id).update({
        [inc.column]: null, updated_at: now(), updated_by: actorId(ctx), version: trx.raw('?? + 1', ['version']),
      });
    }
  }
  await trx(entity.table).where('id', current.id).delete();
  feedParents(pending, entity, current, null);
  const before = auditValues(entity, current);
  pending.audit.push({ entity: entity.name, recordId: current.id, action: 'delete', before, after: null, changed: Object.keys(before) });
}

async function loadForWrite(rt: Runtime, trx: Knex.Transaction, entity: CompiledEntity, id: number, scope: ((qb: Knex.QueryBuilder) => void) | null, ifMatch?: string): Promise<WireRecord> {
  const current = await loadOne(rt, trx, entity, id, scope);
  if (!current) throw appError('NOT_FOUND', `no ${entity.name} with id ${id}`);
  if (ifMatch !== undefined && !etagMatches(ifMatch, current.version)) {
    throw appError('PRECONDITION_FAILED', `If-Match ${ifMatch} does not match the current version ${current.version}`);
  }
  await attachManyToMany(trx, entity, [current]);
  return current;
}

export function etagMatches(header: string, version: number): boolean {
  return header.split(',').map((s) => s.trim().replace(/^W\//, '').replace(/"/g, '')).some((t) => t === '*' || t === String(version));
}

/** A create grant given as a filter: the new record must fall inside it, or the write is undone. */
async function checkCreateScope(trx: Knex.Transaction, entity: CompiledEntity, id: number, scope: ((qb: Knex.QueryBuilder) => void) | null): Promise<void> {
  if (!scope) return;
  const hit = await trx(entity.table).where(`${entity.table}.id`, id).where((w) => scope(w)).first(`${entity.table}.id`);
  if (!hit) throw appError('FORBIDDEN', `you may only create ${entity.name} records inside your scope`);
}

/** The record as the write left it, from the row the write returned (no extra read when possible). */
async function readBack(rt: Runtime, trx: Knex.Transaction, entity: CompiledEntity, id: number, pending: Pending, ctx: Ctx): Promise<WireRecord> {
  const row = pending.rows.get(`${entity.name}:${id}`) ?? (await trx(entity.table).where('id', id).first());
  const rec = rowToWire(rt.db.dialect, entity, row as Record<string, unknown>);
  await attachManyToMany(trx, entity, [rec]);
  return stripHidden(rec, hiddenFields(rt, ctx, entity.name));
}

export async function createRecord(rt: Runtime, args: { entity: string; data: unknown; ctx: Ctx }): Promise<number> {
  return (await createAndRead(rt, args)).id;
}

/** Creates a record and returns it in wire form. */
export async function createAndRead(rt: Runtime, args: { entity: string; data: unknown; ctx: Ctx }): Promise<WireRecord> {
  const entity = entityOrThrow(rt, args.entity);
  const createScope = await authorizeCreate(rt, args.ctx, entity);
  try {
    return await writeTransaction(rt.db, async (trx) => {
      const pending = newPending();
      const id = await createInTrx(rt, trx, entity, args.data, args.ctx, pending);
      await checkCreateScope(trx, entity, id, createScope);
      await flush(rt, trx, pending, args.ctx);
      return readBack(rt, trx, entity, id, pending, args.ctx);
    });
  } catch (err) {
    translateDbError(err, entity);
  }
}

export async function updateRecord(rt: Runtime, args: { entity: string; id: number; data: unknown; ctx: Ctx; ifMatch?: string }): Promise<void> {
  await updateAndRead(rt, args);
}

/** Patches a record and returns it in wire form. */
export async function updateAndRead(rt: Runtime, args: { entity: string; id: number; data: unknown; ctx: Ctx; ifMatch?: string }): Promise<WireRecord> {
  const entity = entityOrThrow(rt, args.entity);
  await authorizeOrThrow(rt, args.ctx, entity, 'read');
  const scope = await authorizeOrThrow(rt, args.ctx, entity, 'update');
  try {
    return await writeTransaction(rt.db, async (trx) => {
      const current = await loadForWrite(rt, trx, entity, args.id, scope, args.ifMatch);
      const pending = newPending();
      await updateInTrx(rt, trx, entity, current, args.data, args.ctx, pending);
      await flush(rt, trx, pending, args.ctx);
      return readBack(rt, trx, entity, current.id, pending, args.ctx);
    });
  } catch (err) {
    translateDbError(err, entity);
  }
}

export async function deleteRecord(rt: Runtime, args: { entity: string; id: number; ctx: Ctx; ifMatch?: string }): Promise<void> {
  const entity = entityOrThrow(rt, args.entity);
  await authorizeOrThrow(rt, args.ctx, entity, 'read');
  const scope = await authorizeOrThrow(rt, args.ctx, entity, 'delete');
  try {
    await writeTransaction(rt.db, async (trx) => {
      const current = await loadForWrite(rt, trx, entity, args.id, scope, args.ifMatch);
      const pending = newPending();
      await deleteInTrx(rt, trx, entity, current, args.ctx, pending);
      await flush(rt, trx, pending, args.ctx);
    });
  } catch (err) {
    translateDbError(err, entity);
  }
}

export const BULK_MAX = 1000;

/** Creates or updates each record by its match key, all in one transaction (all or nothing). */
export async function bulkUpsert(rt: Runtime, args: { entity: string; matchKey: string[]; records: unknown[]; ctx: Ctx }): Promise<{ id: number; status: 'created' | 'updated' }[]> {
  const entity = entityOrThrow(rt, args.entity);
  // Authorize before anything about the entity (its match keys) is revealed.
  const createScope = await authorizeCreate(rt, args.ctx, entity);
  const scope = await authorizeOrThrow(rt, args.ctx, entity, 'update');
  const key = args.matchKey;
  if (!entity.matchKeys.some((mk) => mk.length === key.length && mk.every((k, i) => k === key[i]))) {
    throw appError('VALIDATION_FAILED', `[${key.join(', ')}] is not a match key of ${entity.name}`, {
      errors: [{ pointer: '/upsert/matchKey', code: 'match_key', message: `match keys: ${entity.matchKeys.map((k) => `[${k.join(', ')}]`).join(' ') || 'none defined'}` }],
    });
  }
  if (args.records.length > BULK_MAX) throw appError('VALIDATION_FAILED', `at most ${BULK_MAX} records per request`, { errors: [{ pointer: '/records', code: 'maxItems', message: `at most ${BULK_MAX}` }] });
  try {
    return await writeTransaction(rt.db, async (trx) => {
      const out: { id: number; status: 'created' | 'updated' }[] = [];
      const pending = newPending();
      for (let i = 0; i < args.records.length; i++) {
        const rec = args.records[i];
        const prefix = `/records/${i}`;
        if (!rec || typeof rec !== 'object' || Array.isArray(rec)) throw appError('VALIDATION_FAILED', 'each record must be an object', { errors: [{ pointer: prefix, code: 'type', message: 'must be an object' }] });
        const r = rec as Record<string, unknown>;
        const missing = key.filter((k) => r[k] === undefined || r[k] === null);
        if (missing.length) throw appError('VALIDATION_FAILED', 'a match key value is missing', { errors: missing.map((k) => ({ pointer: `${prefix}/${k}`, code: 'required', message: 'the match key needs a value' })) });
        const qb = trx(entity.table).select('id');
        for (const k of key) {
          const f = entity.info.fields.get(k)!;
          const v = f.type === 'email' && typeof r[k] === 'string' ? (r[k] as string).trim().toLowerCase() : r[k];
          qb.where(k, encodeValue(rt.db.dialect, f.storage!, v) as Knex.Value);
        }
        const hit = (await qb.first()) as { id: number } | undefined;
        if (hit) {
          const current = await loadOne(rt, trx, entity, Number(hit.id), scope);
          if (!current) {
            // the match key is taken by a record the caller may not change: say so without its id
            throw appError('UNIQUE_CONFLICT', `another ${entity.name} already has this ${key.join(' + ')}`, {
              errors: key.map((k) => ({ pointer: `${prefix}/${k}`, code: 'unique', message: 'already taken' })),
            });
          }
          await attachManyToMany(trx, entity, [current]);
          await updateInTrx(rt, trx, entity, current, rec, args.ctx, pending, prefix);
          out.push({ id: current.id, status: 'updated' });
        } else {
          const id = await createInTrx(rt, trx, entity, rec, args.ctx, pending, prefix);
          await checkCreateScope(trx, entity, id, createScope);
          out.push({ id, status: 'created' });
        }
      }
      await flush(rt, trx, pending, args.ctx);
      return out;
    });
  } catch (err) {
    translateDbError(err, entity);
  }
}
