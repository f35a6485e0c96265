// Reads by id wait in one line, in arrival order, for a free reader or a lookup connection
// (runtime/dialect/connect.ts, pointRead). Pools are simulated here so that every interleaving is
// exact; test/records/readPool.test.ts runs the real pools beside slow statements.
import { EventEmitter } from 'node:events';
import type { Knex } from 'knex';
import { describe, expect, it } from 'vitest';
import { type Db, pointRead, pointReadTarget } from '../../runtime/dialect/index.js';

/** A pool as knex's tarn pool reports itself, with connections taken and given back by hand. */
class FakePool extends EventEmitter {
  used = 0;
  pending = 0;
  constructor(readonly max: number) {
    super();
  }
  numFree = () => 0;
  numUsed = () => this.used;
  numPendingAcquires = () => this.pending;
  numPendingCreates = () => 0;
  acquire(): void {
    this.emit('acquireRequest');
    if (this.used < this.max) this.used++;
    else this.pending++;
  }
  release(): void {
    this.emit('release');
    if (this.pending > 0) this.pending--;
    else this.used--;
  }
}

function fakeDb(readers: number, lookups: number): { db: Db; read: FakePool; lookup: FakePool } {
  const read = new FakePool(readers);
  const lookup = new FakePool(lookups);
  const knexOf = (pool: FakePool, name: string) => ({ client: { pool }, name }) as unknown as Knex;
  return { db: { read: knexOf(read, 'read'), lookup: knexOf(lookup, 'lookup') } as unknown as Db, read, lookup };
}

/** A read by id that takes its connection at once and gives it back when told. */
function reader(log: string[], name: string) {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  const result = (db: Db) => pointRead(db, async (k) => {
    const pool = (k.client as { pool: FakePool }).pool;
    pool.acquire();
    log.push(`${name}@${(k as unknown as { name: string }).name}`);
    await done;
    pool.release();
    return name;
  });
  return { result, finish };
}

const ticks = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
};

describe('reads by id', () => {
  it('should use every free reader, then the lookup connection, and then wait in arrival order', async () => {
    const { db } = fakeDb(2, 1);
    const log: string[] = [];
    const rs = ['a', 'b', 'c', 'd', 'e'].map((n) => reader(log, n));
    const results = rs.map((r) => r.result(db));
    await ticks();
    expect(log).toEqual(['a@read', 'b@read', 'c@lookup']);
    expect(pointReadTarget(db)).toBeNull();
    // the lookup connection comes free first: the oldest waiting read takes it
    rs[2].finish();
    await ticks();
    expect(log).toEqual(['a@read', 'b@read', 'c@lookup', 'd@lookup']);
    rs[0].finish();
    await ticks();
    expect(log.slice(4)).toEqual(['e@read']);
    for (const r of rs) r.finish();
    expect(await Promise.all(results)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(pointReadTarget(db)).toBe(db.read);
  });

  it('should give a reader that a list gives back to the oldest waiting read, not to a later one', async () => {
    const { db, read } = fakeDb(1, 1);
    const log: string[] = [];
    // a slow list holds the only reader; a read by id holds the lookup connection
    read.acquire();
    const first = reader(log, 'first');
    const waiting = reader(log, 'waiting');
    const p1 = first.result(db);
    const p2 = waiting.result(db);
    await ticks();
    expect(log).toEqual(['first@lookup']);
    // the list ends: its reader goes to the read that waited, and one arriving now waits behind it
    read.release();
    const late = reader(log, 'late');
    const p3 = late.result(db);
    await ticks();
    expect(log).toEqual(['first@lookup', 'waiting@read']);
    first.finish();
    await ticks();
    expect(log).toEqual(['first@lookup', 'waiting@read', 'late@lookup']);
    waiting.finish();
    late.finish();
    expect(await Promise.all([p1, p2, p3])).toEqual(['first', 'waiting', 'late']);
  });

  it('should never queue a read by id inside the read pool behind a list', async () => {
    const { db, read } = fakeDb(1, 1);
    read.acquire(); // a list runs
    read.acquire(); // and another waits for the reader
    expect(pointReadTarget(db)).toBe(db.lookup);
    read.release();
    read.release();
    expect(pointReadTarget(db)).toBe(db.read);
  });

  it('should give back its place when it ends without a query', async () => {
    const { db } = fakeDb(1, 1);
    expect(await pointRead(db, async () => 'no query')).toBe('no query');
    expect(pointReadTarget(db)).toBe(db.read);
    const log: string[] = [];
    const r = reader(log, 'after');
    const p = r.result(db);
    await ticks();
    expect(log).toEqual(['after@read']);
    r.finish();
    await p;
  });
});
