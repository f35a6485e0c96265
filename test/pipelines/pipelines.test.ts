// Gated pipelines: transitions, required fields, gates and entity rules enforced on every write
// path; stage history; the stalled sweep; funnel and forecast within the caller's scope.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asSystem } from '../../runtime/records/context.js';
import { createRecord, updateRecord } from '../../runtime/records/index.js';
import { sweepStalled, transition } from '../../runtime/pipelines/operations.js';
import { isAppError } from '../../runtime/errors/catalog.js';
import { FIXTURES, q } from '../helpers/testRuntime.js';
import { startSmallApp, type SmallApp } from '../security/caseHelpers.js';

const APP = join(FIXTURES, 'apps', 'pipeline');
const sys = asSystem('pipeline test');
let f: SmallApp;
let gold = 0;
let basic = 0;

beforeAll(async () => {
  f = await startSmallApp(APP, { admin: { roles: ['admin'] }, agent1: { roles: ['agent'] }, agent2: { roles: ['agent'] } });
  gold = await createRecord(f.rt, { entity: 'customer', data: { name: 'Gold Co', tier: 'gold' }, ctx: sys });
  basic = await createRecord(f.rt, { entity: 'customer', data: { name: 'Basic Co', tier: 'basic' }, ctx: sys });
});
afterAll(async () => f.close());

