// Opening a database: the writer and the read pool beside it, their pragmas and the read budget's
// statement timeout. Every setting comes from OpenDbOptions, then the environment, then a default.
import knexFactory, { type Knex } from 'knex';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { groupCommit } from './groupCommit.js';
import type { Db, DialectName } from './index.js';

export interface OpenDbOptions {
  url: string;
  /** PostgreSQL only: use (and create) this schema instead of public. */
  schema?: string;
  sqliteSync?: 'full' | 'normal';
  /** Reads that run longer are stopped (PostgreSQL statement_timeout; SQLite interrupt). 0: no limit. */
  readTimeoutMs?: number;
  /** SQLite file: connections in the read pool beside the single writer. */
  sqliteReaders?: number;
  /** PostgreSQL: connections in the writer pool and in the read pool. */
  pgPool?: number;
  pgReadPool?: number;
  /** PostgreSQL: connections kept for reads by id once the read pool is busy (0: they share the read pool). */
  pgLookupPool?: number;
  /** PostgreSQL: parallel workers one read may use (max_parallel_workers_per_gather of the read pool). */
  pgReadParallel?: number;
  /** SQLite: the most writes one transaction (one COMMIT, one fsync) carries; 1 turns group commit off. */
  sqliteGroupCommit?: number;
  /** SQLite file: MiB of the database file each connection reads through a memory map (0: read() calls). */
  sqliteMmapMb?: number;
}

/** The defaults of the read budget's database side; docs/performance.md explains the choice. */
export const READ_DEFAULTS = { timeoutMs: 5_000, sqliteReaders: 3, sqliteMmapMb: 256, pgPool: 10, pgReadPool: 10, pgLookupPool: 2, pgReadParallel: 0 } as const;

/** Writes per SQLite transaction when they queue for the writer (docs/performance.md, group commit). */
export const GROUP_COMMIT_DEFAULT = 64;

/**
 * Takes SQLite's write lock at the start of a transaction: knex opens a deferred `BEGIN`, and this
 * no-op write takes the RESERVED lock up front (the effect of BEGIN IMMEDIATE), which avoids the
 * deferred-upgrade deadlock between two processes (server + CLI).
 */
export const takeWriteLock = (trx: Knex.Transaction): Promise<unknown> => trx.raw('UPDATE "_sequences" SET "value" = "value" WHERE 1 = 0');

