// CSV export (runtime/records/export.ts): every field kind written as the list API answers it,
// pages joined without a gap or a repeat in any sort order (empty values last), the list's filter,
// q and fields applied, formula-like text neutralized, and the bytes exactly what csv-stringify
// writes for the same cells.
import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { asSystem } from '../../runtime/records/context.js';
import { csvField, escapeCsvCell, exportCsv } from '../../runtime/records/export.js';
import { parseListQuery } from '../../runtime/records/query.js';
import { parseCsv } from '../security/caseHelpers.js';
import { KIND_FIELDS, KINDS_APP } from '../helpers/kindsApp.js';
import { withTestApp } from '../helpers/testApp.js';
import { q, type TestRuntime, type TestServer } from '../helpers/testRuntime.js';

const ctx = asSystem('test');
const NUMERIC = new Set(['integer', 'number', 'currency', 'percent', 'rating']);
const COLUMNS = ['id', ...KIND_FIELDS.map((f) => f.name), 'created_at', 'updated_at'];

/** The cell the export must write for a value of the list API. */
function expectedCell(name: string, v: unknown): string {
  if (v === null || v === undefined) return '';
  const text = typeof v === 'object' ? JSON.stringify(v) : String(v);
  const type = KIND_FIELDS.find((f) => f.name === name)?.type;
  return name === 'id' || NUMERIC.has(type ?? '') ? text : escapeCsvCell(text);
}

/** The whole file as csv-stringify writes the expected cells of these records. */
const expectedCsv = (records: Record<string, unknown>[], columns = COLUMNS): string =>
  stringify(records.map((r) => columns.map((c) => expectedCell(c, r[c]))), { header: true, columns, bom: true });

