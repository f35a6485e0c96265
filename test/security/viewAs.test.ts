// "View as": an administrator reads the sales-crm example as a role sees it, through the real
// express app, and can never change anything that way; nobody else may ask for it.
import { describe, expect, it } from 'vitest';
import { createToken } from '../../runtime/auth/sessions.js';
import { createUser } from '../../runtime/auth/users.js';
import { updateRecord } from '../../runtime/records/index.js';
import { withTestApp } from '../helpers/testApp.js';
import { q, SALES_CRM, seedExample, type TestRuntime, type TestServer } from '../helpers/testRuntime.js';

let rt: TestRuntime;
let api: TestServer;
const tokens: Record<string, string> = {};
const ids: Record<string, number> = {};

type Res = Awaited<ReturnType<TestServer['request']>>;
const as = (who: string, method: string, path: string, options: { body?: unknown; headers?: Record<string, string> } = {}): Promise<Res> =>
  api.request(method, path, { ...options, headers: { authorization: `Bearer ${tokens[who]}`, ...(options.headers ?? {}) } });
const viewing = (role: string, user?: number): Record<string, string> => ({ 'x-crm-view-as': role, ...(user !== undefined ? { 'x-crm-view-as-user': String(user) } : {}) });

/** Every table the API could write, row counts and the newest audit id: compared before and after refused writes. */
async function snapshot(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of [...rt.app.entities.keys(), '_audit', '_definition_drafts', '_tokens', '_users']) {
    if (!(await rt.db.knex.schema.hasTable(table))) continue;
    const [{ c }] = await rt.db.knex(table).count({ c: '*' });
    out[table] = Number(c);
  }
  return out;
}

withTestApp({
  appDir: SALES_CRM, server: { auth: 'required' }, timeout: 240_000,
  prepare: async (rt) => {
    await seedExample(rt, SALES_CRM);
    const known = new Set(rt.app.access.roles.keys());
    // A role nobody holds, and a designer (not an administrator).
    ids.designer = await createUser(rt.db.knex, { email: 'designer@example.com', password: 'a long enough password', roles: ['designer'] }, known);
    const users = (await rt.db.knex('_users').select('id', 'email').orderBy('id')) as { id: number; email: string }[];
    for (const u of users) ids[u.email] = Number(u.id);
    for (const [who, email] of [['admin', 'admin@example.com'], ['rep', 'li.wei@example.com'], ['manager', 'wang.fang@example.com'], ['designer', 'designer@example.com']]) {
      tokens[who] = (await createToken(rt.db.knex, ids[email], { name: 'test', scopes: ['read', 'write', 'export'] })).token;
    }
  },
}, (app) => ({ rt, api } = app));

