// Computed values inside the write transaction: defaults, autonumbers, formulas, rollups.
import type { Knex } from 'knex';
import type { CompiledApp, CompiledEntity } from '../compile/compileApp.js';
import { type DialectName, encodeValue } from '../dialect/index.js';
import { aggregateValue } from '../dialect/ddl.js';
import { normalizeDecimal, scaledToDecimal } from '../decimal.js';
import { evaluateFormula, type FormulaValue } from '../formula/index.js';
import { appError } from '../errors/catalog.js';
import { DECIMAL_DIGITS } from '../fields/registry.js';
import { actorId, type Ctx } from './context.js';
import { rowToWire } from './codec.js';
import { changedKeys, markDirty, type UnitOfWork } from './uow.js';

export function applyDefaults(app: CompiledApp, entity: CompiledEntity, data: Record<string, unknown>, ctx: Ctx): void {
  const env = { timezone: app.timezone, userId: actorId(ctx) };
  for (const f of entity.fields) {
    // read-only fields (readOnly: true) can still start from their default
    if (data[f.name] !== undefined || !(entity.writable.has(f.name) || f.readOnly)) continue;
    const def = (f as { default?: unknown }).default;
    if (def === undefined) continue;
    const t = entity.types.get(f.name)!;
    const value = t.resolveDefault ? t.resolveDefault(def, env) : def;
    if (value !== undefined) data[f.name] = value;
  }
}

export async function nextAutonumbers(trx: Knex.Transaction, entity: CompiledEntity, data: Record<string, unknown>): Promise<void> {
  for (const f of entity.fields) {
    if (f.type !== 'autonumber') continue;
    const name = `${entity.name}.${f.name}`;
    const updated = (await trx.raw('UPDATE "_sequences" SET "value" = "value" + 1 WHERE "name" = ? RETURNING "value"', [name])) as unknown;
    const rows = Array.isArray(updated) ? updated : (updated as { rows: { value: number }[] }).rows;
    let value: number;
    if (rows.length === 0) {
      value = f.start ?? 1;
      await trx('_sequences').insert({ name, value });
    } else value = Number((rows[0] as { value: number }).value);
    const m = /\{(0+)\}/.exec(f.format)!;
    data[f.name] = f.format.replace(m[0], String(value).padStart(m[1].length, '0'));
  }
}

function coerceResult(resultType: string, scale: number | undefined, v: FormulaValue): unknown {
  if (v === null || (typeof v === 'number' && !Number.isFinite(v))) return null;
  switch (resultType) {
    case 'text': return String(v);
    case 'boolean': return v === true || v === 1 || v === 'true';
    case 'integer': { const n = Number(v); return Number.isFinite(n) ? Math.round(n) : null; }
    case 'date': return typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : null;
    default: {
      const n = typeof v === 'string' ? v : Number(v);
      return normalizeDecimal(typeof n === 'number' && !Number.isFinite(n) ? 0 : n, scale ?? 6);
    }
  }
}

/** Decimals hold at most 15 significant digits (exact on both dialects). */
export function decimalFits(value: unknown): boolean {
  if (typeof value !== 'string') return true;
  return value.replace(/^-/, '').replace('.', '').replace(/^0+(?=\d)/, '').length <= DECIMAL_DIGITS;
}

/** Recomputes every formula of the record in dependency order; mutates and returns `record`. */
export function computeFormulas(entity: CompiledEntity, record: Record<string, unknown>): Record<string, unknown> {
  for (const f of entity.formulas) {
    const value = evaluateFormula(f.ast, record as Record<string, FormulaValue>, f.functions);
    const result = coerceResult(f.resultType, f.storage.scale, value);
    if (f.storage.kind === 'decimal' && !decimalFits(result)) {
      throw appError('VALIDATION_FAILED', `the formula "${f.field}" gives a number too large to store`, {
        errors: [{ pointer: `/${f.field}`, code: 'out_of_range', message: `the result has more than ${DECIMAL_DIGITS} digits` }],
      });
    }
    record[f.field] = result;
  }
  return record;
}

async function aggregate(app: CompiledApp, dialect: DialectName, trx: Knex.Transaction, entity: CompiledEntity, parentId: number, only: Set<string>): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const r of entity.rollups) {
    if (!only.has(r.field)) continue;
    const child = app.entities.get(r.child)!;
    const qb = trx(child.table).where(`${child.table}.${r.inverseColumn}`, parentId);
    if (r.filter) r.filter.toKnex({ now: new Date(), user: null }, dialect, child.table)(qb);
    const col = r.childColumn ? `${child.table}.${r.childColumn}` : `${child.table}.id`;
    const fn = r.aggregate === 'count' ? 'count' : r.aggregate;
    const [row] = await qb[fn as 'sum']({ v: col });
    const raw = (row as { v: unknown }).v;
    if (r.aggregate === 'count') {
      out[r.field] = Number(raw ?? 0);
      continue;
    }
    if (raw === null || raw === undefined) {
      out[r.field] = r.aggregate === 'sum' ? normalizeDecimal(0, r.storage.scale ?? 2) : null;
      continue;
    }
    const cs = child.info.fields.get(r.childColumn!)!.storage!;
    const value = aggregateValue(dialect, raw, cs, r.aggregate, scaledToDecimal);
    const dec = normalizeDecimal(typeof value === 'number' ? value : String(value), r.storage.scale ?? 2);
    out[r.field] = decimalFits(dec) ? dec : null;
  }
  return out;
}

/**
 * Recomputes the dirty rollups once per record (a bulk write of 500 order lines recomputes each
 * order once), writes changed values with a version bump and recomputed formulas, logs each as a
 * change of the platform's own (reason "rollup", the write that caused it), and walks on to the
 * parents of what changed. Runs inside the write transaction, before commit.
 */
export async function flushRollups(args: { app: CompiledApp; dialect: DialectName; trx: Knex.Transaction; uow: UnitOfWork }): Promise<void> {
  const { app, dialect, trx, uow } = args;
  for (let round = 0; uow.dirty.size > 0; round++) {
    if (round > 8) throw new Error('rollups nest deeper than 8 levels');
    const batch = uow.dirty;
    uow.dirty = new Map();
    for (const [entityName, byId] of batch) {
      const entity = app.entities.get(entityName)!;
      for (const [id, { rollups, cause }] of byId) {
        const row = await trx(entity.table).where('id', id).first();
        if (!row) continue;
        const current = rowToWire(dialect, entity, row);
        const values = await aggregate(app, dialect, trx, entity, id, rollups);
        if (!Object.entries(values).some(([k, v]) => current[k] !== v)) continue;
        const next = computeFormulas(entity, { ...current, ...values });
        const patch: Record<string, unknown> = {};
        const keys = [...Object.keys(values), ...entity.formulas.map((x) => x.field)];
        for (const f of keys) {
          const info = entity.info.fields.get(f)!;
          patch[info.column!] = encodeValue(dialect, info.storage!, next[f]);
        }
        const [updated] = (await trx(entity.table).where('id', id).update({
          ...patch, version: trx.raw('?? + 1', ['version']), updated_at: new Date().toISOString(), updated_by: actorId(uow.ctx),
        }, '*')) as Record<string, unknown>[];
        uow.rows.set(`${entity.name}:${id}`, updated);
        const after = { ...next, ...rowToWire(dialect, entity, updated) };
        uow.changes.push({ entity: entity.name, id, action: 'update', before: current, after, changed: changedKeys(current, next, keys), cause, reason: 'rollup' });
        for (const feed of entity.feeds) markDirty(uow, feed.parent, next[feed.column], feed.rollup, cause);
      }
    }
  }
}
