// Stored formulas and rollups follow their definitions: when an expression, a rollup or a new
// computed field changes an entity's "computed fingerprint", every row is recomputed once. The
// work goes in batches of BATCH rows, each its own write transaction that reads the rows it
// rewrites (and, for rollups, their children) under the write lock, so writes served meanwhile
// are never overwritten with stale values; between batches other work gets the database. The
// server runs it in the background after it starts listening (docs/performance.md: readiness);
// `crm apply` waits for it. Interrupted, it starts over on the next start (only changed rows are
// written, so a repeat costs reads).
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
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

export interface BackfillOptions {
  /** One line per entity started and finished, and about every tenth of its rows. */
  onProgress?: (msg: string) => void;
  /** Checked between batches: true stops the work (the fingerprint stays old, so it runs again). */
  isCancelled?: () => boolean;
}

/** The entities whose stored formulas/rollups no longer match their definitions. */
export async function staleEntities(db: Db, app: CompiledApp): Promise<CompiledEntity[]> {
  await ensureTable(db);
  const stored = new Map(((await db.knex('_computed').select('entity', 'fingerprint')) as { entity: string; fingerprint: string }[]).map((r) => [r.entity, r.fingerprint]));
  return [...app.entities.values()].filter((e) => (e.formulas.length > 0 || e.rollups.length > 0) && stored.get(e.name) !== computedFingerprint(e));
}

/** Returns how many rows were rewritten per entity (entities with nothing to do are left out). */
export async function backfillComputed(db: Db, app: CompiledApp, options: BackfillOptions | ((msg: string) => void) = {}): Promise<Record<string, number>> {
  const opts: BackfillOptions = typeof options === 'function' ? { onProgress: options } : options;
  const out: Record<string, number> = {};
  for (const entity of await staleEntities(db, app)) {
    const changed = await recomputeEntity(db, app, entity, opts);
    if (changed === null) return out;
    out[entity.name] = changed;
    const row = { entity: entity.name, fingerprint: computedFingerprint(entity), updated_at: new Date().toISOString() };
    await db.knex('_computed').insert(row).onConflict('entity').merge();
  }
  return out;
}

/** Aggregates of each rollup over the children of the given parents, read inside the batch's transaction. */
async function rollupMaps(trx: Knex.Transaction, db: Db, app: CompiledApp, entity: CompiledEntity, ids: number[]): Promise<Map<string, Map<number, unknown>>> {
  const maps = new Map<string, Map<number, unknown>>();
  for (const r of entity.rollups) {
    const child = app.entities.get(r.child)!;
    const parentCol = `${child.table}.${r.inverseColumn}`;
    const col = r.childColumn ? `${child.table}.${r.childColumn}` : `${child.table}.id`;
    const qb = trx(child.table).select({ parent: parentCol }).whereIn(parentCol, ids).groupBy(parentCol);
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

/** The computed columns of one row that differ from what its definitions give now. */
function patchFor(db: Db, entity: CompiledEntity, row: Record<string, unknown>, maps: Map<string, Map<number, unknown>>): Record<string, unknown> | null {
  const current = rowToWire(db.dialect, entity, row);
  const next: Record<string, unknown> = { ...current };
  for (const r of entity.rollups) next[r.field] = maps.get(r.field)!.get(current.id) ?? (r.aggregate === 'count' ? 0 : r.aggregate === 'sum' ? normalizeDecimal(0, r.storage.scale ?? 2) : null);
  try {
    computeFormulas(entity, next);
  } catch {
    for (const f of entity.formulas) next[f.field] = null; // a result too large to store: left empty
  }
  const patch: Record<string, unknown> = {};
  for (const name of [...entity.rollups.map((r) => r.field), ...entity.formulas.map((f) => f.field)]) {
    if (JSON.stringify(current[name] ?? null) === JSON.stringify(next[name] ?? null)) continue;
    const info = entity.info.fields.get(name)!;
    patch[info.column!] = encodeValue(db.dialect, info.storage!, next[name]);
  }
  return Object.keys(patch).length ? patch : null;
}

/** Rewrites the entity's rows batch by batch; null when cancelled. */
async function recomputeEntity(db: Db, app: CompiledApp, entity: CompiledEntity, opts: BackfillOptions): Promise<number | null> {
  const [{ n }] = await db.knex(entity.table).count({ n: '*' });
  const total = Number(n);
  const started = Date.now();
  const say = (msg: string): void => void (total > 0 && opts.onProgress?.(msg));
  say(`recomputing formulas/rollups of ${total} ${entity.name} rows`);
  let changed = 0;
  let seen = 0;
  let lastId = 0;
  let nextReport = total / 10;
  for (;;) {
    if (opts.isCancelled?.()) {
      say(`stopped recomputing ${entity.name} after ${seen} of ${total} rows; it starts over on the next start`);
      return null;
    }
    const batch = await writeTransaction(db, async (trx) => {
      const q = trx(entity.table).where('id', '>', lastId).orderBy('id').limit(BATCH);
      // PostgreSQL: the rows stay as read until commit (SQLite's write lock already covers the database).
      const rows = (await (db.dialect === 'postgres' ? q.forUpdate() : q)) as Record<string, unknown>[];
      if (rows.length === 0) return { rows: 0, changed: 0, lastId };
      const maps = await rollupMaps(trx, db, app, entity, rows.map((r) => Number(r.id)));
      let written = 0;
      const now = new Date().toISOString();
      for (const row of rows) {
        const patch = patchFor(db, entity, row, maps);
        if (!patch) continue;
        await trx(entity.table).where('id', row.id as number).update({ ...patch, version: trx.raw('?? + 1', ['version']), updated_at: now });
        written++;
      }
      return { rows: rows.length, changed: written, lastId: Number(rows[rows.length - 1].id) };
    });
    if (batch.rows === 0) break;
    ({ lastId } = batch);
    seen += batch.rows;
    changed += batch.changed;
    if (seen >= nextReport && seen < total) {
      say(`  ${entity.name}: ${seen} of ${total} rows (${Math.floor((100 * seen) / total)} %)`);
      nextReport += total / 10;
    }
    // Between batches, whatever else waits for the database goes first.
    await new Promise((resolve) => setImmediate(resolve));
  }
  say(`recomputed ${entity.name}: ${changed} of ${total} rows changed in ${Date.now() - started} ms`);
  return changed;
}
