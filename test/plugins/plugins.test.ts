// Plugins end to end, through the real express app: the example plugins (a field type, an SMS
// channel, hooks and a route) and a test plugin's after-hooks delivered through the outbox.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createRuntime, DefinitionInvalidError, type LiveRuntime, prepareApp } from '../../runtime/index.js';
import { createEngine, type Engine } from '../../runtime/automation/index.js';
import { fakeClock } from '../automation/helpers.js';
import { FIXTURES, startTestServer, testDbTarget, type TestServer } from '../helpers/testRuntime.js';

const APP = join(FIXTURES, 'apps', 'plugins');
type Call = { hook: string; entity: string; id: number; action?: string; changed?: string[] };
const g = globalThis as { __recorded?: Call[]; __flakyFailed?: boolean };

/** A local HTTP endpoint that keeps what it receives (the SMS gateway, the chat webhook). */
async function receiver(): Promise<{ url: string; got: { headers: IncomingMessage['headers']; body: any }[]; close(): Promise<void> }> {
  const got: { headers: IncomingMessage['headers']; body: any }[] = [];
  const server: Server = createServer((req, res) => {
    let text = '';
    req.on('data', (c) => (text += c));
    req.on('end', () => {
      got.push({ headers: req.headers, body: JSON.parse(text || 'null') });
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ id: `m${got.length}` }));
    });
  }).listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, got, close: () => new Promise((r) => server.close(() => r())) };
}

