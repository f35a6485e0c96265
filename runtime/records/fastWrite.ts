// The one write path in one statement. A create or a patch of a record whose entity has nothing that
// needs the record around the write — no formulas to recompute from it (patch), no rollup it feeds,
// no many-to-many field, no master, no rule, gate or pipeline, no plugin hook, no autonumber
// (create) — and a caller whose grants have no record scope for it, changes the database with one
// statement after every check that can refuse it. Automation rules (and plugins' after-hooks) that
// watch the entity get its change in the same transaction, as on the full path (`watchers`):
//
// - create: INSERT … RETURNING *.
// - create and patch, PostgreSQL, when the body sets no relation (nothing to look up first) and
//   nothing watches the entity: one statement that also inserts the audit row, its values built in
//   SQL (statements.ts, pgInsertAudited / pgUpdateAudited) — atomic on its own, so no BEGIN and
//   COMMIT round trips.
// - patch, SQLite: read the version and the patched columns (in-process, on the writer, inside the
//   write lock), then UPDATE … WHERE id = ? AND version = ? RETURNING *.
// - patch, PostgreSQL: no read before the write: one UPDATE whose CTE locks the row and returns its
//   old values (statements.ts, updateReturningOld), with `AND version = ?` for an If-Match.
//
// The audit row, with the changed fields' values before and after, is queued and inserted before the
// COMMIT (on SQLite with those of the other writes of a group-commit batch, in one statement), so the
// write needs no savepoint of its own. Whether an entity takes this path is derived from the compiled
// app and the runtime's hooks (`fastPathsOf`), never from its name; everything else takes the full
// path in write.ts, and so does any request this path can not answer exactly as the full path would
// (a refusal of a patch — unknown record, stale If-Match, invalid body — is answered by the full path).
import type { CompiledEntity } from '../compile/compileApp.js';
import { writeTransaction } from '../dialect/index.js';
import { appError, isAppError } from '../errors/catalog.js';
import { auditHead, queueAudit } from './audit.js';
import { checkWriteBody, rowToWire, stripHidden, type WireRecord, wireToColumns } from './codec.js';
import { applyDefaults, computeFormulas } from './compute.js';
import { actorId, type Ctx } from './context.js';
import type { ChangeConsumer, Runtime } from './runtime.js';
import { type AuditedField, insertReturning, OLD, pgInsertAudited, pgUpdateAudited, selectColumnsById, updateAtVersion, updateReturningOld } from './statements.js';
import { isListField } from '../query/model.js';
import { changedKeys, newUnitOfWork } from './uow.js';
import { checkReferences, fieldValues, rulesOf, uniqueConflict } from './writeParts.js';

export interface FastPaths {
  create: boolean;
  update: boolean;
  /**
   * The change consumers that watch the entity (automation's outbox): the one-statement path runs
   * them with its change inside its transaction, as flush does. With any, a write keeps its
   * transaction (PostgreSQL does not fold it into one statement) and a patch reads the whole record
   * before it, since a consumer gets the record before and after the change.
   */
  watchers: readonly ChangeConsumer[];
}

const cache = new WeakMap<Runtime, Map<string, FastPaths>>();

/**
 * Which writes of an entity may take the one-statement path, from its compiled definition and the
 * runtime's hooks. `builtinConsumers` are the change consumers every write runs (write.ts).
 */
export function fastPathsOf(rt: Runtime, entity: CompiledEntity, builtinConsumers: readonly ChangeConsumer[]): FastPaths {
  let byEntity = cache.get(rt);
  if (!byEntity) cache.set(rt, (byEntity = new Map()));
  let paths = byEntity.get(entity.name);
  if (paths) return paths;
  const consumers = [...builtinConsumers, ...(rt.changeConsumers ?? [])];
  // a consumer that does not say which entities it watches watches them all
  const watchers = consumers.filter((c) => c.watches === undefined || c.watches({ rt, entity: entity.name }));
  const alone = !rt.beforeValidate?.length && !rt.beforeWrite?.length && !rt.writeChecks?.length
    && entity.feeds.length === 0 && entity.manyToMany.length === 0 && entity.masters.length === 0
    && entity.requiredWhen.length === 0 && entity.rules.length === 0 && !rt.app.pipelines.has(entity.name)
    && watchers.every((c) => c.watches !== undefined && !builtinConsumers.includes(c));
  paths = Object.freeze({
    create: alone && !entity.fields.some((f) => f.type === 'autonumber'),
    update: alone && entity.formulas.length === 0,
    watchers: Object.freeze(watchers),
  });
  byEntity.set(entity.name, paths);
  return paths;
}

