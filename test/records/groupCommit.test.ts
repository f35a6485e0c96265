// Group commit (SQLite): writes that queue for the single writer share one transaction, each in
// its own savepoint. Every write still succeeds or fails alone — a unique conflict is that
// request's 409, its audit and outbox rows go with it — and each answer waits for the shared COMMIT.
// On PostgreSQL every write is its own transaction; the same outcomes are checked there.
import { describe, expect, it } from 'vitest';
import { writeTransaction } from '../../runtime/dialect/index.js';
import { asSystem } from '../../runtime/records/context.js';
import { createAndRead, updateAndRead } from '../../runtime/records/index.js';
import { withTestApp } from '../helpers/testApp.js';
import { DIALECT, type TestRuntime, type TestServer } from '../helpers/testRuntime.js';

const ctx = asSystem('test');
const STAMP = { created_at: '2026-01-01T00:00:00.000Z', updated_at: '2026-01-01T00:00:00.000Z', version: 1 };

describe('group commit', () => {
  let rt: TestRuntime;
  let server: TestServer;
  withTestApp({ file: true }, (app) => ({ rt, api: server } = app));

  it('should answer only the conflicting request of a batch with 409 and store all others with their audit rows', async () => {
    await createAndRead(rt, { entity: 'product', data: { name: 'Taken', sku: 'gc-taken' }, ctx });
    const before = rt.db.group ? { ...rt.db.group.stats } : null;
    const N = 24;
    const bodies = Array.from({ length: N }, (_, i) => ({ name: `P ${i}`, sku: i === 11 ? 'gc-taken' : `gc-${i}` }));
    const replies = await Promise.all(bodies.map((body) => server.request('POST', '/api/v1/product', { body })));
    expect(replies.map((r) => r.status)).toEqual(bodies.map((_, i) => (i === 11 ? 409 : 201)));
    expect(replies[11].body.code ?? replies[11].body.type).toBeTruthy();
    const stored = await rt.db.knex('product').where('sku', 'like', 'gc-%').pluck('sku');
    expect(new Set(stored)).toEqual(new Set(['gc-taken', ...bodies.filter((_, i) => i !== 11).map((b) => b.sku)]));
    // one create audit row per stored product, none for the refused one
    const audited = await rt.db.knex('_audit').where({ entity: 'product', action: 'create' }).pluck('record_id');
    const ids = await rt.db.knex('product').pluck('id');
    expect(audited.map(Number).sort((a, b) => a - b)).toEqual(ids.map(Number).sort((a, b) => a - b));
    if (DIALECT === 'sqlite') {
      // Every request went through the group committer (a batch whose first write failed runs its
      // others again in the next one, so they may count twice).
      expect(rt.db.group!.stats.writes - before!.writes).toBeGreaterThanOrEqual(N);
    }
  });

  it.skipIf(DIALECT !== 'sqlite')('should share one transaction among writes that queue while the writer is busy', async () => {
    const before = { ...rt.db.group!.stats };
    // Started in one tick: the first finds the writer idle, the seven others queue behind it.
    await Promise.all(Array.from({ length: 8 }, (_, i) => writeTransaction(rt.db, async (trx) => {
      await trx('product').insert({ name: `Q ${i}`, sku: `gc-q${i}`, ...STAMP });
    })));
    const after = rt.db.group!.stats;
    expect(after.writes - before.writes).toBe(8);
    expect(after.batches - before.batches).toBeLessThan(8);
    expect(after.largest).toBeGreaterThan(1);
    expect(await rt.db.knex('product').where('sku', 'like', 'gc-q%').count({ n: '*' }).first()).toEqual({ n: 8 });
  });

  it('should roll back a failed write of a batch completely and keep the writes before and after it', async () => {
    // the first write finds the writer idle and runs alone; the next three share a transaction, so the
    // failing one is rolled back to its savepoint; then the same with the failing write first in its batch
    const results = await Promise.allSettled([
      writeTransaction(rt.db, async (trx) => { await trx('product').insert({ name: 'Z', sku: 'gc-z', ...STAMP }); return 'z'; }),
      writeTransaction(rt.db, async (trx) => { await trx('product').insert({ name: 'A', sku: 'gc-a', ...STAMP }); return 'a'; }),
      writeTransaction(rt.db, async (trx) => {
        await trx('product').insert({ name: 'B', sku: 'gc-b', ...STAMP });
        throw new Error('refused after its insert');
      }),
      writeTransaction(rt.db, async (trx) => { await trx('product').insert({ name: 'C', sku: 'gc-c', ...STAMP }); return 'c'; }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect((results[2] as PromiseRejectedResult).reason.message).toBe('refused after its insert');
    expect((await rt.db.knex('product').whereIn('sku', ['gc-z', 'gc-a', 'gc-b', 'gc-c']).pluck('sku')).sort()).toEqual(['gc-a', 'gc-c', 'gc-z']);
    const first = await Promise.allSettled([
      writeTransaction(rt.db, async (trx) => { await trx('product').insert({ name: 'Y', sku: 'gc-y', ...STAMP }); }),
      writeTransaction(rt.db, async (trx) => {
        await trx('product').insert({ name: 'W', sku: 'gc-w', ...STAMP });
        throw new Error('refused first in its batch');
      }),
      writeTransaction(rt.db, async (trx) => { await trx('product').insert({ name: 'X', sku: 'gc-x', ...STAMP }); }),
      writeTransaction(rt.db, async (trx) => { await trx('product').insert({ name: 'V', sku: 'gc-u', ...STAMP }); }),
    ]);
    expect(first.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect((await rt.db.knex('product').whereIn('sku', ['gc-y', 'gc-w', 'gc-x', 'gc-u']).pluck('sku')).sort()).toEqual(['gc-u', 'gc-x', 'gc-y']);
  });

  it('should settle a write only once its transaction is committed', async () => {
    // a write that queues behind a running one: when its promise resolves, a separate connection sees it
    const first = writeTransaction(rt.db, async (trx) => { await trx('product').insert({ name: 'D', sku: 'gc-d', ...STAMP }); });
    const second = writeTransaction(rt.db, async (trx) => { await trx('product').insert({ name: 'E', sku: 'gc-e', ...STAMP }); });
    await second;
    expect(await rt.db.read('product').where('sku', 'gc-e').first('id')).toBeTruthy();
    await first;
    expect(await rt.db.read('product').where('sku', 'gc-d').first('id')).toBeTruthy();
  });

  it('should keep optimistic concurrency between writes of one batch', async () => {
    const p = await createAndRead(rt, { entity: 'product', data: { name: 'V', sku: 'gc-v' }, ctx });
    const tries = await Promise.allSettled(Array.from({ length: 6 }, (_, i) => updateAndRead(rt, { entity: 'product', id: p.id, data: { name: `V${i}` }, ctx, ifMatch: `"${p.version}"` })));
    expect(tries.filter((t) => t.status === 'fulfilled')).toHaveLength(1);
    expect(tries.filter((t) => t.status === 'rejected').map((t) => (t as PromiseRejectedResult).reason.code)).toEqual(Array(5).fill('PRECONDITION_FAILED'));
    expect((await rt.db.knex('product').where('id', p.id).first('version')).version).toBe(p.version + 1);
  });
});