/** A whole number from the options or the environment, checked once at open. */
export function settingFrom(name: string, given: number | undefined, fallback: number, min: number, max: number): number {
  const raw = given ?? process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} must be a whole number from ${min} to ${max} (got "${String(raw).slice(0, 20)}")`);
  return n;
}

type Callback = (this: unknown, ...args: unknown[]) => void;
type Statement = (sql: string, bindings: unknown, cb: Callback) => unknown;
interface SqliteConnection {
  exec(sql: string, cb: (err: Error | null) => void): void;
  all: Statement;
  run: Statement;
  interrupt(): void;
}
type Done = (err: Error | null, conn: unknown) => void;

/**
 * Arms a timer around every statement of a read connection: past the budget the statement is
 * interrupted (SQLITE_INTERRUPT, answered as QUERY_TIMEOUT). The pool hands a connection to one
 * query at a time, so an interrupt can only ever stop the statement whose timer fired.
 */
function withStatementTimeout(conn: SqliteConnection, ms: number): void {
  for (const method of ['all', 'run'] as const) {
    const original = conn[method].bind(conn);
    conn[method] = (sql, bindings, cb) => {
      const timer = setTimeout(() => conn.interrupt(), ms);
      return original(sql, bindings, function (this: unknown, ...args: unknown[]) {
        clearTimeout(timer);
        cb.apply(this, args);
      });
    };
  }
}

function openSqlite(options: OpenDbOptions): Db {
  const filename = options.url === ':memory:' ? ':memory:' : options.url.slice('sqlite:'.length);
  if (filename !== ':memory:') mkdirSync(dirname(filename), { recursive: true });
  const sync = options.sqliteSync ?? (process.env.CRM_SQLITE_SYNC === 'normal' ? 'normal' : 'full');
  const timeoutMs = settingFrom('CRM_READ_TIMEOUT_MS', options.readTimeoutMs, READ_DEFAULTS.timeoutMs, 0, 3_600_000);
  const readers = settingFrom('CRM_SQLITE_READERS', options.sqliteReaders, READ_DEFAULTS.sqliteReaders, 0, 64);
  const grouping = settingFrom('CRM_SQLITE_GROUP_COMMIT', options.sqliteGroupCommit, GROUP_COMMIT_DEFAULT, 1, 1000);
  // Reads through a memory map of the file instead of read() into each connection's own 2 MB page
  // cache: a list that visits 2,000 rows spread over the table cost 4× the CPU without it (one
  // read() and a cache eviction per page; docs/performance.md). The mapped pages are the OS page
  // cache itself, shared by every connection; writes still go through the WAL.
  const mmapMb = settingFrom('CRM_SQLITE_MMAP_MB', options.sqliteMmapMb, READ_DEFAULTS.sqliteMmapMb, 0, 65_536);
  const mmap = filename === ':memory:' ? '' : ` PRAGMA mmap_size=${mmapMb * 1024 * 1024};`;
  const writer = knexFactory({
    client: 'sqlite3',
    connection: { filename },
    useNullAsDefault: true,
    pool: {
      min: 1,
      max: 1,
      afterCreate: (conn: SqliteConnection, done: Done) => {
        conn.exec(`PRAGMA journal_mode=WAL; PRAGMA synchronous=${sync.toUpperCase()}; PRAGMA busy_timeout=5000; PRAGMA foreign_keys=ON;${mmap}`, (err) => done(err, conn));
      },
    },
  });
  const group = groupCommit(writer, takeWriteLock, grouping);
  // An in-memory database exists once per connection: it can not have a read pool (tests use it).
  if (filename === ':memory:' || readers === 0) {
    return { knex: writer, read: writer, lookup: writer, dialect: 'sqlite', schema: 'main', readTimeoutMs: 0, group, destroy: () => writer.destroy() };
  }
  // WAL lets these read beside the writer; query_only makes a write through them an error.
  const readPool = (max: number): Knex => knexFactory({
    client: 'sqlite3',
    connection: { filename },
    useNullAsDefault: true,
    pool: {
      min: 0,
      max,
      afterCreate: (conn: SqliteConnection, done: Done) => {
        if (timeoutMs > 0) withStatementTimeout(conn, timeoutMs);
        conn.exec(`PRAGMA busy_timeout=5000; PRAGMA query_only=ON;${mmap}`, (err) => done(err, conn));
      },
    },
  });
  // Each connection runs its statements on one of libuv's 4 threads: writer + lookup + 3 readers
  // leave a thread free for the rest of the process under load (UV_THREADPOOL_SIZE raises it).
  const read = readPool(readers);
  const lookup = readPool(1);
  return {
    knex: writer, read, lookup, dialect: 'sqlite', schema: 'main', readTimeoutMs: timeoutMs, group,
    destroy: async () => {
      await Promise.all([read.destroy(), lookup.destroy()]);
      await writer.destroy();
    },
  };
}

async function openPostgres(options: OpenDbOptions): Promise<Db> {
  const schema = options.schema ?? 'public';
  const timeoutMs = settingFrom('CRM_READ_TIMEOUT_MS', options.readTimeoutMs, READ_DEFAULTS.timeoutMs, 0, 3_600_000);
  const size = settingFrom('CRM_PG_POOL', options.pgPool, READ_DEFAULTS.pgPool, 1, 1000);
  const readSize = settingFrom('CRM_PG_READ_POOL', options.pgReadPool, READ_DEFAULTS.pgReadPool, 0, 1000);
  const parallel = settingFrom('CRM_PG_READ_PARALLEL', options.pgReadParallel, READ_DEFAULTS.pgReadParallel, 0, 64);
  const knex = knexFactory({ client: 'pg', connection: options.url, searchPath: [schema], pool: { min: 0, max: size } });
  if (schema !== 'public') await knex.raw('CREATE SCHEMA IF NOT EXISTS ??', [schema]);
  if (readSize === 0) return { knex, read: knex, lookup: knex, dialect: 'postgres', schema, readTimeoutMs: 0, destroy: () => knex.destroy() };
  // The server stops a read past the budget itself (statement_timeout), so the work ends with the
  // answer. Parallel plans are off by default: an API serves many small reads at once, and one
  // read taking three of the database's cores makes every other wait (measured: docs/performance.md).
  const readPool = (max: number): Knex => knexFactory({
    client: 'pg',
    connection: {
      connectionString: options.url, options: `-c max_parallel_workers_per_gather=${parallel}`,
      ...(timeoutMs > 0 ? { statement_timeout: timeoutMs } : {}),
    },
    searchPath: [schema],
    pool: { min: 0, max },
  });
  const read = readPool(readSize);
  // As on SQLite: reads by id use the read pool while it has a connection to spare, and a pool of
  // their own once lists have taken every connection, so they never queue behind slow lists.
  const lookupSize = settingFrom('CRM_PG_LOOKUP_POOL', options.pgLookupPool, READ_DEFAULTS.pgLookupPool, 0, 100);
  const lookup = lookupSize > 0 ? readPool(lookupSize) : read;
  return {
    knex, read, lookup, dialect: 'postgres', schema, readTimeoutMs: timeoutMs,
    destroy: async () => {
      await Promise.all([read.destroy(), lookup === read ? undefined : lookup.destroy()]);
      await knex.destroy();
    },
  };
}

export function dialectOf(url: string): DialectName {
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) return 'postgres';
  if (url.startsWith('sqlite:') || url === ':memory:') return 'sqlite';
  throw new Error(`DATABASE_URL must start with sqlite: or postgres:// (got "${url.slice(0, 20)}…")`);
}

