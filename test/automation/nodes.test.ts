// Every built-in node through the engine: condition branches, record writes (this record, a
// related one, created, deleted), increments, owner assignment, webhook calls, durable waits.
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../runtime/auth/users.js';
import { type AutoRuntime, automationRuntime, fakeClock } from './helpers.js';

const hits: { method: string; url: string; headers: IncomingMessage['headers']; body: string }[] = [];
let server: Server;
let port = 0;
let answer = 200;

describe('nodes', () => {
  let a: AutoRuntime;
  const users: number[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => { body += c.toString(); });
      req.on('end', () => {
        hits.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
        res.writeHead(answer, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: answer < 300, echo: body.length }));
      });
    }).listen(0, '127.0.0.1');
    await once(server, 'listening');
    port = (server.address() as AddressInfo).port;
    a = await automationRuntime([
      {
        name: 'grade', trigger: { type: 'record.updated', entity: 'contact', changedFields: ['score'] },
        nodes: [
          { id: 'check', type: 'condition', config: { condition: { score: { gte: 50 } } } },
          { id: 'gold', type: 'record.update', config: { values: { tier: 'gold', note: 'score {{record.score}} of {{record.account.name}}' } } },
          { id: 'bronze', type: 'record.update', config: { values: { tier: 'bronze' } } },
          { id: 'flag_account', type: 'record.update', config: { target: 'account', values: { vip: '{{steps.check.output.result}}' } } },
        ],
        edges: [{ source: 'check', target: 'gold', label: 'true' }, { source: 'check', target: 'bronze', label: 'false' }, { source: 'gold', target: 'flag_account' }],
      },
      {
        name: 'points', trigger: { type: 'field.changed', entity: 'order', field: 'status', to: 'paid' },
        nodes: [{ id: 'add', type: 'number.increment', config: { target: 'account', field: 'lifetime_points', by: 1 } }],
      },
      {
        name: 'follow_up', trigger: { type: 'record.created', entity: 'account' },
        nodes: [
          { id: 'make', type: 'record.create', config: { entity: 'contact', values: { name: 'Main contact of {{record.name}}', account: '{{record.id}}', score: 7 } } },
          { id: 'bump', type: 'number.increment', config: { field: 'lifetime_points', by: '{{steps.make.output.record.score}}' } },
        ],
      },
      {
        name: 'rr', trigger: { type: 'record.created', entity: 'deal', condition: { title: { startsWith: 'rr' } } },
        nodes: [{ id: 'assign', type: 'owner.assign', config: { strategy: 'round-robin', team: 'east' } }],
      },
      {
        name: 'll', trigger: { type: 'record.created', entity: 'deal', condition: { title: { startsWith: 'll' } } },
        nodes: [{ id: 'assign', type: 'owner.assign', config: { strategy: 'least-loaded', team: 'east', openRecords: { stage: { nin: ['won', 'lost'] } } } }],
      },
      {
        name: 'purge', trigger: { type: 'field.changed', entity: 'contact', field: 'status', to: 'lost' },
        nodes: [{ id: 'drop', type: 'record.delete', config: {} }],
      },
      {
        name: 'hook', trigger: { type: 'stage.entered', pipeline: 'sales', stage: 'won' },
        nodes: [
          { id: 'call', type: 'webhook.call', config: { url: `http://hooks.test:${port}/won?deal={{record.id}}`, body: { deal: '{{record.id}}', title: '{{record.title}}' }, headers: { 'X-Source': 'crm' } } },
          { id: 'record_answer', type: 'record.update', config: { values: { title: '{{record.title}} (erp {{steps.call.output.status}} {{steps.call.output.body.echo}})' } } },
        ],
      },
      {
        name: 'later', trigger: { type: 'record.updated', entity: 'contact', changedFields: ['note'], condition: { note: { eq: 'wait' } } },
        nodes: [
          { id: 'pause', type: 'wait', config: { for: { n: 2, unit: 'day' } } },
          { id: 'after', type: 'record.update', config: { values: { note: 'waited' } } },
        ],
        edges: [{ source: 'pause', target: 'after' }],
      },
    ], {
      options: { webhookAllow: ['127.0.0.1'], resolve: async () => [{ address: '127.0.0.1', family: 4 }] },
      extraFiles: {
        'entities/account.json': {
          name: 'account',
          fields: [
            { name: 'name', type: 'text', required: true }, { name: 'vip', type: 'boolean', default: false }, { name: 'owner', type: 'user' },
            { name: 'lifetime_points', type: 'integer', default: 0 },
            { name: 'orders', type: 'relation', target: 'order', cardinality: 'one-to-many', inverse: 'account' },
            { name: 'contacts', type: 'relation', target: 'contact', cardinality: 'one-to-many', inverse: 'account' },
            { name: 'lifetime', type: 'rollup', relation: 'orders', aggregate: 'sum', field: 'amount', filter: { status: { eq: 'paid' } }, scale: 2 },
          ],
        },
      },
    });
    for (const [email, team] of [['e1@example.com', 'east'], ['w1@example.com', 'west'], ['e2@example.com', 'east'], ['e3@example.com', 'east']]) {
      users.push(await createUser(a.rt.db.knex, { email, name: email, roles: [], team }, new Set()));
    }
  });
  afterAll(async () => {
    await a.close();
    server.close();
  });

  it('should follow the condition\'s true edge, render related values and pass typed values from a step', async () => {
    const acc = await a.create('account', { name: 'Acme' });
    await a.engine.drain();
    const id = await a.create('contact', { name: 'Ann', account: acc });
    await a.update('contact', id, { score: 70 });
    await a.engine.drain();
    expect(await a.get('contact', id)).toMatchObject({ tier: 'gold', note: 'score 70 of Acme' });
    expect(await a.get('account', acc)).toMatchObject({ vip: true });
    const run = (await a.runs('grade')).at(-1)!;
    expect((await a.steps(Number(run.id))).map((s) => [s.node, s.status, s.branch])).toEqual([['check', 'succeeded', 'true'], ['gold', 'succeeded', null], ['flag_account', 'succeeded', null]]);
  });

  it('should follow the false edge and skip the nodes behind the true one', async () => {
    const id = await a.create('contact', { name: 'Bob', tier: 'gold' });
    await a.update('contact', id, { score: 10 });
    await a.engine.drain();
    expect(await a.get('contact', id)).toMatchObject({ tier: 'bronze' });
    const run = (await a.runs('grade')).at(-1)!;
    expect((await a.steps(Number(run.id))).map((s) => s.node)).toEqual(['check', 'bronze']);
  });

  it('should create a record and increment by a value read from the created one', async () => {
    const acc = await a.create('account', { name: 'Beta' });
    await a.engine.drain();
    const contacts = await a.rt.db.knex('contact').where({ account: acc });
    expect(contacts).toHaveLength(1);
    expect(contacts[0]).toMatchObject({ name: 'Main contact of Beta', score: 7 });
    expect(await a.get('account', acc)).toMatchObject({ lifetime_points: 7 });
    expect((await a.runs('follow_up')).at(-1)!.status).toBe('succeeded');
  });

  it('should increment a related record\'s number once per paid order (after the 7 of the account\'s own rule)', async () => {
    const acc = await a.create('account', { name: 'Gamma' });
    const o1 = await a.create('order', { account: acc, amount: '10.00' });
    const o2 = await a.create('order', { account: acc, amount: '20.00' });
    await a.update('order', o1, { status: 'paid' });
    await a.update('order', o2, { status: 'paid' });
    await a.engine.drain();
    expect(await a.get('account', acc)).toMatchObject({ lifetime_points: 9, lifetime: '30.00' });
  });

  it('should delete the record when told to', async () => {
    const id = await a.create('contact', { name: 'Leaving' });
    await a.update('contact', id, { status: 'lost' });
    await a.engine.drain();
    expect(await a.rt.db.knex('contact').where({ id })).toHaveLength(0);
  });

  it('should hand out owners round-robin within a team, durably', async () => {
    const east = [users[0], users[2], users[3]];
    const owners: unknown[] = [];
    for (let i = 0; i < 4; i++) {
      const id = await a.create('deal', { title: `rr ${i}` });
      await a.engine.drain();
      owners.push((await a.get('deal', id)).owner);
    }
    expect(owners).toEqual([east[0], east[1], east[2], east[0]]);
  });

  it('should assign the least-loaded member, counting only open records', async () => {
    await a.rt.db.knex('deal').update({ stage: 'won' });
    await a.create('deal', { title: 'open 1', owner: users[0] });
    await a.create('deal', { title: 'open 2', owner: users[2] });
    const id = await a.create('deal', { title: 'll 1' });
    await a.engine.drain();
    expect((await a.get('deal', id)).owner).toBe(users[3]);
  });

  it('should call a webhook with an idempotency key and keep its answer for later steps', async () => {
    hits.length = 0;
    const id = await a.create('deal', { title: 'Big' });
    await a.update('deal', id, { stage: 'won' });
    await a.engine.drain();
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({ method: 'POST', url: `/won?deal=${id}` });
    expect(hits[0].headers['idempotency-key']).toMatch(/^run-\d+-call$/);
    expect(hits[0].headers['x-source']).toBe('crm');
    expect(JSON.parse(hits[0].body)).toEqual({ deal: id, title: 'Big' });
    expect((await a.get('deal', id)).title).toBe(`Big (erp 200 ${hits[0].body.length})`);
  });

  it('should park a run durably on wait and continue when the clock reaches the time', async () => {
    const id = await a.create('contact', { name: 'Patient' });
    await a.update('contact', id, { note: 'wait' });
    await a.engine.drain();
    const run = (await a.runs('later')).at(-1)!;
    expect(run.status).toBe('waiting');
    a.clock.advance(24 * 3600_000);
    await a.engine.drain();
    expect((await a.get('contact', id)).note).toBe('wait');
    a.clock.advance(24 * 3600_000 + 1);
    await a.engine.drain();
    expect((await a.get('contact', id)).note).toBe('waited');
    expect((await a.steps(Number(run.id))).map((s) => [s.node, s.status])).toEqual([['pause', 'succeeded'], ['after', 'succeeded']]);
  });
});

describe('template roots', () => {
  it('should render {{today}} as the app time zone\'s date and {{now}} as the instant, in every node that reads them', async () => {
    // 20:00 UTC on 1 March is 04:00 on 2 March in Asia/Shanghai, the fixture app's time zone.
    const clock = fakeClock('2026-03-01T20:00:00.000Z');
    const a = await automationRuntime([{
      name: 'stamp', trigger: { type: 'record.created', entity: 'contact' },
      nodes: [
        { id: 'first', type: 'record.update', config: { values: { renewal_on: '{{today}}' } } },
        { id: 'second', type: 'record.update', config: { values: { note: 'at {{now}} on {{today}}' } } },
      ],
      edges: [{ source: 'first', target: 'second' }],
    }], { clock });
    try {
      const id = await a.create('contact', { name: 'Stamped' });
      await a.engine.drain();
      const c = await a.get('contact', id);
      expect(c.renewal_on).toBe('2026-03-02');
      expect(c.note).toBe('at 2026-03-01T20:00:00.000Z on 2026-03-02');
    } finally {
      await a.close();
    }
  });
});