const newTicket = async (who: string, body: Record<string, unknown> = {}): Promise<number> => {
  const res = await f.as(who, 'POST', '/api/v1/ticket', { body: { title: 't', customer: gold, severity: 2, ...body } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.data.id;
};
const pointers = (body: { errors?: { pointer: string; code: string }[] }): string[] => (body.errors ?? []).map((e) => `${e.pointer}:${e.code}`).sort();

describe('stage moves are judged on every write path', () => {
  it('a PATCH that skips a stage is refused as a transition, naming where it may go', async () => {
    const id = await newTicket('agent1');
    const res = await f.as('agent1', 'PATCH', `/api/v1/ticket/${id}`, { body: { status: 'resolved', resolution: 'done' } });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('PIPELINE_GATE');
    expect(pointers(res.body)).toEqual(['/status:transition']);
    expect(res.body.errors[0].message).toMatch(/"in_progress", "cancelled"/);
  });

  it('every unmet condition is one error at its field: required fields and each part of the gate', async () => {
    const id = await newTicket('agent1', { customer: basic, severity: 4 });
    expect((await f.as('agent1', 'PATCH', `/api/v1/ticket/${id}`, { body: { status: 'in_progress' } })).status).toBe(200);
    const res = await f.as('agent1', 'PATCH', `/api/v1/ticket/${id}`, { body: { status: 'resolved' } });
    expect(res.status).toBe(422);
    expect(pointers(res.body)).toEqual(['/customer:gate', '/resolution:required', '/severity:gate']);
    // fixed: the move goes through
    const ok = await f.as('agent1', 'PATCH', `/api/v1/ticket/${id}`, { body: { status: 'resolved', resolution: 'patched', severity: 2, customer: gold } });
    expect(ok.status).toBe(200);
  });

  it('bulk upserts, runtime writes (imports, automations) and _transition are held to the same gates', async () => {
    const bulk = await f.as('admin', 'POST', '/api/v1/ticket/_bulk', { body: { upsert: { matchKey: ['title'] }, records: [{ title: 'x' }] } });
    expect(bulk.status).toBe(422); // title is no match key here: bulk still reaches the write path below through the runtime
    const id = await newTicket('admin');
    await expect(updateRecord(f.rt, { entity: 'ticket', id, data: { status: 'closed' }, ctx: sys })).rejects.toSatisfy((e) => isAppError(e) && e.code === 'PIPELINE_GATE');
    await expect(transition(f.rt, { entity: 'ticket', id, body: { pipeline: 'support', to: 'closed' }, ctx: sys })).rejects.toSatisfy((e) => isAppError(e) && e.code === 'PIPELINE_GATE');
    const viaRoute = await f.as('admin', 'POST', `/api/v1/ticket/${id}/_transition`, { body: { pipeline: 'support', to: 'in_progress' } });
    expect(viaRoute.status).toBe(200);
    expect(viaRoute.headers.get('etag')).toBe(`"${viaRoute.body.data.version}"`);
    const refused = await f.as('admin', 'POST', `/api/v1/ticket/${id}/_transition`, { body: { pipeline: 'support', to: 'resolved' } });
    expect(refused.status).toBe(422);
    expect(pointers(refused.body)).toEqual(['/resolution:required']);
    const withData = await f.as('admin', 'POST', `/api/v1/ticket/${id}/_transition`, { body: { pipeline: 'support', to: 'resolved', data: { resolution: 'done' } } });
    expect(withData.status).toBe(200);
    expect(withData.body.data).toMatchObject({ status: 'resolved', resolution: 'done' });
  });

  it('_transition checks its own input: pipeline, stage, members, If-Match', async () => {
    const id = await newTicket('admin');
    const cases: [unknown, number, string][] = [
      [{ pipeline: 'nope', to: 'open' }, 422, '/pipeline'],
      [{ pipeline: 'incident', to: 'triaged' }, 422, '/pipeline'],
      [{ pipeline: 'support', to: 'triaged' }, 422, '/to'],
      [{ pipeline: 'support', to: 'in_progress', data: { status: 'open' } }, 422, '/data/status'],
      [{ pipeline: 'support', to: 'in_progress', extra: 1 }, 422, '/extra'],
    ];
    for (const [body, status, pointer] of cases) {
      const res = await f.as('admin', 'POST', `/api/v1/ticket/${id}/_transition`, { body });
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(res.body.errors[0].pointer, JSON.stringify(body)).toBe(pointer);
    }
    expect((await f.as('admin', 'POST', `/api/v1/ticket/${id}/_transition`, { body: { pipeline: 'support', to: 'in_progress' }, headers: { 'if-match': '"7"' } })).status).toBe(412);
    expect((await f.as('agent2', 'POST', `/api/v1/ticket/${id}/_transition`, { body: { pipeline: 'support', to: 'in_progress' } })).status).toBe(404);
    expect((await f.as('admin', 'GET', `/api/v1/ticket/${id}/_transition`)).status).toBe(405);
  });

  it('a record follows the pipeline its pipeline field names, with that pipeline\'s rules', async () => {
    const id = await newTicket('admin', { kind: 'incident', customer: basic });
    const res = await f.as('admin', 'PATCH', `/api/v1/ticket/${id}`, { body: { status: 'triaged', severity: null } });
    expect(res.status).toBe(422);
    expect(pointers(res.body)).toEqual(['/severity:required']);
    expect((await f.as('admin', 'PATCH', `/api/v1/ticket/${id}`, { body: { status: 'triaged' } })).status).toBe(200);
  });

  it('while in a stage, a write may not clear what the stage requires; unrelated edits pass', async () => {
    const id = await newTicket('admin');
    await f.as('admin', 'PATCH', `/api/v1/ticket/${id}`, { body: { status: 'in_progress' } });
    const cleared = await f.as('admin', 'PATCH', `/api/v1/ticket/${id}`, { body: { owner: null } });
    expect(cleared.status).toBe(422);
    expect(pointers(cleared.body)).toEqual(['/owner:required']);
    expect((await f.as('admin', 'PATCH', `/api/v1/ticket/${id}`, { body: { title: 'renamed' } })).status).toBe(200);
  });

  it('a create straight into a stage needs that stage\'s fields (no transition applies)', async () => {
    const res = await f.as('admin', 'POST', '/api/v1/ticket', { body: { title: 'born resolved', status: 'resolved', customer: gold, severity: 1 } });
    expect(res.status).toBe(422);
    expect(pointers(res.body)).toEqual(['/resolution:required']);
    await expect(createRecord(f.rt, { entity: 'ticket', data: { title: 'import', status: 'resolved', customer: gold, severity: 1 }, ctx: sys })).rejects.toSatisfy((e) => isAppError(e) && e.code === 'PIPELINE_GATE');
  });
});

describe('entity rules and requiredWhen', () => {
  it('a rule refuses a value at its field with its message; a relation path decides "when"', async () => {
    const over = await f.as('admin', 'POST', '/api/v1/ticket', { body: { title: 'pricey', customer: basic, cost: '20000' } });
    expect(over.status).toBe(422);
    expect(over.body.code).toBe('VALIDATION_FAILED');
    expect(over.body.errors).toEqual([{ pointer: '/cost', code: 'rule', message: 'a ticket may cost at most 10,000 (rule "cost_cap")' }]);
    const goldNoSeverity = await f.as('admin', 'POST', '/api/v1/ticket', { body: { title: 'vip', customer: gold } });
    expect(pointers(goldNoSeverity.body)).toEqual(['/severity:rule']);
    expect((await f.as('admin', 'POST', '/api/v1/ticket', { body: { title: 'plain', customer: basic } })).status).toBe(201);
  });

  it('requiredWhen holds on create and when its condition starts to hold', async () => {
    const id = await newTicket('admin', { kind: 'incident', severity: 2 });
    await f.as('admin', 'PATCH', `/api/v1/ticket/${id}`, { body: { status: 'triaged' } });
    const res = await f.as('admin', 'PATCH', `/api/v1/ticket/${id}`, { body: { status: 'resolved', resolution: 'fixed' } });
    expect(res.status).toBe(422);
    expect(pointers(res.body)).toEqual(['/root_cause:required']);
    expect((await f.as('admin', 'PATCH', `/api/v1/ticket/${id}`, { body: { status: 'resolved', resolution: 'fixed', root_cause: 'disk' } })).status).toBe(200);
  });

  it('records written before a rule existed can still be edited where the rule does not look', async () => {
    const id = await newTicket('admin', { customer: basic });
    await f.rt.db.knex('ticket').where({ id }).update({ cost: f.rt.db.dialect === 'sqlite' ? 5_000_000 : '50000.00' }); // legacy value, over the cap
    expect((await f.as('admin', 'PATCH', `/api/v1/ticket/${id}`, { body: { title: 'still editable' } })).status).toBe(200);
    expect((await f.as('admin', 'PATCH', `/api/v1/ticket/${id}`, { body: { cost: '60000' } })).status).toBe(422);
  });
});

describe('stage history', () => {
  it('records who moved what from where to where, with the time spent, on every path', async () => {
    const id = await newTicket('agent1');
    await f.as('agent1', 'PATCH', `/api/v1/ticket/${id}`, { body: { status: 'in_progress' } });
    await transition(f.rt, { entity: 'ticket', id, body: { pipeline: 'support', to: 'open' }, ctx: sys });
    const res = await f.as('agent1', 'GET', `/api/v1/ticket/${id}/_stages`);
    expect(res.status).toBe(200);
    expect(res.body.data.map((e: { from: string | null; to: string }) => `${e.from}→${e.to}`)).toEqual(['null→open', 'open→in_progress', 'in_progress→open']);
    expect(res.body.data[1]).toMatchObject({ pipeline: 'support', actor: { kind: 'user', id: f.ids.agent1 }, via: 'api' });
    expect(res.body.data[1].timeInFromMs).toBeGreaterThanOrEqual(0);
    expect(res.body.data[2].actor).toEqual({ kind: 'system', id: null });
    expect(res.body.meta.current).toMatchObject({ stage: 'open' });
    expect((await f.as('agent2', 'GET', `/api/v1/ticket/${id}/_stages`)).status).toBe(404);
  });
});

describe('stalled records', () => {
  it('the sweep marks records past their stage\'s rotDays as the platform, and a move clears the mark', async () => {
    const id = await newTicket('agent1');
    const later = new Date(Date.now() + 3 * 86_400_000);
    expect(await sweepStalled(f.rt, later)).toBeGreaterThanOrEqual(1);
    const rec = await f.as('agent1', 'GET', `/api/v1/ticket/${id}`);
    expect(rec.body.data.stalled).toBe(true);
    const stalledList = await f.as('agent1', 'GET', `/api/v1/ticket${q({ filter: { stalled: { eq: true } }, fields: 'id' })}`);
    expect(stalledList.body.data.map((r: { id: number }) => r.id)).toContain(id);
    const audit = await f.as('agent1', 'GET', `/api/v1/ticket/${id}/_audit`);
    expect(audit.body.data[0]).toMatchObject({ changed: ['stalled'], actor: { kind: 'system', reason: expect.stringMatching(/more than 2 days in stage "open"/) } });
    expect(await sweepStalled(f.rt, later)).toBe(0); // nothing twice
    const moved = await f.as('agent1', 'PATCH', `/api/v1/ticket/${id}`, { body: { status: 'in_progress' } });
    expect(moved.body.data.stalled).toBe(false);
    expect(Date.parse(moved.body.data.entered_at)).toBeGreaterThan(Date.parse(rec.body.data.entered_at) - 1);
    // clients can not set it themselves
    expect((await f.as('agent1', 'PATCH', `/api/v1/ticket/${id}`, { body: { stalled: true } })).status).toBe(422);
  });
});

describe('funnel and forecast', () => {
  it('count, value, weighted value and conversion per stage, limited to what the caller may read', async () => {
    const own = await newTicket('agent2', { cost: '100.00', due: '2027-02-10' });
    await f.as('agent2', 'PATCH', `/api/v1/ticket/${own}`, { body: { status: 'in_progress' } });
    await newTicket('agent2', { cost: '50.00', due: '2027-03-01' });
    const mine = await f.as('agent2', 'GET', '/api/v1/_pipelines/support/funnel');
    expect(mine.status).toBe(200);
    const by = Object.fromEntries(mine.body.data.map((s: { stage: string }) => [s.stage, s]));
    expect(by.open).toMatchObject({ count: 1, value: '50.00', weighted: '5.00', reached: 2 });
    expect(by.in_progress).toMatchObject({ count: 1, value: '100.00', weighted: '50.00', reached: 1 });
    expect(by.open.conversion).toBe(0.5);
    const all = await f.as('admin', 'GET', '/api/v1/_pipelines/support/funnel');
    expect(all.body.data.find((s: { stage: string }) => s.stage === 'open').count).toBeGreaterThan(by.open.count);
    const filtered = await f.as('agent2', 'GET', `/api/v1/_pipelines/support/funnel${q({ filter: { cost: { gte: 100 } } })}`);
    expect(filtered.body.data.find((s: { stage: string }) => s.stage === 'open').count).toBe(0);
  });

  it('forecast by month: value and value weighted by stage probability', async () => {
    const res = await f.as('agent2', 'GET', `/api/v1/_pipelines/support/forecast${q({ period: 'month', from: '2027-01-01', to: '2027-12-31' })}`);
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual([
      { period: '2027-02', count: 1, value: '100.00', weighted: '50.00', won: '0.00' },
      { period: '2027-03', count: 1, value: '50.00', weighted: '5.00', won: '0.00' },
    ]);
    expect((await f.as('agent2', 'GET', `/api/v1/_pipelines/support/forecast${q({ period: 'decade' })}`)).status).toBe(400);
    expect((await f.as('agent2', 'GET', '/api/v1/_pipelines/nope/funnel')).status).toBe(404);
    const list = await f.as('agent2', 'GET', '/api/v1/_pipelines');
    expect(list.body.data.map((p: { name: string }) => p.name).sort()).toEqual(['incident', 'support']);
  });
});
