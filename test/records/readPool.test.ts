// SQLite reads beside the writer: lists run on a pool of read connections (WAL), reads by id keep
// a connection of their own, writes keep the single writer. So a read by id and a write never
// wait for slow reads, and a read stopped by the statement timeout is a QUERY_TIMEOUT.
// PostgreSQL keeps a small pool of its own for reads by id beside the read pool. (An in-memory
// SQLite database is one connection; the other suites cover it.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { isQueryTimeout, pointReadTarget, writeTransaction } from '../../runtime/dialect/index.js';
import { asSystem } from '../../runtime/records/context.js';
import { createRecord, getRecord } from '../../runtime/records/index.js';
import { createTestRuntime, DIALECT, FIXTURES, type TestRuntime } from '../helpers/testRuntime.js';

/** A read that keeps its connection busy until the statement timeout stops it. */
const SLOW = 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c';

describe.skipIf(DIALECT !== 'sqlite')('the SQLite read pool', () => {
  let rt: TestRuntime;
  let id: number;
  beforeAll(async () => {
    rt = await createTestRuntime({ appDir: join(FIXTURES, 'apps', 'reads'), file: true, dbOptions: { readTimeoutMs: 1500, sqliteReaders: 2 } });
    id = await createRecord(rt, { entity: 'person', data: { name: 'Ada', rank: 1 }, ctx: asSystem('test') });
  });
  afterAll(async () => rt?.close());

  it('should answer a read by id and a write while every reader runs a slow statement', async () => {
    let slowSettledAt = Infinity;
    const slow = [rt.db.read.raw(SLOW), rt.db.read.raw(SLOW)].map((p) => p.then(() => 'finished', (err: unknown) => (isQueryTimeout(err) ? 'stopped' : String(err))).finally(() => {
      slowSettledAt = Math.min(slowSettledAt, performance.now());
    }));
    // Both readers are taken: the read by id goes to its own connection.
    await new Promise((resolve) => setImmediate(resolve));
    expect(pointReadTarget(rt.db)).toBe(rt.db.lookup);
    expect((await getRecord(rt, { entity: 'person', id, ctx: asSystem('test') })).name).toBe('Ada');
    await createRecord(rt, { entity: 'person', data: { name: 'Grace', rank: 2 }, ctx: asSystem('test') });
    const doneAt = performance.now();
    expect(await Promise.all(slow)).toEqual(['stopped', 'stopped']);
    // Both answered while every reader was still busy: before the slow statements were stopped.
    expect(doneAt).toBeLessThan(slowSettledAt);
  });

  it('should send reads by id to the read pool while it has a connection to spare', async () => {
    expect(pointReadTarget(rt.db)).toBe(rt.db.read);
  });

  it('should read the database file through a memory map on the writer, the readers and the lookup connection', async () => {
    for (const k of [rt.db.knex, rt.db.read, rt.db.lookup]) {
      const [row] = (await k.raw('PRAGMA mmap_size')) as { mmap_size: number }[];
      expect(row.mmap_size).toBeGreaterThan(0);
    }
  });

  it('should refuse a write through a read connection', async () => {
    await expect(rt.db.read('person').insert({ name: 'x', rank: 1 })).rejects.toThrow(/readonly|read-only|query_only/i);
  });

  it('should let reads inside a write transaction see its own uncommitted rows (they run on the writer)', async () => {
    await writeTransaction(rt.db, async (trx) => {
      await trx('person').insert({ name: 'uncommitted', rank: 3, created_at: new Date().toISOString(), updated_at: new Date().toISOString(), version: 1 });
      expect(await trx('person').where({ name: 'uncommitted' }).first()).toBeTruthy();
      expect(await rt.db.read('person').where({ name: 'uncommitted' }).first()).toBeUndefined();
    });
    expect(await rt.db.read('person').where({ name: 'uncommitted' }).first()).toBeTruthy();
  });
});

describe.skipIf(DIALECT !== 'postgres')('the PostgreSQL read pools', () => {
  let rt: TestRuntime;
  let id: number;
  beforeAll(async () => {
    rt = await createTestRuntime({ appDir: join(FIXTURES, 'apps', 'reads'), dbOptions: { readTimeoutMs: 1500, pgReadPool: 2, pgLookupPool: 1 } });
    id = await createRecord(rt, { entity: 'person', data: { name: 'Ada', rank: 1 }, ctx: asSystem('test') });
  });
  afterAll(async () => rt?.close());

  it('should answer a read by id from its own pool while every read connection runs a slow statement', async () => {
    expect(pointReadTarget(rt.db)).toBe(rt.db.read);
    let slowSettledAt = Infinity;
    const slow = [rt.db.read.raw('SELECT pg_sleep(5)'), rt.db.read.raw('SELECT pg_sleep(5)'), rt.db.read.raw('SELECT pg_sleep(5)')]
      .map((p) => p.then(() => 'finished', (err: unknown) => (isQueryTimeout(err) ? 'stopped' : String(err))).finally(() => {
        slowSettledAt = Math.min(slowSettledAt, performance.now());
      }));
    // Two statements hold both read connections and a third waits for one: reads by id go elsewhere.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(pointReadTarget(rt.db)).toBe(rt.db.lookup);
    expect((await getRecord(rt, { entity: 'person', id, ctx: asSystem('test') })).name).toBe('Ada');
    const doneAt = performance.now();
    expect(await Promise.all(slow)).toEqual(['stopped', 'stopped', 'stopped']);
    expect(doneAt).toBeLessThan(slowSettledAt);
  });
});
