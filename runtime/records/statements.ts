// The statements every write runs (insert a record, update it at its version, read it by id, insert
// audit and outbox rows), as SQL text built once per shape — table and column list — instead of by
// knex's query builder on every request. Profiles of the write path showed the builder (compiling,
// formatting, cloning) as the largest share of the platform's own time per write. Values are always
// bound parameters; identifiers come from the compiled app, never from a request.
import type { Knex } from 'knex';
import { type DialectName, pgWireJson, type Storage } from '../dialect/index.js';

const MAX_SHAPES = 2_000;
const shapes = new Map<string, string>();

const ident = (name: string): string => `"${name.replace(/"/g, '""')}"`;

function sqlFor(key: string, build: () => string): string {
  let sql = shapes.get(key);
  if (sql === undefined) {
    if (shapes.size >= MAX_SHAPES) shapes.clear();
    sql = build();
    shapes.set(key, sql);
  }
  return sql;
}

type Row = Record<string, unknown>;

/** Rows of a raw statement with RETURNING / SELECT on either dialect. */
const rowsOf = (dialect: DialectName, result: unknown): Row[] => (dialect === 'postgres' ? (result as { rows: Row[] }).rows : (result as Row[]));

/** Columns with a value: undefined means "not given", as in knex's builder. */
const given = (values: Row): string[] => Object.keys(values).filter((k) => values[k] !== undefined);

/** INSERT one row … RETURNING *. */
export async function insertReturning(k: Knex, dialect: DialectName, table: string, values: Row): Promise<Row[]> {
  const cols = given(values);
  const sql = sqlFor(`i\u0000${table}\u0000${cols.join('\u0000')}`, () => (cols.length
    ? `INSERT INTO ${ident(table)} (${cols.map(ident).join(', ')}) VALUES (${cols.map(() => '?').join(', ')}) RETURNING *`
    : `INSERT INTO ${ident(table)} DEFAULT VALUES RETURNING *`));
  return rowsOf(dialect, await k.raw(sql, cols.map((c) => values[c]) as Knex.Value[]));
}

/** UPDATE one row at the version the caller read … RETURNING * (no row: it changed meanwhile or is gone). */
export async function updateAtVersion(k: Knex, dialect: DialectName, table: string, values: Row, id: number, version: number): Promise<Row[]> {
  const cols = given(values);
  const sql = sqlFor(`u\u0000${table}\u0000${cols.join('\u0000')}`, () => `UPDATE ${ident(table)} SET ${cols.map((c) => `${ident(c)} = ?`).join(', ')} WHERE ${ident('id')} = ? AND ${ident('version')} = ? RETURNING *`);
  return rowsOf(dialect, await k.raw(sql, [...cols.map((c) => values[c]), id, version] as Knex.Value[]));
}

/** The prefix under which updateReturningOld returns a column's value before the change. */
export const OLD = '_old_';

/**
 * PostgreSQL: UPDATE one row (at a version, or at any) without reading it first, and return it as
 * changed together with its version and the `oldCols` as they were before (as `_old_<column>`).
 * The CTE locks the row (FOR UPDATE), so the old values are those of the version changed, also
 * when another transaction changed it meanwhile. The version grows by one. No row: gone, or
 * not at that version.
 */
export async function updateReturningOld(k: Knex, table: string, values: Row, oldCols: readonly string[], id: number, version: number | null): Promise<Row[]> {
  const cols = given(values);
  const key = `o\u0000${table}\u0000${version === null ? '' : 'v'}\u0000${cols.join('\u0000')}\u0000\u0000${oldCols.join('\u0000')}`;
  const sql = sqlFor(key, () => {
    const t = ident(table);
    const old = ident('_old');
    return `WITH ${old} AS (SELECT "id", "version"${oldCols.map((c) => `, ${ident(c)}`).join('')} FROM ${t} WHERE "id" = ?${version === null ? '' : ' AND "version" = ?'} FOR UPDATE) `
      + `UPDATE ${t} AS "_new" SET ${cols.map((c) => `${ident(c)} = ?, `).join('')}"version" = ${old}."version" + 1 FROM ${old} WHERE "_new"."id" = ${old}."id" `
      + `RETURNING "_new".*, ${old}."version" AS ${ident(`${OLD}version`)}${oldCols.map((c) => `, ${old}.${ident(c)} AS ${ident(OLD + c)}`).join('')}`;
  });
  const bindings = [id, ...(version === null ? [] : [version]), ...cols.map((c) => values[c])];
  return rowsOf('postgres', await k.raw(sql, bindings as Knex.Value[]));
}

