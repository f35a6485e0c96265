// Every SQLite/PostgreSQL difference lives here (architecture §8): connection setup, column types,
// value codecs, write-lock transactions, case-insensitive matching, array membership, introspection.
import type { Knex } from 'knex';
import pg from 'pg';
import { decimalToScaled, normalizeDecimal, scaledToDecimal } from '../decimal.js';
import { takeWriteLock } from './connect.js';
import { type GroupCommit, runQueued, type WriteMark, type WriteOptions } from './groupCommit.js';

export type DialectName = 'sqlite' | 'postgres';
export type StorageKind = 'text' | 'integer' | 'bigint' | 'real' | 'decimal' | 'boolean' | 'date' | 'datetime' | 'json';
export interface Storage {
  kind: StorageKind;
  scale?: number;
}

// pg: int8 (ids, counts) as JS numbers; date as the plain 'YYYY-MM-DD' text; numeric stays a string.
pg.types.setTypeParser(20, (v: string) => Number(v));
pg.types.setTypeParser(1082, (v: string) => v);

export interface Db {
  /** The writer: write transactions, migrations, and every read that must see them. */
  knex: Knex;
  /** Reads outside write transactions: a pool beside the writer with the read budget's statement
   *  timeout (SQLite file: WAL readers; PostgreSQL: its own pool). The writer itself for :memory:. */
  read: Knex;
  /** Reads of rows by id (a record, its many-to-many ids): SQLite keeps one connection for them and
   *  PostgreSQL a small pool, so slow lists on `read` never make a point read wait (pointRead). */
  lookup: Knex;
  dialect: DialectName;
  /** PostgreSQL schema the app lives in (tests use a random one); 'main' on SQLite. */
  schema: string;
  /** The statement timeout of `read` in ms; 0 when reads have none. */
  readTimeoutMs: number;
  /** SQLite: write transactions that wait for the writer share the next COMMIT (groupCommit.ts). */
  group?: GroupCommit;
  destroy(): Promise<void>;
}

export { dialectOf, GROUP_COMMIT_DEFAULT, isQueryTimeout, openDb, optimize, pointRead, pointReadTarget, READ_DEFAULTS, type OpenDbOptions } from './connect.js';
export type { GroupCommit, GroupCommitStats, WriteMark, WriteOptions } from './groupCommit.js';
export { queueBeforeCommit } from './groupCommit.js';

/** The declared column type for a storage kind. SQLite keeps declared types verbatim, which lets
 *  introspection read the logical kind back; the names are chosen for the right column affinity. */
export function columnType(dialect: DialectName, s: Storage): string {
  const scale = s.scale ?? 0;
  if (dialect === 'sqlite') {
    switch (s.kind) {
      case 'decimal': return `decimal(18,${scale})`; // scaled integer, NUMERIC affinity keeps it exact
      case 'json': return 'json_text';
      default: return s.kind;
    }
  }
  switch (s.kind) {
    case 'decimal': return `numeric(18,${scale})`;
    case 'datetime': return 'timestamptz';
    case 'json': return 'jsonb';
    case 'real': return 'double precision';
    default: return s.kind;
  }
}

/** Introspected column type → storage, the inverse of columnType. */
export function storageFromColumn(dialect: DialectName, col: { type: string; scale?: number | null }): Storage {
  const t = col.type.toLowerCase();
  const dec = /^(?:decimal|numeric)\(\d+,\s*(\d+)\)$/.exec(t);
  if (dec) return { kind: 'decimal', scale: Number(dec[1]) };
  if (t === 'numeric') return { kind: 'decimal', scale: col.scale ?? 0 };
  if (t === 'json_text' || t === 'jsonb' || t === 'json') return { kind: 'json' };
  if (t === 'timestamptz' || t === 'timestamp with time zone') return { kind: 'datetime' };
  if (t === 'double precision' || t === 'real') return { kind: 'real' };
  if (t === 'character varying' || t === 'varchar') return { kind: 'text' };
  if (['text', 'integer', 'bigint', 'boolean', 'date', 'datetime'].includes(t)) return { kind: t as StorageKind };
  if (dialect === 'sqlite' && t === 'int') return { kind: 'integer' };
  return { kind: 'text' };
}

export function storageKey(s: Storage): string {
  return s.kind === 'decimal' ? `decimal(${s.scale ?? 0})` : s.kind;
}

