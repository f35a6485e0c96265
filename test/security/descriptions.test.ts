// Issue 13 item 5: every description a role receives — the OpenAPI document (with the filter
// parameter's text), /api/docs, /_meta/app (views, pipelines, dashboards), /_meta/entities/<e>
// (fields, schemas, compiled forms with uiSchema and sections) — is computed for that role: a
// field hidden from the role appears nowhere, by name or by label.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../../runtime/auth/sessions.js';
import { createUser } from '../../runtime/auth/users.js';
import { withTestApp } from '../helpers/testApp.js';
import { SALES_CRM, type TestServer } from '../helpers/testRuntime.js';
import { cleanTempDirs, secureAppVariant, startSmallApp, type SmallApp } from './caseHelpers.js';

type Get = (path: string) => Promise<{ status: number; text: string }>;

/** Every description document the caller can fetch, as text (the docs page without its style sheet). */
async function descriptions(get: Get, locales: string[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const add = async (path: string): Promise<string> => {
    const res = await get(path);
    expect(res.status, path).toBe(200);
    out[path] = path === '/api/docs' ? res.text.replace(/<style>[\s\S]*?<\/style>/, '') : res.text;
    return res.text;
  };
  await add('/api/openapi.json');
  await add('/api/docs');
  for (const locale of locales) {
    const app = JSON.parse(await add(`/api/v1/_meta/app?locale=${locale}`)) as { data: { entities: { name: string }[] } };
    for (const e of app.data.entities) await add(`/api/v1/_meta/entities/${e.name}?locale=${locale}`);
  }
  return out;
}

/** Where a hidden name (as an identifier) or label (verbatim) occurs. */
function leaks(docs: Record<string, string>, names: string[], labels: string[]): string[] {
  const found: string[] = [];
  for (const [path, text] of Object.entries(docs)) {
    for (const n of names) if (new RegExp(`(?<![A-Za-z0-9_])${n}(?![A-Za-z0-9_])`).test(text)) found.push(`${path}: ${n}`);
    for (const l of labels) if (text.includes(l)) found.push(`${path}: "${l}"`);
  }
  return found;
}

const getter = (api: TestServer, token: string): Get => async (path) => {
  const res = await api.request('GET', path, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, text: typeof res.body === 'string' ? res.body : JSON.stringify(res.body) };
};

describe('descriptions per role, sales CRM', () => {
  let api: TestServer;
  const tokens: Record<string, string> = {};
  withTestApp({
    appDir: SALES_CRM, server: { auth: 'required' }, timeout: 120_000,
    prepare: async (rt) => {
      const roles = new Set(['admin', 'sales_rep', 'sales_manager', 'viewer']);
      for (const [who, role] of [['rep', 'sales_rep'], ['admin', 'admin']]) {
        const id = await createUser(rt.db.knex, { email: `${who}@example.com`, name: who, password: 'a-long-password-1', roles: [role] }, roles);
        tokens[who] = (await createToken(rt.db.knex, id, { name: 'test', scopes: ['read'] })).token;
      }
    },
  }, (app) => { api = app.api; });

  const HIDDEN = ['credit_limit', 'cost', 'margin'];
  const LABELS = ['Credit limit', '信用额度', 'Unit cost', '单位成本', 'Margin', '毛利率'];

  it('should name no field hidden from a sales rep in any description the rep receives', async () => {
    const docs = await descriptions(getter(api, tokens.rep), ['en', 'zh-CN']);
    expect(Object.keys(docs).length).toBeGreaterThan(10);
    expect(leaks(docs, HIDDEN, LABELS)).toEqual([]);
  });

  it('should still describe those fields to an administrator (the scan finds what it looks for)', async () => {
    const docs = await descriptions(getter(api, tokens.admin), ['en', 'zh-CN']);
    const found = leaks(docs, HIDDEN, LABELS).join('\n');
    for (const x of ['/api/openapi.json: credit_limit', '/api/docs: margin', '/api/v1/_meta/entities/product?locale=zh-CN: "单位成本"', '/api/v1/_meta/app?locale=en: margin']) expect(found).toContain(x);
  });

  it('should trim what mentions a hidden field and keep the rest', async () => {
    const get = getter(api, tokens.rep);
    const app = JSON.parse((await get('/api/v1/_meta/app')).text).data;
    expect(app.views.find((v: { name: string }) => v.name === 'active_products').columns).toEqual(['sku', 'name', 'category', 'unit', 'unit_price', 'stock_qty', 'units_sold', 'revenue']);
    expect(app.dashboards[0].widgets.map((w: { title: string }) => w.title)).toEqual(['Open pipeline', 'Deals by stage', 'Revenue by product category']);
    const account = JSON.parse((await get('/api/v1/_meta/entities/account')).text).data;
    const form = account.forms.account_form;
    expect(form.uiSchema.credit_limit).toBeUndefined();
    expect(form.uiSchema['ui:options'].sections.flatMap((s: { fields: string[] }) => s.fields)).not.toContain('credit_limit');
    expect(form.uiSchema['ui:order']).toContain('grade');
    expect(form.schema.properties.grade.readOnly).toBe(true);
    const doc = JSON.parse((await get('/api/openapi.json')).text);
    const filter = doc.paths['/api/v1/account'].get.parameters.find((p: { name: string }) => p.name === 'filter');
    expect(filter.description).toContain('`annual_revenue`');
  });
});

describe('descriptions per role: conditions, formulas and rollups that name hidden fields', () => {
  let app: SmallApp;
  beforeAll(async () => {
    const dir = secureAppVariant({
      'roles/rep.json': (r: { permissions: { deal: Record<string, unknown> } }) => ({ ...r, permissions: { ...r.permissions, deal: { ...r.permissions.deal, hidden: ['amount'] } } }),
      'entities/account.json': (e: { fields: unknown[] }) => ({
        ...e, fields: [...e.fields,
          { name: 'headroom', type: 'formula', resultType: 'currency', expression: 'COALESCE(credit_limit, 0) - COALESCE(deal_total, 0)' },
          { name: 'shout', type: 'formula', resultType: 'text', expression: 'UPPER(name)' },
          { name: 'big_deals', type: 'rollup', relation: 'deals', aggregate: 'count', filter: { amount: { gt: 100 } } },
          { name: 'new_deals', type: 'rollup', relation: 'deals', aggregate: 'count', filter: { stage: { eq: 'new' } } }],
      }),
      'forms/account_form.json': { name: 'account_form', entity: 'account', sections: [
        { title: 'Main', fields: [{ field: 'name', visibleWhen: { credit_limit: { gt: 0 } } }, { field: 'grade', requiredWhen: { name: { startsWith: 'A' } } }] },
        { title: 'Money', fields: [{ field: 'credit_limit' }, { field: 'secret_note' }] }] },
      // only this test's views: the fixture's own are left out
      'views/big_credit.json': null, 'views/grade_a_accounts.json': null, 'views/my_deals.json': null,
      'views/by_credit.json': { name: 'by_credit', entity: 'account', filter: { credit_limit: { gt: 0 } } },
      'views/accounts.json': { name: 'accounts', entity: 'account', columns: ['name', 'credit_limit', 'owner.email'], sort: ['-credit_limit', 'name'] },
      'views/deals_by_amount.json': { name: 'deals_by_amount', entity: 'deal', kind: 'kanban', groupBy: 'stage', columns: ['title', 'amount', 'account.credit_limit', 'account.name'] },
      'pipelines/deals.json': { name: 'deals', entity: 'deal', field: 'stage', stages: [{ value: 'new' }, { value: 'won', requiredFields: ['amount', 'title'], gate: { amount: { gt: 0 } } }] },
      'dashboards/money.json': { name: 'money', widgets: [{ type: 'kpi', entity: 'account', measure: { aggregate: 'sum', field: 'credit_limit' } }, { type: 'kpi', entity: 'deal', measure: { aggregate: 'count' } }] },
    });
    app = await startSmallApp(dir, { rep: { roles: ['rep'] }, boss: { roles: ['admin'] } });
  }, 120_000);
  afterAll(async () => {
    await app.close();
    cleanTempDirs();
  });

  const get = (who: string): Get => async (path) => {
    const res = await app.as(who, 'GET', path);
    return { status: res.status, text: typeof res.body === 'string' ? res.body : JSON.stringify(res.body) };
  };

  it('should leave out every condition, expression and setting that names a hidden field', async () => {
    const docs = await descriptions(get('rep'), ['en']);
    expect(leaks(docs, ['credit_limit', 'secret_note', 'amount'], [])).toEqual([]);
    const meta = JSON.parse(docs['/api/v1/_meta/app?locale=en']).data;
    expect(meta.views.map((v: { name: string }) => v.name)).toEqual(['accounts', 'deals_by_amount']);
    expect(meta.views[0]).toMatchObject({ columns: ['name', 'owner.email'], sort: ['name'] });
    expect(meta.views[1].columns).toEqual(['title', 'account.name']);
    expect(meta.pipelines[0].stages[1]).toEqual({ value: 'won', requiredFields: ['title'] });
    expect(meta.dashboards[0].widgets).toEqual([{ type: 'kpi', entity: 'deal', measure: { aggregate: 'count' } }]);
    const account = JSON.parse(docs['/api/v1/_meta/entities/account?locale=en']).data;
    const field = (n: string) => account.fields.find((f: { name: string }) => f.name === n);
    expect(field('headroom').expression).toBeUndefined();
    expect(field('shout').expression).toBe('UPPER(name)');
    expect(field('big_deals').filter).toBeUndefined();
    expect(field('new_deals').filter).toEqual({ stage: { eq: 'new' } });
    expect(field('deal_total').field).toBeUndefined();
    expect(account.searchFields).toEqual(['name']);
    const form = account.forms.account_form;
    expect(form.uiSchema.name).toBeUndefined();
    expect(form.uiSchema.grade['ui:options'].requiredWhen).toEqual({ name: { startsWith: 'A' } });
    expect(form.uiSchema['ui:options'].sections).toEqual([{ title: 'Main', fields: ['name', 'grade'] }]);
  });

  it('should give an administrator every one of them', async () => {
    const docs = await descriptions(get('boss'), ['en']);
    const meta = JSON.parse(docs['/api/v1/_meta/app?locale=en']).data;
    expect(meta.views.map((v: { name: string }) => v.name).sort()).toEqual(['accounts', 'by_credit', 'deals_by_amount']);
    expect(meta.pipelines[0].stages[1].gate).toEqual({ amount: { gt: 0 } });
    const account = JSON.parse(docs['/api/v1/_meta/entities/account?locale=en']).data;
    expect(account.fields.find((f: { name: string }) => f.name === 'headroom').expression).toContain('credit_limit');
    expect(account.forms.account_form.uiSchema.name['ui:options'].visibleWhen).toEqual({ credit_limit: { gt: 0 } });
  });
});
