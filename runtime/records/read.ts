// Reads: one record, lists with keyset pagination, expand of relations, field trimming.
import type { Knex } from 'knex';
import type { CompiledEntity } from '../compile/compileApp.js';
import { isDataError, pointRead, whereTextMatch } from '../dialect/index.js';
import { appError } from '../errors/catalog.js';
import type { FieldInfo } from '../query/model.js';
import { type CompiledFilter, compileFilter, type HopGuard } from '../query/filter.js';
import { checkFilterReach } from '../query/budget.js';
import { fetchPage } from '../query/keyset.js';
import type { AuthorizeResult, Ctx } from './context.js';
import { filterVars } from './context.js';
import { rowToWire, stripHidden, type WireRecord } from './codec.js';
import { selectById } from './statements.js';
import { encodeCursor, type ListQuery, type ReadQuery } from './query.js';
import { hiddenFields, type Runtime } from './runtime.js';
import { authorizeOrThrow, entityOrThrow, scopeOf } from './authorize.js';

type Scope = ((qb: Knex.QueryBuilder) => void) | null;
const EXPAND_TO_MANY_LIMIT = 100;

export async function loadOne(rt: Runtime, k: Knex, entity: CompiledEntity, id: number, scope: Scope): Promise<WireRecord | null> {
  if (!Number.isSafeInteger(id) || id < 1) return null;
  let row: Record<string, unknown> | undefined;
  if (scope) {
    const qb = k(entity.table).where(`${entity.table}.id`, id);
    qb.where((w) => scope(w));
    row = await qb.first();
  } else row = await selectById(k, rt.db.dialect, entity.table, id);
  return row ? rowToWire(rt.db.dialect, entity, row) : null;
}

export async function manyToManyIds(k: Knex, m: FieldInfo, ids: number[]): Promise<Map<number, number[]>> {
  const out = new Map<number, number[]>();
  if (ids.length === 0) return out;
  const rows = (await k(m.relation!.joinTable!).whereIn('source_id', ids).orderBy('target_id')) as { source_id: number; target_id: number }[];
  for (const r of rows) {
    const list = out.get(Number(r.source_id)) ?? [];
    list.push(Number(r.target_id));
    out.set(Number(r.source_id), list);
  }
  return out;
}

/** Puts each many-to-many field's id list on the records (one query per field). */
export async function attachManyToMany(k: Knex, entity: CompiledEntity, records: WireRecord[]): Promise<void> {
  for (const m of entity.manyToMany) {
    const map = await manyToManyIds(k, m, records.map((r) => r.id));
    for (const r of records) r[m.name] = map.get(r.id) ?? [];
  }
}

export async function getRecord(rt: Runtime, args: { entity: string; id: number; ctx: Ctx; query?: ReadQuery }): Promise<WireRecord> {
  const entity = entityOrThrow(rt, args.entity);
  const scope = await authorizeOrThrow({ rt, ctx: args.ctx, entity, action: 'read' });
  const rec = await pointRead(rt.db, async (k) => {
    const found = await loadOne(rt, k, entity, args.id, scope);
    if (found) await attachManyToMany(k, entity, [found]);
    return found;
  });
  if (!rec) throw appError('NOT_FOUND', `no ${entity.name} with id ${args.id}`);
  const query = args.query ?? { fields: null, expand: [] };
  await expandRecords(rt, entity, [rec], query.expand, args.ctx, 0);
  stripHidden(rec, hiddenFields(rt, args.ctx, entity.name));
  return (query.fields ? trimFields(rec, query.fields) : rec) as WireRecord;
}

function applySearch(rt: Runtime, qb: Knex.QueryBuilder, entity: CompiledEntity, q: string, hidden: ReadonlySet<string>): void {
  const visible = entity.searchFields.filter((f) => !hidden.has(f));
  if (visible.length === 0) {
    // No text field to search: q matches the digits of the id, as text on both dialects (PostgreSQL has no bigint ILIKE).
    if (/^\d+$/.test(q)) qb.whereRaw('CAST(?? AS TEXT) LIKE ?', [`${entity.table}.id`, `%${q}%`]);
    else qb.whereRaw('1 = 0');
    return;
  }
  qb.where((w) => {
    for (const c of visible) w.orWhere((x) => whereTextMatch(rt.db.dialect, x, `${entity.table}.${c}`, q, 'contains'));
  });
}

/**
 * The rows a list (or an export) may return, before paging: the caller's read scope (and export
 * scope), the filter (its reach checked against the read budget) and the search. `base` gives a
 * fresh query on the read connections each time.
 */
