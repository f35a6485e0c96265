// CSV export of the records a caller may export: the list's filter, sort, q and fields (or a saved
// view), every page of them, as CSV text chunks (UTF-8 with BOM, one header row, "\n" after each
// record: RFC 4180 quoting as csv-stringify writes it, which the tests hold it to). Transport-free:
// the HTTP route streams the chunks; a CLI or a scheduled export can take them as they are.
//
// Built for a million rows: pages of EXPORT_PAGE rows are read by keyset (one index range each, so
// the cost is linear in the rows), the next page is asked for before the current one is formatted
// (the database works while JavaScript formats), only the exported columns are selected, and each
// column's cell is formatted by a function made once per export — no wire record per row.
// PostgreSQL sends timestamps as ISO text (to_char), which skips parsing them into Date objects.
//
// Text cells a spreadsheet would run as a formula are prefixed with ' (CSV injection), unless raw.
import type { Knex } from 'knex';
import type { CompiledEntity } from '../compile/compileApp.js';
import { pgIsoText } from '../dialect/index.js';
import { appError } from '../errors/catalog.js';
import { fetchPage } from '../query/keyset.js';
import { wireDecoderOf } from './codec.js';
import type { Ctx } from './context.js';
import { type ListQuery } from './query.js';
import { badCursor, listBase } from './read.js';
import { hiddenFields, type Runtime } from './runtime.js';

/** Rows per page read (two pages are in memory at a time). */
export const EXPORT_PAGE = 2000;

// = + - @ tab CR, and the full-width = + - @ that some spreadsheets read as their ASCII forms
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;
/** A text cell with a leading ' when a spreadsheet would take it for a formula. */
export const escapeCsvCell = (v: string): string => (FORMULA_START.test(v) ? `'${v}` : v);

const NEEDS_QUOTES = /[",\r\n]/;
const QUOTE = /"/g;
/** One CSV field: quoted (quotes doubled) when it holds a quote, a comma or a line break. */
export const csvField = (v: string): string => (NEEDS_QUOTES.test(v) ? `"${v.replace(QUOTE, '""')}"` : v);

/** Fields that hold numbers: their cells are never prefixed (a negative amount stays a number). */
const NUMERIC = new Set(['integer', 'number', 'currency', 'percent', 'rating', 'rollup', 'autonumber']);
const SYSTEM_DATETIMES = new Set(['created_at', 'updated_at']);

export interface CsvExport {
  /** The exported columns, in order (the header row). */
  columns: string[];
  /** The entity's name, for a file name. */
  entity: string;
  /**
   * The CSV text, a chunk per page; the first chunk (BOM, header and the first page) is made before
   * the iterator yields anything, so an error in the query is thrown by its first `next()`.
   */
  chunks: AsyncGenerator<string, void, undefined>;
}

interface Column {
  /** The column to select, or an expression with an alias. */
  select: string | Knex.Raw;
  /** Key of the value in a returned row. */
  key: string;
  cell: (v: unknown) => string;
}

function columnsOf(rt: Runtime, entity: CompiledEntity, names: string[], raw: boolean): Column[] {
  const k = rt.db.read;
  const dialect = rt.db.dialect;
  const t = entity.table;
  return names.map((name): Column => {
    const info = entity.info.fields.get(name);
    const column = info?.column ?? name;
    const textTime = dialect === 'postgres' && (SYSTEM_DATETIMES.has(name) || info?.storage?.kind === 'datetime');
    const decode = textTime ? (v: unknown) => v : wireDecoderOf(dialect, entity, name);
    const plain = raw || name === 'id' || NUMERIC.has(entity.fields.find((f) => f.name === name)?.type ?? '');
    const cell = (v: unknown): string => {
      const w = decode(v);
      if (w === null || w === undefined) return '';
      const text = typeof w === 'object' ? JSON.stringify(w) : String(w);
      return csvField(plain ? text : escapeCsvCell(text));
    };
    return {
      key: column, cell,
      select: textTime ? k.raw(`${pgIsoText('??')} AS ??`, [`${t}.${column}`, column]) : `${t}.${column}`,
    };
  });
}

/**
 * The caller's export of an entity, as CSV chunks. `query` is a parsed list query (parseListQuery:
 * filter, sort, q, fields, a saved view); its limit, cursor and count are ignored.
 */
export async function exportCsv(rt: Runtime, args: { entity: string; ctx: Ctx; query: ListQuery; raw?: boolean; pageSize?: number }): Promise<CsvExport> {
  const { ctx, query } = args;
  if (query.expand.length) throw appError('INVALID_QUERY', 'export does not expand relations', { errors: [{ pointer: '/expand', code: 'invalid', message: 'not supported' }] });
  const { entity, base } = await listBase(rt, { entity: args.entity, ctx, query, action: 'export' });
  const hidden = hiddenFields(rt, ctx, entity.name);
  const names = ['id', ...entity.fields.filter((f) => !hidden.has(f.name) && entity.info.fields.get(f.name)!.column).map((f) => f.name), 'created_at', 'updated_at']
    .filter((c) => !query.fields || c === 'id' || query.fields.includes(c));
  const columns = columnsOf(rt, entity, names, args.raw === true);
  const t = entity.table;
  // the sort keys are selected too (the next page starts after the last row's values)
  const sortKeys = query.sort.filter((s) => !columns.some((c) => c.key === s.column)).map((s) => `${t}.${s.column}`);
  const select = [...columns.map((c) => c.select), ...sortKeys];
  const take = args.pageSize ?? EXPORT_PAGE;
  const page = (cursor: unknown[] | null): Promise<Record<string, unknown>[]> =>
    fetchPage({ base: () => base().select(select), table: t, sort: query.sort, cursor, take: take + 1 }).catch((err: unknown) => {
      throw badCursor(err, cursor);
    });
  const format = (rows: Record<string, unknown>[], n: number): string => {
    let out = '';
    for (let i = 0; i < n; i++) {
      const row = rows[i];
      let line = columns[0].cell(row[columns[0].key]);
      for (let j = 1; j < columns.length; j++) line += ',' + columns[j].cell(row[columns[j].key]);
      out += line + '\n';
    }
    return out;
  };

  let pending: Promise<Record<string, unknown>[]> | null = page(null);
  const first = await pending;
  async function* chunks(): AsyncGenerator<string, void, undefined> {
    let rows = first;
    let head = '\uFEFF' + names.map(csvField).join(',') + '\n';
    try {
      for (;;) {
        const more = rows.length > take;
        const n = more ? take : rows.length;
        // ask for the next page before formatting this one
        pending = more ? page(query.sort.map((s) => rows[n - 1][s.column])) : null;
        yield head + format(rows, n);
        head = '';
        if (!pending) return;
        rows = await pending;
      }
    } finally {
      // the reader stopped early: a page still on its way is not waited for, and can not fail unhandled
      pending?.catch(() => undefined);
    }
  }
  return { columns: names, entity: entity.name, chunks: chunks() };
}