describe('viewing the app as a role', () => {
  it('should show an administrator exactly the rows and fields a sales rep sees', async () => {
    const rep = ids['li.wei@example.com'];
    for (const path of [
      `/api/v1/deal${q({ sort: 'id', limit: '500', count: 'true' })}`,
      `/api/v1/account${q({ sort: 'id', limit: '500', count: 'true' })}`,
      `/api/v1/product${q({ sort: 'id', limit: '500' })}`,
      `/api/v1/order_line${q({ sort: 'id', limit: '100', expand: 'order' })}`,
      `/api/v1/deal${q({ view: 'my_open_deals' })}`,
    ]) {
      const own = await as('rep', 'GET', path);
      const viewed = await as('admin', 'GET', path, { headers: viewing('sales_rep', rep) });
      expect(viewed.status, path).toBe(200);
      expect(viewed.body, path).toEqual(own.body);
    }
    const deals = (await as('admin', 'GET', `/api/v1/deal${q({ limit: '500', fields: 'owner' })}`, { headers: viewing('sales_rep', rep) })).body.data as { owner: number }[];
    expect(deals.length).toBeGreaterThan(0);
    expect(new Set(deals.map((d) => d.owner))).toEqual(new Set([rep]));
    const all = (await as('admin', 'GET', `/api/v1/deal${q({ count: 'true', limit: '1' })}`)).body.meta.count;
    expect(all).toBeGreaterThan(deals.length);

    // Hidden fields are absent from records and from every description.
    const account = (await as('admin', 'GET', `/api/v1/account${q({ limit: '1' })}`, { headers: viewing('sales_rep', rep) })).body.data[0];
    expect(account).not.toHaveProperty('credit_limit');
    const product = (await as('admin', 'GET', `/api/v1/product${q({ limit: '1' })}`, { headers: viewing('sales_rep', rep) })).body.data[0];
    expect(product).not.toHaveProperty('cost');
    expect(product).not.toHaveProperty('margin');
    for (const path of ['/api/v1/_meta/app', '/api/v1/_meta/entities/account', '/api/v1/_meta/entities/product', '/api/openapi.json']) {
      const viewed = await as('admin', 'GET', path, { headers: viewing('sales_rep', rep) });
      expect(viewed.body, path).toEqual((await as('rep', 'GET', path)).body);
    }
    expect(JSON.stringify((await as('admin', 'GET', '/api/v1/_meta/entities/account', { headers: viewing('sales_rep', rep) })).body)).not.toContain('credit_limit');
    // Without the header the administrator sees everything again.
    expect((await as('admin', 'GET', `/api/v1/account${q({ limit: '1' })}`)).body.data[0]).toHaveProperty('credit_limit');
  });

  it('should evaluate "owner is me" as the first active user with the role when no user is named', async () => {
    const reps = (await rt.db.knex('_users').select('id', 'roles').orderBy('id') as { id: number; roles: unknown }[])
      .filter((u) => (typeof u.roles === 'string' ? JSON.parse(u.roles) : u.roles).includes('sales_rep'));
    const first = Number(reps[0].id);
    const me = await as('admin', 'GET', '/api/v1/_auth/me', { headers: viewing('sales_rep') });
    expect(me.status).toBe(200);
    expect(me.body.data.user).toMatchObject({ id: first, roles: ['sales_rep'] });
    expect(me.body.data.viewAs).toMatchObject({ role: 'sales_rep', by: { email: 'admin@example.com' } });
    const deals = (await as('admin', 'GET', `/api/v1/deal${q({ limit: '500', fields: 'owner' })}`, { headers: viewing('sales_rep') })).body.data as { owner: number }[];
    expect(new Set(deals.map((d) => d.owner))).toEqual(new Set([first]));
  });

  it('should view a role nobody holds as the administrator with that role alone', async () => {
    await rt.db.knex('_users').where({ email: 'zhao.li@example.com' }).update({ status: 'suspended' });
    try {
      const me = await as('admin', 'GET', '/api/v1/_auth/me', { headers: viewing('viewer') });
      expect(me.body.data.user).toMatchObject({ email: 'admin@example.com', roles: ['viewer'] });
      expect((await as('admin', 'GET', `/api/v1/product${q({ limit: '1' })}`, { headers: viewing('viewer') })).status).toBe(200);
      const users = await as('admin', 'GET', '/api/v1/_users', { headers: viewing('viewer') });
      expect(users.status).toBe(403);
    } finally {
      await rt.db.knex('_users').where({ email: 'zhao.li@example.com' }).update({ status: 'active' });
    }
  });

  it('should refuse every write while viewing as a role, and store nothing', async () => {
    const rep = ids['li.wei@example.com'];
    const own = (await as('rep', 'GET', `/api/v1/deal${q({ limit: '1', filter: { stage: { eq: 'new' } } })}`)).body.data[0];
    const before = await snapshot();
    const writes: [string, string, unknown][] = [
      ['POST', '/api/v1/deal', { title: 'Viewing must not create', owner: rep }],
      ['PATCH', `/api/v1/deal/${own.id}`, { title: 'Viewing must not change' }],
      ['DELETE', `/api/v1/deal/${own.id}`, undefined],
      ['POST', '/api/v1/deal/_bulk', { upsert: { matchKey: ['external_id'] }, records: [{ title: 'x', external_id: 'VA-1', owner: rep }] }],
      ['PUT', '/api/v1/_definitions/view/va_view', { name: 'va_view', entity: 'deal' }],
      ['POST', '/api/v1/_auth/tokens', { name: 'x' }],
      ['POST', '/api/v1/_users', { email: 'new@example.com', roles: [] }],
    ];
    for (const [method, path, body] of writes) {
      for (const headers of [viewing('sales_rep', rep), viewing('sales_rep')]) {
        const res = await as('admin', method, path, { body, headers });
        expect(res.status, `${method} ${path}`).toBe(403);
        expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        expect(res.body).toMatchObject({ code: 'FORBIDDEN', viewAs: { problem: 'read_only', role: 'sales_rep' } });
        expect(res.body.detail).toMatch(/read-only: nothing was changed/);
      }
    }
    expect(await snapshot()).toEqual(before);
    expect((await as('rep', 'GET', `/api/v1/deal/${own.id}`)).body.data.title).toBe(own.title);
  });

  it('should refuse a write of the records layer itself for a viewing context', async () => {
    const before = await snapshot();
    const rep = ids['li.wei@example.com'];
    const ctx = { actor: { kind: 'user' as const, id: rep, roles: ['sales_rep'], teamMembers: [], subordinates: [] }, via: 'api' as const, requestId: 'view-as-test', viewAs: { role: 'sales_rep', user: rep, by: ids['admin@example.com'] } };
    const own = (await as('rep', 'GET', `/api/v1/deal${q({ limit: '1', filter: { stage: { eq: 'new' } } })}`)).body.data[0];
    await expect(updateRecord(rt, { entity: 'deal', id: own.id, data: { title: 'Nope' }, ctx })).rejects.toMatchObject({ code: 'FORBIDDEN', members: { viewAs: { problem: 'read_only' } } });
    expect(await snapshot()).toEqual(before);
    expect((await as('rep', 'GET', `/api/v1/deal/${own.id}`)).body.data.title).toBe(own.title);
  });

  it('should refuse the header from anyone but an administrator, reads and writes alike', async () => {
    for (const who of ['rep', 'manager', 'designer']) {
      for (const [method, path, body] of [['GET', '/api/v1/deal', undefined], ['GET', '/api/v1/_meta/app', undefined], ['POST', '/api/v1/deal', { title: 'x' }]] as const) {
        for (const role of ['sales_manager', 'admin', 'no_such_role']) {
          const res = await as(who, method, path, { body, headers: viewing(role) });
          expect(res.status, `${who} ${method} ${path} ${role}`).toBe(403);
          expect(res.body).toMatchObject({ code: 'FORBIDDEN', viewAs: { problem: 'not_admin' } });
        }
      }
    }
  });

  it('should answer 400 for an unknown role or a user who does not hold it', async () => {
    const cases: [Record<string, string>, string][] = [
      [viewing('no_such_role'), 'unknown_role'],
      [viewing('Robert\'); DROP TABLE deal;--'), 'unknown_role'],
      [viewing(''), 'unknown_role'],
      [{ 'x-crm-view-as-user': String(ids['li.wei@example.com']) }, 'unknown_role'],
      [viewing('sales_rep', ids['wang.fang@example.com']), 'unknown_user'],
      [viewing('sales_rep', 999999), 'unknown_user'],
      [{ ...viewing('sales_rep'), 'x-crm-view-as-user': 'li.wei' }, 'unknown_user'],
    ];
    for (const [headers, problem] of cases) {
      const res = await as('admin', 'GET', '/api/v1/deal', { headers });
      expect(res.status, JSON.stringify(headers)).toBe(400);
      expect(res.body).toMatchObject({ code: 'MALFORMED_REQUEST', viewAs: { problem } });
      expect(res.body.detail).toMatch(/x-crm-view-as/);
    }
    expect((await as('admin', 'GET', '/api/v1/deal', { headers: viewing('no_such_role') })).body.detail).toContain('no role "no_such_role"');
  });

  it('should refuse the header on a request without credentials as 401, and leave the login route alone', async () => {
    expect((await api.request('GET', '/api/v1/deal', { headers: viewing('sales_rep') })).status).toBe(401);
  });
});