export async function listBase(rt: Runtime, args: { entity: string; ctx: Ctx; query: Pick<ListQuery, 'filter' | 'q'>; action?: 'read' | 'export' }): Promise<{ entity: CompiledEntity; base: () => Knex.QueryBuilder }> {
  const entity = entityOrThrow(rt, args.entity);
  const scope = await authorizeOrThrow({ rt, ctx: args.ctx, entity, action: 'read' });
  const exportScope = args.action === 'export' ? await authorizeOrThrow({ rt, ctx: args.ctx, entity, action: 'export' }) : null;
  const q = args.query;
  if (q.filter) checkFilterReach(q.filter, rt.readBudget?.filterMaxHops);
  const t = entity.table;
  const k = rt.db.read;
  // Only a filter that follows a relation reaches other entities' records (the guard is asked per hop).
  const guard = q.filter && q.filter.reach.hops > 0 ? await relatedScopes(rt, args.ctx) : undefined;
  const base = (): Knex.QueryBuilder => {
    const qb = k(t);
    if (scope) qb.where((w) => scope(w));
    if (exportScope) qb.where((w) => exportScope(w));
    if (q.filter) qb.where((w) => q.filter!.toKnex(filterVars(args.ctx), rt.db.dialect, t, guard)(w));
    if (q.q) applySearch(rt, qb, entity, q.q, hiddenFields(rt, args.ctx, entity.name));
    return qb;
  };
  return { entity, base };
}

/** A forged cursor with values of the wrong type is the client's error (cursors are opaque but not signed). */
export function badCursor(err: unknown, cursor: unknown[] | null): unknown {
  return cursor && isDataError(err) ? appError('INVALID_QUERY', 'the cursor is not one this API issued', { errors: [{ pointer: '/cursor', code: 'invalid', message: 'start again without a cursor' }] }) : err;
}

export async function listRecords(rt: Runtime, args: { entity: string; ctx: Ctx; query: ListQuery }): Promise<{ data: Record<string, unknown>[]; meta: { nextCursor: string | null; count?: number } }> {
  const { entity, base } = await listBase(rt, args);
  const q = args.query;
  const t = entity.table;
  const k = rt.db.read;
  let rows: Record<string, unknown>[];
  try {
    rows = await fetchPage({ base: () => base().select(`${t}.*`), table: t, sort: q.sort, cursor: q.cursor, take: q.limit + 1 });
  } catch (err) {
    throw badCursor(err, q.cursor);
  }
  const more = rows.length > q.limit;
  const page = more ? rows.slice(0, q.limit) : rows;
  const last = page[page.length - 1];
  const nextCursor = more && last ? encodeCursor(q.sort, q.sort.map((s) => jsonable(last[s.column]))) : null;
  const records = page.map((r) => rowToWire(rt.db.dialect, entity, r));
  await attachManyToMany(k, entity, records);
  await expandRecords(rt, entity, records, q.expand, args.ctx, 0);
  const hidden = hiddenFields(rt, args.ctx, entity.name);
  for (const r of records) stripHidden(r, hidden);
  const meta: { nextCursor: string | null; count?: number } = { nextCursor };
  if (q.count) {
    const [{ n }] = await base().count({ n: '*' });
    meta.count = Number(n);
  }
  return { data: q.fields ? records.map((r) => trimFields(r, q.fields!)) : records, meta };
}

/** The caller's read scope on every entity, for the related records a filter path reaches. */
async function relatedScopes(rt: Runtime, ctx: Ctx): Promise<HopGuard | undefined> {
  const results = new Map<string, AuthorizeResult>();
  for (const e of rt.app.entities.values()) results.set(e.name, await rt.authorize({ ctx, entity: e.name, action: 'read' }));
  if ([...results.values()].every((r) => r === true)) return undefined;
  const vars = filterVars(ctx);
  return (entity, alias) => {
    const res = results.get(entity);
    if (res === undefined || res === true) return null;
    if (res === false) return (qb) => void qb.whereRaw('1 = 0');
    const compiled = typeof (res as CompiledFilter).toKnex === 'function' ? (res as CompiledFilter) : compileFilter(rt.app.model, entity, res);
    return compiled.toKnex(vars, rt.db.dialect, alias);
  };
}

const jsonable = (v: unknown): unknown => (v instanceof Date ? v.toISOString() : v === undefined ? null : v);

