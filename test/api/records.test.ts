// The REST contract (§4, §10.2, §10.3) through the real express app, on SQLite or PostgreSQL.
import { describe, expect, it } from 'vitest';
import { withTestApp } from '../helpers/testApp.js';
import { q, type TestRuntime, type TestServer } from '../helpers/testRuntime.js';

let rt: TestRuntime;
let api: TestServer;

withTestApp({}, (app) => ({ rt, api } = app));

const create = async (entity: string, body: unknown): Promise<any> => {
  const res = await api.request('POST', `/api/v1/${entity}`, { body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.data;
};

describe('create and read', () => {
  it('creates a record: 201, Location, ETag and the wire format of §10.3', async () => {
    const res = await api.request('POST', '/api/v1/company', { body: { name: 'Acme Ltd', code: 'ACME', revenue: 1234.5, founded: '2001-02-03', tags: ['vip'] } });
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBe(`/api/v1/company/${res.body.data.id}`);
    expect(res.headers.get('etag')).toBe('"1"');
    const d = res.body.data;
    expect(typeof d.id).toBe('number');
    expect(d).toMatchObject({ name: 'Acme Ltd', revenue: '1234.50', founded: '2001-02-03', active: true, tags: ['vip'], version: 1, created_by: null, deal_total: '0.00', deal_count: 0 });
    expect(d.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    const got = await api.request('GET', `/api/v1/company/${d.id}`);
    expect(got.status).toBe(200);
    expect(got.body.data).toEqual(d);
    expect(got.headers.get('content-type')).toMatch(/application\/json/);
  });

  it('answers HEAD on a record and a list with the headers of GET and no body', async () => {
    const d = await create('company', { name: 'Head Ltd', code: 'HEAD-1' });
    for (const path of [`/api/v1/company/${d.id}`, '/api/v1/company?limit=2']) {
      const get = await fetch(`${api.url}${path}`);
      const head = await fetch(`${api.url}${path}`, { method: 'HEAD' });
      expect(head.status).toBe(200);
      expect(head.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(head.headers.get('content-length')).toBe(String((await get.arrayBuffer()).byteLength));
      expect(await head.text()).toBe('');
    }
  });

  it('assigns autonumbers, computes formulas and keeps decimals exact', async () => {
    const a = await create('deal', { title: 'One', amount: '0.10', probability: '30' });
    const b = await create('deal', { title: 'Two', amount: '99999999.99', probability: 100 });
    expect(a.number).toMatch(/^D-\d{5}$/);
    expect(Number(b.number.slice(2))).toBe(Number(a.number.slice(2)) + 1);
    expect(a.weighted).toBe('0.03');
    expect(b.amount).toBe('99999999.99');
    expect(b.weighted).toBe('99999999.99');
    expect(a.stage).toBe('new');
  });

  it('returns 404 for an unknown entity, an unknown id and a malformed id', async () => {
    for (const path of ['/api/v1/nope', '/api/v1/company/999999', '/api/v1/company/abc', '/api/v1/company/-1']) {
      const res = await api.request('GET', path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(res.body).toMatchObject({ status: 404, code: 'NOT_FOUND', type: 'about:blank' });
      expect(res.body.requestId).toBeTruthy();
    }
  });
});

describe('validation (422) names every field with a JSON pointer', () => {
  it('rejects missing required, bad types, formats, ranges and options', async () => {
    const res = await api.request('POST', '/api/v1/company', { body: { revenue: -1, employees: 1.5, grade: 'Z', website: 'ftp://x', founded: '2020-13-40' } });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    const pointers = res.body.errors.map((e: { pointer: string }) => e.pointer);
    expect(pointers).toEqual(expect.arrayContaining(['/name', '/employees', '/grade', '/website', '/founded']));
    expect(res.body.errors.find((e: { pointer: string }) => e.pointer === '/name').code).toBe('required');
  });

  it('names unknown and system/computed keys instead of dropping them', async () => {
    const res = await api.request('POST', '/api/v1/deal', { body: { title: 'x', id: 5, version: 3, weighted: '1', number: 'D-1', nope: 1 } });
    expect(res.status).toBe(422);
    const byPointer = Object.fromEntries(res.body.errors.map((e: { pointer: string; code: string }) => [e.pointer, e.code]));
    expect(byPointer).toEqual({ '/id': 'read_only_field', '/version': 'read_only_field', '/weighted': 'read_only_field', '/number': 'read_only_field', '/nope': 'unknown_field' });
  });

  it('checks decimal ranges after normalizing', async () => {
    const res = await api.request('POST', '/api/v1/deal', { body: { title: 'x', probability: '100.4' } });
    expect(res.status).toBe(201);
    const over = await api.request('POST', '/api/v1/deal', { body: { title: 'x', probability: '101' } });
    expect(over.status).toBe(422);
    expect(over.body.errors[0]).toMatchObject({ pointer: '/probability', code: 'maximum' });
  });

  it('gives range errors for decimals sent as JSON numbers too', async () => {
    const res = await api.request('POST', '/api/v1/deal', { body: { title: 'x', probability: 150 } });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([{ pointer: '/probability', code: 'maximum', message: expect.any(String) }]);
    const neg = await api.request('POST', '/api/v1/company', { body: { name: 'neg', revenue: -5 } });
    expect(neg.body.errors[0]).toMatchObject({ pointer: '/revenue', code: 'minimum' });
  });

  it('rejects a relation to a record that does not exist', async () => {
    const res = await api.request('POST', '/api/v1/deal', { body: { title: 'x', company: 987654 } });
    expect(res.status).toBe(422);
    expect(res.body.errors[0]).toMatchObject({ pointer: '/company', code: 'not_found' });
  });
});

describe('request errors', () => {
  it('400 MALFORMED_REQUEST for a body that is not JSON or not an object', async () => {
    const bad = await api.request('POST', '/api/v1/company', { raw: '{"name": ', headers: { 'content-type': 'application/json' } });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('MALFORMED_REQUEST');
    const arr = await api.request('POST', '/api/v1/company', { body: [1, 2] });
    expect(arr.status).toBe(400);
    expect(arr.body.code).toBe('MALFORMED_REQUEST');
  });

  it('400 MALFORMED_REQUEST for prototype-polluting keys, and nothing is polluted', async () => {
    const res = await api.request('POST', '/api/v1/company', { raw: '{"name":"x","__proto__":{"polluted":1}}', headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(400);
    const nested = await api.request('POST', '/api/v1/deal', { raw: '{"title":"x","extra":{"constructor":{"prototype":{"polluted":1}}}}', headers: { 'content-type': 'application/json' } });
    expect(nested.status).toBe(400);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('415 for a write without application/json', async () => {
    const res = await api.request('POST', '/api/v1/company', { raw: 'name=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(res.status).toBe(415);
    expect(res.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('413 for a body over 1 MB', async () => {
    const res = await api.request('POST', '/api/v1/company', { body: { name: 'x'.repeat(1_100_000) } });
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('400 INVALID_QUERY for bad filter, sort, limit, cursor, fields, expand and unknown parameters', async () => {
    const cases: [string, string][] = [
      [q({ filter: '{"name":' }), '/filter'],
      [q({ filter: { nope: { eq: 1 } } }), '/filter/nope'],
      [q({ filter: { name: { eq: null } } }), '/filter/name/eq'],
      [q({ sort: 'nope' }), '/sort'],
      [q({ limit: '0' }), '/limit'],
      [q({ limit: '501' }), '/limit'],
      [q({ cursor: 'garbage' }), '/cursor'],
      [q({ fields: 'nope' }), '/fields'],
      [q({ expand: 'name' }), '/expand'],
      [q({ expand: 'deals.company.deals.company' }), '/expand'],
      [q({ bogus: '1' }), '/bogus'],
      ['?limit=1&limit=2', '/limit'],
    ];
    for (const [query, pointer] of cases) {
      const res = await api.request('GET', `/api/v1/company${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body.code, query).toBe('INVALID_QUERY');
      expect(res.body.errors[0].pointer, query).toBe(pointer);
    }
  });

  it('405 for an unsupported method (with Allow), 404 for unknown routes', async () => {
    const put = await api.request('PUT', '/api/v1/company/1', { body: {} });
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBeTruthy();
    expect((await api.request('GET', '/api/v1/_nope')).status).toBe(404);
    expect((await api.request('GET', '/nothing-here')).status).toBe(404);
  });

  it('echoes a sane X-Request-Id and puts it in problems', async () => {
    const res = await api.request('GET', '/api/v1/nope', { headers: { 'x-request-id': 'req-12345678' } });
    expect(res.headers.get('x-request-id')).toBe('req-12345678');
    expect(res.body.requestId).toBe('req-12345678');
  });
});

describe('update, ETag and If-Match', () => {
  it('PATCH is partial, bumps version and ETag; a stale If-Match is 412', async () => {
    const c = await create('company', { name: 'Patch Co', code: 'PATCH', employees: 10 });
    const ok = await api.request('PATCH', `/api/v1/company/${c.id}`, { body: { employees: 11 }, headers: { 'if-match': '"1"' } });
    expect(ok.status).toBe(200);
    expect(ok.body.data).toMatchObject({ name: 'Patch Co', employees: 11, version: 2 });
    expect(ok.headers.get('etag')).toBe('"2"');
    const stale = await api.request('PATCH', `/api/v1/company/${c.id}`, { body: { employees: 12 }, headers: { 'if-match': '"1"' } });
    expect(stale.status).toBe(412);
    expect(stale.body.code).toBe('PRECONDITION_FAILED');
    const after = await api.request('GET', `/api/v1/company/${c.id}`);
    expect(after.body.data.employees).toBe(11);
    const notModified = await api.request('GET', `/api/v1/company/${c.id}`, { headers: { 'if-none-match': '"2"' } });
    expect(notModified.status).toBe(304);
  });

  it('two concurrent PATCHes with the same If-Match: one wins, one gets 412 (no lost update)', async () => {
    const c = await create('company', { name: 'Race', code: 'RACE', employees: 0 });
    const [a, b] = await Promise.all([
      api.request('PATCH', `/api/v1/company/${c.id}`, { body: { employees: 1 }, headers: { 'if-match': '"1"' } }),
      api.request('PATCH', `/api/v1/company/${c.id}`, { body: { employees: 2 }, headers: { 'if-match': '"1"' } }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 412]);
  });

  it('required fields can not be cleared', async () => {
    const c = await create('company', { name: 'Keep', code: 'KEEP' });
    const res = await api.request('PATCH', `/api/v1/company/${c.id}`, { body: { name: null } });
    expect(res.status).toBe(422);
    expect(res.body.errors[0].pointer).toBe('/name');
  });
});

describe('unique and relations', () => {
  it('409 UNIQUE_CONFLICT with the pointer of the taken field', async () => {
    await create('company', { name: 'U1', code: 'UNIQ' });
    const res = await api.request('POST', '/api/v1/company', { body: { name: 'U2', code: 'UNIQ' } });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('UNIQUE_CONFLICT');
    expect(res.body.errors[0].pointer).toBe('/code');
  });

  it('emails are stored lower-cased so uniqueness is case-insensitive', async () => {
    await create('contact', { full_name: 'Li Wei', email: 'Li.Wei@Example.com' });
    const res = await api.request('POST', '/api/v1/contact', { body: { full_name: 'Li Wei 2', email: 'li.wei@example.COM' } });
    expect(res.status).toBe(409);
  });

  it('onDelete restrict → 409 DELETE_RESTRICTED; cascade deletes children; set-null clears them', async () => {
    const c = await create('company', { name: 'Parent', code: 'PARENT' });
    const deal = await create('deal', { title: 'child', company: c.id, amount: '10.00' });
    const note = await create('note', { body: 'hello', company: c.id });
    const contact = await create('contact', { full_name: 'X', company: c.id });
    const blocked = await api.request('DELETE', `/api/v1/company/${c.id}`);
    expect(blocked.status).toBe(409);
    expect(blocked.body.code).toBe('DELETE_RESTRICTED');
    expect((await api.request('DELETE', `/api/v1/deal/${deal.id}`)).status).toBe(204);
    expect((await api.request('DELETE', `/api/v1/company/${c.id}`)).status).toBe(204);
    expect((await api.request('GET', `/api/v1/note/${note.id}`)).status).toBe(404);
    const kept = await api.request('GET', `/api/v1/contact/${contact.id}`);
    expect(kept.body.data.company).toBeNull();
    expect(kept.body.data.version).toBe(2);
  });

  it('DELETE honours If-Match', async () => {
    const c = await create('company', { name: 'Del', code: 'DEL' });
    expect((await api.request('DELETE', `/api/v1/company/${c.id}`, { headers: { 'if-match': '"7"' } })).status).toBe(412);
    expect((await api.request('DELETE', `/api/v1/company/${c.id}`, { headers: { 'if-match': '"1"' } })).status).toBe(204);
  });

  it('rollups follow child writes, moves and deletes; the parent version grows', async () => {
    const p1 = await create('company', { name: 'R1', code: 'R1' });
    const p2 = await create('company', { name: 'R2', code: 'R2' });
    const d1 = await create('deal', { title: 'a', company: p1.id, amount: '100.25', stage: 'won' });
    await create('deal', { title: 'b', company: p1.id, amount: '50.00' });
    let r1 = (await api.request('GET', `/api/v1/company/${p1.id}`)).body.data;
    expect(r1).toMatchObject({ deal_total: '150.25', won_total: '100.25', deal_count: 2 });
    await api.request('PATCH', `/api/v1/deal/${d1.id}`, { body: { company: p2.id } });
    r1 = (await api.request('GET', `/api/v1/company/${p1.id}`)).body.data;
    const r2 = (await api.request('GET', `/api/v1/company/${p2.id}`)).body.data;
    expect(r1).toMatchObject({ deal_total: '50.00', won_total: '0.00', deal_count: 1 });
    expect(r2).toMatchObject({ deal_total: '100.25', won_total: '100.25', deal_count: 1 });
    await api.request('DELETE', `/api/v1/deal/${d1.id}`);
    expect((await api.request('GET', `/api/v1/company/${p2.id}`)).body.data).toMatchObject({ deal_total: '0.00', deal_count: 0 });
    expect(r1.version).toBeGreaterThan(1);
  });

  it('many-to-many is an array of ids; a write replaces the set; expand gives records', async () => {
    const p1 = await create('product', { name: 'P1', sku: 'SKU-1' });
    const p2 = await create('product', { name: 'P2', sku: 'SKU-2' });
    const d = await create('deal', { title: 'm2m', products: [p1.id, p2.id] });
    expect(d.products).toEqual([p1.id, p2.id]);
    const patched = await api.request('PATCH', `/api/v1/deal/${d.id}`, { body: { products: [p2.id] } });
    expect(patched.body.data.products).toEqual([p2.id]);
    const expanded = await api.request('GET', `/api/v1/deal/${d.id}?expand=products&fields=title,products.sku`);
    expect(expanded.body.data).toEqual({ id: d.id, version: 2, title: 'm2m', products: [{ id: p2.id, version: 1, sku: 'SKU-2' }] });
  });

  it('expand replaces a many-to-one id with the record and fields trims it', async () => {
    const c = await create('company', { name: 'Exp', code: 'EXP' });
    const d = await create('deal', { title: 'exp', company: c.id });
    const res = await api.request('GET', `/api/v1/deal/${d.id}?expand=company&fields=title,company.name`);
    expect(res.body.data).toEqual({ id: d.id, version: 1, title: 'exp', company: { id: c.id, version: 2, name: 'Exp' } });
    expect(res.headers.get('etag')).toBe('"1"');
    const toMany = await api.request('GET', `/api/v1/company/${c.id}?expand=deals&fields=name,deals.title`);
    expect(toMany.body.data.deals).toEqual({ data: [{ id: d.id, version: 1, title: 'exp' }], meta: { count: 1 } });
  });
});

describe('list', () => {
  it('filters, sorts, pages with a keyset cursor and counts on request', async () => {
    for (let i = 0; i < 7; i++) await create('company', { name: `Page ${i}`, code: `PG-${i}`, employees: i % 3, grade: i % 2 ? 'A' : 'B' });
    const filter = { name: { startsWith: 'page' } };
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const params: Record<string, unknown> = { filter, sort: '-employees,name', limit: '3', count: 'true' };
      if (cursor) params.cursor = cursor;
      const res = await api.request('GET', `/api/v1/company${q(params)}`);
      expect(res.status).toBe(200);
      expect(res.body.meta.count).toBe(7);
      seen.push(...res.body.data.map((r: { name: string }) => r.name));
      cursor = res.body.meta.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual(['Page 2', 'Page 5', 'Page 1', 'Page 4', 'Page 0', 'Page 3', 'Page 6']);
    const noCount = await api.request('GET', `/api/v1/company${q({ filter, limit: '2' })}`);
    expect(noCount.body.meta.count).toBeUndefined();
  });

  it('sorts empty values last in both directions and keeps paging through them', async () => {
    const names: string[] = [];
    let cursor: string | null = null;
    do {
      const params: Record<string, unknown> = { filter: { code: { startsWith: 'PG-' } }, sort: 'founded', limit: '2' };
      if (cursor) params.cursor = cursor;
      const res = await api.request('GET', `/api/v1/company${q(params)}`);
      names.push(...res.body.data.map((r: { name: string }) => r.name));
      cursor = res.body.meta.nextCursor;
    } while (cursor);
    expect(names).toHaveLength(7);
    expect(new Set(names).size).toBe(7);
  });

  it('searches with q across the search fields, case-insensitively', async () => {
    await create('company', { name: 'Shanghai Xingchen 上海星辰', code: 'SXC' });
    const res = await api.request('GET', `/api/v1/company${q({ q: 'xingCHEN' })}`);
    expect(res.body.data.map((r: { code: string }) => r.code)).toEqual(['SXC']);
    const zh = await api.request('GET', `/api/v1/company${q({ q: '星辰' })}`);
    expect(zh.body.data).toHaveLength(1);
    const byCode = await api.request('GET', `/api/v1/company${q({ q: 'sxc' })}`);
    expect(byCode.body.data).toHaveLength(1);
  });

  it('fields trims list rows to the asked fields plus id and version', async () => {
    const res = await api.request('GET', `/api/v1/company${q({ fields: 'name', limit: '1' })}`);
    expect(Object.keys(res.body.data[0]).sort()).toEqual(['id', 'name', 'version']);
  });
});

describe('bulk upsert by match key', () => {
  it('creates then updates by the match key, all or nothing', async () => {
    const first = await api.request('POST', '/api/v1/product/_bulk', { body: { upsert: { matchKey: ['sku'] }, records: [{ sku: 'B-1', name: 'One' }, { sku: 'B-2', name: 'Two' }] } });
    expect(first.status).toBe(200);
    expect(first.body.meta).toEqual({ created: 2, updated: 0 });
    const second = await api.request('POST', '/api/v1/product/_bulk', { body: { upsert: { matchKey: ['sku'] }, records: [{ sku: 'B-1', name: 'Uno' }, { sku: 'B-3', name: 'Three' }] } });
    expect(second.body.meta).toEqual({ created: 1, updated: 1 });
    expect(second.body.data[0]).toEqual({ id: first.body.data[0].id, status: 'updated' });
    const bad = await api.request('POST', '/api/v1/product/_bulk', { body: { upsert: { matchKey: ['sku'] }, records: [{ sku: 'B-4', name: 'Four' }, { sku: 'B-5' }] } });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].pointer).toBe('/records/1/name');
    const four = await api.request('GET', `/api/v1/product${q({ filter: { sku: { eq: 'B-4' } } })}`);
    expect(four.body.data).toHaveLength(0);
  });

  it('refuses a match key the entity does not declare', async () => {
    const res = await api.request('POST', '/api/v1/product/_bulk', { body: { upsert: { matchKey: ['name'] }, records: [] } });
    expect(res.status).toBe(422);
    expect(res.body.errors[0].pointer).toBe('/upsert/matchKey');
  });
});
