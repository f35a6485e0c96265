// Holes an outside review found in the access layer, each as the attack that worked, on the
// example sales CRM's own roles (sales_rep, sales_manager, viewer) and on both dialects.
import http from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../../runtime/auth/sessions.js';
import { asSystem } from '../../runtime/records/context.js';
import { createRecord } from '../../runtime/records/index.js';
import { q, ROOT } from '../helpers/testRuntime.js';
import { expectCleanProblem, startSmallApp, tableHash, type SmallApp } from './caseHelpers.js';

const SALES_CRM = join(ROOT, 'examples', 'sales-crm');
const PASSWORD = 'correct horse battery staple';
const sys = asSystem('test fixture');

let f: SmallApp;
const id: Record<string, number> = {};
const k = () => f.rt.db.knex;
const create = (entity: string, data: Record<string, unknown>) => createRecord(f.rt, { entity, data, ctx: sys });
const version = async (table: string, rid: number) => Number((await k()(table).where({ id: rid }).first('version')).version);

beforeAll(async () => {
  f = await startSmallApp(SALES_CRM, { admin: { roles: ['admin'] }, rep: { roles: ['sales_rep'] }, rep2: { roles: ['sales_rep'] }, manager: { roles: ['sales_manager'] }, viewer: { roles: ['viewer'] } });
  id.account = await create('account', { name: 'Rep account', owner: f.ids.rep });
  id.account2 = await create('account', { name: 'Rep2 account', owner: f.ids.rep2 });
  id.product = await create('product', { sku: 'P-1', name: 'Widget', category: 'hardware', unit_price: '10.00' });
  id.dealOpen = await create('deal', { title: 'open', account: id.account, owner: f.ids.rep, stage: 'proposal', amount: '1000.00', expected_close: '2027-01-31' });
  id.dealWon = await create('deal', { title: 'won', account: id.account, owner: f.ids.rep, stage: 'won', amount: '500.00', closed_on: '2026-11-30' });
  id.orderDraft = await create('order', { account: id.account, owner: f.ids.rep, status: 'draft', order_date: '2026-12-01' });
  id.orderDone = await create('order', { account: id.account, owner: f.ids.rep, status: 'completed', order_date: '2026-11-01' });
  id.lineDone = await create('order_line', { order: id.orderDone, product: id.product, quantity: 2, unit_price: '10.00' });
  id.contact2 = await create('contact', { first_name: 'Hidden', last_name: 'Person', email: 'hidden.person@example.com', account: id.account2, owner: f.ids.rep2 });
});
afterAll(async () => f.close());

