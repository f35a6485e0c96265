// The one-statement write path (runtime/records/fastWrite.ts): creates and patches of entities with
// nothing watching the record skip the read before the write (PostgreSQL), the savepoint and the
// separate audit insert (SQLite group commit). Every guarantee of the full path must hold on it:
// audit values before and after, If-Match, 404/422/409 answers, scopes before and after the change.
import { describe, expect, it } from 'vitest';
import { writeTransaction } from '../../runtime/dialect/index.js';
import { appError } from '../../runtime/errors/catalog.js';
import { asSystem, type Authorize } from '../../runtime/records/context.js';
import { createAndRead, updateAndRead } from '../../runtime/records/index.js';
import { flush, updateInTrx, writePathsOf } from '../../runtime/records/write.js';
import { loadOne } from '../../runtime/records/read.js';
import { rowToWire } from '../../runtime/records/codec.js';
import { newUnitOfWork } from '../../runtime/records/uow.js';
import type { Runtime } from '../../runtime/records/runtime.js';
import { KIND_FIELDS, KINDS_APP } from '../helpers/kindsApp.js';
import { withTestApp } from '../helpers/testApp.js';
import { DIALECT, type TestRuntime, type TestServer } from '../helpers/testRuntime.js';

const ctx = asSystem('test');
const STAMP = { created_at: '2026-01-01T00:00:00.000Z', updated_at: '2026-01-01T00:00:00.000Z', version: 1 };

/** Products named "locked" are outside the update scope; none may be renamed to "forbidden". */
const scoped: Authorize = ({ entity, action }) => {
  if (entity !== 'product') return true;
  if (action === 'update') return { name: { ne: 'locked' } };
  if (action === 'updateTo') return { name: { ne: 'forbidden' } };
  return true;
};

async function auditRows(rt: Runtime, entity: string, id: number): Promise<{ action: string; changed: string[]; before: Record<string, unknown> | null; after: Record<string, unknown> | null }[]> {
  const rows = await rt.db.knex('_audit').where({ entity, record_id: id }).orderBy('id');
  const parse = (v: unknown): unknown => (typeof v === 'string' ? JSON.parse(v) : v);
  return rows.map((r) => ({ action: r.action, changed: parse(r.changed) as string[], before: parse(r.before) as Record<string, unknown> | null, after: parse(r.after) as Record<string, unknown> | null }));
}

