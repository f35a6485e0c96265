// A worker round advances many runs in one transaction: their records are read with one query per
// entity and the audit rows of their writes go in together. Each run's write must still have
// exactly its own audit row, and a run that fails must leave none while the others keep theirs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AutoRuntime, automationRuntime } from './helpers.js';

describe('worker rounds', () => {
  let a: AutoRuntime;
  beforeAll(async () => {
    a = await automationRuntime([{
      name: 'tiering', trigger: { type: 'record.updated', entity: 'contact', changedFields: ['status'] },
      nodes: [{ id: 'set', type: 'record.update', config: { values: { tier: '{{record.note}}' } } }],
    }]);
  });
  afterAll(() => a.close());

  const runAudits = async (ids: number[]) => (await a.rt.db.knex('_audit').where({ entity: 'contact', action: 'update' }).where('request_id', 'like', 'run:%').whereIn('record_id', ids)) as Record<string, unknown>[];

  it('should read the records of a round together and write one audit row per run', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 12; i++) ids.push(await a.create('contact', { name: `R ${i}`, note: 'gold' }));
    await a.engine.drain();
    for (const id of ids) await a.update('contact', id, { status: 'active' });
    const statements: string[] = [];
    const listen = (q: { sql: string }): void => void statements.push(q.sql);
    a.rt.db.knex.on('query', listen);
    try {
      await a.engine.drain();
    } finally {
      a.rt.db.knex.off('query', listen);
    }
    for (const id of ids) expect((await a.get('contact', id)).tier).toBe('gold');
    const audits = await runAudits(ids);
    expect(audits.map((r) => Number(r.record_id)).sort((x, y) => x - y)).toEqual(ids);
    for (const r of audits) expect(typeof r.changed === 'string' ? JSON.parse(r.changed) : r.changed).toEqual(['tier']);
    // fewer statements than runs for the reads of the records and for the audit rows
    const reads = statements.filter((s) => /^select \* from ["`]contact["`]/i.test(s));
    const auditInserts = statements.filter((s) => /^insert into ["`]_audit["`]/i.test(s));
    expect(reads.length).toBeLessThan(ids.length);
    expect(auditInserts.length).toBeLessThan(ids.length);
  });

  it('should keep the audit rows of the other runs when one run of the round fails', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 8; i++) ids.push(await a.create('contact', { name: `F ${i}`, note: i === 3 ? 'platinum' : 'gold' }));
    await a.engine.drain();
    for (const id of ids) await a.update('contact', id, { status: 'active' });
    await a.engine.drain();
    const bad = ids[3];
    const good = ids.filter((id) => id !== bad);
    for (const id of good) expect((await a.get('contact', id)).tier).toBe('gold');
    expect((await a.get('contact', bad)).tier).toBe('bronze');
    expect((await runAudits(ids)).map((r) => Number(r.record_id)).sort((x, y) => x - y)).toEqual(good);
    const runs = (await a.runs('tiering')).filter((r) => ids.includes(Number(r.record_id)));
    expect(runs.filter((r) => r.status === 'succeeded')).toHaveLength(good.length);
    expect(runs.find((r) => Number(r.record_id) === bad)?.status).not.toBe('succeeded');
  });
});
