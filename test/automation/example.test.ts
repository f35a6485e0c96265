// The sales-crm example's rules against the example's own entities, with a fake clock: birthday
// greeting, renewal reminder, stalled-deal alert, round-robin leads, VIP flag from a rollup,
// loyalty points, and leads from the signed website form.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../runtime/auth/users.js';
import { createEngine, type Engine } from '../../runtime/automation/index.js';
import { receiveWebhook, signWebhook } from '../../runtime/automation/webhookIn.js';
import { createRuntime, type LiveRuntime } from '../../runtime/index.js';
import { asSystem } from '../../runtime/records/context.js';
import { createRecord, getRecord, updateRecord } from '../../runtime/records/index.js';
import { ROOT, testDbTarget } from '../helpers/testRuntime.js';
import { fakeClock } from './helpers.js';
import { join } from 'node:path';

const sys = asSystem('example test', 'api');

describe('sales-crm example automations', () => {
  let rt: LiveRuntime;
  let engine: Engine;
  const clock = fakeClock('2026-05-01T00:00:00.000Z');
  const reps: number[] = [];
  const create = (entity: string, data: Record<string, unknown>) => createRecord(rt, { entity, data, ctx: sys });
  const update = (entity: string, id: number, data: Record<string, unknown>) => updateRecord(rt, { entity, id, data, ctx: sys });
  const get = (entity: string, id: number) => getRecord(rt, { entity, id, ctx: sys });
  const messages = async (subject: RegExp) => ((await rt.db.knex('_test_messages').orderBy('id')) as { subject: string; recipient: string; body: string }[]).filter((m) => subject.test(m.subject));

  beforeAll(async () => {
    const target = testDbTarget();
    rt = await createRuntime({ appDir: join(ROOT, 'examples', 'sales-crm'), databaseUrl: target.url, pgSchema: target.schema, automation: { clock: clock.now } });
    engine = createEngine({ rt, onError: (err) => { throw err; } });
    const known = new Set(['admin', 'sales_rep', 'sales_manager', 'viewer']);
    for (const n of [1, 2, 3]) reps.push(await createUser(rt.db.knex, { email: `rep${n}@example.com`, name: `Rep ${n}`, roles: ['sales_rep'], team: 'sales' }, known));
  });
  afterAll(async () => {
    if (rt.db.dialect === 'postgres') await rt.db.knex.raw('DROP SCHEMA IF EXISTS ?? CASCADE', [rt.db.schema]);
    await rt.close();
  });

  it('birthday_greeting: greets opted-in contacts at 09:00 local time on their birthday and adds 100 points', async () => {
    const acc = await create('account', { name: 'Birthday Ltd', account_type: 'end_customer' });
    const c = await create('contact', { first_name: 'Mei', last_name: 'Lin', account: acc, email: 'mei@example.com', birthday: '1990-05-03', marketing_opt_in: true, loyalty_points: 20 });
    await create('contact', { first_name: 'No', last_name: 'Optin', account: acc, email: 'no@example.com', birthday: '1990-05-03' });
    await engine.drain();
    clock.set('2026-05-03T01:00:00.000Z');
    await engine.drain();
    const sent = await messages(/Happy birthday/);
    expect(sent.map((m) => [m.recipient, m.subject])).toEqual([['mei@example.com', 'Happy birthday, Mei!']]);
    expect(sent[0].body).toContain('Birthday Ltd');
    expect((await get('contact', c)).loyalty_points).toBe(120);
  });

  it('renewal_reminder: 30 days before an open renewal closes, a call task and a note', async () => {
    const acc = await create('account', { name: 'Renew Co', account_type: 'end_customer' });
    const deal = await create('deal', { title: 'Renewal 2026', account: acc, deal_type: 'renewal', expected_close: '2026-06-20', amount: '80000', owner: reps[0] });
    await create('deal', { title: 'New business', account: acc, deal_type: 'new_business', expected_close: '2026-06-20' });
    await engine.drain();
    clock.set('2026-05-21T00:59:00.000Z');
    await engine.drain();
    expect(await messages(/^Renewal due/)).toHaveLength(0);
    clock.set('2026-05-21T01:00:00.000Z');
    await engine.drain();
    expect((await messages(/^Renewal due/)).map((m) => m.subject)).toEqual(['Renewal due 2026-06-20: Renewal 2026']);
    const task = await rt.db.knex('activity').where({ deal }).where('subject', 'like', 'Renewal%').first();
    expect(task).toMatchObject({ type: 'call', priority: 'high', due_date: '2026-06-20', owner: reps[0], account: acc });
  });

  it('stalled_deal_alert: an open deal untouched for 14 days gets a follow-up, big ones an alert too; a change postpones it', async () => {
    clock.set('2026-06-01T00:00:00.000Z');
    const acc = await create('account', { name: 'Slow Ltd', account_type: 'end_customer' });
    const small = await create('deal', { title: 'Small stalled', account: acc, amount: '5000', owner: reps[1] });
    const big = await create('deal', { title: 'Big stalled', account: acc, amount: '250000', owner: reps[1] });
    const touched = await create('deal', { title: 'Touched', account: acc, amount: '250000' });
    clock.set('2026-06-10T00:00:00.000Z');
    await update('deal', touched, { next_step: 'demo' });
    clock.set('2026-06-15T00:00:01.000Z');
    await engine.drain();
    expect((await messages(/^Stalled/)).map((m) => m.subject)).toEqual(['Stalled for 14 days: Big stalled (250000.00 CNY)']);
    expect((await rt.db.knex('activity').whereIn('deal', [small, big, touched]).pluck('deal')).sort()).toEqual([small, big].sort());
    clock.set('2026-06-24T00:00:01.000Z');
    await engine.drain();
    expect((await rt.db.knex('activity').where({ deal: touched })).length).toBe(1);
  });

  it('round_robin_leads: leads without an owner go to the sales reps in turn, each with a first call', async () => {
    const owners: unknown[] = [];
    for (let i = 0; i < 4; i++) {
      const id = await create('lead', { name: `Lead ${i}`, email: `lead${i}@example.com`, status: 'new' });
      await engine.drain();
      owners.push((await get('lead', id)).owner);
    }
    expect(owners).toEqual([reps[0], reps[1], reps[2], reps[0]]);
    const own = await create('lead', { name: 'Has owner', email: 'own@example.com', status: 'new', owner: reps[2] });
    await engine.drain();
    expect((await get('lead', own)).owner).toBe(reps[2]);
  });

  it('vip_flag and loyalty_points: paid orders raise the lifetime value (a rollup) past 500,000 and the buyer earns points', async () => {
    const acc = await create('account', { name: 'Whale Inc', account_type: 'dealer' });
    const buyer = await create('contact', { first_name: 'Big', last_name: 'Buyer', email: 'buyer@example.com', account: acc, loyalty_points: 0 });
    const product = await create('product', { sku: 'SKU-1', name: 'Server', category: 'hardware', unit_price: '100000.00' });
    const order = async (qty: number): Promise<number> => {
      const o = await create('order', { account: acc, contact: buyer, order_date: '2026-06-01' });
      await create('order_line', { order: o, product, quantity: qty, unit_price: '100000.00' });
      return o;
    };
    const o1 = await order(3);
    const o2 = await order(3);
    await update('order', o1, { status: 'paid' });
    await engine.drain();
    expect((await get('account', acc)).is_vip).toBe(false);
    await update('order', o2, { status: 'paid' });
    await engine.drain();
    expect(await get('account', acc)).toMatchObject({ is_vip: true, lifetime_value: '600000.00' });
    expect((await messages(/VIP account/)).map((m) => m.subject)).toEqual(['Whale Inc is now a VIP account']);
    expect((await get('contact', buyer)).loyalty_points).toBe(6000);
  });

  it('web_form_lead: a signed form post creates a lead, which the round-robin rule assigns', async () => {
    const secret = 'website-form-secret-0123456789';
    const body = Buffer.from(JSON.stringify({ name: 'Web Visitor', email: 'visitor@example.com', company: 'Visit AG', message: 'Call me' }));
    const ts = Math.floor(clock.now().getTime() / 1000);
    await receiveWebhook(rt, { name: 'web_form_lead', body, headers: { 'x-crm-timestamp': String(ts), 'x-crm-signature': signWebhook(secret, ts, body) }, env: { CRM_HOOK_WEB_FORM: secret } });
    await engine.drain();
    const lead = await rt.db.knex('lead').where({ email: 'visitor@example.com' }).first();
    expect(lead).toMatchObject({ name: 'Web Visitor', company: 'Visit AG', source: 'website' });
    expect(reps).toContain(Number(lead.owner));
  });
});