/** Login over a chosen local address (127.0.0.x), so guesses come from several clients. */
function loginFrom(address: string, email: string, password: string): Promise<number> {
  const url = new URL(f.api.url);
  const body = JSON.stringify({ email, password });
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, method: 'POST', path: '/api/v1/_auth/login', localAddress: address, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function session(email: string, password = PASSWORD): Promise<{ cookie: string; csrf: string }> {
  const res = await fetch(`${f.api.url}/api/v1/_auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  expect(res.status).toBe(200);
  const body = await res.json();
  return { cookie: res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; '), csrf: body.data.csrfToken };
}

describe('1. guess counting is atomic', () => {
  it('50 parallel wrong logins from 10 addresses check at most 5 guesses, never 500, and lock out the right password too', async () => {
    const { createUser } = await import('../../runtime/auth/users.js');
    await createUser(k(), { email: 'target@example.com', password: PASSWORD, roles: ['viewer'] }, new Set(['viewer']));
    const statuses = await Promise.all(Array.from({ length: 50 }, (_, i) => loginFrom(`127.0.0.${2 + (i % 10)}`, 'target@example.com', `wrong guess number ${i}`)));
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(5);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(45);
    expect(await loginFrom('127.0.0.20', 'target@example.com', PASSWORD)).toBe(429);
  });
});

describe('2. credential changes', () => {
  it('password change with wrong current passwords is throttled like login, then refuses the right one too', async () => {
    const { createUser } = await import('../../runtime/auth/users.js');
    await createUser(k(), { email: 'changer@example.com', password: PASSWORD, roles: ['viewer'] }, new Set(['viewer']));
    const s = await session('changer@example.com');
    const attempt = (current: string) => f.api.request('POST', '/api/v1/_auth/password', { body: { currentPassword: current, newPassword: 'a brand new passphrase' }, headers: { cookie: s.cookie, 'x-csrf-token': s.csrf } });
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await attempt(`wrong ${i}`)).status);
    expect(statuses.slice(0, 5)).toEqual([422, 422, 422, 422, 422]);
    expect(statuses.slice(5)).toEqual([429, 429, 429]);
    const right = await attempt(PASSWORD);
    expect(right.status).toBe(429);
    expect(right.headers.get('retry-after')).toMatch(/^\d+$/);
    // and the login lockout is the same budget
    expect((await fetch(`${f.api.url}/api/v1/_auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'changer@example.com', password: PASSWORD }) })).status).toBe(429);
  });

  it('tokens change no credentials without the explicit "credentials" scope', async () => {
    const { createUser } = await import('../../runtime/auth/users.js');
    const uid = await createUser(k(), { email: 'tokens@example.com', password: PASSWORD, roles: ['viewer'] }, new Set(['viewer']));
    const other = await createToken(k(), uid, { name: 'other', scopes: ['read'] });
    for (const scopes of [['read'], ['read', 'write', 'export']] as const) {
      const t = (await createToken(k(), uid, { name: 'probe', scopes: [...scopes] })).token;
      const as = (method: string, path: string, body?: unknown) => f.api.request(method, path, { body, headers: { authorization: `Bearer ${t}` } });
      const pw = await as('POST', '/api/v1/_auth/password', { currentPassword: PASSWORD, newPassword: 'a brand new passphrase' });
      expect(pw.status, scopes.join()).toBe(403);
      expectCleanProblem(pw, 'password change by token');
      expect((await as('DELETE', `/api/v1/_auth/tokens/${other.id}`)).status, scopes.join()).toBe(403);
    }
    const tokenRow = await k()('_tokens').where({ id: other.id }).first();
    expect(tokenRow.revoked_at).toBeNull();
    // with the scope, it works (and revokes every other credential as a password change does)
    const cred = (await createToken(k(), uid, { name: 'cred', scopes: ['credentials'] })).token;
    const ok = await f.api.request('POST', '/api/v1/_auth/password', { body: { currentPassword: PASSWORD, newPassword: 'a brand new passphrase' }, headers: { authorization: `Bearer ${cred}` } });
    expect(ok.status).toBe(204);
    expect((await k()('_tokens').where({ id: other.id }).first()).revoked_at).not.toBeNull();
  });

  it('a read-only admin token can neither manage users nor write anything else', async () => {
    const t = (await createToken(k(), f.ids.admin, { name: 'read only', scopes: ['read'] })).token;
    const as = (method: string, path: string, body?: unknown) => f.api.request(method, path, { body, headers: { authorization: `Bearer ${t}` } });
    const before = await tableHash(k(), '_users');
    expect((await as('POST', '/api/v1/_users', { email: 'sneak@example.com', roles: ['admin'] })).status).toBe(403);
    expect((await as('PATCH', `/api/v1/_users/${f.ids.rep}`, { status: 'suspended' })).status).toBe(403);
    expect((await as('POST', '/api/v1/account', { name: 'by read token' })).status).toBe(403);
    expect(await tableHash(k(), '_users')).toBe(before);
    // a write token manages records but not users
    const w = (await createToken(k(), f.ids.admin, { name: 'write', scopes: ['read', 'write'] })).token;
    expect((await f.api.request('PATCH', `/api/v1/_users/${f.ids.rep}`, { body: { team: 'x' }, headers: { authorization: `Bearer ${w}` } })).status).toBe(403);
  });
});

