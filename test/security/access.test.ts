// Access rules enforced in the records layer: scopes as SQL, 404 for records out of scope,
// hidden and read-only fields, token scopes, and the explain endpoint.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invalidateCredentials } from '../../runtime/auth/credentialCache.js';
import { q } from '../helpers/testRuntime.js';
import { startSecureFixture, type SecureFixture } from '../helpers/secureFixture.js';

let f: SecureFixture;
const acc: Record<string, number> = {};
const deal: Record<string, number> = {};

beforeAll(async () => {
  f = await startSecureFixture();
  const mk = async (who: 'rep1' | 'rep2' | 'rep3' | 'admin', name: string, owner: number | null): Promise<number> => {
    const res = await f.as('admin', 'POST', '/api/v1/account', { body: { name, code: name, owner, credit_limit: '1000.00', secret_note: `secret of ${name}`, grade: 'A' } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    void who;
    return res.body.data.id;
  };
  acc.rep1 = await mk('rep1', 'R1-Account', f.ids.rep1);
  acc.rep2 = await mk('rep2', 'R2-Account', f.ids.rep2);
  acc.rep3 = await mk('rep3', 'R3-Account', f.ids.rep3);
  acc.pool = await mk('admin', 'Pool-Account', null);
  for (const who of ['rep1', 'rep2', 'rep3'] as const) {
    const res = await f.as(who, 'POST', '/api/v1/deal', { body: { title: `${who} deal`, amount: '10.00', account: acc[who] } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    deal[who] = res.body.data.id;
  }
});
afterAll(async () => f.close());

describe('authentication', () => {
  it('every API route needs credentials (401), health checks do not', async () => {
    for (const [m, p] of [['GET', '/api/v1/account'], ['GET', '/api/v1/account/1'], ['POST', '/api/v1/account'], ['GET', '/api/openapi.json'], ['GET', '/api/docs'], ['GET', '/api/v1/_meta/app'], ['GET', '/api/v1/_audit'], ['GET', '/api/v1/account/_export']] as const) {
      const res = await f.api.request(m, p, m === 'POST' ? { body: {} } : {});
      expect(res.status, `${m} ${p}`).toBe(401);
    }
    expect((await f.api.request('GET', '/healthz')).status).toBe(200);
  });

  it('a bad, revoked or expired token is 401', async () => {
    expect((await f.api.request('GET', '/api/v1/account', { headers: { authorization: 'Bearer crmt_nope_nope_nope' } })).status).toBe(401);
    expect((await f.api.request('GET', '/api/v1/account', { headers: { authorization: 'Basic abc' } })).status).toBe(401);
    const t = await f.token('viewer', ['read']);
    expect((await f.api.request('GET', '/api/v1/account', { headers: { authorization: `Bearer ${t}` } })).status).toBe(200);
    await f.rt.db.knex('_tokens').where({ user_id: f.ids.viewer, name: 'scoped' }).update({ revoked_at: new Date().toISOString() });
    // A change written behind the platform's back tells the credential cache, as the platform's own routes do.
    invalidateCredentials(f.rt.db.knex, { userId: f.ids.viewer });
    expect((await f.api.request('GET', '/api/v1/account', { headers: { authorization: `Bearer ${t}` } })).status).toBe(401);
  });

  it('token scopes limit what a token may do', async () => {
    const readOnly = await f.token('admin', ['read']);
    const headers = { authorization: `Bearer ${readOnly}` };
    expect((await f.api.request('GET', '/api/v1/account', { headers })).status).toBe(200);
    expect((await f.api.request('POST', '/api/v1/account', { headers, body: { name: 'x' } })).status).toBe(403);
    expect((await f.api.request('GET', '/api/v1/account/_export', { headers })).status).toBe(403);
  });
});

describe('record scopes', () => {
  it('lists only the records in scope, and counts respect the scope', async () => {
    const res = await f.as('rep1', 'GET', `/api/v1/account${q({ count: 'true' })}`);
    expect(res.body.data.map((a: { name: string }) => a.name).sort()).toEqual(['Pool-Account', 'R1-Account']);
    expect(res.body.meta.count).toBe(2);
    const all = await f.as('manager', 'GET', `/api/v1/account${q({ count: 'true' })}`);
    expect(all.body.meta.count).toBe(4);
  });

  it('a record out of scope is 404 for read, update and delete, never 403', async () => {
    expect((await f.as('rep1', 'GET', `/api/v1/account/${acc.rep2}`)).status).toBe(404);
    expect((await f.as('rep1', 'PATCH', `/api/v1/account/${acc.rep2}`, { body: { name: 'x' } })).status).toBe(404);
    expect((await f.as('rep1', 'GET', `/api/v1/deal/${deal.rep2}`)).status).toBe(404);
    expect((await f.as('rep1', 'DELETE', `/api/v1/deal/${deal.rep2}`)).status).toBe(404);
    expect((await f.as('rep1', 'GET', `/api/v1/deal/${deal.rep1}/_audit`)).status).toBe(200);
    expect((await f.as('rep1', 'GET', `/api/v1/deal/${deal.rep2}/_audit`)).status).toBe(404);
    const unchanged = await f.as('admin', 'GET', `/api/v1/account/${acc.rep2}`);
    expect(unchanged.body.data.name).toBe('R2-Account');
  });

  it('an entity without any grant is unknown to the caller (404)', async () => {
    expect((await f.as('rep1', 'GET', '/api/v1/note')).status).toBe(404);
    expect((await f.as('nobody', 'GET', '/api/v1/account')).status).toBe(404);
    const meta = await f.as('rep1', 'GET', '/api/v1/_meta/app');
    expect(meta.body.data.entities.map((e: { name: string }) => e.name).sort()).toEqual(['account', 'deal']);
    const doc = await f.as('rep1', 'GET', '/api/openapi.json');
    expect(Object.keys(doc.body.paths).some((p) => p.startsWith('/api/v1/note'))).toBe(false);
  });

  it('a create outside the create scope is refused and leaves nothing behind', async () => {
    const res = await f.as('rep1', 'POST', '/api/v1/deal', { body: { title: 'for someone else', owner: f.ids.rep2 } });
    expect(res.status).toBe(403);
    const [{ n }] = await f.rt.db.knex('deal').where({ title: 'for someone else' }).count({ n: '*' });
    expect(Number(n)).toBe(0);
  });

  it('relations to records out of scope are "not found", not a way to probe', async () => {
    const res = await f.as('rep1', 'POST', '/api/v1/deal', { body: { title: 'probe', account: acc.rep2 } });
    expect(res.status).toBe(422);
    expect(res.body.errors[0]).toMatchObject({ pointer: '/account', code: 'not_found' });
  });

  it('delete scopes combine conditions (own and still new)', async () => {
    await f.as('rep3', 'PATCH', `/api/v1/deal/${deal.rep3}`, { body: { stage: 'won' } });
    expect((await f.as('rep3', 'DELETE', `/api/v1/deal/${deal.rep3}`)).status).toBe(404);
    const extra = await f.as('rep3', 'POST', '/api/v1/deal', { body: { title: 'short-lived' } });
    expect((await f.as('rep3', 'DELETE', `/api/v1/deal/${extra.body.data.id}`)).status).toBe(204);
  });

  it('manager hierarchy and teams are scope variables', async () => {
    const subs = await f.as('manager', 'GET', `/api/v1/deal${q({ filter: { owner: { in: { $var: 'user.subordinates' } } } })}`);
    expect(subs.body.data.map((d: { owner: number }) => d.owner).sort()).toEqual([f.ids.rep1, f.ids.rep2].sort());
    const team = await f.as('lead', 'GET', '/api/v1/account');
    expect(team.body.data.map((a: { name: string }) => a.name).sort()).toEqual(['R1-Account', 'R2-Account']);
    const teamDeals = await f.as('lead', 'GET', '/api/v1/deal');
    expect(teamDeals.body.data.map((d: { title: string }) => d.title).sort()).toEqual(['rep1 deal', 'rep2 deal']);
  });

  it('the public pool is readable and claimable, then leaves the pool', async () => {
    const claim = await f.as('rep3', 'PATCH', `/api/v1/account/${acc.pool}`, { body: { owner: f.ids.rep3 } });
    expect(claim.status).toBe(200);
    expect((await f.as('rep1', 'GET', `/api/v1/account/${acc.pool}`)).status).toBe(404);
    await f.as('admin', 'PATCH', `/api/v1/account/${acc.pool}`, { body: { owner: null } });
  });
});

describe('field rules', () => {
  it('hidden fields never appear: record, list, expand, meta, OpenAPI, audit', async () => {
    const one = await f.as('rep1', 'GET', `/api/v1/account/${acc.rep1}`);
    expect(one.body.data).not.toHaveProperty('credit_limit');
    expect(one.body.data).not.toHaveProperty('secret_note');
    expect(one.body.data.name).toBe('R1-Account');
    const expanded = await f.as('rep1', 'GET', `/api/v1/deal/${deal.rep1}?expand=account`);
    expect(expanded.body.data.account).not.toHaveProperty('credit_limit');
    const meta = await f.as('rep1', 'GET', '/api/v1/_meta/entities/account');
    expect(meta.body.data.fields.map((x: { name: string }) => x.name)).not.toContain('credit_limit');
    expect(meta.body.data.schemas.read.properties).not.toHaveProperty('credit_limit');
    const doc = await f.as('rep1', 'GET', '/api/openapi.json');
    expect(doc.body.components.schemas.Account.properties).not.toHaveProperty('secret_note');
    const audit = await f.as('rep1', 'GET', `/api/v1/account/${acc.rep1}/_audit`);
    expect(JSON.stringify(audit.body)).not.toContain('secret of');
    const manager = await f.as('manager', 'GET', `/api/v1/account/${acc.rep1}`);
    expect(manager.body.data.credit_limit).toBe('1000.00');
  });

  it('filters, sorts, fields, expand and search on hidden fields are refused like unknown fields', async () => {
    for (const query of [q({ filter: { credit_limit: { gt: '0' } } }), q({ sort: 'credit_limit' }), q({ fields: 'name,credit_limit' }), q({ filter: { 'account.credit_limit': { gt: '0' } } })]) {
      const entity = query.includes('account.') ? 'deal' : 'account';
      const res = await f.as('rep1', 'GET', `/api/v1/${entity}${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body.code).toBe('INVALID_QUERY');
    }
    const search = await f.as('rep1', 'GET', `/api/v1/account${q({ q: 'secret of' })}`);
    expect(search.body.data).toEqual([]);
  });

  it('hidden fields can not be written; read-only fields are refused with read_only_field', async () => {
    const hidden = await f.as('rep1', 'PATCH', `/api/v1/account/${acc.rep1}`, { body: { credit_limit: '999999.00' } });
    expect(hidden.status).toBe(422);
    expect(hidden.body.errors[0]).toMatchObject({ pointer: '/credit_limit', code: 'unknown_field' });
    const ro = await f.as('rep1', 'PATCH', `/api/v1/account/${acc.rep1}`, { body: { grade: 'C' } });
    expect(ro.status).toBe(422);
    expect(ro.body.errors[0]).toMatchObject({ pointer: '/grade', code: 'read_only_field' });
  });

  it('system fields (id, created_by, version) are never writable: mass assignment', async () => {
    const res = await f.as('rep1', 'POST', '/api/v1/account', { body: { name: 'mass', id: 999, created_by: f.ids.admin, version: 7 } });
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e: { code: string }) => e.code)).toEqual(['read_only_field', 'read_only_field', 'read_only_field']);
  });
});

describe('explain', () => {
  it('says why the caller can or cannot act, without revealing records out of scope', async () => {
    const mine = await f.as('rep1', 'GET', `/api/v1/_access/explain${q({ entity: 'deal', id: String(deal.rep1) })}`);
    expect(mine.status).toBe(200);
    const byAction = Object.fromEntries(mine.body.data.actions.map((a: { action: string; allowed: unknown }) => [a.action, a.allowed]));
    expect(byAction).toMatchObject({ read: 'scoped', update: 'scoped', export: false });
    expect(mine.body.data.record).toEqual({ id: deal.rep1, visible: true });
    const other = await f.as('rep1', 'GET', `/api/v1/_access/explain${q({ entity: 'deal', id: String(deal.rep2) })}`);
    expect(other.body.data.record.visible).toBe(false);
    expect(other.body.data.actions.every((a: { allowed: unknown }) => a.allowed === false)).toBe(true);
    const fields = await f.as('rep1', 'GET', `/api/v1/_access/explain${q({ entity: 'account' })}`);
    expect(fields.body.data.fields).toEqual({ hidden: ['credit_limit', 'secret_note'], readOnly: ['credit_limit', 'secret_note', 'grade'] });
  });
});

describe('audit', () => {
  it('records who, when, via what and before/after in the same transaction', async () => {
    const created = await f.as('rep1', 'POST', '/api/v1/deal', { body: { title: 'audited', amount: '5.00' } });
    const id = created.body.data.id;
    await f.as('rep1', 'PATCH', `/api/v1/deal/${id}`, { body: { amount: '7.50' }, headers: { 'x-request-id': 'audit-req-0001' } });
    const trail = await f.as('rep1', 'GET', `/api/v1/deal/${id}/_audit`);
    expect(trail.status).toBe(200);
    const [update, create] = trail.body.data;
    expect(create).toMatchObject({ action: 'create', actor: { kind: 'user', id: f.ids.rep1 }, via: 'api', entity: 'deal', recordId: id });
    expect(create.after).toMatchObject({ title: 'audited', amount: '5.00' });
    expect(update).toMatchObject({ action: 'update', changed: ['amount'], before: { amount: '5.00' }, after: { amount: '7.50' }, requestId: 'audit-req-0001' });
    await f.as('rep1', 'DELETE', `/api/v1/deal/${id}`);
    const adminView = await f.as('admin', 'GET', `/api/v1/_audit${q({ user: String(f.ids.rep1) })}`);
    expect(adminView.body.data[0]).toMatchObject({ action: 'delete', recordId: id, before: { title: 'audited' } });
  });

  it('is append-only through the API and per-user reading is for the user or an admin', async () => {
    expect((await f.as('admin', 'DELETE', '/api/v1/_audit')).status).toBe(404);
    expect((await f.as('admin', 'POST', '/api/v1/_audit', { body: {} })).status).toBe(404);
    expect((await f.as('rep1', 'GET', `/api/v1/_audit${q({ user: String(f.ids.rep2) })}`)).status).toBe(403);
    expect((await f.as('rep1', 'GET', '/api/v1/_audit')).status).toBe(200);
  });

  it('a failed write leaves no audit row', async () => {
    const before = await f.rt.db.knex('_audit').count({ n: '*' });
    await f.as('rep1', 'POST', '/api/v1/deal', { body: { title: 'x', owner: f.ids.rep2 } });
    const after = await f.rt.db.knex('_audit').count({ n: '*' });
    expect(Number(after[0].n)).toBe(Number(before[0].n));
  });
});
