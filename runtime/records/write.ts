// The one write path: every create/update/delete runs here, inside one write transaction whose
// unit of work logs each change; `flush` writes the audit rows from that log before commit.
import type { Knex } from 'knex';
import type { CompiledEntity } from '../compile/compileApp.js';
import { encodeValue, isForeignKeyViolation, isUniqueViolation, writeTransaction } from '../dialect/index.js';
import { appError, isAppError } from '../errors/catalog.js';
import { actorId, type Ctx, viewAsReadOnly } from './context.js';
import { checkWriteBody, storedForm, rowToWire, stripHidden, type WireRecord, wireToColumns } from './codec.js';
import { applyDefaults, computeFormulas, flushRollups, nextAutonumbers } from './compute.js';
import { type BeforeWrite, type ChangeConsumer, hiddenFields, type Runtime, type WriteCheck } from './runtime.js';
import { entityRulesCheck } from './rules.js';
import { pipelineGateCheck, pipelineStamps } from '../pipelines/gate.js';
import { stageHistoryConsumer } from '../pipelines/history.js';
import { writeAudit } from './audit.js';
import { insertReturning, updateAtVersion } from './statements.js';
import { attachManyToMany, loadOne } from './read.js';
import { authorizeCreate, authorizeOrThrow, entityOrThrow, idsInScope, type Scope, scopeOf } from './authorize.js';
import { checkReferences, fieldValues, rulesOf, takenError, uniqueConflict } from './writeParts.js';
import { fastCreate, fastPathsOf, fastUpdate, FULL_PATH } from './fastWrite.js';
import { type Cause, type Change, changedKeys, markDirty, newUnitOfWork, rootCause, type UnitOfWork } from './uow.js';

export { entityOrThrow } from './authorize.js';

const now = (): string => new Date().toISOString();