describe('3. scopes hold before and after a change', () => {
  it('a rep can win an open deal, but a won deal is then locked: no move back, no delete', async () => {
    const won = await f.as('rep', 'PATCH', `/api/v1/deal/${id.dealOpen}`, { body: { stage: 'won', closed_on: '2026-12-04' } });
    expect(won.status).toBe(200);
    const v = await version('deal', id.dealOpen);
    expect((await f.as('rep', 'PATCH', `/api/v1/deal/${id.dealOpen}`, { body: { stage: 'new' } })).status).toBe(404);
    expect((await f.as('rep', 'DELETE', `/api/v1/deal/${id.dealOpen}`)).status).toBe(404);
    expect((await f.as('rep', 'GET', `/api/v1/deal/${id.dealOpen}`)).body.data.stage).toBe('won');
    expect(await version('deal', id.dealOpen)).toBe(v);
  });

  it('a rep can not hand a deal to someone else (the new values leave the update scope): 403 naming the rule, nothing stored', async () => {
    const deal = await f.as('rep', 'POST', '/api/v1/deal', { body: { title: 'mine', account: id.account } });
    expect(deal.status).toBe(201);
    const before = await tableHash(k(), 'deal');
    const res = await f.as('rep', 'PATCH', `/api/v1/deal/${deal.body.data.id}`, { body: { owner: f.ids.rep2 } });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('FORBIDDEN');
    expect(res.body.detail).toMatch(/update scope/);
    expect(res.body.detail).toMatch(/sales_rep/);
    expect(await tableHash(k(), 'deal')).toBe(before);
  });

  it('a rep can not create a deal owned by the admin, by POST or by bulk', async () => {
    const before = await tableHash(k(), 'deal');
    const res = await f.as('rep', 'POST', '/api/v1/deal', { body: { title: 'for the boss', account: id.account, owner: f.ids.admin } });
    expect(res.status).toBe(403);
    expect(res.body.detail).toMatch(/create scope/);
    const bulk = await f.as('rep', 'POST', '/api/v1/deal/_bulk', { body: { upsert: { matchKey: ['external_id'] }, records: [{ external_id: 'B-1', title: 'bulk for the boss', account: id.account, owner: f.ids.admin }] } });
    expect(bulk.status).toBe(403);
    expect(await tableHash(k(), 'deal')).toBe(before);
  });

  it('a rep may confirm a draft order but not complete it, and a confirmed order is locked', async () => {
    const order = await create('order', { account: id.account, owner: f.ids.rep, status: 'draft', order_date: '2026-12-02' });
    expect((await f.as('rep', 'PATCH', `/api/v1/order/${order}`, { body: { status: 'completed' } })).status).toBe(403);
    expect((await f.as('rep', 'PATCH', `/api/v1/order/${order}`, { body: { status: 'confirmed' } })).status).toBe(200);
    expect((await f.as('rep', 'PATCH', `/api/v1/order/${order}`, { body: { status: 'draft' } })).status).toBe(404);
  });

  it('order lines belong to their order: none added to, changed in or moved into a completed order', async () => {
    const total = (await k()('order').where({ id: id.orderDone }).first()).total;
    const before = await tableHash(k(), 'order_line');
    const add = await f.as('rep', 'POST', '/api/v1/order_line', { body: { order: id.orderDone, product: id.product, quantity: 100, unit_price: '99.00' } });
    expect(add.status).toBe(403);
    expect(add.body.detail).toMatch(/order/);
    expect((await f.as('rep', 'PATCH', `/api/v1/order_line/${id.lineDone}`, { body: { quantity: 50 } })).status).toBe(404);
    const draftLine = await f.as('rep', 'POST', '/api/v1/order_line', { body: { order: id.orderDraft, product: id.product, quantity: 1, unit_price: '10.00' } });
    expect(draftLine.status).toBe(201);
    const move = await f.as('rep', 'PATCH', `/api/v1/order_line/${draftLine.body.data.id}`, { body: { order: id.orderDone } });
    expect(move.status).toBe(403);
    expect((await k()('order').where({ id: id.orderDone }).first()).total).toBe(total);
    expect((await k()('order_line').where({ order: id.orderDone }).count({ n: '*' }))[0].n).toEqual(expect.anything());
    expect(await tableHash(k(), 'order_line')).not.toBe(before); // only the draft line was added
    expect(Number((await k()('order_line').where({ order: id.orderDone }).count({ n: '*' }))[0].n)).toBe(1);
  });

  it('administrators and managers with unscoped grants are not narrowed', async () => {
    expect((await f.as('manager', 'PATCH', `/api/v1/deal/${id.dealWon}`, { body: { title: 'won, renamed by the manager' } })).status).toBe(200);
    expect((await f.as('admin', 'POST', '/api/v1/order_line', { body: { order: id.orderDone, product: id.product, quantity: 1, unit_price: '1.00' } })).status).toBe(201);
  });
});

