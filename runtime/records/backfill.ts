// Stored formulas and rollups follow their definitions: when an expression, a rollup or a new
// computed field changes an entity's "computed fingerprint", every row is recomputed once, in
// batches, inside write transactions. Runs after migrations (server start, `crm apply`).
import { createHash } from 'node:crypto';
import type { CompiledApp, CompiledEntity } from '../compile/compileApp.js';
import { encodeValue, writeTransaction, type Db } from '../dialect/index.js';
import { aggregateValue } from '../dialect/ddl.js';
import { normalizeDecimal, scaledToDecimal } from '../decimal.js';
import { rowToWire } from './codec.js';
import { computeFormulas, decimalFits } from './compute.js';

const BATCH = 500;

export function computedFingerprint(entity: CompiledEntity): string {
  const defs = entity.fields.filter((f) => f.type === 'formula' || f.type === 'rollup');
  return createHash('sha256').update(JSON.stringify(defs)).digest('hex').slice(0, 16);
}

async function ensureTable(db: Db): Promise<void> {
  if (!(await db.knex.schema.hasTable('_computed'))) {
    await db.knex.schema.createTable('_computed', (t) => {
      t.string('entity', 100).primary();
      t.string('fingerprint', 64).notNullable();
      t.string('updated_at', 40).notNullable();
    });
  }
}

/** Returns how many rows were rewritten per entity. */
export async function backfillComputed(db: Db, app: CompiledApp, onProgress?: (msg: string) => void): Promise<Record<string, number>> {
  await ensureTable(db);
  const out: Record<string, number> = {};
  for (const entity of app.entities.values()) {
    if (entity.formulas.length === 0 && entity.rollups.length === 0) continue;
    const fingerprint = computedFingerprint(entity);
    const stored = (await db.knex('_computed').where({ entity: entity.name }).first()) as { fingerprint: string } | undefined;
    if (stored?.fingerprint === fingerprint) continue;
    out[entity.name] = await recomputeEntity(db, app, entity);
    if (out[entity.name]) onProgress?.(`recomputed ${out[entity.name]} ${entity.name} rows for changed formulas/rollups`);
    const row = { entity: entity.name, fingerprint, updated_at: new Date().toISOString() };
    if (stored) await db.knex('_computed').where({ entity: entity.name }).update(row);
    else await db.knex('_computed').insert(row);
  }
  return out;
}

async function rollupMaps(db: Db, app: CompiledApp, entity: CompiledEntity): Promise<Map<string, Map<number, unknown>>> {
  const maps = new Map<string, Map<number, unknown>>();
  for (const r of entity.rollups) {
    const child = app.entities.get(r.child)!;
    const col = r.childColumn ? `${child.table}.${r.childColumn}` : `${child.table}.id`;
    const qb = db.knex(child.table).select({ parent: `${child.table}.${r.inverseColumn}` }).whereNotNull(`${child.table}.${r.inverseColumn}`).groupBy(`${child.table}.${r.inverseColumn}`);
    if (r.filter) r.filter.toKnex({ now: new Date(), user: null }, db.dialect, child.table)(qb);
    const agg = qb as unknown as Record<string, (arg: Record<string, string>) => Promise<{ parent: number; v: unknown }[]>>;
    const rows = await agg[r.aggregate].call(qb, { v: col });
    const map = new Map<number, unknown>();
    const cs = r.childColumn ? child.info.fields.get(r.childColumn)!.storage! : null;
    for (const row of rows) {
      if (r.aggregate === 'count') map.set(Number(row.parent), Number(row.v ?? 0));
      else if (row.v !== null && row.v !== undefined && cs) {
        const v = aggregateValue(db.dialect, row.v, cs, r.aggregate, scaledToDecimal);
        const dec = normalizeDecimal(typeof v === 'number' ? v : String(v), r.storage.scale ?? 2);
        map.set(Number(row.parent), decimalFits(dec) ? dec : null);
      }
    }
    maps.set(r.field, map);
  }
  return maps;
}

async function recomputeEntity(db: Db, app: CompiledApp, entity: CompiledEntity): Promise<number> {
  const maps = await rollupMaps(db, app, entity);
  const computed = [...entity.rollups.map((r) => r.field), ...entity.formulas.map((f) => f.field)];
  let changed = 0;
  let lastId = 0;
  for (;;) {
    const rows = (await db.knex(entity.table).where('id', '>', lastId).orderBy('id').limit(BATCH)) as Record<string, unknown>[];
    if (rows.length === 0) break;
    lastId = Number(rows[rows.length - 1].id);
    const updates: { id: number; patch: Record<string, unknown> }[] = [];
    for (const row of rows) {
      const current = rowToWire(db.dialect, entity, row);
      const next: Record<string, unknown> = { ...current };
      for (const r of entity.rollups) next[r.field] = maps.get(r.field)!.get(current.id) ?? (r.aggregate === 'count' ? 0 : r.aggregate === 'sum' ? normalizeDecimal(0, r.storage.scale ?? 2) : null);
      try {
        computeFormulas(entity, next);
      } catch {
        for (const f of entity.formulas) next[f.field] = null; // a result too large to store: left empty
      }
      const patch: Record<string, unknown> = {};
      for (const name of computed) {
        if (JSON.stringify(current[name] ?? null) === JSON.stringify(next[name] ?? null)) continue;
        const info = entity.info.fields.get(name)!;
        patch[info.column!] = encodeValue(db.dialect, info.storage!, next[name]);
      }
      if (Object.keys(patch).length) updates.push({ id: current.id, patch });
    }
    if (updates.length) {
      await writeTransaction(db, async (trx) => {
        for (const u of updates) await trx(entity.table).where('id', u.id).update({ ...u.patch, version: trx.raw('?? + 1', ['version']), updated_at: new Date().toISOString() });
      });
      changed += updates.length;
    }
  }
  return changed;
}
