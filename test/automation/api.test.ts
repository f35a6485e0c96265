// The automation API through the real express app with authentication on: who may manage rules,
// read runs, replay, dry-run and start manual runs (AZ-08), incoming signed webhooks, the test
// channel's messages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../../runtime/auth/sessions.js';
import { createUser } from '../../runtime/auth/users.js';
import { signWebhook } from '../../runtime/automation/webhookIn.js';
import { startTestServer, type TestServer } from '../helpers/testRuntime.js';
import { type AutoRuntime, automationRuntime } from './helpers.js';

type Who = 'admin' | 'designer' | 'rep' | 'viewer';
const SECRET = 'a-long-shared-secret-for-tests-0123456789';

describe('automation API', () => {
  let a: AutoRuntime;
  let api: TestServer;
  const tokens = {} as Record<Who, string>;
  const ids = {} as Record<Who, number>;
  const as = (who: Who, method: string, path: string, body?: unknown) => api.request(method, path, { body, headers: { authorization: `Bearer ${tokens[who]}` } });

  beforeAll(async () => {
    process.env.CRM_TEST_HOOK_SECRET = SECRET;
    a = await automationRuntime([
      {
        name: 'purge_button', trigger: { type: 'manual', entity: 'contact', button: { label: 'Purge', roles: ['rep'] } },
        nodes: [{ id: 'drop', type: 'record.delete', config: {} }],
      },
      {
        name: 'touch_button', trigger: { type: 'manual', entity: 'contact', button: { label: 'Touch', roles: ['rep'] } },
        nodes: [{ id: 'touch', type: 'record.update', config: { values: { note: 'touched by {{trigger.actor.id}}' } } }],
      },
      {
        name: 'greet_new', trigger: { type: 'record.created', entity: 'contact' },
        nodes: [
          { id: 'tag', type: 'record.update', config: { values: { note: 'greeted' } } },
          { id: 'mail', type: 'message.send', config: { channel: 'test', to: 'x@example.com', body: 'Hello {{record.name}}' } },
        ],
      },
      {
        name: 'web_form', trigger: { type: 'webhook', secretEnv: 'CRM_TEST_HOOK_SECRET' },
        nodes: [{ id: 'make', type: 'record.create', config: { entity: 'contact', values: { name: '{{trigger.body.name}}', email: '{{trigger.body.email}}' } } }],
      },
    ]);
    const known = new Set(['admin', 'designer', 'rep']);
    for (const [who, roles] of [['admin', ['admin']], ['designer', ['designer']], ['rep', ['rep']], ['viewer', []]] as [Who, string[]][]) {
      ids[who] = await createUser(a.rt.db.knex, { email: `${who}@example.com`, name: who, roles }, known);
      tokens[who] = (await createToken(a.rt.db.knex, ids[who], { name: 't', scopes: ['read', 'write', 'credentials'] })).token;
    }
    api = await startTestServer(a.rt, { auth: 'required' });
  });
  afterAll(async () => {
    await api.close();
    await a.close();
  });

  it('should list rules with their trigger and status for administrators and designers only', async () => {
    for (const who of ['admin', 'designer'] as const) {
      const r = await as(who, 'GET', '/api/v1/_automations');
      expect(r.status).toBe(200);
      expect(r.body.data.map((x: { name: string }) => x.name).sort()).toEqual(['greet_new', 'purge_button', 'touch_button', 'web_form']);
      expect(r.body.data.find((x: { name: string }) => x.name === 'greet_new')).toMatchObject({ trigger: { type: 'record.created', entity: 'contact' }, enabled: true });
    }
    for (const who of ['rep', 'viewer'] as const) expect((await as(who, 'GET', '/api/v1/_automations')).status).toBe(403);
  });

  it('should keep a designer out of user administration', async () => {
    const r = await as('designer', 'POST', '/api/v1/_users', { email: 'new@example.com', roles: ['admin'] });
    expect(r.status).toBe(403);
  });

  it('should stop a disabled rule from firing and resume when enabled again', async () => {
    expect((await as('rep', 'POST', '/api/v1/_automations/greet_new/_disable')).status).toBe(403);
    const off = await as('designer', 'POST', '/api/v1/_automations/greet_new/_disable');
    expect(off.status).toBe(200);
    expect(off.body.data).toMatchObject({ name: 'greet_new', enabled: false, definitionEnabled: true });
    const quiet = await as('admin', 'POST', '/api/v1/contact', { name: 'Quiet' });
    await a.engine.drain();
    expect((await a.get('contact', quiet.body.data.id)).note).toBeNull();
    await as('designer', 'POST', '/api/v1/_automations/greet_new/_enable');
    const loud = await as('admin', 'POST', '/api/v1/contact', { name: 'Loud' });
    await a.engine.drain();
    expect((await a.get('contact', loud.body.data.id)).note).toBe('greeted');
  });

  it('should show a rule\'s runs and a run\'s steps with input, output and timing', async () => {
    const runs = await as('designer', 'GET', '/api/v1/_automations/greet_new/runs');
    expect(runs.status).toBe(200);
    const run = runs.body.data[0];
    expect(run).toMatchObject({ automation: 'greet_new', status: 'succeeded', entity: 'contact' });
    const one = await as('designer', 'GET', `/api/v1/_automation-runs/${run.id}`);
    expect(one.body.data.steps.map((s: { node: string }) => s.node)).toEqual(['tag', 'mail']);
    expect(one.body.data.steps[1]).toMatchObject({ status: 'succeeded', input: { channel: 'test', to: 'x@example.com', body: 'Hello Loud' }, output: { channel: 'test' } });
    expect(typeof one.body.data.steps[1].ms).toBe('number');
    expect((await as('rep', 'GET', `/api/v1/_automation-runs/${run.id}`)).status).toBe(403);
    expect((await as('designer', 'GET', '/api/v1/_automation-runs?status=bogus')).status).toBe(400);
    expect((await as('designer', 'GET', '/api/v1/_automation-runs/99999999')).status).toBe(404);
  });

  it('AZ-08 a manual run acts with the permissions of the user who started it, never more', async () => {
    const id = (await as('admin', 'POST', '/api/v1/contact', { name: 'Keep me' })).body.data.id;
    await a.engine.drain();
    const started = await as('rep', 'POST', '/api/v1/_automations/purge_button/_run', { record: id });
    expect(started.status).toBe(202);
    await a.engine.drain();
    const run = await as('admin', 'GET', `/api/v1/_automation-runs/${started.body.data.run}`);
    expect(run.body.data).toMatchObject({ status: 'dead', actor: { kind: 'user', id: ids.rep }, error: { code: 'FORBIDDEN' } });
    expect((await a.get('contact', id)).name).toBe('Keep me');
    // what the rep may do, the button does — audited as the rep, via the automation
    const ok = await as('rep', 'POST', '/api/v1/_automations/touch_button/_run', { record: id });
    await a.engine.drain();
    expect((await as('admin', 'GET', `/api/v1/_automation-runs/${ok.body.data.run}`)).body.data.status).toBe('succeeded');
    expect((await a.get('contact', id)).note).toBe(`touched by ${ids.rep}`);
    const audit = await a.rt.db.knex('_audit').where({ entity: 'contact', record_id: id, action: 'update' }).orderBy('id', 'desc').first();
    expect(audit).toMatchObject({ actor_kind: 'user', actor_id: ids.rep, via: 'automation', request_id: `run:${ok.body.data.run}` });
  });

  it('AZ-08 users without the button\'s role, and rules without a button, can not be started; nor can records they may not read', async () => {
    const id = (await as('admin', 'POST', '/api/v1/contact', { name: 'Other' })).body.data.id;
    expect((await as('viewer', 'POST', '/api/v1/_automations/purge_button/_run', { record: id })).status).toBe(404);
    expect((await as('rep', 'POST', '/api/v1/_automations/greet_new/_run', { record: id })).status).toBe(404);
    expect((await as('admin', 'POST', '/api/v1/_automations/greet_new/_run', { record: id })).status).toBe(409);
    expect((await as('rep', 'POST', '/api/v1/_automations/touch_button/_run', { record: 99999999 })).status).toBe(404);
    expect((await as('rep', 'POST', '/api/v1/_automations/touch_button/_run', {})).status).toBe(422);
    expect((await as('rep', 'POST', '/api/v1/_automations/purge_button/_dry-run', { record: id })).status).toBe(403);
  });

  it('should dry-run a rule on a record with step-by-step output and no effect at all', async () => {
    const id = (await as('admin', 'POST', '/api/v1/contact', { name: 'Sample' })).body.data.id;
    await a.engine.drain();
    await as('admin', 'PATCH', `/api/v1/contact/${id}`, { note: 'before' });
    const counts = async () => Promise.all(['_audit', '_outbox', '_automation_runs', '_test_messages', 'contact'].map(async (t) => Number((await a.rt.db.knex(t).count({ n: '*' }))[0].n)));
    const before = await counts();
    const r = await as('designer', 'POST', '/api/v1/_automations/greet_new/_dry-run', { record: id });
    expect(r.status).toBe(200);
    expect(r.body.data).toMatchObject({ automation: 'greet_new', outcome: 'finished', triggerCondition: null, messages: [{ channel: 'test', to: 'x@example.com', body: 'Hello Sample' }] });
    expect(r.body.data.steps.map((s: { node: string; status: string }) => [s.node, s.status])).toEqual([['tag', 'succeeded'], ['mail', 'succeeded']]);
    expect(await counts()).toEqual(before);
    expect((await a.get('contact', id)).note).toBe('before');
  });

  it('should start a run from a correctly signed webhook and refuse every other request alike', async () => {
    const body = JSON.stringify({ name: 'From the web', email: 'web@example.com' });
    const ts = Math.floor(a.clock.now().getTime() / 1000);
    const send = (headers: Record<string, string>, raw = body, name = 'web_form') => api.request('POST', `/api/v1/_hooks/${name}`, { raw, headers: { 'content-type': 'application/json', ...headers } });
    const ok = await send({ 'x-crm-timestamp': String(ts), 'x-crm-signature': signWebhook(SECRET, ts, body) });
    expect(ok.status).toBe(202);
    await a.engine.drain();
    expect((await a.rt.db.knex('contact').where({ email: 'web@example.com' })).length).toBe(1);
    const bad = await send({ 'x-crm-timestamp': String(ts), 'x-crm-signature': signWebhook('another-secret-of-enough-length', ts, body) });
    const stale = await send({ 'x-crm-timestamp': String(ts - 3600), 'x-crm-signature': signWebhook(SECRET, ts - 3600, body) });
    const tampered = await send({ 'x-crm-timestamp': String(ts), 'x-crm-signature': signWebhook(SECRET, ts, body) }, body.replace('web@', 'evil@'));
    for (const r of [bad, stale, tampered]) expect(r.status).toBe(401);
    expect(bad.body.detail).toBe(stale.body.detail);
    expect((await send({}, body, 'no_such_hook')).status).toBe(404);
    expect((await send({}, body, 'greet_new')).status).toBe(404);
    const big = 'x'.repeat(300 * 1024);
    expect((await send({ 'x-crm-timestamp': String(ts), 'x-crm-signature': signWebhook(SECRET, ts, big) }, big)).status).toBe(413);
    const notJson = '[1,2]';
    expect((await send({ 'x-crm-timestamp': String(ts), 'x-crm-signature': signWebhook(SECRET, ts, notJson) }, notJson)).status).toBe(400);
  });

  it('should show the test channel\'s messages to administrators only', async () => {
    const r = await as('admin', 'GET', '/api/v1/_channels/test/messages?limit=5');
    expect(r.status).toBe(200);
    expect(r.body.data[0]).toMatchObject({ automation: 'greet_new', to: 'x@example.com' });
    expect((await as('designer', 'GET', '/api/v1/_channels/test/messages')).status).toBe(403);
    expect((await as('admin', 'GET', '/api/v1/_channels/test/messages?x=1')).status).toBe(400);
  });
});