const now = (): string => new Date().toISOString();

const audited = new WeakMap<CompiledEntity, { byName: Map<string, AuditedField>; created: AuditedField[] }>();

/** The entity's stored fields as the audit keeps them (in field order), and those a create records as changed (no rollups). */
function auditedFieldsOf(entity: CompiledEntity) {
  let fields = audited.get(entity);
  if (!fields) {
    const byName = new Map<string, AuditedField>();
    for (const f of entity.fields) {
      const c = entity.info.fields.get(f.name);
      if (c?.column && c.storage) byName.set(f.name, { name: f.name, column: c.column, storage: c.storage, emptyArray: isListField(c) });
    }
    fields = { byName, created: [...byName.values()].filter((f) => !entity.rollups.some((r) => r.field === f.name)) };
    audited.set(entity, fields);
  }
  return fields;
}

/** The body sets a relation: the related records are looked up first (checkReferences), in the write's transaction. */
const setsRelation = (entity: CompiledEntity, data: Record<string, unknown>): boolean =>
  Object.entries(data).some(([k, v]) => v !== null && v !== undefined && entity.info.fields.get(k)?.relation !== undefined);

/** Creates the record (the caller's create grant has no scope). */
export async function fastCreate(rt: Runtime, entity: CompiledEntity, args: { data: unknown; ctx: Ctx; watchers: readonly ChangeConsumer[] }): Promise<WireRecord> {
  const { ctx } = args;
  const rules = rulesOf(rt, ctx, entity);
  const data = checkWriteBody(entity, args.data, 'create', '', rules);
  applyDefaults(rt.app, entity, data, ctx);
  for (const r of entity.rollups) data[r.field] = r.aggregate === 'count' ? 0 : r.aggregate === 'sum' ? '0' : null;
  const full = computeFormulas(entity, { ...Object.fromEntries(entity.fields.map((f) => [f.name, null])), ...data });
  // stamped when it is written (inside the write transaction on the other path, so that with group
  // commit created_at follows the order of the ids)
  const rowNow = () => {
    const ts = now();
    return { ...wireToColumns(rt.db.dialect, entity, full), created_at: ts, updated_at: ts, created_by: actorId(ctx), updated_by: actorId(ctx), version: 1 };
  };
  const { watchers } = args;
  if (rt.db.dialect === 'postgres' && !setsRelation(entity, data) && watchers.length === 0) {
    let inserted: Record<string, unknown>;
    try {
      [inserted] = await pgInsertAudited(rt.db.knex, entity.table, rowNow(), auditedFieldsOf(entity).created, auditHead(ctx, entity.name));
    } catch (err) {
      throw uniqueConflict(err, entity, '');
    }
    return stripHidden(rowToWire(rt.db.dialect, entity, inserted), rules.hidden);
  }
  return writeTransaction(rt.db, async (trx, mark) => {
    await checkReferences({ trx, rt, entity, data, prefix: '', uow: newUnitOfWork(ctx) });
    let inserted: Record<string, unknown>;
    try {
      [inserted] = await insertReturning(trx, rt.db.dialect, entity.table, rowNow());
    } catch (err) {
      throw uniqueConflict(err, entity, '');
    }
    mark.wrote();
    const created = rowToWire(rt.db.dialect, entity, inserted);
    const after = fieldValues(entity, created);
    const changed = Object.keys(after).filter((k) => !entity.rollups.some((r) => r.field === k));
    const change = { entity: entity.name, id: created.id, action: 'create' as const, before: null, after, changed, cause: null };
    queueAudit(trx, ctx, [change]);
    for (const consume of watchers) await consume({ rt, trx, ctx, changes: [change] });
    return stripHidden(created, rules.hidden);
  }, { oneStatement: true, isRefusal: isAppError });
}