/** Wire value (already validated) → database value. */
export function encodeValue(dialect: DialectName, s: Storage, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (s.kind) {
    case 'decimal': {
      const norm = normalizeDecimal(value as string | number, s.scale ?? 0);
      if (norm === null) return null;
      return dialect === 'sqlite' ? decimalToScaled(norm, s.scale ?? 0) : norm;
    }
    case 'boolean': return dialect === 'sqlite' ? (value ? 1 : 0) : Boolean(value);
    case 'json': return JSON.stringify(value);
    case 'datetime': return new Date(value as string).toISOString();
    default: return value;
  }
}

const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** PostgreSQL's text of a numeric(p, scale) value: already the wire form (no leading zeros, `scale` places). */
const pgNumericText = (scale: number): RegExp => (scale === 0 ? /^-?(?:0|[1-9]\d*)$/ : new RegExp(`^-?(?:0|[1-9]\\d*)\\.\\d{${scale}}$`));

/** decodeValue for one storage, specialized once (row decoders of an entity are built from these). */
export function decoderFor(dialect: DialectName, s: Storage): (value: unknown) => unknown {
  if (s.kind === 'decimal') {
    const scale = s.scale ?? 0;
    if (dialect === 'sqlite') return (v) => (v === null || v === undefined ? null : scaledToDecimal(v as number, scale));
    const exact = pgNumericText(scale);
    return (v) => (v === null || v === undefined ? null : typeof v === 'string' && exact.test(v) && v !== '-0' && !/^-0\.0*$/.test(v) ? v : normalizeDecimal(v as string, scale));
  }
  if (s.kind === 'text') return (v) => (v === undefined ? null : v);
  return (v) => decodeValue(dialect, s, v);
}