describe('6. an entity the role has no grant on is not there', () => {
  it('every route answers for it exactly as for a made-up entity name', async () => {
    // viewer: no grant on anything outside its role? the example's viewer reads everything, so use a role-less user
    const { createUser } = await import('../../runtime/auth/users.js');
    const uid = await createUser(k(), { email: 'norole@example.com', password: PASSWORD, roles: [] }, new Set());
    const t = (await createToken(k(), uid, { name: 't', scopes: ['read', 'write', 'export'] })).token;
    const probes: [string, string, unknown?][] = [
      ['GET', '/api/v1/NAME'], ['GET', `/api/v1/NAME${q({ zzz: '1' })}`], ['GET', `/api/v1/NAME${q({ filter: { credit_limit: { gt: 1 } } })}`],
      ['GET', `/api/v1/NAME${q({ fields: 'zzz' })}`], ['GET', `/api/v1/NAME${q({ sort: 'nope' })}`], ['GET', '/api/v1/NAME/1'], ['GET', '/api/v1/NAME/abc'],
      ['GET', `/api/v1/NAME/1${q({ expand: 'zzz' })}`], ['OPTIONS', '/api/v1/NAME'], ['PUT', '/api/v1/NAME', {}], ['PUT', '/api/v1/NAME/1', {}],
      ['POST', '/api/v1/NAME', { zzz: 1 }], ['PATCH', '/api/v1/NAME/1', { zzz: 1 }], ['DELETE', '/api/v1/NAME/1'], ['POST', '/api/v1/NAME/_bulk', { records: 'x' }],
      ['GET', '/api/v1/NAME/_export'], ['GET', `/api/v1/NAME/_export${q({ raw: 'yes' })}`], ['GET', '/api/v1/NAME/1/_audit'], ['GET', '/api/v1/NAME/1/_audit?x=1'],
      ['GET', `/api/v1/_access/explain${q({ entity: 'NAME' })}`], ['GET', `/api/v1/_access/explain${q({ entity: 'NAME', id: '1' })}`], ['GET', '/api/v1/_meta/entities/NAME'],
    ];
    const strip = (body: unknown, name: string) => JSON.stringify(body, (key, v) => (key === 'requestId' ? undefined : v)).split(name).join('NAME');
    for (const [method, path, body] of probes) {
      const ask = (name: string) => f.api.request(method, path.replace('NAME', name), { body, headers: { authorization: `Bearer ${t}` } });
      const real = await ask('account');
      const fake = await ask('zzzentity');
      expect(real.status, `${method} ${path}`).toBe(fake.status);
      expect(strip(real.body, 'account'), `${method} ${path}`).toBe(strip(fake.body, 'zzzentity'));
      expect(real.headers.get('allow'), `${method} ${path}`).toBe(fake.headers.get('allow'));
    }
  });
});