/** The version an If-Match asks for: null for any (none given, or `*`); undefined when it names several. */
function askedVersion(ifMatch: string | undefined): number | null | undefined {
  if (ifMatch === undefined) return null;
  const tags = ifMatch.split(',').map((s) => s.trim().replace(/^W\//, '').replace(/"/g, ''));
  if (tags.length !== 1) return undefined;
  if (tags[0] === '*') return null;
  return /^[1-9]\d{0,15}$/.test(tags[0]) ? Number(tags[0]) : undefined;
}

/** Marks "the full path answers this request". */
export const FULL_PATH = Symbol('full path');

/**
 * Patches the record (the caller's update and updateTo grants have no scope), or returns FULL_PATH
 * having changed nothing, when the request is refused or can not be told from one statement.
 */
export async function fastUpdate(rt: Runtime, entity: CompiledEntity, args: { id: number; data: unknown; ctx: Ctx; ifMatch?: string; watchers: readonly ChangeConsumer[] }): Promise<WireRecord | typeof FULL_PATH> {
  const { ctx, id, watchers } = args;
  const version = askedVersion(args.ifMatch);
  if (version === undefined) return FULL_PATH;
  const rules = rulesOf(rt, ctx, entity);
  let data: Record<string, unknown>;
  try {
    data = checkWriteBody(entity, args.data, 'patch', '', rules);
  } catch (err) {
    if (isAppError(err)) return FULL_PATH; // the full path answers in its order (404 and 412 before 422)
    throw err;
  }
  const keys = Object.keys(data);
  const dialect = rt.db.dialect;
  const set = { ...wireToColumns(dialect, entity, data) };
  const { byName } = auditedFieldsOf(entity);
  // the values before the change: of the patched columns for the audit, of all for a watcher
  const oldCols = watchers.length ? [...byName.values()].map((f) => f.column) : Object.keys(set);
  if (dialect === 'postgres' && keys.every((k) => byName.has(k)) && !setsRelation(entity, data) && watchers.length === 0) {
    let updated: Record<string, unknown> | undefined;
    try {
      [updated] = await pgUpdateAudited(rt.db.knex, entity.table, { ...set, updated_at: now(), updated_by: actorId(ctx) }, keys.map((k) => byName.get(k)!),
        keys.map((k) => JSON.stringify(data[k] ?? null)), id, version, auditHead(ctx, entity.name));
    } catch (err) {
      throw uniqueConflict(err, entity, '');
    }
    // no row: unknown, or not at the version asked for: the full path gives its answer
    return updated ? stripHidden(rowToWire(dialect, entity, updated), rules.hidden) : FULL_PATH;
  }
  return writeTransaction(rt.db, async (trx, mark) => {
    let before: Record<string, unknown>;
    let updated: Record<string, unknown> | undefined;
    try {
      if (dialect === 'sqlite') {
        // the version and the patched columns are all the audit and the version check need
        const row = await selectColumnsById(trx, dialect, entity.table, id, oldCols);
        if (!row) return FULL_PATH;
        const current = rowToWire(dialect, entity, row);
        if (version !== null && current.version !== version) return FULL_PATH;
        await checkReferences({ trx, rt, entity, data, prefix: '', uow: newUnitOfWork(ctx) });
        [updated] = await updateAtVersion(trx, dialect, entity.table, { ...set, updated_at: now(), updated_by: actorId(ctx), version: current.version + 1 }, id, current.version);
        before = current;
      } else {
        await checkReferences({ trx, rt, entity, data, prefix: '', uow: newUnitOfWork(ctx) });
        [updated] = await updateReturningOld(trx, entity.table, { ...set, updated_at: now(), updated_by: actorId(ctx) }, oldCols, id, version);
        if (!updated) return FULL_PATH;
        const old: Record<string, unknown> = { id, version: updated[`${OLD}version`] };
        for (const c of oldCols) old[c] = updated[OLD + c];
        before = rowToWire(dialect, entity, old);
      }
    } catch (err) {
      // Refused before anything changed: the full path gives its answer (a unique conflict is the same there).
      if (isAppError(err)) return FULL_PATH;
      throw uniqueConflict(err, entity, '');
    }
    if (!updated) throw appError('PRECONDITION_FAILED', 'the record was changed by someone else; reload it and try again');
    mark.wrote();
    const stored = rowToWire(dialect, entity, updated);
    const change = { entity: entity.name, id, action: 'update' as const, before: fieldValues(entity, before), after: fieldValues(entity, stored), changed: changedKeys(before, data, keys), cause: null };
    queueAudit(trx, ctx, [change]);
    for (const consume of watchers) await consume({ rt, trx, ctx, changes: [change] });
    return stripHidden(stored, rules.hidden);
  }, { oneStatement: true, isRefusal: isAppError });
}