/** PostgreSQL: a timestamptz as its wire text, as Date#toISOString writes it (UTC, milliseconds, Z). */
export const pgIsoText = (ref: string): string => `to_char(${ref} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * PostgreSQL: the wire value of a column (what decoderFor gives in JavaScript) as a jsonb expression,
 * JSON null for NULL (`[]` for an empty multiselect/tags): the one-statement writes build their audit
 * rows in SQL with it, so this and decoderFor must agree (test/records/fastWrite.test.ts checks every kind).
 */
export function pgWireJson(s: Storage, ref: string, emptyArray: boolean): string {
  let e: string;
  switch (s.kind) {
    // numeric's text at the declared scale is the wire form (decoderFor keeps it as it is)
    case 'decimal': e = `to_jsonb(round(${ref}, ${Number(s.scale ?? 0)})::text)`; break;
    // Date#toISOString: UTC, milliseconds, Z
    case 'datetime': e = `to_jsonb(${pgIsoText(ref)})`; break;
    case 'json': e = `(${ref})::jsonb`; break;
    // text, integer, bigint, real, boolean, date (to_jsonb writes a date as YYYY-MM-DD whatever DateStyle says)
    default: e = `to_jsonb(${ref})`;
  }
  return `coalesce(${e}, '${emptyArray ? '[]' : 'null'}'::jsonb)`;
}

/** Database value → wire value (architecture §10.3). */
export function decodeValue(dialect: DialectName, s: Storage, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (s.kind) {
    case 'decimal':
      return dialect === 'sqlite'
        ? scaledToDecimal(value as number, s.scale ?? 0)
        : normalizeDecimal(value as string, s.scale ?? 0);
    case 'boolean': return value === true || value === 1 || value === '1' || value === 't';
    case 'integer':
    case 'real':
    case 'bigint': return typeof value === 'number' ? value : Number(value);
    case 'json': return dialect === 'sqlite' && typeof value === 'string' ? JSON.parse(value) : value; // pg parses jsonb itself
    case 'datetime':
      if (value instanceof Date) return value.toISOString();
      // SQLite holds what encodeValue wrote (toISOString): skip the Date round trip
      return typeof value === 'string' && ISO_MS.test(value) ? value : new Date(String(value)).toISOString();
    case 'date': return value instanceof Date ? value.toISOString().slice(0, 10) : String(value);
    default: return value;
  }
}

/**
 * Runs fn in a write transaction and settles once it is committed (or rolled back). SQLite: the
 * write lock is taken up front (takeWriteLock), and writes that queue for the single writer share
 * one transaction, each in its own savepoint (group commit: groupCommit.ts). fn must not call
 * writeTransaction itself (it would wait for its own transaction). Work fn queues with
 * queueBeforeCommit runs before the COMMIT. `options.oneStatement`: see WriteOptions.
 */
export async function writeTransaction<T>(db: Db, fn: (trx: Knex.Transaction, mark: WriteMark) => Promise<T>, options?: WriteOptions): Promise<T> {
  if (db.group) return db.group.run(fn, options);
  return db.knex.transaction(async (trx) => {
    if (db.dialect === 'sqlite') await takeWriteLock(trx);
    const value = await fn(trx, NO_MARK);
    await runQueued(trx);
    return value;
  });
}

const NO_MARK: WriteMark = { wrote: () => undefined };

const escapeLike = (s: string): string => s.replace(/[\\%_]/g, (c) => `\\${c}`);

// SQLite's LIKE folds ASCII letters only. A needle with other cased letters (É, Ω…) becomes a GLOB
// pattern with one [xX] class per letter, so matching stays case-insensitive there too (§10.4).
const hasNonAsciiCase = (s: string): boolean => [...s].some((c) => c > '\x7f' && c.toLowerCase() !== c.toUpperCase());
const caseFreeGlob = (s: string): string => [...s].map((c) => {
  if (c === '*' || c === '?' || c === '[') return `[${c}]`;
  const variants = [...new Set([c, c.toLowerCase(), c.toUpperCase()])].filter((x) => [...x].length === 1);
  return variants.length > 1 ? `[${variants.join('')}]` : c;
}).join('');

/** Case-insensitive substring / prefix / suffix match of a literal needle (%, _ and * match themselves). */
export function whereTextMatch(dialect: DialectName, qb: Knex.QueryBuilder, column: string, needle: string, mode: 'contains' | 'startsWith' | 'endsWith'): void {
  if (dialect === 'sqlite' && hasNonAsciiCase(needle)) {
    const g = caseFreeGlob(needle);
    qb.whereRaw('?? GLOB ?', [column, mode === 'contains' ? `*${g}*` : mode === 'startsWith' ? `${g}*` : `*${g}`]);
    return;
  }
  const e = escapeLike(needle);
  const pattern = mode === 'contains' ? `%${e}%` : mode === 'startsWith' ? `${e}%` : `%${e}`;
  if (dialect === 'postgres') qb.whereRaw(`?? ILIKE ? ESCAPE '\\'`, [column, pattern]);
  // SQLite's LIKE has no escape character unless one is named, and naming one makes every row's
  // match slower (7 % on a prefix search): only a needle with \, % or _ needs it.
  else if (e === needle) qb.whereRaw('?? LIKE ?', [column, pattern]);
  else qb.whereRaw(`?? LIKE ? ESCAPE '\\'`, [column, pattern]);
}

/** "the JSON array in column has any of values". */
export function whereArrayHasAny(dialect: DialectName, qb: Knex.QueryBuilder, column: string, values: unknown[]): void {
  const marks = values.map(() => '?').join(', ');
  if (dialect === 'postgres') {
    qb.whereRaw(`EXISTS (SELECT 1 FROM jsonb_array_elements_text(??) AS e(v) WHERE e.v IN (${marks}))`, [column, ...values] as Knex.Value[]);
  } else {
    qb.whereRaw(`EXISTS (SELECT 1 FROM json_each(??) AS e WHERE e.value IN (${marks}))`, [column, ...values] as Knex.Value[]);
  }
}

export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; errno?: number; message?: string };
  return e?.code === '23505' || (e?.code === 'SQLITE_CONSTRAINT' && /UNIQUE/i.test(e.message ?? ''));
}

/** The columns of the unique index a write collided with, when the database says. */
export function uniqueViolationColumns(err: unknown): string[] {
  const e = err as { code?: string; detail?: string; message?: string };
  if (e?.code === '23505') {
    const m = /^Key \((.+?)\)=/.exec(e.detail ?? '');
    return m ? m[1].split(',').map((c) => c.trim().replace(/^"|"$/g, '')) : [];
  }
  const m = /UNIQUE constraint failed: (.+)$/m.exec(e?.message ?? '');
  return m ? m[1].split(',').map((c) => c.trim().split('.').pop() ?? '') : [];
}

export function isForeignKeyViolation(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return e?.code === '23503' || (e?.code === 'SQLITE_CONSTRAINT' && /FOREIGN KEY/i.test(e.message ?? ''));
}

/** PostgreSQL "data exception" (SQLSTATE class 22: bad number/date text, out of range); SQLite never raises one. */
export function isDataError(err: unknown): boolean {
  const e = err as { code?: unknown };
  return typeof e?.code === 'string' && /^22[0-9A-Z]{3}$/.test(e.code);
}

export function isBusy(err: unknown): boolean {
  const e = err as { code?: string };
  return e?.code === 'SQLITE_BUSY' || e?.code === '40001' || e?.code === '40P01';
}