describe('plugins', () => {
  let rt: LiveRuntime;
  let api: TestServer;
  let engine: Engine;
  let sms: Awaited<ReturnType<typeof receiver>>;
  let chat: Awaited<ReturnType<typeof receiver>>;
  const clock = fakeClock('2026-06-01T02:00:00.000Z');

  beforeAll(async () => {
    sms = await receiver();
    chat = await receiver();
    process.env.CRM_SMS_GATEWAY_URL = sms.url;
    process.env.CRM_DEAL_DESK_WEBHOOK = chat.url;
    const target = testDbTarget();
    rt = await createRuntime({ appDir: APP, databaseUrl: target.url, pgSchema: target.schema, automation: { clock: clock.now, options: { webhookAllow: ['127.0.0.1'] } } });
    engine = createEngine({ rt, onError: (err) => { throw err; } });
    api = await startTestServer(rt);
  });
  afterAll(async () => {
    await api.close();
    if (rt.db.dialect === 'postgres') await rt.db.knex.raw('DROP SCHEMA IF EXISTS ?? CASCADE', [rt.db.schema]);
    await rt.close();
    await sms.close();
    await chat.close();
    delete process.env.CRM_SMS_GATEWAY_URL;
    delete process.env.CRM_DEAL_DESK_WEBHOOK;
  });
  beforeEach(() => {
    g.__recorded = [];
  });

  describe('a plugin field type (cn-mobile)', () => {
    it('should store a mobile number typed any usual way in one canonical form', async () => {
      const res = await api.request('POST', '/api/v1/contact', { body: { name: 'Li Lei', mobile: ' 138 0013-8000 ' } });
      expect(res.status).toBe(201);
      expect(res.body.data.mobile).toBe('+8613800138000');
      const found = await api.request('GET', `/api/v1/contact?filter=${encodeURIComponent(JSON.stringify({ mobile: { eq: '+8613800138000' } }))}`);
      expect(found.body.data.map((c: { name: string }) => c.name)).toEqual(['Li Lei']);
    });

    it('should filter by a plugin operator with the same rows in SQL and in memory', async () => {
      await api.request('POST', '/api/v1/contact', { body: { name: 'Unicom user', mobile: '13012345678' } });
      await api.request('POST', '/api/v1/contact', { body: { name: 'Mobile user', mobile: '13712345678' } });
      const filter = { mobile: { carrier: 'china_mobile' } };
      const res = await api.request('GET', `/api/v1/contact?filter=${encodeURIComponent(JSON.stringify(filter))}&limit=200`);
      expect(res.status).toBe(200);
      const names = res.body.data.map((c: { name: string }) => c.name);
      expect(names).toContain('Mobile user');
      expect(names).not.toContain('Unicom user');
      const all = await api.request('GET', '/api/v1/contact?limit=200');
      const { compileFilter } = await import('../../runtime/query/filter.js');
      const compiled = compileFilter(rt.app.model, 'contact', filter);
      expect(all.body.data.filter((c: Record<string, unknown>) => compiled.test(c, {})).map((c: { name: string }) => c.name)).toEqual(names);
      const bad = await api.request('GET', `/api/v1/contact?filter=${encodeURIComponent(JSON.stringify({ mobile: { carrier: 'nope' } }))}`);
      expect(bad.status).toBe(400);
      expect(bad.body.errors[0]).toEqual(expect.objectContaining({ pointer: '/filter/mobile/carrier', message: expect.stringContaining('china_mobile') }));
      const wrongField = await api.request('GET', `/api/v1/contact?filter=${encodeURIComponent(JSON.stringify({ name: { carrier: 'china_mobile' } }))}`);
      expect(wrongField.status).toBe(400);
    });

    it('should refuse what is not a mobile number, with a pointer at the field', async () => {
      const res = await api.request('POST', '/api/v1/contact', { body: { name: 'Bad', mobile: '12345678901' } });
      expect(res.status).toBe(422);
      expect(res.body.errors).toEqual([expect.objectContaining({ pointer: '/mobile', code: 'cn_mobile' })]);
    });

    it('should see two spellings of one number as the same value for a unique field', async () => {
      await api.request('POST', '/api/v1/contact', { body: { name: 'Han Meimei', mobile: '13900139000' } });
      const dup = await api.request('POST', '/api/v1/contact', { body: { name: 'Copy', mobile: '+86 139 0013 9000' } });
      expect(dup.status).toBe(409);
    });

    it('should make an unknown field type a definition error with a pointer, as for built-in types', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'crm-plugin-app-'));
      try {
        cpSync(APP, dir, { recursive: true });
        writeFileSync(join(dir, 'app.json'), JSON.stringify({ name: 'plugged', version: '1.0.0', plugins: ['cn-mobile'] }));
        rmSync(join(dir, 'automations'), { recursive: true });
        rmSync(join(dir, 'entities', 'deal.json'));
        writeFileSync(join(dir, 'entities', 'contact.json'), JSON.stringify({ name: 'contact', fields: [{ name: 'mobile', type: 'cn-mobil' }] }));
        const err = await prepareApp(dir).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(DefinitionInvalidError);
        expect((err as DefinitionInvalidError).problems.some((p) => p.file.includes('contact') && p.pointer.startsWith('/fields/0'))).toBe(true);
        writeFileSync(join(dir, 'app.json'), JSON.stringify({ name: 'plugged', version: '1.0.0', plugins: ['no-such-plugin'] }));
        const missing = await prepareApp(dir).catch((e: unknown) => e);
        expect((missing as DefinitionInvalidError).problems[0]).toEqual(expect.objectContaining({ file: 'app.json', pointer: '/plugins', message: expect.stringContaining('no-such-plugin') }));
        // A plugin that fails to load is a definition problem too, never a crash with a stack.
        writeFileSync(join(dir, 'app.json'), JSON.stringify({ name: 'plugged', version: '1.0.0', plugins: ['recorder'] }));
        const broken = await prepareApp(dir).catch((e: unknown) => e);
        expect((broken as DefinitionInvalidError).problems[0]).toEqual(expect.objectContaining({ file: 'app.json', message: expect.stringContaining('could not be loaded') }));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe('hooks', () => {
    it('should let a beforeWrite hook set values inside the write, before the entity rules check them', async () => {
      const deal = await api.request('POST', '/api/v1/deal', { body: { title: 'Big one', amount: '1000.00' } });
      const won = await api.request('PATCH', `/api/v1/deal/${deal.body.data.id}`, { body: { stage: 'won' } });
      expect(won.status).toBe(200);
      expect(won.body.data.closed_on).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    });

    it('should call after-hooks once per committed change, after the commit, through the outbox', async () => {
      const acc = await api.request('POST', '/api/v1/account', { body: { name: 'Acme' } });
      await api.request('PATCH', `/api/v1/account/${acc.body.data.id}`, { body: { name: 'Acme Ltd' } });
      await api.request('DELETE', `/api/v1/account/${acc.body.data.id}`);
      expect(g.__recorded).toEqual([]); // nothing before the engine delivers
      await engine.drain();
      const mine = g.__recorded!.filter((c) => c.entity === 'account' && c.id === acc.body.data.id);
      expect(mine).toEqual([
        { hook: 'afterWrite', entity: 'account', id: acc.body.data.id, action: 'create', changed: expect.any(Array) },
        { hook: 'afterWrite', entity: 'account', id: acc.body.data.id, action: 'update', changed: ['name'] },
        { hook: 'afterDelete', entity: 'account', id: acc.body.data.id },
      ]);
      await engine.drain();
      expect(g.__recorded!.filter((c) => c.entity === 'account' && c.id === acc.body.data.id)).toHaveLength(3);
    });

    it('should never call an after-hook for a refused write', async () => {
      const res = await api.request('POST', '/api/v1/deal', { body: { title: 'No date', stage: 'won', closed_on: null, amount: 'x' } });
      expect(res.status).toBe(422);
      await engine.drain();
      expect(g.__recorded!.filter((c) => c.entity === 'deal')).toEqual([]);
    });

    it('should retry a failing after-hook with backoff and show its runs as the rule plugin:<name>', async () => {
      const acc = await api.request('POST', '/api/v1/account', { body: { name: 'flaky' } });
      await engine.drain();
      expect(g.__recorded!.some((c) => c.id === acc.body.data.id)).toBe(false);
      clock.advance(60_000);
      await engine.drain();
      expect(g.__recorded!.filter((c) => c.id === acc.body.data.id && c.entity === 'account')).toHaveLength(1);
      const rules = await api.request('GET', '/api/v1/_automations');
      expect(rules.body.data.map((r: { name: string }) => r.name)).toContain('plugin:recorder');
      const runs = await api.request('GET', '/api/v1/_automations/plugin:recorder/runs');
      const run = runs.body.data.find((r: { record_id?: number; status: string; attempt?: number }) => r.status === 'succeeded' && (r.attempt ?? 0) >= 2);
      expect(run).toBeDefined();
    });

    it('should never call an after-hook in a dry run of its rule', async () => {
      const acc = await api.request('POST', '/api/v1/account', { body: { name: 'Dry' } });
      await engine.drain();
      g.__recorded = [];
      const dry = await api.request('POST', '/api/v1/_automations/plugin:recorder/_dry-run', { body: { record: acc.body.data.id } });
      expect(dry.status).toBe(200);
      expect(g.__recorded).toEqual([]);
    });

    it('should deliver a won deal to the chat webhook after the commit (deal-desk afterWrite)', async () => {
      const deal = await api.request('POST', '/api/v1/deal', { body: { title: 'Announce me', amount: '250.00' } });
      await api.request('PATCH', `/api/v1/deal/${deal.body.data.id}`, { body: { stage: 'won' } });
      await engine.drain();
      expect(chat.got.map((m) => m.body.deal)).toContain(deal.body.data.id);
    });
  });

  describe('a plugin channel (sms)', () => {
    it('should send a rule\'s message through the gateway with the canonical number and an idempotency key', async () => {
      await api.request('POST', '/api/v1/contact', { body: { name: 'Wang Fang', mobile: '+86 150 0015 0000' } });
      await engine.drain();
      const sent = sms.got.find((m) => m.body.to === '+8615000150000');
      expect(sent?.body.body).toBe('Welcome, Wang Fang!');
      expect(sent?.headers['idempotency-key']).toMatch(/^run-\d+-sms$/);
    });
  });

  describe('a plugin route (deal-desk)', () => {
    it('should answer under /api/v1/_plugins/<plugin>/ with what the records layer gives the caller', async () => {
      const acc = await api.request('POST', '/api/v1/account', { body: { name: 'Health Co' } });
      const id = acc.body.data.id;
      await api.request('POST', '/api/v1/deal', { body: { title: 'Open', account: id, amount: '100.00' } });
      await api.request('POST', '/api/v1/deal', { body: { title: 'Won', account: id, amount: '300.00', stage: 'won', closed_on: '2026-05-01' } });
      const res = await api.request('GET', `/api/v1/_plugins/deal-desk/accounts/${id}/health`);
      expect(res.status).toBe(200);
      expect(res.body.data).toEqual({ account: { id, name: 'Health Co' }, openDeals: 1, openAmount: '100.00', wonAmount: '300.00', winRate: 1, score: 70 });
      expect((await api.request('GET', '/api/v1/_plugins/deal-desk/accounts/999999/health')).status).toBe(404);
      expect((await api.request('GET', '/api/v1/_plugins/deal-desk/nothing-here')).status).toBe(404);
    });

    it('should take a POST with or without a JSON body, and refuse a body that is not JSON', async () => {
      expect((await api.request('POST', '/api/v1/_plugins/recorder/echo')).body).toEqual({ data: { got: null } });
      expect((await api.request('POST', '/api/v1/_plugins/recorder/echo', { body: { a: 1 } })).body).toEqual({ data: { got: { a: 1 } } });
      const text = await api.request('POST', '/api/v1/_plugins/recorder/echo', { raw: 'a=1', headers: { 'content-type': 'text/plain' } });
      expect(text.status).toBe(415);
    });

    it('should describe plugin routes in the OpenAPI document', async () => {
      const doc = await api.request('GET', '/api/openapi.json');
      expect(Object.keys(doc.body.paths)).toContain('/api/v1/_plugins/deal-desk/accounts/{id}/health');
    });
  });
});

describe('the example plugin typed against sales-crm', () => {
  it('should keep its generated record types in step with the app (crm types)', async () => {
    const { readFileSync } = await import('node:fs');
    const { generateAppTypes } = await import('../../runtime/appTypes.js');
    const { app } = await prepareApp(join(FIXTURES, '..', '..', 'examples', 'sales-crm'));
    const committed = readFileSync(join(FIXTURES, '..', '..', 'examples', 'plugins', 'deal-desk', 'sales-crm.types.ts'), 'utf8');
    expect(committed).toBe(await generateAppTypes(app));
  });
});
