// Keyset paging: every walk through the pages gives the rows once each, in the documented order
// (empty values last in both directions), whatever the sort and page size; the first sort key is
// walked as an index range (no `OR col IS NULL`), which EXPLAIN shows on both dialects; cursors
// keep their format.
import { beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Knex } from 'knex';
import { pageQueries } from '../../runtime/query/keyset.js';
import { compileFilter } from '../../runtime/query/filter.js';
import { withTestApp } from '../helpers/testApp.js';
import { FIXTURES, q, type TestRuntime, type TestServer } from '../helpers/testRuntime.js';

const APP = join(FIXTURES, 'apps', 'reads');
let rt: TestRuntime;
let api: TestServer;

interface Person { id: number; name: string; city: string | null; rank: number | null; created_at: string }
const people: Person[] = [];

withTestApp({ appDir: APP }, (app) => ({ rt, api } = app));
beforeAll(async () => {
  const ts = new Date().toISOString();
  // Ties, empty values and a legacy empty value in a required field (rank), interleaved by id.
  const rows = Array.from({ length: 37 }, (_, n) => {
    const i = n + 1;
    const created = new Date(Date.UTC(2026, 0, 1) + ((i * 13) % 10) * 1000).toISOString();
    return { name: `p${String((i * 7) % 37).padStart(2, '0')}`, city: i % 4 === 0 ? null : `c${i % 3}`, rank: i % 9 === 0 ? null : i % 5, created_at: created };
  });
  await rt.db.knex.batchInsert('person', rows.map((p) => ({ ...p, updated_at: ts, version: 1 })), 100);
  const ids = new Map(((await rt.db.knex('person').select('id', 'name')) as { id: number; name: string }[]).map((r) => [r.name, Number(r.id)]));
  for (const r of rows) people.push({ id: ids.get(r.name)!, ...r });
}, 60_000);

/** The documented order: per key, values ascending or descending, empty values last; then id. */
function expected(sort: string): number[] {
  const keys = sort.split(',').map((s) => ({ field: s.replace(/^-/, '') as keyof Person, desc: s.startsWith('-') }));
  if (!keys.some((k) => k.field === 'id')) keys.push({ field: 'id', desc: keys[keys.length - 1]?.desc ?? false });
  return [...people].sort((a, b) => {
    for (const k of keys) {
      const x = a[k.field];
      const y = b[k.field];
      if (x === y) continue;
      if (x === null) return 1;
      if (y === null) return -1;
      return (x < y ? -1 : 1) * (k.desc ? -1 : 1);
    }
    return 0;
  }).map((p) => p.id);
}

async function walk(sort: string, limit: number): Promise<number[]> {
  const ids: number[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 100; pages++) {
    const params: Record<string, string> = { sort, limit: String(limit) };
    if (cursor) params.cursor = cursor;
    const res = await api.request('GET', `/api/v1/person${q(params)}`);
    expect(res.status).toBe(200);
    ids.push(...res.body.data.map((r: { id: number }) => r.id));
    cursor = res.body.meta.nextCursor;
    if (!cursor) return ids;
  }
  throw new Error('more than 100 pages');
}

describe('keyset paging', () => {
  const sorts = ['id', '-id', 'city', '-city', 'rank', '-rank', 'city,-rank', '-city,rank', 'rank,name', '-rank,-city', 'name', '-created_at', 'city,-id'];
  for (const sort of sorts) {
    it(`should walk sort=${sort} in the documented order, every row once, at any page size`, async () => {
      for (const limit of [1, 2, 5, 50]) expect(await walk(sort, limit), `limit ${limit}`).toEqual(expected(sort));
    });
  }

  it('should keep accepting a cursor in the format issued before (the sort signature and the last row\'s values)', async () => {
    const order = expected('-city');
    const last = people.find((p) => p.id === order[9])!;
    const cursor = Buffer.from(JSON.stringify({ s: '-city,-id', v: [last.city, last.id] })).toString('base64url');
    const res = await api.request('GET', `/api/v1/person${q({ sort: '-city', limit: '5', cursor })}`);
    expect(res.body.data.map((r: { id: number }) => r.id)).toEqual(order.slice(10, 15));
  });
});

const base = (k: Knex) => (): Knex.QueryBuilder => k('person').select('person.*');