describe('7. unique conflicts reveal nothing about records out of scope', () => {
  it('a duplicate of an invisible contact answers exactly like a duplicate of a visible one, and names no value or record', async () => {
    expect((await f.as('rep', 'GET', `/api/v1/contact/${id.contact2}`)).status).toBe(404);
    const mine = await f.as('rep', 'POST', '/api/v1/contact', { body: { first_name: 'Own', last_name: 'Contact', email: 'own.contact@example.com', account: id.account } });
    expect(mine.status).toBe(201);
    const dupVisible = await f.as('rep', 'POST', '/api/v1/contact', { body: { first_name: 'A', last_name: 'B', email: 'own.contact@example.com', account: id.account } });
    const dupHidden = await f.as('rep', 'POST', '/api/v1/contact', { body: { first_name: 'A', last_name: 'B', email: 'hidden.person@example.com', account: id.account } });
    expect(dupVisible.status).toBe(409);
    expect(dupHidden.status).toBe(409);
    const shape = (b: Record<string, unknown>) => JSON.stringify({ ...b, requestId: undefined });
    expect(shape(dupHidden.body)).toBe(shape(dupVisible.body));
    expect(JSON.stringify(dupHidden.body)).not.toMatch(/hidden\.person|Hidden|\b${id.contact2}\b/);
  });

  it('a bulk upsert never updates or reveals a record the caller can not read', async () => {
    const before = await tableHash(k(), 'contact');
    const res = await f.as('rep', 'POST', '/api/v1/contact/_bulk', { body: { upsert: { matchKey: ['email'] }, records: [{ email: 'HIDDEN.person@example.com ', first_name: 'Taken', last_name: 'Over', account: id.account }] } });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('UNIQUE_CONFLICT');
    expect(res.body.errors).toEqual([{ pointer: '/records/0/email', code: 'unique', message: 'is already taken' }]);
    expect(JSON.stringify(res.body)).not.toMatch(new RegExp(`hidden|"id"|\\b${id.contact2}\\b`, 'i'));
    expect(await tableHash(k(), 'contact')).toBe(before);
  });
});

describe('8. derived changes are audited as the platform\'s own, with their cause', () => {
  it('a new order line logs the order\'s rollup change (actor system, cause the line) and bumps its version', async () => {
    const order = await create('order', { account: id.account, owner: f.ids.rep, status: 'draft', order_date: '2026-12-03' });
    const line = await f.as('rep', 'POST', '/api/v1/order_line', { body: { order, product: id.product, quantity: 3, unit_price: '10.00' } });
    expect(line.status).toBe(201);
    const audit = await f.as('rep', 'GET', `/api/v1/order/${order}/_audit`);
    const rollup = audit.body.data.find((e: { actor: { kind: string } }) => e.actor.kind === 'system');
    expect(rollup).toMatchObject({ action: 'update', actor: { kind: 'system', id: null, reason: 'rollup' }, cause: { entity: 'order_line', id: line.body.data.id, action: 'create', actor: { kind: 'user', id: f.ids.rep } } });
    expect(rollup.changed).toEqual(expect.arrayContaining(['line_count']));
    expect(rollup.after.line_count).toBe(1);
    expect(await version('order', order)).toBe(2);
  });

  it('set-null on other users\' records is audited as the platform\'s, and a user\'s own audit lists only records they may read', async () => {
    const contact = await create('contact', { first_name: 'Gone', last_name: 'Soon', email: 'gone.soon@example.com', account: id.account, owner: f.ids.rep });
    const activity = await create('activity', { subject: 'call', type: 'call', due_date: '2026-12-10', contact, owner: f.ids.rep2 });
    const del = await f.as('admin', 'DELETE', `/api/v1/contact/${contact}`);
    expect(del.status).toBe(204);
    const rows = await k()('_audit').where({ entity: 'activity', record_id: activity }).orderBy('id');
    const last = rows[rows.length - 1];
    expect(last).toMatchObject({ actor_kind: 'system', actor_id: null, reason: 'set-null', action: 'update' });
    expect(typeof last.cause === "string" ? JSON.parse(last.cause) : last.cause).toMatchObject({ entity: 'contact', id: contact, action: 'delete', actor: { kind: 'user', id: f.ids.admin } });
    // the admin's own audit: the delete, not the activity change (that was the platform's)
    const adminAudit = await f.as('admin', 'GET', `/api/v1/_audit${q({ user: String(f.ids.admin), limit: '20' })}`);
    expect(adminAudit.body.data.some((e: { entity: string; recordId: number }) => e.entity === 'activity' && e.recordId === activity)).toBe(false);
    // rep creates a deal, the manager hands it to rep2: rep's own audit no longer lists it
    const deal = await f.as('rep', 'POST', '/api/v1/deal', { body: { title: 'handed over', account: id.account } });
    expect((await f.as('manager', 'PATCH', `/api/v1/deal/${deal.body.data.id}`, { body: { owner: f.ids.rep2 } })).status).toBe(200);
    const repAudit = await f.as('rep', 'GET', '/api/v1/_audit?limit=500');
    expect(repAudit.status).toBe(200);
    expect(repAudit.body.data.some((e: { entity: string; recordId: number }) => e.entity === 'deal' && e.recordId === deal.body.data.id)).toBe(false);
    for (const e of repAudit.body.data as { entity: string; recordId: number; action: string }[]) {
      if (e.action !== 'delete') expect((await f.as('rep', 'GET', `/api/v1/${e.entity}/${e.recordId}`)).status, `${e.entity} ${e.recordId}`).toBe(200);
    }
  });
});

