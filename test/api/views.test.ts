// GET /api/v1/<entity>?view=<name>: a saved view's filter, sort and columns, shared by the API and the studio grid.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { q } from '../helpers/testRuntime.js';
import { startSecureFixture, type SecureFixture } from '../helpers/secureFixture.js';

let f: SecureFixture;

beforeAll(async () => {
  f = await startSecureFixture();
  const accounts = [
    { name: 'Alpha', code: 'A1', grade: 'A', credit_limit: '900.00', owner: f.ids.rep1 },
    { name: 'Bravo', code: 'B1', grade: 'B', credit_limit: '100.00', owner: f.ids.rep1 },
    { name: 'Charlie', code: 'C1', grade: 'A', credit_limit: '50.00', owner: null },
    { name: 'Delta', code: 'D1', grade: 'A', credit_limit: '700.00', owner: f.ids.rep2 },
  ];
  for (const body of accounts) expect((await f.as('admin', 'POST', '/api/v1/account', { body })).status).toBe(201);
  for (const [who, amount] of [['rep1', '10.00'], ['rep1', '30.00'], ['rep2', '20.00']] as const) {
    const res = await f.as(who, 'POST', '/api/v1/deal', { body: { title: `${who} ${amount}`, amount } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  }
});
afterAll(async () => f.close());

const names = (body: { data: { name?: string; title?: string }[] }): (string | undefined)[] => body.data.map((r) => r.name ?? r.title);

describe('?view=<name>', () => {
  it('should apply the view filter, sort and columns', async () => {
    const res = await f.as('admin', 'GET', `/api/v1/account${q({ view: 'grade_a_accounts' })}`);
    expect(res.status).toBe(200);
    expect(names(res.body)).toEqual(['Delta', 'Charlie', 'Alpha']);
    expect(Object.keys(res.body.data[0]).sort()).toEqual(['credit_limit', 'grade', 'id', 'name', 'owner', 'version']);
  });

  it('should AND an explicit filter with the view filter', async () => {
    const res = await f.as('admin', 'GET', `/api/v1/account${q({ view: 'grade_a_accounts', filter: { credit_limit: { gte: '600' } } })}`);
    expect(names(res.body)).toEqual(['Delta', 'Alpha']);
  });

  it('should let an explicit sort and fields win over the view', async () => {
    const res = await f.as('admin', 'GET', `/api/v1/account${q({ view: 'grade_a_accounts', sort: 'name', fields: 'name' })}`);
    expect(names(res.body)).toEqual(['Alpha', 'Charlie', 'Delta']);
    expect(Object.keys(res.body.data[0]).sort()).toEqual(['id', 'name', 'version']);
  });

  it('should page a view with the keyset cursor', async () => {
    const first = await f.as('admin', 'GET', `/api/v1/account${q({ view: 'grade_a_accounts', limit: '2' })}`);
    const next = await f.as('admin', 'GET', `/api/v1/account${q({ view: 'grade_a_accounts', limit: '2', cursor: first.body.meta.nextCursor })}`);
    expect([...names(first.body), ...names(next.body)]).toEqual(['Delta', 'Charlie', 'Alpha']);
    expect(next.body.meta.nextCursor).toBeNull();
  });

  it('should bind the view variables to the caller', async () => {
    const rep1 = await f.as('rep1', 'GET', `/api/v1/deal${q({ view: 'my_deals' })}`);
    expect(names(rep1.body)).toEqual(['rep1 30.00', 'rep1 10.00']);
    const admin = await f.as('admin', 'GET', `/api/v1/deal${q({ view: 'my_deals' })}`);
    expect(admin.body.data).toEqual([]);
  });

  it('should answer an unknown view with 400 INVALID_QUERY pointing at /view', async () => {
    const res = await f.as('admin', 'GET', `/api/v1/account${q({ view: 'nope' })}`);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('INVALID_QUERY');
    expect(res.body.errors[0]).toMatchObject({ pointer: '/view', code: 'unknown_view' });
    expect(res.body.errors[0].message).toContain('grade_a_accounts');
  });

  it('should treat a view of another entity as unknown', async () => {
    const res = await f.as('admin', 'GET', `/api/v1/deal${q({ view: 'grade_a_accounts' })}`);
    expect(res.status).toBe(400);
    expect(res.body.errors[0].pointer).toBe('/view');
  });

  it('should treat a view filtering on a field hidden from the caller as unknown, without naming it', async () => {
    const res = await f.as('rep1', 'GET', `/api/v1/account${q({ view: 'big_credit' })}`);
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({ pointer: '/view', code: 'unknown_view' });
    expect(res.body.errors[0].message).not.toContain('big_credit;');
    expect(res.body.errors[0].message).toContain('grade_a_accounts');
    expect(JSON.stringify(res.body)).not.toContain('credit_limit');
  });

  it('should drop hidden columns and keep the caller scope inside a view', async () => {
    const res = await f.as('rep1', 'GET', `/api/v1/account${q({ view: 'grade_a_accounts' })}`);
    expect(res.status).toBe(200);
    expect(names(res.body)).toEqual(['Charlie', 'Alpha']);
    expect(Object.keys(res.body.data[0])).not.toContain('credit_limit');
  });

  it('should list in _meta/app only the views the caller may use, without hidden columns', async () => {
    const admin = await f.as('admin', 'GET', '/api/v1/_meta/app');
    expect(admin.body.data.views.map((v: { name: string }) => v.name).sort()).toEqual(['big_credit', 'by_credit', 'grade_a_accounts', 'my_deals']);
    const rep = await f.as('rep1', 'GET', '/api/v1/_meta/app');
    const views = rep.body.data.views as { name: string; columns: string[] }[];
    expect(views.map((v) => v.name).sort()).toEqual(['by_credit', 'grade_a_accounts', 'my_deals']);
    expect(views.find((v) => v.name === 'grade_a_accounts')!.columns).toEqual(['name', 'grade', 'owner']);
  });

  it('should drop a sort key on a field hidden from the caller and keep the view', async () => {
    const admin = await f.as('admin', 'GET', `/api/v1/account${q({ view: 'by_credit' })}`);
    expect(names(admin.body)).toEqual(['Alpha', 'Delta', 'Bravo', 'Charlie']);
    const rep = await f.as('rep1', 'GET', `/api/v1/account${q({ view: 'by_credit' })}`);
    expect(rep.status).toBe(200);
    expect(names(rep.body)).toEqual(['Alpha', 'Bravo', 'Charlie']);
  });

  it('should apply a view to the CSV export too', async () => {
    const res = await f.api.request('GET', `/api/v1/account/_export${q({ view: 'grade_a_accounts' })}`, { headers: { authorization: `Bearer ${f.tokens.admin}` } });
    expect(res.status).toBe(200);
    const lines = String(res.body).trim().split(/\r?\n/);
    expect(lines).toHaveLength(4);
    expect(lines[1]).toContain('Delta');
  });

  it('should describe the view parameter in the OpenAPI document', async () => {
    const res = await f.as('admin', 'GET', '/api/openapi.json');
    const params = res.body.paths['/api/v1/account'].get.parameters as { name: string }[];
    expect(params.map((p) => p.name)).toContain('view');
  });
});