describe('one-statement writes', () => {
  let rt: TestRuntime;
  let server: TestServer;
  withTestApp({ file: true }, (app) => ({ rt, api: server } = app));

  it('should take the one-statement path only where nothing needs the record around the write', () => {
    expect(writePathsOf(rt, 'company')).toEqual({ create: true, update: true });
    expect(writePathsOf(rt, 'product')).toEqual({ create: true, update: true });
    // deal: an autonumber, a formula, a many-to-many field and rollups it feeds
    expect(writePathsOf(rt, 'deal')).toEqual({ create: false, update: false });
    // a plugin hook, or a change consumer that does not say which entities it watches, takes the full path
    expect(writePathsOf({ ...rt, beforeWrite: [() => undefined] }, 'product')).toEqual({ create: false, update: false });
    expect(writePathsOf({ ...rt, changeConsumers: [async () => undefined] }, 'product')).toEqual({ create: false, update: false });
  });

  it('should keep the values before and after a patch in its audit row', async () => {
    const created = await server.request('POST', '/api/v1/company', { body: { name: 'Audit Ltd', code: 'fw-audit', revenue: '100.50', founded: '2020-02-29', tags: ['a'], employees: 5 } });
    expect(created.status).toBe(201);
    const id = created.body.data.id as number;
    const res = await server.request('PATCH', `/api/v1/company/${id}`, { body: { revenue: '2500', founded: '2021-03-01', active: false, tags: ['b', 'c'], employees: 5 } });
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBe('"2"');
    expect(res.body.data).toMatchObject({ id, name: 'Audit Ltd', revenue: '2500.00', founded: '2021-03-01', active: false, tags: ['b', 'c'], employees: 5, version: 2, deal_total: '0.00' });
    const audit = await auditRows(rt, 'company', id);
    expect(audit.map((a) => a.action)).toEqual(['create', 'update']);
    expect(audit[0].after).toMatchObject({ name: 'Audit Ltd', revenue: '100.50', founded: '2020-02-29', active: true });
    // employees did not change: not in the row
    expect(audit[1].changed.sort()).toEqual(['active', 'founded', 'revenue', 'tags']);
    expect(audit[1].before).toEqual({ revenue: '100.50', founded: '2020-02-29', active: true, tags: ['a'] });
    expect(audit[1].after).toEqual({ revenue: '2500.00', founded: '2021-03-01', active: false, tags: ['b', 'c'] });
    const stored = await server.request('GET', `/api/v1/company/${id}`);
    expect(stored.body.data).toMatchObject({ revenue: '2500.00', version: 2 });
  });

  it('should answer a stale If-Match with 412 and change nothing', async () => {
    const { id } = await createAndRead(rt, { entity: 'product', data: { name: 'Versioned', sku: 'fw-if-match' }, ctx });
    expect((await server.request('PATCH', `/api/v1/product/${id}`, { body: { name: 'V2' }, headers: { 'if-match': '"1"' } })).status).toBe(200);
    const stale = await server.request('PATCH', `/api/v1/product/${id}`, { body: { name: 'V3' }, headers: { 'if-match': '"1"' } });
    expect(stale.status).toBe(412);
    expect(stale.body.code).toBe('PRECONDITION_FAILED');
    expect(await loadOne(rt, rt.db.knex, rt.app.entities.get('product')!, id, null)).toMatchObject({ name: 'V2', version: 2 });
    expect((await auditRows(rt, 'product', id)).length).toBe(2);
    expect((await server.request('PATCH', `/api/v1/product/${id}`, { body: { name: 'V3' }, headers: { 'if-match': '*' } })).status).toBe(200);
    expect((await server.request('PATCH', `/api/v1/product/${id}`, { body: { name: 'V4' }, headers: { 'if-match': 'W/"3"' } })).body.data).toMatchObject({ name: 'V4', version: 4 });
  });

  it('should answer 404, 422 and 409 as the full path does, with no audit row', async () => {
    const a = await createAndRead(rt, { entity: 'product', data: { name: 'A', sku: 'fw-a' }, ctx });
    await createAndRead(rt, { entity: 'product', data: { name: 'B', sku: 'fw-b' }, ctx });
    const auditBefore = await rt.db.knex('_audit').count({ n: '*' }).first();
    expect((await server.request('PATCH', '/api/v1/product/999999', { body: { name: 'x' } })).status).toBe(404);
    // an unknown record with an invalid body is still "not found"
    expect((await server.request('PATCH', '/api/v1/product/999999', { body: { version: 3 } })).status).toBe(404);
    const readOnly = await server.request('PATCH', `/api/v1/product/${a.id}`, { body: { version: 3 } });
    expect(readOnly.status).toBe(422);
    expect(readOnly.body.errors[0]).toMatchObject({ pointer: '/version', code: 'read_only_field' });
    const unknown = await server.request('POST', '/api/v1/product', { body: { name: 'C', sku: 'fw-c', colour: 'red' } });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors[0]).toMatchObject({ pointer: '/colour', code: 'unknown_field' });
    const taken = await server.request('PATCH', `/api/v1/product/${a.id}`, { body: { sku: 'fw-b' } });
    expect(taken.status).toBe(409);
    expect(taken.body.errors[0]).toMatchObject({ pointer: '/sku', code: 'unique' });
    expect((await server.request('POST', '/api/v1/product', { body: { name: 'D', sku: 'fw-b' } })).status).toBe(409);
    expect(await rt.db.knex('_audit').count({ n: '*' }).first()).toEqual(auditBefore);
    expect(await loadOne(rt, rt.db.knex, rt.app.entities.get('product')!, a.id, null)).toMatchObject({ sku: 'fw-a', version: 1 });
  });

  it('should keep the audit rows of concurrent patches of one record in the order of its versions', async () => {
    const { id } = await createAndRead(rt, { entity: 'product', data: { name: 'n0', sku: 'fw-order' }, ctx });
    const entity = rt.app.entities.get('product')!;
    // one-statement patches and full-path patches (the write function itself) of the same record, started in one tick
    const full = (name: string) => writeTransaction(rt.db, async (trx) => {
      // (PostgreSQL runs these side by side: the row is locked, as a patch without If-Match waits its turn)
      const locked = trx('product').where('id', id);
      const current = rowToWire(rt.db.dialect, entity, await (DIALECT === 'postgres' ? locked.forUpdate() : locked).first());
      const uow = newUnitOfWork(ctx);
      await updateInTrx({ rt, trx, entity, current, body: { name }, uow });
      await flush(rt, trx, uow);
    });
    // The writer is held while the writes queue in this order (one event-loop turn each), so on SQLite
    // they share one batch in which full-path writes (with savepoints) sit between one-statement ones.
    let release!: () => void;
    let started!: () => void;
    const running = new Promise<void>((resolve) => { started = resolve; });
    const held = writeTransaction(rt.db, () => new Promise<void>((resolve) => { release = resolve; started(); }));
    await running;
    const writes: Promise<unknown>[] = [];
    for (let i = 0; i < 12; i++) {
      writes.push(i % 3 === 1 ? full(`n${i + 1}`) : updateAndRead(rt, { entity: 'product', id, data: { name: `n${i + 1}` }, ctx }));
      await new Promise((resolve) => setImmediate(resolve));
    }
    release();
    await held;
    await Promise.all(writes);
    const audit = (await auditRows(rt, 'product', id)).filter((a) => a.action === 'update');
    expect(audit.length).toBe(12);
    // each row starts where the one before it ended
    let name = 'n0';
    for (const row of audit) {
      expect(row.before).toEqual({ name });
      name = row.after!.name as string;
    }
    expect(await loadOne(rt, rt.db.knex, entity, id, null)).toMatchObject({ name, version: 13 });
  });

  it.skipIf(DIALECT !== 'sqlite')('should fail a refused one-statement write alone, and when one fails after its statement answer only that one and run the others of its batch again', async () => {
    const insert = (sku: string) => async (trx: Parameters<Parameters<typeof writeTransaction>[1]>[0]) => trx('product').insert({ name: sku, sku, ...STAMP });
    const oneStatement = { oneStatement: true, isRefusal: (e: unknown) => e instanceof Error && e.message === 'refused' };
    const results = await Promise.allSettled([
      writeTransaction(rt.db, insert('fw-g0')),
      writeTransaction(rt.db, insert('fw-g1')),
      writeTransaction(rt.db, async (trx, mark) => { await insert('fw-g2')(trx); mark.wrote(); }, oneStatement),
      writeTransaction(rt.db, async () => { throw appError('VALIDATION_FAILED', 'refused'); }, { oneStatement: true, isRefusal: () => true }),
      writeTransaction(rt.db, insert('fw-g4')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect((await rt.db.knex('product').where('sku', 'like', 'fw-g%').pluck('sku')).sort()).toEqual(['fw-g0', 'fw-g1', 'fw-g2', 'fw-g4']);
    const lost = await Promise.allSettled([
      writeTransaction(rt.db, insert('fw-h0')),
      writeTransaction(rt.db, insert('fw-h1')),
      writeTransaction(rt.db, async (trx, mark) => { await insert('fw-h2')(trx); mark.wrote(); throw new Error('refused'); }, oneStatement),
      writeTransaction(rt.db, insert('fw-h3')),
    ]);
    // the first ran alone; the others shared a transaction, which the failure after a write lost as a
    // whole: the write at fault is answered with its error, the one before it runs again and is kept
    expect(lost.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect((await rt.db.knex('product').where('sku', 'like', 'fw-h%').pluck('sku')).sort()).toEqual(['fw-h0', 'fw-h1', 'fw-h3']);
  });
});

describe('one-statement writes and record scopes', () => {
  let rt: TestRuntime;
  let server: TestServer;
  withTestApp({ authorize: scoped }, (app) => ({ rt, api: server } = app));

  it('should check the update scope before and after the change', async () => {
    const free = await createAndRead(rt, { entity: 'product', data: { name: 'free', sku: 'sc-free' }, ctx });
    const locked = await createAndRead(rt, { entity: 'product', data: { name: 'locked', sku: 'sc-locked' }, ctx });
    expect((await server.request('PATCH', `/api/v1/product/${locked.id}`, { body: { sku: 'sc-x' } })).status).toBe(404);
    const after = await server.request('PATCH', `/api/v1/product/${free.id}`, { body: { name: 'forbidden' } });
    expect(after.status).toBe(403);
    expect(after.body.code).toBe('FORBIDDEN');
    expect((await server.request('PATCH', `/api/v1/product/${free.id}`, { body: { name: 'fine' } })).status).toBe(200);
    const entity = rt.app.entities.get('product')!;
    expect(await loadOne(rt, rt.db.knex, entity, locked.id, null)).toMatchObject({ sku: 'sc-locked', version: 1 });
    expect((await auditRows(rt, 'product', free.id)).map((a) => a.after)).toEqual([{ name: 'free', sku: 'sc-free' }, { name: 'fine' }]);
  });
});

// The audit row of a one-statement write is built where the write runs (on PostgreSQL in the SQL
// statement itself): for every kind of stored value it must say what the API answers.
describe('one-statement writes keep audit values of every kind as the API answers them', () => {
  let rt: TestRuntime;
  let server: TestServer;
  withTestApp({ appFiles: KINDS_APP }, (app) => ({ rt, api: server } = app));

  const pick = (rec: Record<string, unknown>, keys: string[]) => Object.fromEntries(keys.map((k) => [k, rec[k] ?? null]));

  it('should record a create and patches of every field type with the values the API answers', async () => {
    expect(writePathsOf(rt, 'sample')).toEqual({ create: true, update: true });
    const first = {
      title: 'Ünïcode \'quoted\' "text"', body: 'line 1\nline 2', mail: 'a@example.com', tel: '+86 138 0013 8000', site: 'https://example.com/a?b=1',
      grade: 'A', channels: ['mail', 'sms'], labels: ['x', 'y'], count: 42, ratio: 0.1, amount: '1234.5', share: 12.5, stars: 4,
      born: '1990-02-28', seen_at: '2026-03-04T05:06:07.089Z', ok: true, extra: { nested: { a: [1, 'two', null] }, n: 1.5 },
    };
    const created = await server.request('POST', '/api/v1/sample', { body: first });
    expect(created.status).toBe(201);
    const id = created.body.data.id as number;
    const names = KIND_FIELDS.map((f) => f.name);
    let audit = await auditRows(rt, 'sample', id);
    expect(audit[0].changed).toEqual(names);
    expect(audit[0].after).toEqual(pick(created.body.data, names));

    // every field changed (to other values, to empty), then a patch that changes only some of what it sends
    const patches: Record<string, unknown>[] = [
      { title: 'B', body: 'x', mail: 'b@example.com', tel: '+1 555 0100', site: 'https://example.org', grade: 'B', channels: ['call'], labels: ['z'], count: -7, ratio: 1e21, amount: '0.07', share: 0, stars: 1, born: '2000-01-01', seen_at: '1999-12-31T23:59:59.999Z', ok: false, extra: [1, 2] },
      Object.fromEntries(names.map((n) => [n, n === 'title' || n === 'channels' || n === 'labels' ? (n === 'title' ? 'C' : []) : null])),
      { title: 'C', count: 3, channels: [], labels: ['w'], extra: null, amount: null },
      {},
    ];
    let current = created.body.data as Record<string, unknown>;
    for (const body of patches) {
      const res = await server.request('PATCH', `/api/v1/sample/${id}`, { body });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      audit = await auditRows(rt, 'sample', id);
      const last = audit[audit.length - 1];
      const changed = Object.keys(body).filter((k) => JSON.stringify(current[k] ?? null) !== JSON.stringify(body[k] ?? null));
      expect(last.changed).toEqual(changed);
      expect(last.before).toEqual(pick(current, changed));
      expect(last.after).toEqual(pick(res.body.data, changed));
      current = res.body.data;
    }
    expect(audit.map((a) => a.action)).toEqual(['create', 'update', 'update', 'update', 'update']);
    expect(audit[3].changed).toEqual(['count', 'labels']);
  });
});

// An entity that automation rules watch keeps the one-statement path: the rules' outbox rows are
// written in the write's transaction from the same change the full path would log — the whole
// record before and after — and a refused write leaves none.
describe('one-statement writes of an entity that rules watch', () => {
  const names = KIND_FIELDS.map((f) => f.name);
  const send = (name: string) => [{ id: 'send', type: 'message.send', config: { channel: 'test', to: 'ops@example.com', subject: name, body: 'x' } }];
  let rt: TestRuntime;
  let server: TestServer;
  withTestApp({
    file: true,
    appFiles: {
      ...KINDS_APP,
      'automations/on_create.json': { name: 'on_create', trigger: { type: 'record.created', entity: 'sample', condition: { count: { gte: 0 } } }, nodes: send('on_create') },
      'automations/on_title.json': { name: 'on_title', trigger: { type: 'record.updated', entity: 'sample', changedFields: ['title'] }, nodes: send('on_title') },
    },
  }, (app) => ({ rt, api: server } = app));

  const pick = (rec: Record<string, unknown>) => Object.fromEntries(names.map((k) => [k, rec[k] ?? (k === 'channels' || k === 'labels' ? [] : null)]));
  const outbox = async () => ((await rt.db.knex('_outbox').orderBy('id')) as Record<string, unknown>[]).map((r) => ({
    automation: r.automation, record_id: Number(r.record_id), ...(typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload) as Record<string, unknown>,
  }));

  it('should write the outbox rows of the rules that match, with the whole record before and after', async () => {
    expect(writePathsOf(rt, 'sample')).toEqual({ create: true, update: true });
    const created = await server.request('POST', '/api/v1/sample', { body: { title: 'Watched', count: 5, channels: ['sms'], seen_at: '2026-03-04T05:06:07.089Z', extra: { a: 1 } } });
    expect(created.status).toBe(201);
    const skipped = await server.request('POST', '/api/v1/sample', { body: { title: 'Condition false', count: -1 } });
    expect(skipped.status).toBe(201);
    const id = created.body.data.id as number;
    expect(await outbox()).toEqual([{ automation: 'on_create', record_id: id, action: 'create', before: null, after: pick(created.body.data), changed: names }]);

    const renamed = await server.request('PATCH', `/api/v1/sample/${id}`, { body: { title: 'Renamed', count: 6 }, headers: { 'if-match': '"1"' } });
    expect(renamed.status).toBe(200);
    const counted = await server.request('PATCH', `/api/v1/sample/${id}`, { body: { count: 7 } });
    expect(counted.status).toBe(200);
    const rows = await outbox();
    expect(rows).toHaveLength(2);
    expect(rows[1]).toEqual({ automation: 'on_title', record_id: id, action: 'update', before: pick(created.body.data), after: pick(renamed.body.data), changed: ['title', 'count'] });
  });

  it('should write no outbox row for a refused write', async () => {
    const before = (await outbox()).length;
    const id = (await server.request('POST', '/api/v1/sample', { body: { title: 'Refusals', count: -5 } })).body.data.id as number;
    expect((await server.request('PATCH', `/api/v1/sample/${id}`, { body: { title: 'stale' }, headers: { 'if-match': '"9"' } })).status).toBe(412);
    expect((await server.request('PATCH', `/api/v1/sample/${id}`, { body: { title: 'bad', count: 'x' } })).status).toBe(422);
    expect((await server.request('POST', '/api/v1/sample', { body: { title: 'bad', count: 'x' } })).status).toBe(422);
    expect((await server.request('PATCH', '/api/v1/sample/999999', { body: { title: 'gone' } })).status).toBe(404);
    expect(await outbox()).toHaveLength(before);
  });
});