describe('9. user administration validates its input', () => {
  let admin: string;
  beforeAll(async () => {
    admin = (await createToken(k(), f.ids.admin, { name: 'user admin', scopes: ['read', 'credentials'] })).token;
  });
  const asAdmin = (method: string, path: string, body: unknown) => f.api.request(method, path, { body, headers: { authorization: `Bearer ${admin}` } });

  it.each([
    [{ email: 'a1@example.com', roles: 'admin' }, '/roles'],
    [{ email: 'a2@example.com', roles: ['nope'] }, '/roles/0'],
    [{ email: 'a3@example.com', manager: 'x' }, '/manager'],
    [{ email: 'a4@example.com', manager: 99999999 }, '/manager'],
    [{ email: 'a5@example.com', name: { first: 'x' } }, '/name'],
    [{ email: 42 }, '/email'],
    [{ email: 'a6@example.com', team: ['x'] }, '/team'],
    [{ email: 'a7@example.com', manager: 1e300 }, '/manager'],
  ])('POST /_users %j → 422 at %s', async (body, pointer) => {
    const res = await asAdmin('POST', '/api/v1/_users', body);
    expect(res.status).toBe(422);
    expectCleanProblem(res, JSON.stringify(body));
    expect(res.body.errors.map((e: { pointer: string }) => e.pointer)).toContain(pointer);
  });

  it.each([
    [{ roles: 'admin' }, '/roles'], [{ manager: 'x' }, '/manager'], [{ manager: 99999999 }, '/manager'], [{ name: { a: 1 } }, '/name'],
    [{ status: 'gone' }, '/status'], [{ email: 'x@example.com' }, '/email'],
  ])('PATCH /_users/:id %j → 422 at %s', async (body, pointer) => {
    const res = await asAdmin('PATCH', `/api/v1/_users/${f.ids.viewer}`, body);
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e: { pointer: string }) => e.pointer)).toContain(pointer);
  });
});

describe('10. text is stored in Unicode NFC', () => {
  it('"café" typed composed and decomposed is one unique key and one filter value', async () => {
    const nfc = 'CAF\u00c9-001';
    const nfd = 'CAFE\u0301-001';
    const first = await f.as('admin', 'POST', '/api/v1/account', { body: { name: 'Caf\u00e9 Central', external_id: nfc } });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const dup = await f.as('admin', 'POST', '/api/v1/account', { body: { name: 'Cafe\u0301 Central', external_id: nfd } });
    expect(dup.status).toBe(409);
    const found = await f.as('admin', 'GET', `/api/v1/account${q({ filter: { name: { eq: 'Cafe\u0301 Central' } } })}`);
    expect(found.body.data.map((a: { external_id: string }) => a.external_id)).toEqual([nfc]);
    const searched = await f.as('admin', 'GET', `/api/v1/account${q({ q: 'cafe\u0301' })}`);
    expect(searched.body.data.map((a: { external_id: string }) => a.external_id)).toEqual([nfc]);
  });
});

describe('11. contract details', () => {
  it('clearing a required field answers code "required"', async () => {
    const res = await f.as('admin', 'PATCH', `/api/v1/deal/${id.dealWon}`, { body: { title: null } });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([{ pointer: '/title', code: 'required', message: 'is required' }]);
  });

  it('an optional select names its options without a trailing separator', async () => {
    const res = await f.as('admin', 'PATCH', `/api/v1/deal/${id.dealWon}`, { body: { lost_reason: 'bad' } });
    expect(res.status).toBe(422);
    const message = res.body.errors[0].message as string;
    expect(message).toMatch(/^must be one of: price, /);
    expect(message).not.toMatch(/, $|, \(/);
  });
});