export async function openDb(options: OpenDbOptions): Promise<Db> {
  return dialectOf(options.url) === 'sqlite' ? openSqlite(options) : openPostgres(options);
}

interface PoolStats {
  numFree(): number; numPendingAcquires(): number; numPendingCreates(): number; numUsed(): number; max: number;
  on(event: 'release' | 'acquireRequest', listener: () => void): void;
}
const poolOf = (k: Knex): PoolStats | undefined => (k.client as { pool?: PoolStats }).pool;

/**
 * Reads by id, first come first served over two kinds of connection: the read pool's, while one is
 * free for the asking (so point reads use every reader when no list runs), and the lookup pool's,
 * kept for them (so a slow list never makes a point read wait). A read by id never queues inside
 * the read pool, where it could wait behind a slow list: it waits here, in arrival order, until
 * either kind has a connection for it, and a reader a list gives back serves the oldest waiting.
 * Choosing a pool on arrival instead let the reads that came while every reader was busy queue on
 * the lookup connection while later ones took the readers as they came free: at 32 connections the
 * median read by id took 3 ms and the slowest 1 % 70–130 ms (docs/performance.md).
 */
interface Slot { k: Knex; release: () => void }

class PointReads {
  private readonly waiting: ((slot: Slot) => void)[] = [];
  /** Point reads sent to the read pool that have not asked it for a connection yet. */
  private readonly unasked: { asked: boolean }[] = [];
  private onLookup = 0;
  private readonly lookupMax: number;
  private pumpQueued = false;

