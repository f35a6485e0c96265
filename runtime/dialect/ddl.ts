// DDL that differs between SQLite and PostgreSQL: ids, foreign keys, column type changes,
// migration locks and the post-migration reference check. The migrate stage calls only these.
import type { Knex } from 'knex';
import { appError } from '../errors/catalog.js';
import { columnType, type DialectName, type Storage } from './index.js';

export interface TypeChange { table: string; column: string; from: Storage; to: Storage; safe: boolean }

/** PostgreSQL adds foreign keys after every table exists (cycles); SQLite declares them inline. */
export const foreignKeysInline = (dialect: DialectName): boolean => dialect === 'sqlite';

export function idColumn(dialect: DialectName, t: Knex.CreateTableBuilder): void {
  if (dialect === 'sqlite') t.specificType('id', 'integer primary key autoincrement');
  else t.bigIncrements('id');
}

export const onDeleteSql = (action: 'cascade' | 'set-null' | 'no-action'): string => (action === 'cascade' ? 'CASCADE' : action === 'set-null' ? 'SET NULL' : 'NO ACTION');

export async function addColumn(dialect: DialectName, trx: Knex.Transaction, table: string, column: string, storage: Storage, references?: { table: string; onDelete: 'cascade' | 'set-null' | 'no-action' }): Promise<void> {
  if (references && foreignKeysInline(dialect)) {
    await trx.raw(`ALTER TABLE ?? ADD COLUMN ?? ${columnType(dialect, storage)} REFERENCES ??(id) ON DELETE ${onDeleteSql(references.onDelete)}`, [table, column, references.table]);
  } else {
    await trx.raw(`ALTER TABLE ?? ADD COLUMN ?? ${columnType(dialect, storage)}`, [table, column]);
  }
}

/**
 * CREATE INDEX. On PostgreSQL a non-unique index of a table with an `id` gets `id` as its last
 * column, so a list sorted by the indexed fields pages by one index range `(col, id) > (…)` even
 * inside a long run of equal values (a city with 20,000 contacts). SQLite's indexes end with the
 * rowid (= id) already. Introspection leaves that `id` out again, so plans compare as defined.
 */
export async function createIndex(dialect: DialectName, trx: Knex.Transaction, table: string, index: { name: string; columns: string[]; unique: boolean }): Promise<void> {
  let columns = index.columns;
  if (dialect === 'postgres' && !index.unique && !columns.includes('id')) {
    const hasId = await trx.raw('SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ? AND column_name = ?', [table, 'id']) as { rows: unknown[] };
    if (hasId.rows.length) columns = [...columns, 'id'];
  }
  await trx.raw(`CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX ?? ON ?? (${columns.map(() => '??').join(', ')})`, [index.name, table, ...columns]);
}

/** The columns an index was defined with: a trailing `id` that createIndex added is not one of them. */
export function definedIndexColumns(dialect: DialectName, name: string, columns: string[], unique: boolean): string[] {
  const added = dialect === 'postgres' && !unique && columns.length > 1 && columns[columns.length - 1] === 'id' && !name.endsWith('__id');
  return added ? columns.slice(0, -1) : columns;
}

export async function dropTable(dialect: DialectName, trx: Knex.Transaction, table: string): Promise<void> {
  await trx.raw(dialect === 'postgres' ? 'DROP TABLE ?? CASCADE' : 'DROP TABLE ??', [table]);
}

/** At the start of a migration transaction: PostgreSQL serializes migrations across processes
 *  (SQLite's write lock already does); SQLite defers reference checks to the end of the transaction,
 *  so a destructive plan may drop a parent before its child (the pragma ends with the transaction). */
export async function beginMigration(dialect: DialectName, trx: Knex.Transaction): Promise<void> {
  if (dialect === 'postgres') await trx.raw('SELECT pg_advisory_xact_lock(?)', [4_242_001]);
  else await trx.raw('PRAGMA defer_foreign_keys = ON');
}

/** Rows whose references broke during the migration (SQLite can tell before commit; PostgreSQL
 *  checks every statement itself). */
export async function brokenReferences(dialect: DialectName, trx: Knex.Transaction): Promise<number> {
  if (dialect !== 'sqlite') return 0;
  return ((await trx.raw('PRAGMA foreign_key_check')) as unknown[]).length;
}

