// The example app: validates, migrates, seeds its demo data and serves it, on the current dialect.
import { describe, expect, it } from 'vitest';
import { listRecords, parseListQuery } from '../../runtime/records/index.js';
import { asSystem } from '../../runtime/records/context.js';
import { withTestApp } from '../helpers/testApp.js';
import { SALES_CRM, seedExample, type TestRuntime, type TestServer, q } from '../helpers/testRuntime.js';

let rt: TestRuntime;
let api: TestServer;
let counts: Record<string, number>;

withTestApp({
  appDir: SALES_CRM, timeout: 240_000,
  prepare: async (rt) => { counts = await seedExample(rt, SALES_CRM); },
}, (app) => ({ rt, api } = app));

describe('sales-crm example', () => {
  it('seeds a few thousand related rows', async () => {
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBeGreaterThan(5000);
    for (const [entity, n] of Object.entries(counts)) {
      const [{ c }] = await rt.db.knex(entity).count({ c: '*' });
      expect(Number(c), entity).toBe(n);
    }
    const [{ u }] = await rt.db.knex('_users').count({ u: '*' });
    expect(Number(u)).toBeGreaterThan(0);
  });

  it('rollups agree with the rows they summarize', async () => {
    const orders = (await rt.db.knex('order').select('id')).slice(0, 40) as { id: number }[];
    for (const { id } of orders) {
      const order = (await api.request('GET', `/api/v1/order/${id}?expand=order_lines`)).body.data;
      const sum = order.order_lines.data.reduce((s: number, l: { line_total: string }) => s + Math.round(Number(l.line_total) * 100), 0);
      expect(Math.round(Number(order.total) * 100), `order ${id}`).toBe(sum);
      expect(order.line_count).toBe(order.order_lines.meta.count);
    }
  });

  it('every saved view runs against the data', async () => {
    const ctx = asSystem('test');
    for (const view of rt.app.definition.views) {
      const entity = rt.app.entities.get(view.entity)!;
      const raw: Record<string, unknown> = { limit: '5' };
      if (view.filter) raw.filter = JSON.stringify(view.filter);
      if (view.sort?.length) raw.sort = view.sort.join(',');
      const res = await listRecords(rt, { entity: entity.name, ctx: { ...ctx, actor: { kind: 'user', id: 1, roles: ['admin'] } }, query: parseListQuery(rt.app, entity, raw) });
      expect(Array.isArray(res.data), view.name).toBe(true);
    }
  });

  it('serves the 360° view of an account through expand', async () => {
    const res = await api.request('GET', `/api/v1/account${q({ limit: '1', sort: '-lifetime_value', expand: 'contacts,deals,orders', fields: 'name,lifetime_value,grade,contacts.full_name,deals.stage,orders.total' })}`);
    expect(res.status).toBe(200);
    const a = res.body.data[0];
    expect(Number(a.lifetime_value)).toBeGreaterThan(0);
    expect(a.contacts.meta.count).toBeGreaterThan(0);
    expect(a.orders.data.length).toBeGreaterThan(0);
  });

  it('the pipeline, forms and OpenAPI come from the definitions', async () => {
    const meta = (await api.request('GET', '/api/v1/_meta/app?locale=zh-CN')).body.data;
    expect(meta.entities.length).toBe(8);
    expect(meta.pipelines.map((p: { name: string; entity: string }) => `${p.name}:${p.entity}`).sort()).toEqual(['lead_qualification:lead', 'sales:deal']);
    const deal = (await api.request('GET', '/api/v1/_meta/entities/deal')).body.data;
    expect(Object.keys(deal.forms)).toContain('deal_form');
    // forms mirror what the pipeline enforces: amount is required from "proposal" on
    const amount = deal.forms.deal_form.uiSchema.amount['ui:options'];
    expect(amount.requiredWhen).toEqual({ stage: { in: ['proposal', 'negotiation', 'won'] } });
    const doc = (await api.request('GET', '/api/openapi.json')).body;
    expect(Object.keys(doc.paths)).toContain('/api/v1/order_line/{id}');
  });

  it('creates a deal through the API with computed fields', async () => {
    const account = (await api.request('GET', `/api/v1/account${q({ limit: '1' })}`)).body.data[0];
    const res = await api.request('POST', '/api/v1/deal', { body: { title: 'New ERP rollout', account: account.id, stage: 'proposal', amount: '125000.00', probability: '50', expected_close: '2027-03-31' } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.data.number).toMatch(/^D-\d{5}$/);
    expect(res.body.data.weighted_amount).toBe('62500.00');
  });
});