/** A field whose values an audit row keeps, as the one-statement writes on PostgreSQL build it in SQL. */
export interface AuditedField { name: string; column: string; storage: Storage; emptyArray: boolean }

/** What an audit row says besides the change itself (audit.ts, auditHead). */
export interface AuditHead { at: string; via: string; request_id: string; actor_kind: string; actor_id: number | null; reason: string | null; entity: string }

const HEAD_COLS = ['at', 'via', 'request_id', 'actor_kind', 'actor_id', 'reason', 'entity'] as const;
const headBindings = (head: AuditHead): unknown[] => HEAD_COLS.map((c) => head[c]);
const AUDIT_INSERT = `INSERT INTO "_audit" (${[...HEAD_COLS, 'record_id', 'action', 'changed', 'before', 'after'].map(ident).join(', ')})`;
const literal = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/** A jsonb object of the fields' wire values read from `alias` (columns prefixed by `prefix`): jsonb_build_object takes at most 100 arguments. */
function wireObject(fields: readonly AuditedField[], alias: string, prefix: string): string {
  if (fields.length === 0) return "'{}'::jsonb";
  const parts: string[] = [];
  for (let i = 0; i < fields.length; i += 50) {
    parts.push(`jsonb_build_object(${fields.slice(i, i + 50).map((f) => `${literal(f.name)}, ${pgWireJson(f.storage, `${ident(alias)}.${ident(prefix + f.column)}`, f.emptyArray)}`).join(', ')})`);
  }
  return parts.join(' || ');
}

/**
 * PostgreSQL: INSERT one record and its audit row (action create, every field of `fields` as
 * changed, their stored values as after) in one statement — atomic without a transaction around it.
 * Returns the inserted row.
 */
export async function pgInsertAudited(k: Knex, table: string, values: Row, fields: readonly AuditedField[], head: AuditHead): Promise<Row[]> {
  const cols = given(values);
  const key = `ia\u0000${table}\u0000${cols.join('\u0000')}\u0000\u0000${fields.map((f) => f.name).join('\u0000')}`;
  const sql = sqlFor(key, () => `WITH "_new" AS (INSERT INTO ${ident(table)} (${cols.map(ident).join(', ')}) VALUES (${cols.map(() => '?').join(', ')}) RETURNING *), `
    + `"_aud" AS (${AUDIT_INSERT} SELECT ${HEAD_COLS.map(() => '?').join(', ')}, "_new"."id", 'create', ?::jsonb, NULL, ${wireObject(fields, '_new', '')} FROM "_new") `
    + 'SELECT * FROM "_new"');
  const bindings = [...cols.map((c) => values[c]), ...headBindings(head), JSON.stringify(fields.map((f) => f.name))];
  return rowsOf('postgres', await k.raw(sql, bindings as Knex.Value[]));
}

/**
 * PostgreSQL: UPDATE one record (at a version, or at any) and insert its audit row in one statement,
 * without reading it first. `fields` are the patched fields and `sent` their patched wire values (as
 * JSON): a field is changed when its value before differs from the one sent (as changedKeys decides;
 * JSON objects are compared as jsonb, so key order alone is no change),
 * and the audit row keeps the changed fields' values before and after. The CTE locks the row (FOR
 * UPDATE), so "before" is the version changed. No row: gone, or not at that version.
 */