describe('CSV export', () => {
  let rt: TestRuntime;
  let server: TestServer;
  const bodies: Record<string, unknown>[] = [
    { title: 'Ünïcode \'quoted\' "text", with a comma', body: 'line 1\nline 2\r\nline 3', mail: 'a@example.com', tel: '+86 138 0013 8000', site: 'https://example.com/a?b=1,2',
      grade: 'A', channels: ['mail', 'sms'], labels: ['x', 'y'], count: 42, ratio: 0.1, amount: '1234.5', share: 12.5, stars: 4,
      born: '1990-02-28', seen_at: '2026-03-04T05:06:07.089Z', ok: true, extra: { nested: { a: [1, 'two', null] }, n: 1.5 } },
    { title: '=HYPERLINK("http://evil.example")', body: '+1', grade: 'B', count: -7, amount: '-5.00', ok: false, extra: [1, 2], seen_at: '1999-12-31T23:59:59.999Z' },
    { title: '＝1+1', body: '@sum', count: 3, channels: [], labels: [] },
    { title: 'only a title' },
    { title: '-minus', count: 3, amount: '0.07', born: '2000-01-01' },
    { title: 'tab', body: '\tstarts with a tab', count: 0, ratio: -1e21 },
    { title: 'empty text', body: '', count: 42 },
  ];
  let list: Record<string, unknown>[];

  withTestApp({ appFiles: KINDS_APP }, (app) => ({ rt, api: server } = app));
  beforeAll(async () => {
    for (const body of bodies) expect((await server.request('POST', '/api/v1/sample', { body })).status).toBe(201);
    list = (await server.request('GET', '/api/v1/sample?limit=500')).body.data;
  });

  const exportText = async (params: Record<string, unknown>, pageSize: number, raw = false): Promise<string> => {
    const entity = rt.app.entities.get('sample')!;
    const csv = await exportCsv(rt, { entity: 'sample', ctx, query: parseListQuery(rt.app, entity, params), pageSize, raw });
    let text = '';
    for await (const chunk of csv.chunks) text += chunk;
    return text;
  };

  it('should write every field kind as the list API answers it, in the bytes csv-stringify writes', async () => {
    const res = await server.request('GET', '/api/v1/sample/_export');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="sample.csv"');
    expect(res.body).toBe(expectedCsv(list));
    const [header, ...rows] = parseCsv(res.body);
    expect(header).toEqual(COLUMNS);
    expect(rows).toHaveLength(bodies.length);
    expect(rows[0][COLUMNS.indexOf('body')]).toBe('line 1\nline 2\r\nline 3');
    expect(rows[1][COLUMNS.indexOf('title')]).toBe('\'=HYPERLINK("http://evil.example")');
    expect(rows[1][COLUMNS.indexOf('amount')]).toBe('-5.00');
    expect(rows[2][COLUMNS.indexOf('title')]).toBe('\'＝1+1');
    expect(rows[2][COLUMNS.indexOf('channels')]).toBe('[]');
  });

  it('should join pages without a gap or a repeat in every sort order, empty values last', async () => {
    for (const sort of ['id', '-id', 'count', '-count', 'born', '-seen_at', 'title', 'amount,-id']) {
      const api = (await server.request('GET', `/api/v1/sample${q({ sort, limit: '500' })}`)).body.data as Record<string, unknown>[];
      for (const pageSize of [1, 2, 3, 500]) {
        expect(await exportText({ sort }, pageSize), `sort=${sort}, pages of ${pageSize}`).toBe(expectedCsv(api));
      }
    }
  });

  it('should apply the list\'s filter, q and fields', async () => {
    const params = { filter: JSON.stringify({ count: { gte: 0 } }), q: 't', fields: 'title,count,seen_at' };
    const api = (await server.request('GET', `/api/v1/sample${q({ ...params, limit: '500' })}`)).body.data as Record<string, unknown>[];
    expect(api.length).toBeGreaterThan(1);
    const columns = ['id', 'title', 'count', 'seen_at'];
    expect(await exportText(params, 1)).toBe(expectedCsv(api, columns));
    expect((await server.request('GET', `/api/v1/sample/_export${q(params)}`)).body).toBe(expectedCsv(api, columns));
  });

  it('should leave text as it is with raw=true', async () => {
    const text = await exportText({}, 2, true);
    const expected = stringify(list.map((r) => COLUMNS.map((c) => (r[c] === null || r[c] === undefined ? '' : typeof r[c] === 'object' ? JSON.stringify(r[c]) : String(r[c])))), { header: true, columns: COLUMNS, bom: true });
    expect(text).toBe(expected);
  });

  it('should stop reading when the reader stops', async () => {
    const entity = rt.app.entities.get('sample')!;
    const csv = await exportCsv(rt, { entity: 'sample', ctx, query: parseListQuery(rt.app, entity, {}), pageSize: 1 });
    const first = await csv.chunks.next();
    expect(first.done).toBe(false);
    expect(parseCsv(first.value as string)).toHaveLength(2);
    await csv.chunks.return();
    expect((await csv.chunks.next()).done).toBe(true);
  });

  it('should quote a field exactly as csv-stringify does', () => {
    fc.assert(fc.property(fc.array(fc.string({ unit: fc.constantFrom('a', ' ', ',', '"', '\n', '\r', ';', 'é', '\t') }), { minLength: 1, maxLength: 4 }), (cells) => {
      expect(cells.map(csvField).join(',') + '\n').toBe(stringify([cells]));
    }), { numRuns: 500 });
  });

  it('should neutralize formula starts, ASCII and full-width', () => {
    for (const [input, out] of [['=1', "'=1"], ['+1', "'+1"], ['-1', "'-1"], ['@x', "'@x"], ['\tx', "'\tx"], ['\rx', "'\rx"], ['＝1', "'＝1"], ['＋1', "'＋1"], ['－1', "'－1"], ['＠x', "'＠x"], ['a=1', 'a=1'], ['1', '1']]) {
      expect(escapeCsvCell(input)).toBe(out);
    }
  });
});