function translateDbError(err: unknown, entity: CompiledEntity): never {
  if (isAppError(err)) throw err;
  if (isUniqueViolation(err)) throw takenError(entity, [], '');
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

/** Logs a change and marks the rollups it feeds for recomputing. */
function logChange(uow: UnitOfWork, entity: CompiledEntity, change: Change): void {
  uow.changes.push(change);
  const cause = rootCause(change);
  for (const feed of entity.feeds) {
    markDirty(uow, feed.parent, change.before?.[feed.column], feed.rollup, cause);
    markDirty(uow, feed.parent, change.after?.[feed.column], feed.rollup, cause);
  }
}

/** Recomputes what the logged changes affect, then writes their audit rows; the log starts over. */
export async function flush(rt: Runtime, trx: Knex.Transaction, uow: UnitOfWork): Promise<void> {
  // The HTTP layer refuses writes while an administrator views the app as a role; should one get
  // this far by another path, its transaction is rolled back here (a viewing context never takes
  // the one-statement path, which has no flush).
  if (uow.ctx.viewAs) throw viewAsReadOnly(uow.ctx.viewAs.role);
  await flushRollups({ app: rt.app, dialect: rt.db.dialect, trx, uow });
  const changes = uow.changes;
  uow.changes = [];
  await writeAudit(trx, uow.ctx, changes);
  for (const consume of [...BUILTIN_CONSUMERS, ...(rt.changeConsumers ?? [])]) await consume({ rt, trx, ctx: uow.ctx, changes });
}

// What every write does, whatever runtime it runs in (so no path can skip it): entity rules and
// pipeline gates check the stored record, pipelines stamp stage entry, stage moves are recorded.
const BUILTIN_CHECKS: readonly WriteCheck[] = [entityRulesCheck, pipelineGateCheck];
const BUILTIN_BEFORE_WRITE: readonly BeforeWrite[] = [pipelineStamps];
const BUILTIN_CONSUMERS: readonly ChangeConsumer[] = [stageHistoryConsumer];

/** Which writes of an entity take the one-statement path (fastWrite.ts) for a caller without record scopes. */
export const writePathsOf = (rt: Runtime, entity: string): { create: boolean; update: boolean } => {
  const { create, update } = fastPathsOf(rt, entityOrThrow(rt, entity), BUILTIN_CONSUMERS);
  return { create, update };
};

/** The write checks (entity rules, pipeline gates, the runtime's own) on a record just stored. */
async function runWriteChecks(args: Parameters<WriteCheck>[0]): Promise<void> {
  for (const check of [...BUILTIN_CHECKS, ...(args.rt.writeChecks ?? [])]) await check(args);
}

/** The caller's body after the runtime's beforeValidate hooks (plugins) had their say. */
async function runBeforeValidate(args: { rt: Runtime; ctx: Ctx; entity: CompiledEntity; before: Record<string, unknown> | null; body: unknown }): Promise<unknown> {
  let body = args.body;
  for (const hook of args.rt.beforeValidate ?? []) {
    if (!body || typeof body !== 'object' || Array.isArray(body)) break; // checkWriteBody answers for it
    body = (await hook({ ...args, body: body as Record<string, unknown> })) ?? body;
  }
  return body;
}

/** The values the before-write hooks set on a record about to be written. */
async function runBeforeWrite(args: Parameters<BeforeWrite>[0] & { data: Record<string, unknown> }): Promise<void> {
  for (const hook of [...BUILTIN_BEFORE_WRITE, ...(args.rt.beforeWrite ?? [])]) {
    const set = await hook(args);
    if (set) Object.assign(args.data, set);
  }
}

/** The record must (still) lie in the caller's scope for `action`, checked on the row in the transaction. */
async function checkInScope({ rt, trx, entity, id, ctx, action }: { rt: Runtime; trx: Knex.Transaction; entity: CompiledEntity; id: number; ctx: Ctx; action: 'create' | 'updateTo' }): Promise<void> {
  const scope = await authorizeOrThrow({ rt, ctx, entity, action });
  if (!scope) return;
  if ((await idsInScope({ trx, entity, ids: [id], scope })).length === 1) return;
  const roles = ctx.actor.kind === 'user' ? ctx.actor.roles.join(', ') : '';
  throw appError('FORBIDDEN', action === 'create'
    ? `the new ${entity.name} would lie outside the records you may create (the create scope of your roles: ${roles})`
    : `after this change the ${entity.name} would lie outside the records you may update (the update scope of your roles: ${roles})`);
}

/**
 * A record that belongs to a master (masterDetail) is written only by someone who may update that
 * master — before and after a move — so a closed order can not change through its lines.
 */
async function checkMasters({ rt, trx, entity, before, after, ctx }: { rt: Runtime; trx: Knex.Transaction; entity: CompiledEntity; before: Record<string, unknown> | null; after: Record<string, unknown> | null; ctx: Ctx }): Promise<void> {
  for (const m of entity.masters) {
    const parent = rt.app.entities.get(m.parent)!;
    const ids = [before?.[m.field], after?.[m.field]].filter((v): v is number => typeof v === 'number');
    if (ids.length === 0) continue;
    const result = await rt.authorize({ ctx, entity: parent.name, action: 'update' });
    const inScope = result === false ? [] : await idsInScope({ trx, entity: parent, ids, scope: scopeOf({ rt, ctx, entity: parent, result }) });
    const outside = ids.filter((id) => !inScope.includes(id));
    if (outside.length) {
      throw appError('FORBIDDEN', `a ${entity.name} belongs to its ${m.field}: changing it needs the right to update ${parent.name} ${outside[0]}, which you do not have`);
    }
  }
}

/** Inside an open transaction: create one record; returns the stored row in wire form. */
export async function createInTrx({ rt, trx, entity, body, uow, prefix = '' }: { rt: Runtime; trx: Knex.Transaction; entity: CompiledEntity; body: unknown; uow: UnitOfWork; prefix?: string }): Promise<WireRecord> {
  const { ctx } = uow;
  const data = checkWriteBody(entity, await runBeforeValidate({ rt, ctx, entity, before: null, body }), 'create', prefix, rulesOf(rt, ctx, entity));
  applyDefaults(rt.app, entity, data, ctx);
  await checkReferences({ trx, rt, entity, data, prefix, uow });
  await nextAutonumbers(trx, entity, data);
  for (const r of entity.rollups) data[r.field] = r.aggregate === 'count' ? 0 : r.aggregate === 'sum' ? '0' : null;
  await runBeforeWrite({ rt, ctx, entity, before: null, data });
  const full = computeFormulas(entity, { ...Object.fromEntries(entity.fields.map((f) => [f.name, null])), ...data });
  const ts = now();
  const row = {
    ...wireToColumns(rt.db.dialect, entity, full),
    created_at: ts, updated_at: ts, created_by: actorId(ctx), updated_by: actorId(ctx), version: 1,
  };
  let inserted: Record<string, unknown>[];
  try {
    inserted = await insertReturning(trx, rt.db.dialect, entity.table, row);
  } catch (err) {
    throw uniqueConflict(err, entity, prefix);
  }
  const created = rowToWire(rt.db.dialect, entity, inserted[0]);
  uow.rows.set(`${entity.name}:${created.id}`, inserted[0]);
  await writeManyToMany(trx, entity, created.id, data, false);
  for (const m of entity.manyToMany) created[m.name] = (data[m.name] as number[] | undefined) ?? [];
  await checkInScope({ rt, trx, entity, id: created.id, ctx, action: 'create' });
  await checkMasters({ rt, trx, entity, before: null, after: created, ctx });
  await runWriteChecks({ rt, trx, ctx, entity, before: null, after: created, prefix });
  const after = fieldValues(entity, created);
  logChange(uow, entity, { entity: entity.name, id: created.id, action: 'create', before: null, after, changed: Object.keys(after).filter((k) => !entity.rollups.some((r) => r.field === k)), cause: null });
  return created;
}

/**
 * Inside an open transaction: patch one record (loaded as `current`); returns it as stored.
 * `trusted` is for values the platform itself maintains (a stalled mark, …) in wire form: they skip
 * the caller checks (read-only fields included) but everything else — formulas, rollups, rules,
 * gates, the change log — applies as to any write.
 */
export async function updateInTrx({ rt, trx, entity, current, body, uow, prefix = '', trusted = false }: { rt: Runtime; trx: Knex.Transaction; entity: CompiledEntity; current: WireRecord; body: unknown; uow: UnitOfWork; prefix?: string; trusted?: boolean }): Promise<WireRecord> {
  const { ctx } = uow;
  if (trusted && ctx.actor.kind !== 'system') throw new Error('trusted writes are the platform\'s own');
  const data = trusted ? { ...(body as Record<string, unknown>) } : checkWriteBody(entity, await runBeforeValidate({ rt, ctx, entity, before: current, body }), 'patch', prefix, rulesOf(rt, ctx, entity));
  await checkReferences({ trx, rt, entity, data, prefix, uow });
  await runBeforeWrite({ rt, ctx, entity, before: current, data });
  const merged = computeFormulas(entity, { ...current, ...data });
  const keys = [...Object.keys(data), ...entity.formulas.map((f) => f.field)];
  const changedCols: Record<string, unknown> = {};
  for (const name of keys) if (!entity.manyToMany.some((m) => m.name === name)) changedCols[name] = merged[name];
  let updated: Record<string, unknown>[];
  try {
    updated = await updateAtVersion(trx, rt.db.dialect, entity.table, {
      ...wireToColumns(rt.db.dialect, entity, changedCols),
      updated_at: now(), updated_by: actorId(ctx), version: current.version + 1,
    }, current.id, current.version);
  } catch (err) {
    throw uniqueConflict(err, entity, prefix);
  }
  if (updated.length === 0) throw appError('PRECONDITION_FAILED', 'the record was changed by someone else; reload it and try again');
  uow.rows.set(`${entity.name}:${current.id}`, updated[0]);
  await writeManyToMany(trx, entity, current.id, data, true);
  const stored = { ...merged, ...rowToWire(rt.db.dialect, entity, updated[0]) } as WireRecord;
  await checkInScope({ rt, trx, entity, id: current.id, ctx, action: 'updateTo' });
  await checkMasters({ rt, trx, entity, before: current, after: stored, ctx });
  await runWriteChecks({ rt, trx, ctx, entity, before: current, after: stored, prefix });
  logChange(uow, entity, { entity: entity.name, id: current.id, action: 'update', before: fieldValues(entity, current), after: fieldValues(entity, stored), changed: changedKeys(current, merged, keys), cause: null });
  return stored;
}

/** Inside an open transaction: delete one record and what its relations say follows from it. */
export async function deleteInTrx({ rt, trx, entity, current, uow, cause = null, depth = 0 }: { rt: Runtime; trx: Knex.Transaction; entity: CompiledEntity; current: WireRecord; uow: UnitOfWork; cause?: Cause | null; depth?: number }): Promise<void> {
  if (depth > 10) throw appError('DELETE_RESTRICTED', 'cascading delete is nested too deeply');
  const self: Cause = cause ?? { entity: entity.name, id: current.id, action: 'delete' };
  if (!cause) {
    for (const hook of rt.beforeDelete ?? []) await hook({ rt, ctx: uow.ctx, entity, record: current });
    await checkMasters({ rt, trx, entity, before: current, after: null, ctx: uow.ctx });
  }
  for (const inc of entity.incoming) {
    const child = rt.app.entities.get(inc.entity)!;
    if (inc.onDelete === 'restrict') {
      const [{ n }] = await trx(child.table).where(inc.column, current.id).count({ n: '*' });
      if (Number(n) > 0) {
        throw appError('DELETE_RESTRICTED', `${n} ${child.name} record(s) still refer to this ${entity.name} (field "${inc.field}"); delete or move them first`);
      }
    } else if (inc.onDelete === 'cascade') {
      const rows = await trx(child.table).where(inc.column, current.id);
      for (const row of rows) await deleteInTrx({ rt, trx, entity: child, current: rowToWire(rt.db.dialect, child, row), uow, cause: self, depth: depth + 1 });
    } else {
      const rows = (await trx(child.table).where(inc.column, current.id).update({
        [inc.column]: null, updated_at: now(), updated_by: actorId(uow.ctx), version: trx.raw('?? + 1', ['version']),
      }, '*')) as Record<string, unknown>[];
      for (const row of rows) {
        const after = rowToWire(rt.db.dialect, child, row);
        uow.rows.set(`${child.name}:${after.id}`, row);
        logChange(uow, child, {
          entity: child.name, id: after.id, action: 'update', before: { ...fieldValues(child, after), [inc.field]: current.id }, after: fieldValues(child, after),
          changed: [inc.field], cause: self, reason: 'set-null',
        });
      }
    }
  }
  await trx(entity.table).where('id', current.id).delete();
  const before = fieldValues(entity, current);
  logChange(uow, entity, { entity: entity.name, id: current.id, action: 'delete', before, after: null, changed: Object.keys(before), cause, ...(cause ? { reason: 'cascade' as const } : {}) });
}

/** The record to change, in the caller's scope for the action, at the version the caller expects. */
async function loadForWrite({ rt, trx, entity, id, scope, ifMatch }: { rt: Runtime; trx: Knex.Transaction; entity: CompiledEntity; id: number; scope: Scope; ifMatch?: string }): Promise<WireRecord> {
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

/** The record as the write left it, from the row the write returned (no extra read when possible). */
async function readBack(rt: Runtime, trx: Knex.Transaction, entity: CompiledEntity, id: number, uow: UnitOfWork): Promise<WireRecord> {
  const row = uow.rows.get(`${entity.name}:${id}`) ?? (await trx(entity.table).where('id', id).first());
  const rec = rowToWire(rt.db.dialect, entity, row as Record<string, unknown>);
  await attachManyToMany(trx, entity, [rec]);
  return stripHidden(rec, hiddenFields(rt, uow.ctx, entity.name));
}

export async function createRecord(rt: Runtime, args: { entity: string; data: unknown; ctx: Ctx }): Promise<number> {
  return (await createAndRead(rt, args)).id;
}

/** Creates a record and returns it in wire form. */
export async function createAndRead(rt: Runtime, args: { entity: string; data: unknown; ctx: Ctx }): Promise<WireRecord> {
  const entity = entityOrThrow(rt, args.entity);
  const scope = await authorizeCreate({ rt, ctx: args.ctx, entity });
  try {
    const paths = fastPathsOf(rt, entity, BUILTIN_CONSUMERS);
    if (scope === null && !args.ctx.viewAs && paths.create) return await fastCreate(rt, entity, { ...args, watchers: paths.watchers });
    return await writeTransaction(rt.db, async (trx) => {
      const uow = newUnitOfWork(args.ctx);
      const created = await createInTrx({ rt, trx, entity, body: args.data, uow });
      await flush(rt, trx, uow);
      return readBack(rt, trx, entity, created.id, uow);
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
  await authorizeOrThrow({ rt, ctx: args.ctx, entity, action: 'read' });
  const scope = await authorizeOrThrow({ rt, ctx: args.ctx, entity, action: 'update' });
  try {
    const paths = fastPathsOf(rt, entity, BUILTIN_CONSUMERS);
    if (scope === null && !args.ctx.viewAs && paths.update && (await rt.authorize({ ctx: args.ctx, entity: entity.name, action: 'updateTo' })) === true) {
      const done = await fastUpdate(rt, entity, { ...args, watchers: paths.watchers });
      if (done !== FULL_PATH) return done;
    }
    return await writeTransaction(rt.db, async (trx) => {
      const current = await loadForWrite({ rt, trx, entity, id: args.id, scope, ifMatch: args.ifMatch });
      const uow = newUnitOfWork(args.ctx);
      await updateInTrx({ rt, trx, entity, current, body: args.data, uow });
      await flush(rt, trx, uow);
      return readBack(rt, trx, entity, current.id, uow);
    });
  } catch (err) {
    translateDbError(err, entity);
  }
}

export async function deleteRecord(rt: Runtime, args: { entity: string; id: number; ctx: Ctx; ifMatch?: string }): Promise<void> {
  const entity = entityOrThrow(rt, args.entity);
  await authorizeOrThrow({ rt, ctx: args.ctx, entity, action: 'read' });
  const scope = await authorizeOrThrow({ rt, ctx: args.ctx, entity, action: 'delete' });
  try {
    await writeTransaction(rt.db, async (trx) => {
      const current = await loadForWrite({ rt, trx, entity, id: args.id, scope, ifMatch: args.ifMatch });
      const uow = newUnitOfWork(args.ctx);
      await deleteInTrx({ rt, trx, entity, current, uow });
      await flush(rt, trx, uow);
    });
  } catch (err) {
    translateDbError(err, entity);
  }
}

export const BULK_MAX = 1000;

/**
 * Creates or updates each record by its match key, all in one transaction (all or nothing). A
 * match on a record the caller may not update answers like any other unique conflict: its id and
 * values stay unknown, and it is never changed.
 */
export async function bulkUpsert(rt: Runtime, args: { entity: string; matchKey: string[]; records: unknown[]; ctx: Ctx }): Promise<{ id: number; status: 'created' | 'updated' }[]> {
  const entity = entityOrThrow(rt, args.entity);
  // Authorize before anything about the entity (its match keys) is revealed.
  await authorizeCreate({ rt, ctx: args.ctx, entity });
  const scope = await authorizeOrThrow({ rt, ctx: args.ctx, entity, action: 'update' });
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
      const uow = newUnitOfWork(args.ctx);
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
          // matched on the value as it would be stored (trimmed, NFC, e-mails lower-cased)
          qb.where(k, encodeValue(rt.db.dialect, f.storage!, storedForm(entity, k, r[k])) as Knex.Value);
        }
        const hit = (await qb.first()) as { id: number } | undefined;
        if (hit) {
          const current = await loadOne(rt, trx, entity, Number(hit.id), scope);
          if (!current) throw takenError(entity, key, prefix);
          await attachManyToMany(trx, entity, [current]);
          await updateInTrx({ rt, trx, entity, current, body: rec, uow, prefix });
          out.push({ id: current.id, status: 'updated' });
        } else {
          const created = await createInTrx({ rt, trx, entity, body: rec, uow, prefix });
          out.push({ id: created.id, status: 'created' });
        }
      }
      await flush(rt, trx, uow);
      return out;
    });
  } catch (err) {
    translateDbError(err, entity);
  }
}