export async function pgUpdateAudited(k: Knex, table: string, values: Row, fields: readonly AuditedField[], sent: readonly string[], id: number, version: number | null, head: AuditHead): Promise<Row[]> {
  const cols = given(values);
  const key = `ua\u0000${table}\u0000${version === null ? '' : 'v'}\u0000${cols.join('\u0000')}\u0000\u0000${fields.map((f) => f.name).join('\u0000')}`;
  const sql = sqlFor(key, () => {
    const t = ident(table);
    // "_c<i>": field i changed. The audit's objects are built of the changed fields alone (a CASE per
    // field, cheaper for the server than building all and removing the rest).
    const flag = (i: number): string => ident(`_c${i}`);
    const changedFlags = fields.map((f, i) => `${pgWireJson(f.storage, `"_new".${ident(OLD + f.column)}`, f.emptyArray)} IS DISTINCT FROM ?::jsonb AS ${flag(i)}`).join(', ');
    const object = (prefix: string): string => ["'{}'::jsonb", ...fields.map((f, i) => `CASE WHEN "_ch".${flag(i)} THEN jsonb_build_object(${literal(f.name)}, ${pgWireJson(f.storage, `"_ch".${ident(prefix + f.column)}`, f.emptyArray)}) ELSE '{}'::jsonb END`)].join(' || ');
    const changed = `to_jsonb(array_remove(ARRAY[${fields.map((f, i) => `CASE WHEN "_ch".${flag(i)} THEN ${literal(f.name)} END`).join(', ')}]::text[], NULL))`;
    return `WITH "_old" AS (SELECT "id", "version"${fields.map((f) => `, ${ident(f.column)}`).join('')} FROM ${t} WHERE "id" = ?${version === null ? '' : ' AND "version" = ?'} FOR UPDATE), `
      + `"_new" AS (UPDATE ${t} AS "_n" SET ${cols.map((c) => `${ident(c)} = ?, `).join('')}"version" = "_old"."version" + 1 FROM "_old" WHERE "_n"."id" = "_old"."id" `
      + `RETURNING "_n".*${fields.map((f) => `, "_old".${ident(f.column)} AS ${ident(OLD + f.column)}`).join('')}), `
      + `"_ch" AS (SELECT "_new".*${fields.length ? `, ${changedFlags}` : ''} FROM "_new"), `
      + `"_aud" AS (${AUDIT_INSERT} SELECT ${HEAD_COLS.map(() => '?').join(', ')}, "_ch"."id", 'update', ${changed}, ${object(OLD)}, ${object('')} FROM "_ch") `
      + 'SELECT * FROM "_ch"';
  });
  const bindings = [id, ...(version === null ? [] : [version]), ...cols.map((c) => values[c]), ...sent, ...headBindings(head)];
  return rowsOf('postgres', await k.raw(sql, bindings as Knex.Value[]));
}

/** The version and these columns of the row with this id, or undefined. */
export async function selectColumnsById(k: Knex, dialect: DialectName, table: string, id: number, columns: readonly string[]): Promise<Row | undefined> {
  const sql = sqlFor(`c\u0000${table}\u0000${columns.join('\u0000')}`, () => `SELECT "id", "version"${columns.map((c) => `, ${ident(c)}`).join('')} FROM ${ident(table)} WHERE "id" = ? LIMIT 1`);
  return rowsOf(dialect, await k.raw(sql, [id]))[0];
}

/** The row with this id, or undefined. */
export async function selectById(k: Knex, dialect: DialectName, table: string, id: number): Promise<Row | undefined> {
  const sql = sqlFor(`s\u0000${table}`, () => `SELECT * FROM ${ident(table)} WHERE ${ident('id')} = ? LIMIT 1`);
  return rowsOf(dialect, await k.raw(sql, [id]))[0];
}

/**
 * Inserts rows that all have the same columns (audit, outbox, step rows), `chunk` rows per
 * statement (SQLite's bound-variable limit); rows with other columns fall back to the builder.
 */
export async function insertRows(k: Knex, table: string, rows: Row[], chunk = 100): Promise<void> {
  if (rows.length === 0) return;
  const cols = Object.keys(rows[0]);
  const same = rows.every((r) => {
    const keys = Object.keys(r);
    return keys.length === cols.length && keys.every((c, i) => c === cols[i] && r[c] !== undefined);
  });
  if (!same) {
    for (let i = 0; i < rows.length; i += chunk) await k(table).insert(rows.slice(i, i + chunk));
    return;
  }
  const tuple = `(${cols.map(() => '?').join(', ')})`;
  for (let i = 0; i < rows.length; i += chunk) {
    const part = rows.slice(i, i + chunk);
    const sql = sqlFor(`m\u0000${table}\u0000${part.length}\u0000${cols.join('\u0000')}`, () => `INSERT INTO ${ident(table)} (${cols.map(ident).join(', ')}) VALUES ${Array(part.length).fill(tuple).join(', ')}`);
    const bindings: unknown[] = [];
    for (const r of part) for (const c of cols) bindings.push(r[c]);
    await k.raw(sql, bindings as Knex.Value[]);
  }
}
