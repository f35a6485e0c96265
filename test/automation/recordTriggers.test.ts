// Triggers fed by the change log: created, updated (changedFields + condition), deleted, field
// changed (from/to), stage entered/left — each through a real write and a drained engine.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteRecord } from '../../runtime/records/index.js';
import { type AutoRuntime, automationRuntime } from './helpers.js';

const note = (name: string, trigger: Record<string, unknown>) => ({
  name, trigger,
  nodes: [{ id: 'send', type: 'message.send', config: { channel: 'test', to: 'ops@example.com', subject: name, body: '{{trigger.type}} {{trigger.entity}} {{trigger.id}} {{trigger.before.status}}→{{trigger.after.status}}' } }],
});

describe('record triggers', () => {
  let a: AutoRuntime;
  beforeAll(async () => {
    a = await automationRuntime([
      note('on_create', { type: 'record.created', entity: 'contact', condition: { score: { gte: 50 } } }),
      note('on_update_score', { type: 'record.updated', entity: 'contact', changedFields: ['score'] }),
      note('on_delete', { type: 'record.deleted', entity: 'contact' }),
      note('to_active', { type: 'field.changed', entity: 'contact', field: 'status', from: 'new', to: ['active'] }),
      note('deal_won', { type: 'stage.entered', pipeline: 'sales', stage: 'won' }),
      note('deal_left_new', { type: 'stage.left', entity: 'deal', field: 'stage', stage: 'new' }),
    ]);
  });
  afterAll(() => a.close());

  const subjects = async (): Promise<string[]> => (await a.messages()).map((m) => String(m.subject));

  it('should fire record.created only for records matching its condition', async () => {
    await a.create('contact', { name: 'Low', score: 10 });
    const hi = await a.create('contact', { name: 'High', score: 80 });
    await a.engine.drain();
    const runs = await a.runs('on_create');
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ status: 'succeeded', record_id: hi, entity: 'contact' });
    expect((await a.messages()).at(-1)).toMatchObject({ subject: 'on_create', body: `record.created contact ${hi} →new` });
  });

  it('should fire record.updated when a listed field changed, not for other fields', async () => {
    const id = await a.create('contact', { name: 'Upd' });
    await a.update('contact', id, { note: 'unrelated' });
    await a.engine.drain();
    expect(await a.runs('on_update_score')).toHaveLength(0);
    await a.update('contact', id, { score: 5 });
    await a.engine.drain();
    expect(await a.runs('on_update_score')).toHaveLength(1);
  });

  it('should fire field.changed only for the declared from → to', async () => {
    const id = await a.create('contact', { name: 'Status' });
    await a.update('contact', id, { status: 'lost' });
    await a.update('contact', id, { status: 'active' });
    const other = await a.create('contact', { name: 'Status 2' });
    await a.update('contact', other, { status: 'active' });
    await a.engine.drain();
    const runs = await a.runs('to_active');
    expect(runs.map((r) => r.record_id)).toEqual([other]);
    expect((await a.messages()).find((m) => m.subject === 'to_active')?.body).toBe(`field.changed contact ${other} new→active`);
  });

  it('should fire record.deleted with the last values readable as trigger.before', async () => {
    const id = await a.create('contact', { name: 'Gone', status: 'lost' });
    await deleteRecord(a.rt, { entity: 'contact', id, ctx: a.sys });
    await a.engine.drain();
    const runs = await a.runs('on_delete');
    expect(runs.at(-1)).toMatchObject({ status: 'succeeded', record_id: id });
    expect((await a.messages()).find((m) => m.subject === 'on_delete')?.body).toBe(`record.deleted contact ${id} lost→`);
  });

  it('should fire stage.entered and stage.left from the pipeline field, on create and on update', async () => {
    const born = await a.create('deal', { title: 'Born won', stage: 'won' });
    const moved = await a.create('deal', { title: 'Moves' });
    await a.update('deal', moved, { stage: 'proposal' });
    await a.update('deal', moved, { stage: 'won' });
    await a.engine.drain();
    expect((await a.runs('deal_won')).map((r) => r.record_id)).toEqual([born, moved]);
    expect((await a.runs('deal_left_new')).map((r) => r.record_id)).toEqual([moved]);
  });

  it('should write no outbox row for a write that is refused', async () => {
    const before = (await a.rt.db.knex('_outbox').count({ n: '*' }))[0].n;
    await expect(a.create('contact', { name: 'x'.repeat(1), score: 'many' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect((await a.rt.db.knex('_outbox').count({ n: '*' }))[0].n).toEqual(before);
    expect(await subjects()).not.toContain(undefined);
  });
});