  constructor(private readonly db: Db, private readonly readPool: PoolStats) {
    this.lookupMax = poolOf(db.lookup)?.max ?? 1;
    readPool.on('acquireRequest', () => {
      const first = this.unasked.shift();
      if (first) first.asked = true;
    });
    // a reader given back (by a list or a point read) may serve the oldest waiting point read,
    // once the pool has handed it to whoever waited inside it
    readPool.on('release', () => {
      if (this.pumpQueued || this.waiting.length === 0) return;
      this.pumpQueued = true;
      queueMicrotask(() => {
        this.pumpQueued = false;
        this.pump();
      });
    });
  }

  /** Where the next point read would run without waiting, or null. */
  target(): Knex | null {
    const p = this.readPool;
    const readFree = p.numPendingAcquires() > 0 ? 0 : p.max - p.numUsed() - p.numPendingCreates() - this.unasked.length;
    if (readFree > 0) return this.db.read;
    return this.onLookup < this.lookupMax ? this.db.lookup : null;
  }

  run<T>(fn: (k: Knex) => Promise<T>): Promise<T> {
    if (this.waiting.length === 0) {
      const k = this.target();
      if (k) return this.exec(this.claim(k), fn);
    }
    return new Promise<Slot>((resolve) => this.waiting.push(resolve)).then((slot) => this.exec(slot, fn));
  }

  /** A place on k, claimed at once so that the next target() sees it. */
  private claim(k: Knex): Slot {
    if (k === this.db.lookup) {
      this.onLookup++;
      return { k, release: () => void this.onLookup-- };
    }
    const ticket = { asked: false };
    this.unasked.push(ticket);
    // fn may end without a query (an id that can not exist): its place is given back all the same
    return { k, release: () => void (ticket.asked || this.unasked.splice(this.unasked.indexOf(ticket), 1)) };
  }

  private async exec<T>(slot: Slot, fn: (k: Knex) => Promise<T>): Promise<T> {
    try {
      return await fn(slot.k);
    } finally {
      slot.release();
      this.pump();
    }
  }

  private pump(): void {
    while (this.waiting.length) {
      const k = this.target();
      if (!k) return;
      this.waiting.shift()!(this.claim(k));
    }
  }
}

const pointReads = new WeakMap<Db, PointReads>();

function pointReadsOf(db: Db): PointReads | null {
  if (db.lookup === db.read) return null;
  let reads = pointReads.get(db);
  if (!reads) {
    const pool = poolOf(db.read);
    if (!pool) return null;
    pointReads.set(db, (reads = new PointReads(db, pool)));
  }
  return reads;
}

/**
 * Runs a read by id (fn's queries) where it waits for no list: on a free reader or a lookup
 * connection, in arrival order (PointReads). A database with one connection just runs it.
 */
export function pointRead<T>(db: Db, fn: (k: Knex) => Promise<T>): Promise<T> {
  const reads = pointReadsOf(db);
  return reads ? reads.run(fn) : fn(db.lookup);
}

/** Where a read by id would run now without waiting (the read or the lookup pool), or null: it would wait its turn. */
export function pointReadTarget(db: Db): Knex | null {
  const reads = pointReadsOf(db);
  return reads ? reads.target() : db.lookup;
}

/** A read stopped by the read budget: SQLite's interrupt, PostgreSQL's statement_timeout (57014). */
export function isQueryTimeout(err: unknown): boolean {
  const e = err as { code?: string };
  return e?.code === 'SQLITE_INTERRUPT' || e?.code === '57014';
}

/**
 * Refreshes the planner's statistics where they are stale: SQLite's `PRAGMA optimize` (it analyzes
 * only tables whose size changed a lot, with a bounded sample); PostgreSQL's autovacuum does this
 * itself, so there it runs ANALYZE only on the tables given (just created or re-indexed).
 */
export async function optimize(db: Db, tables: string[] = []): Promise<void> {
  if (db.dialect === 'sqlite') {
    await db.knex.raw('PRAGMA optimize=0x10002');
    return;
  }
  for (const t of tables) await db.knex.raw('ANALYZE ??', [t]);
}

export type { Knex };