/** Aggregated decimal from the database (SQLite keeps scaled integers) → a decimal string or number. */
export function aggregateValue(dialect: DialectName, raw: unknown, storage: Storage, aggregate: string, scaledToDecimal: (v: number, scale: number) => string): string | number {
  if (dialect === 'sqlite' && storage.kind === 'decimal') {
    return aggregate === 'avg' ? Number(raw) / 10 ** (storage.scale ?? 0) : scaledToDecimal(Math.round(Number(raw)), storage.scale ?? 0);
  }
  return raw as string | number;
}

/** Changes a column's type in place: PostgreSQL ALTER ... USING; SQLite adds, copies, drops, renames
 *  (never a table rebuild, so children's ON DELETE actions can not fire). */
export async function changeType(dialect: DialectName, trx: Knex.Transaction, step: TypeChange): Promise<void> {
  if (!step.safe) {
    const [{ n }] = await trx(step.table).whereNotNull(step.column).count({ n: '*' });
    if (Number(n) > 0) {
      throw appError('MIGRATION_REFUSED',
        `changing ${step.table}.${step.column} from ${step.from.kind} to ${step.to.kind} could lose data (${n} rows have a value); ` +
        'add a new field, copy the data, then remove the old one');
    }
  }
  const expr = castExpression(dialect, step.from, step.to, step.safe);
  // the expression names the column as often as it needs it (the unsafe, empty-column cast is a plain NULL)
  const source = Array.from(expr.matchAll(/\?\?/g), () => step.column);
  if (dialect === 'postgres') {
    await trx.raw(`ALTER TABLE ?? ALTER COLUMN ?? TYPE ${columnType(dialect, step.to)} USING ${expr}`, [step.table, step.column, ...source]);
    return;
  }
  const tmp = `__new_${step.column}`.slice(0, 63);
  await trx.raw(`ALTER TABLE ?? ADD COLUMN ?? ${columnType(dialect, step.to)}`, [step.table, tmp]);
  await trx.raw(`UPDATE ?? SET ?? = ${expr}`, [step.table, tmp, ...source]);
  await trx.raw('ALTER TABLE ?? DROP COLUMN ??', [step.table, step.column]);
  await trx.raw('ALTER TABLE ?? RENAME COLUMN ?? TO ??', [step.table, tmp, step.column]);
}

/** SQL expression converting the column (bound as ??) from one storage to another. */
function castExpression(dialect: DialectName, from: Storage, to: Storage, safe: boolean): string {
  const x = '??';
  if (!safe) return dialect === 'postgres' ? `NULL::${columnType(dialect, to)}` : 'NULL';
  const pow = (n: number): string => String(10 ** n);
  if (dialect === 'postgres') {
    if (to.kind === 'text' && from.kind === 'datetime') return `to_char(${x} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
    if (to.kind === 'datetime' && from.kind === 'date') return `(${x}::timestamp AT TIME ZONE 'UTC')`;
    if (from.kind === 'boolean' && to.kind !== 'text') return `${x}::int::${columnType(dialect, to)}`;
    return `${x}::${columnType(dialect, to)}`;
  }
  if (to.kind === 'text') {
    // the same text PostgreSQL's ::text gives, and NULL stays NULL (printf would turn it into 0.00)
    if (from.kind === 'decimal' && (from.scale ?? 0) > 0) return `CASE WHEN ${x} IS NULL THEN NULL ELSE printf('%.${from.scale}f', ${x} / ${pow(from.scale!)}.0) END`;
    if (from.kind === 'boolean') return `CASE ${x} WHEN 1 THEN 'true' WHEN 0 THEN 'false' END`;
    if (from.kind === 'real') return `CASE WHEN ${x} = CAST(${x} AS INTEGER) THEN CAST(CAST(${x} AS INTEGER) AS TEXT) ELSE CAST(${x} AS TEXT) END`;
    return `CAST(${x} AS TEXT)`;
  }
  if (to.kind === 'decimal') return from.kind === 'decimal' ? `${x} * ${pow((to.scale ?? 0) - (from.scale ?? 0))}` : `${x} * ${pow(to.scale ?? 0)}`;
  if (to.kind === 'real') return `CAST(${x} AS REAL)`;
  if (to.kind === 'datetime' && from.kind === 'date') return `${x} || 'T00:00:00.000Z'`;
  return x;
}
