// Reads what the database has: tables, columns (as storage kinds) and indexes.
import type { Db } from './index.js';
import { type Storage, storageFromColumn } from './index.js';
import { definedIndexColumns } from './ddl.js';

export interface SnapshotTable {
  columns: Record<string, Storage>;
  indexes: Record<string, { columns: string[]; unique: boolean }>;
}
export type Snapshot = { tables: Record<string, SnapshotTable> };

export async function introspect(db: Db): Promise<Snapshot> {
  return db.dialect === 'sqlite' ? introspectSqlite(db) : introspectPostgres(db);
}

async function introspectSqlite(db: Db): Promise<Snapshot> {
  const tables: Record<string, SnapshotTable> = {};
  const rows = (await db.knex.raw(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)) as { name: string }[];
  for (const { name } of rows) {
    const cols = (await db.knex.raw('SELECT name, type FROM pragma_table_info(?) ORDER BY cid', [name])) as { name: string; type: string }[];
    const table: SnapshotTable = { columns: {}, indexes: {} };
    for (const c of cols) table.columns[c.name] = storageFromColumn('sqlite', { type: c.type });
    const idx = (await db.knex.raw(`SELECT name, "unique" AS uq FROM pragma_index_list(?) WHERE origin = 'c' ORDER BY name`, [name])) as { name: string; uq: number }[];
    for (const i of idx) {
      const icols = (await db.knex.raw('SELECT name FROM pragma_index_info(?) ORDER BY seqno', [i.name])) as { name: string }[];
      table.indexes[i.name] = { columns: icols.map((c) => c.name), unique: i.uq === 1 };
    }
    tables[name] = table;
  }
  return { tables };
}

async function introspectPostgres(db: Db): Promise<Snapshot> {
  const tables: Record<string, SnapshotTable> = {};
  const cols = await db.knex.raw(
    `SELECT table_name, column_name, data_type, numeric_scale FROM information_schema.columns
     WHERE table_schema = ? ORDER BY table_name, ordinal_position`, [db.schema]);
  for (const c of cols.rows as { table_name: string; column_name: string; data_type: string; numeric_scale: number | null }[]) {
    const t = (tables[c.table_name] ??= { columns: {}, indexes: {} });
    t.columns[c.column_name] = storageFromColumn('postgres', { type: c.data_type, scale: c.numeric_scale });
  }
  const idx = await db.knex.raw(
    `SELECT t.relname AS table_name, i.relname AS index_name, ix.indisunique AS uq,
            array_to_json(ARRAY(SELECT a.attname FROM unnest(ix.indkey) WITH ORDINALITY k(attnum, ord)
              JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.ord)) AS cols
     FROM pg_index ix JOIN pg_class t ON t.oid = ix.indrelid JOIN pg_class i ON i.oid = ix.indexrelid
     JOIN pg_namespace n ON n.oid = t.relnamespace
     WHERE n.nspname = ? AND NOT ix.indisprimary ORDER BY i.relname`, [db.schema]);
  for (const r of idx.rows as { table_name: string; index_name: string; uq: boolean; cols: string[] }[]) {
    const t = tables[r.table_name];
    if (t) t.indexes[r.index_name] = { columns: definedIndexColumns('postgres', r.index_name, r.cols, r.uq), unique: r.uq };
  }
  return { tables };
}
