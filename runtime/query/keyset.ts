// Keyset pages that cost O(page), not O(depth), with empty values last in both directions
// (docs/decisions.md). The first sort key decides the range an index can walk, so its empty values
// are not mixed in with `OR col IS NULL` (which makes both databases scan from the first row):
// the rows with a value come first, by a plain range on the key, and the rows without one after
// them, by a second query that runs only once the first range is used up. `id` is never empty.
// Later keys only order rows that tie on the first, so they keep the null-aware form.
import type { Knex } from 'knex';

export interface KeysetKey { column: string; desc: boolean }

const isNullable = (k: KeysetKey): boolean => k.column !== 'id';

/** ORDER BY for keys whose earlier keys are equal: empty values last, then the value. */
function orderRest(qb: Knex.QueryBuilder, table: string, keys: KeysetKey[]): void {
  for (const k of keys) {
    const col = `${table}.${k.column}`;
    if (isNullable(k)) qb.orderByRaw('(?? IS NULL)', [col]);
    qb.orderBy(col, k.desc ? 'desc' : 'asc');
  }
}

/** Rows strictly after `values` in the order of `keys` (nulls last per key), as one condition. */
function after(qb: Knex.QueryBuilder, table: string, keys: KeysetKey[], values: unknown[]): void {
  if (keys.length === 1 && !isNullable(keys[0])) {
    qb.where(`${table}.${keys[0].column}`, keys[0].desc ? '<' : '>', values[0] as Knex.Value);
    return;
  }
  qb.where((outer) => {
    keys.forEach((key, i) => {
      outer.orWhere((w) => {
        for (let j = 0; j < i; j++) {
          const col = `${table}.${keys[j].column}`;
          if (values[j] === null) w.whereNull(col);
          else w.where(col, values[j] as Knex.Value);
        }
        const col = `${table}.${key.column}`;
        const v = values[i];
        if (v === null) w.whereRaw('1 = 0'); // nothing sorts after an empty value but other empty ones
        else if (isNullable(key)) w.where((a) => a.where(col, key.desc ? '<' : '>', v as Knex.Value).orWhereNull(col));
        else w.where(col, key.desc ? '<' : '>', v as Knex.Value);
      });
    });
  });
}

export interface KeysetQuery {
  /** A fresh query with the page's conditions (scope, filter, search) and its select list. */
  base: () => Knex.QueryBuilder;
  table: string;
  /** Sort keys; the last is `id`, so the order is total. */
  sort: KeysetKey[];
  /** The sort values of the last row of the previous page, or null for the first page. */
  cursor: unknown[] | null;
  /** Rows to return; one more is asked for to tell whether a next page exists. */
  take: number;
}

/** The queries one page needs, in the order they run (the second only if the first falls short). */
export function pageQueries(q: KeysetQuery): { query: Knex.QueryBuilder; limit: number }[] {
  const [first, ...rest] = q.sort;
  const t = q.table;
  const col = `${t}.${first.column}`;
  if (!isNullable(first)) {
    const qb = q.base();
    if (q.cursor) after(qb, t, q.sort, q.cursor);
    orderRest(qb, t, q.sort);
    return [{ query: qb.limit(q.take), limit: q.take }];
  }
  const out: { query: Knex.QueryBuilder; limit: number }[] = [];
  const inEmptyRange = q.cursor !== null && q.cursor[0] === null;
  if (!inEmptyRange) {
    const valued = q.base().whereNotNull(col);
    if (q.cursor && rest.length === 1 && !isNullable(rest[0]) && rest[0].desc === first.desc) {
      // (col, id) > (v, id0): one index range from the cursor on, also inside a run of equal values
      // (SQLite's index on col ends with the rowid; PostgreSQL reads it as col >= v).
      valued.whereRaw(`(??, ??) ${first.desc ? '<' : '>'} (?, ?)`, [col, `${t}.${rest[0].column}`, q.cursor[0] as Knex.Value, q.cursor[1] as Knex.Value]);
    } else if (q.cursor) {
      const v = q.cursor[0] as Knex.Value;
      // `col >= v` is the index range; the rest only drops the ties already served.
      valued.where(col, first.desc ? '<=' : '>=', v).where((w) => {
        w.where(col, first.desc ? '<' : '>', v).orWhere((tie) => {
          tie.where(col, v);
          after(tie, t, rest, q.cursor!.slice(1));
        });
      });
    }
    valued.orderBy(col, first.desc ? 'desc' : 'asc');
    orderRest(valued, t, rest);
    out.push({ query: valued.limit(q.take), limit: q.take });
  }
  const empty = q.base().whereNull(col);
  if (inEmptyRange) after(empty, t, rest, q.cursor!.slice(1));
  orderRest(empty, t, rest);
  out.push({ query: empty, limit: q.take });
  return out;
}

/** Runs a page: the rows with a value for the first key, then (if the page is not full) the empty ones. */
export async function fetchPage(q: KeysetQuery): Promise<Record<string, unknown>[]> {
  const rows: Record<string, unknown>[] = [];
  for (const { query, limit } of pageQueries(q)) {
    if (rows.length >= q.take) break;
    const want = Math.min(limit, q.take - rows.length);
    rows.push(...((await query.limit(want)) as Record<string, unknown>[]));
  }
  return rows;
}