async function expandRecords(rt: Runtime, entity: CompiledEntity, records: Record<string, unknown>[], paths: string[], ctx: Ctx, depth: number): Promise<void> {
  if (paths.length === 0 || records.length === 0 || depth >= 3) return;
  const groups = new Map<string, string[]>();
  for (const p of paths) {
    const [head, ...rest] = p.split('.');
    const list = groups.get(head) ?? [];
    if (rest.length) list.push(rest.join('.'));
    groups.set(head, list);
  }
  const k = rt.db.read;
  for (const [name, sub] of groups) {
    const info = entity.info.fields.get(name)!;
    const rel = info.relation!;
    if (rel.target === '_users') {
      const ids = [...new Set(records.map((r) => r[name]).filter((v): v is number => typeof v === 'number'))];
      const users = ids.length ? ((await k('_users').whereIn('id', ids).select('id', 'email', 'name')) as { id: number }[]) : [];
      const byId = new Map(users.map((u) => [Number(u.id), { ...u, id: Number(u.id) }]));
      for (const r of records) if (typeof r[name] === 'number') r[name] = byId.get(r[name] as number) ?? r[name];
      continue;
    }
    const target = rt.app.entities.get(rel.target)!;
    const res = await rt.authorize({ ctx, entity: target.name, action: 'read' });
    if (res === false) continue;
    const scope = scopeOf({ rt, ctx, entity: target, result: res });
    const scoped = (qb: Knex.QueryBuilder): Knex.QueryBuilder => (scope ? qb.where((w) => scope(w)) : qb);
    /** Rows of the target → wire records, expanded further and trimmed to what the caller may see. */
    const prepare = async (rows: Record<string, unknown>[]): Promise<WireRecord[]> => {
      const recs = rows.map((row) => rowToWire(rt.db.dialect, target, row));
      await attachManyToMany(k, target, recs);
      await expandRecords(rt, target, recs, sub, ctx, depth + 1);
      const hiddenT = hiddenFields(rt, ctx, target.name);
      for (const x of recs) stripHidden(x, hiddenT);
      return recs;
    };
    const byIds = async (ids: number[]): Promise<Map<number, WireRecord>> => {
      const rows = ids.length ? ((await scoped(k(target.table).whereIn(`${target.table}.id`, ids))) as Record<string, unknown>[]) : [];
      return new Map((await prepare(rows)).map((x) => [x.id, x]));
    };
    if (rel.cardinality === 'many-to-one') {
      const byId = await byIds([...new Set(records.map((r) => r[name]).filter((v): v is number => typeof v === 'number'))]);
      for (const r of records) if (typeof r[name] === 'number') r[name] = byId.get(r[name] as number) ?? r[name];
    } else if (rel.cardinality === 'one-to-many') {
      const ids = records.map((r) => r.id as number);
      const col = `${target.table}.${rel.inverseColumn}`;
      const inner = scoped(k(target.table).select(`${target.table}.*`)
        .select(k.raw('ROW_NUMBER() OVER (PARTITION BY ?? ORDER BY ??) AS "__rn"', [col, `${target.table}.id`]))
        .whereIn(col, ids));
      const rows = (await k.select('*').from(inner.as('x')).where('__rn', '<=', EXPAND_TO_MANY_LIMIT).orderBy('id')) as Record<string, unknown>[];
      const counts = (await scoped(k(target.table).select(`${col} as parent`).count({ n: '*' }).whereIn(col, ids).groupBy(col))) as { parent: number; n: number | string }[];
      const recs = await prepare(rows);
      const countBy = new Map(counts.map((c) => [Number(c.parent), Number(c.n)]));
      for (const r of records) {
        r[name] = { data: recs.filter((c) => c[rel.inverseColumn!] === r.id), meta: { count: countBy.get(r.id as number) ?? 0 } };
      }
    } else {
      const byId = await byIds([...new Set(records.flatMap((r) => (r[name] as number[] | undefined) ?? []))]);
      for (const r of records) r[name] = ((r[name] as number[] | undefined) ?? []).map((id) => byId.get(id)).filter(Boolean);
    }
  }
}

/** fields=a,b,account.name → keep id (and version, for If-Match), a, b and account {id, version, name}. */
export function trimFields(record: Record<string, unknown>, fields: string[]): Record<string, unknown> {
  const tree = new Map<string, string[]>();
  for (const f of fields) {
    const [head, ...rest] = f.split('.');
    const list = tree.get(head) ?? [];
    if (rest.length) list.push(rest.join('.'));
    tree.set(head, list);
  }
  const out: Record<string, unknown> = { id: record.id, ...(typeof record.version === 'number' ? { version: record.version } : {}) };
  for (const [head, sub] of tree) {
    const v = record[head];
    if (sub.length === 0 || v === null || typeof v !== 'object') out[head] = v;
    else if (Array.isArray(v)) out[head] = v.map((x) => (x && typeof x === 'object' ? trimFields(x as Record<string, unknown>, sub) : x));
    else if (Array.isArray((v as { data?: unknown }).data)) out[head] = { ...(v as object), data: ((v as { data: Record<string, unknown>[] }).data).map((x) => trimFields(x, sub)) };
    else out[head] = trimFields(v as Record<string, unknown>, sub);
  }
  return out;
}
