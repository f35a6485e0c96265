// How runs survive failure and feedback: retries with backoff into the dead letter and replay from
// the failed step (completed steps are not repeated), the loop limit, a chain of rules across two
// entities fed by a rollup, and two workers sharing the queue.
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../runtime/automation/index.js';
import { replayRun } from '../../runtime/automation/ops.js';
import { type AutoRuntime, automationRuntime } from './helpers.js';

let server: Server;
let port = 0;
let status = 500;
let calls = 0;

describe('retries, dead letter, replay, loop limit, chains', () => {
  let a: AutoRuntime;
  beforeAll(async () => {
    server = createServer((_req, res) => {
      calls++;
      res.writeHead(status, { 'content-type': 'text/plain' }).end('internal detail that must not be kept');
    }).listen(0, '127.0.0.1');
    await once(server, 'listening');
    port = (server.address() as AddressInfo).port;
    a = await automationRuntime([
      {
        name: 'sync', trigger: { type: 'field.changed', entity: 'contact', field: 'status', to: 'active' },
        retry: { maxAttempts: 3, backoffSeconds: 10 },
        nodes: [
          { id: 'count', type: 'number.increment', config: { field: 'points' } },
          { id: 'push', type: 'webhook.call', config: { url: `http://erp.test:${port}/contacts`, body: { id: '{{record.id}}' } } },
          { id: 'done', type: 'record.update', config: { values: { note: 'synced' } } },
        ],
      },
      {
        name: 'echo', trigger: { type: 'record.updated', entity: 'deal', changedFields: ['amount'] },
        maxDepth: 3,
        nodes: [{ id: 'again', type: 'number.increment', config: { field: 'amount', by: 1 } }],
      },
      {
        name: 'vip', trigger: { type: 'record.updated', entity: 'account', changedFields: ['lifetime'], condition: { lifetime: { gte: 1000 }, vip: { eq: false } } },
        nodes: [{ id: 'flag', type: 'record.update', config: { values: { vip: true } } }],
      },
      {
        name: 'vip_welcome', trigger: { type: 'field.changed', entity: 'account', field: 'vip', to: true },
        nodes: [{ id: 'mail', type: 'message.send', config: { channel: 'test', to: 'vip@example.com', subject: 'VIP', body: '{{record.name}} is VIP at {{record.lifetime}}' } }],
      },
    ], { options: { webhookAllow: ['127.0.0.1'], resolve: async () => [{ address: '127.0.0.1', family: 4 }] } });
  });
  afterAll(async () => {
    await a.close();
    server.close();
  });

  it('should retry a failing step with exponential backoff, then dead-letter it, and replay from the failed step', async () => {
    const id = await a.create('contact', { name: 'Sync me' });
    await a.update('contact', id, { status: 'active' });
    await a.engine.drain();
    let [run] = await a.runs('sync');
    expect(run).toMatchObject({ status: 'retrying', attempt: 2 });
    expect(Date.parse(String(run.due_at)) - a.clock.now().getTime()).toBe(10_000);
    a.clock.advance(10_000);
    await a.engine.drain();
    [run] = await a.runs('sync');
    expect(run).toMatchObject({ status: 'retrying', attempt: 3 });
    expect(Date.parse(String(run.due_at)) - a.clock.now().getTime()).toBe(20_000);
    a.clock.advance(20_000);
    await a.engine.drain();
    [run] = await a.runs('sync');
    expect(run).toMatchObject({ status: 'dead', error: { code: 'VALIDATION_FAILED', message: 'the webhook answered HTTP 500', retryable: true } });
    expect(JSON.stringify(run)).not.toContain('internal detail');
    expect(calls).toBe(3);
    // the increment before the failing call ran once, not once per attempt
    expect((await a.get('contact', id)).points).toBe(1);
    status = 200;
    await replayRun(a.rt, Number(run.id));
    await a.engine.drain();
    [run] = await a.runs('sync');
    expect(run.status).toBe('succeeded');
    expect(await a.get('contact', id)).toMatchObject({ points: 1, note: 'synced' });
    const steps = await a.steps(Number(run.id));
    expect(steps.map((s) => [s.node, s.status])).toEqual([['count', 'succeeded'], ['push', 'failed'], ['push', 'failed'], ['push', 'failed'], ['push', 'succeeded'], ['done', 'succeeded']]);
    await expect(replayRun(a.rt, Number(run.id))).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('should stop a rule that keeps triggering itself at the loop limit and report it on a stopped run', async () => {
    const id = await a.create('deal', { title: 'Loop', amount: '1.00' });
    await a.update('deal', id, { amount: '2.00' });
    await a.engine.drain();
    const runs = await a.runs('echo');
    expect(runs.map((r) => [r.depth, r.status])).toEqual([[1, 'succeeded'], [2, 'succeeded'], [3, 'succeeded'], [4, 'stopped']]);
    expect(runs[3].error).toMatchObject({ code: 'LOOP_LIMIT' });
    expect(runs[3].parent_run).toBe(runs[2].id);
    expect((await a.get('deal', id)).amount).toBe('5.00');
  });

  it('should chain rules across two entities when a rollup crosses a threshold', async () => {
    const acc = await a.create('account', { name: 'Rollup Ltd' });
    const big = await a.create('order', { account: acc, amount: '600.00' });
    const more = await a.create('order', { account: acc, amount: '500.00' });
    await a.update('order', big, { status: 'paid' });
    await a.engine.drain();
    expect((await a.get('account', acc)).vip).toBe(false);
    await a.update('order', more, { status: 'paid' });
    await a.engine.drain();
    expect((await a.get('account', acc)).vip).toBe(true);
    expect((await a.messages()).filter((m) => m.subject === 'VIP').map((m) => m.body)).toEqual(['Rollup Ltd is VIP at 1100.00']);
    const [run] = await a.runs('vip');
    expect(run.event).toMatchObject({ reason: 'rollup', changed: ['lifetime'] });
    expect((await a.runs('vip_welcome'))[0]).toMatchObject({ depth: 2, parent_run: run.id });
  });

  it('should let two workers drain one queue without running any job twice', async () => {
    const second = createEngine({ rt: a.rt });
    const ids: number[] = [];
    for (let i = 0; i < 40; i++) ids.push(await a.create('contact', { name: `Pair ${i}` }));
    for (const id of ids) await a.update('contact', id, { status: 'lost' });
    status = 200;
    const before = await a.runs('sync');
    for (const id of ids) await a.update('contact', id, { status: 'active' });
    await Promise.all([a.engine.drain(), second.drain()]);
    const runs = (await a.runs('sync')).slice(before.length);
    expect(runs).toHaveLength(40);
    expect(runs.every((r) => r.status === 'succeeded')).toBe(true);
    for (const id of ids) expect((await a.get('contact', id)).points).toBe(1);
    const steps = await a.rt.db.knex('_automation_steps').whereIn('run_id', runs.map((r) => Number(r.id))).where({ node: 'count' });
    expect(steps).toHaveLength(40);
  });
});

describe('waking the engine', () => {
  it('should run a rule right after the commit without waiting for the poll (in-process wake; NOTIFY across runtimes on PostgreSQL)', async () => {
    const rules = [{ name: 'touch', trigger: { type: 'record.created', entity: 'contact' }, nodes: [{ id: 'n', type: 'record.update', config: { values: { note: 'woken' } } }] }];
    const writer = await automationRuntime(rules, { options: { pollMs: 60_000 } });
    // On PostgreSQL a second runtime on the same schema runs the engine, woken by NOTIFY; on SQLite the writer's own engine, woken in-process.
    const { createRuntime } = await import('../../runtime/index.js');
    const other = writer.rt.db.dialect === 'postgres'
      ? await createRuntime({ appDir: writer.rt.app.definition.dir, databaseUrl: process.env.TEST_DATABASE_URL!, pgSchema: writer.rt.db.schema, automation: { options: { pollMs: 60_000 } } })
      : null;
    const engine = createEngine({ rt: other ?? writer.rt });
    try {
      await engine.start();
      await engine.tick();
      const started = Date.now();
      const id = await writer.create('contact', { name: 'Wake' });
      while ((await writer.get('contact', id)).note !== 'woken') {
        if (Date.now() - started > 10_000) throw new Error('the engine was not woken');
        await new Promise((r) => setTimeout(r, 10));
      }
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      await engine.stop();
      await other?.close();
      await writer.close();
    }
  });
});