/** The plan of a page query, as one text: SQLite's EXPLAIN QUERY PLAN details or PostgreSQL's node types and indexes. */
async function plan(k: Knex, qb: Knex.QueryBuilder): Promise<string> {
  const { sql, bindings } = qb.toSQL();
  if (rt.db.dialect === 'sqlite') {
    const rows = (await k.raw(`EXPLAIN QUERY PLAN ${sql}`, bindings)) as { detail: string }[];
    return rows.map((r) => r.detail).join('\n');
  }
  const res = (await k.raw(`EXPLAIN (FORMAT JSON) ${sql}`, bindings)) as { rows: { 'QUERY PLAN': unknown }[] };
  const nodes: string[] = [];
  const visit = (n: Record<string, unknown>): void => {
    nodes.push(`${n['Node Type']}${n['Index Name'] ? ` using ${n['Index Name']}` : ''}`);
    for (const c of (n.Plans as Record<string, unknown>[] | undefined) ?? []) visit(c);
  };
  visit((res.rows[0]['QUERY PLAN'] as { Plan: Record<string, unknown> }[])[0].Plan);
  return nodes.join('\n');
}

describe('the first sort key is an index range', () => {
  beforeAll(async () => {
    // Enough rows that PostgreSQL's planner prefers the index for a 51-row page.
    const ts = new Date().toISOString();
    const rows = Array.from({ length: 20_000 }, (_, i) => ({ name: `bulk ${i}`, city: i % 10 === 0 ? null : `city ${i % 300}`, rank: i % 50, created_at: ts, updated_at: ts, version: 1 }));
    await rt.db.knex.batchInsert('person', rows, 500);
    if (rt.db.dialect === 'postgres') await rt.db.knex.raw('ANALYZE ??', ['person']);
    else await rt.db.knex.raw('ANALYZE');
  }, 120_000);

  const cases: [string, { column: string; desc: boolean }[], unknown[] | null][] = [
    ['sort=city, first page', [{ column: 'city', desc: false }, { column: 'id', desc: false }], null],
    ['sort=city, deep page', [{ column: 'city', desc: false }, { column: 'id', desc: false }], ['city 150', 9001]],
    ['sort=-city, deep page', [{ column: 'city', desc: true }, { column: 'id', desc: true }], ['city 150', 9001]],
    ['sort=rank (required), deep page', [{ column: 'rank', desc: false }, { column: 'id', desc: false }], [25, 9001]],
  ];
  for (const [name, sort, cursor] of cases) {
    it(`should walk the index for ${name}, with no sort step and no OR … IS NULL`, async () => {
      // (PostgreSQL's index is (col, id): createIndex adds the id there; SQLite's indexes end with the rowid.)
      const [valued] = pageQueries({ base: base(rt.db.read), table: 'person', sort, cursor, take: 51 });
      const sql = valued.query.toSQL().sql.toLowerCase();
      expect(sql).not.toMatch(/or [`"]?person[`"]?\.[`"]?(city|rank)[`"]? is null/);
      const p = await plan(rt.db.read, valued.query);
      const index = `ix_person__${sort[0].column}`;
      if (rt.db.dialect === 'sqlite') {
        expect(p).toContain(`USING INDEX ${index}`);
        expect(p).not.toContain('TEMP B-TREE');
      } else {
        expect(p).toMatch(new RegExp(`Index Scan( Backward)? using ${index}`));
        expect(p).not.toMatch(/Sort/); // neither a sort nor an incremental one: the index (col, id) gives the order
      }
    });
  }

  it('should reach a list filtered by an indexed field and sorted by another through the filter\'s index', async () => {
    // The peer benchmark's list: one city (indexed) by an unindexed field, highest first.
    const filter = compileFilter(rt.app.model, 'person', { city: { eq: 'city 7' } });
    const filtered = (): Knex.QueryBuilder => base(rt.db.read)().where((w) => filter.toKnex({ user: null }, rt.db.dialect, 'person')(w));
    const [valued] = pageQueries({ base: filtered, table: 'person', sort: [{ column: 'name', desc: true }, { column: 'id', desc: true }], cursor: null, take: 51 });
    const p = await plan(rt.db.read, valued.query);
    if (rt.db.dialect === 'sqlite') expect(p).toMatch(/SEARCH person USING INDEX ix_person__city \(city=\?\)/);
    else expect(p).toMatch(/(Bitmap Index Scan|Index Scan) using ix_person__city/);
    expect(p).not.toMatch(/SCAN person$|Seq Scan/m);
  });

  it('should walk the primary key for sort=id', async () => {
    const [only] = pageQueries({ base: base(rt.db.read), table: 'person', sort: [{ column: 'id', desc: true }], cursor: [15_000], take: 51 });
    const p = await plan(rt.db.read, only.query);
    if (rt.db.dialect === 'sqlite') {
      expect(p).toMatch(/SEARCH person USING INTEGER PRIMARY KEY/);
      expect(p).not.toContain('TEMP B-TREE');
    } else {
      expect(p).toMatch(/Index Scan( Backward)? using person_pkey|Index Scan using person_pkey/);
    }
  });
});
