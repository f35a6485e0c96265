// Group commit for SQLite's single writer: write transactions that wait for the writer while one
// runs are taken together into the next one — one BEGIN, one COMMIT (one WAL fsync) for N writes.
// Each write after the first runs in its own SAVEPOINT, so it succeeds or fails alone (a unique conflict or a
// refused rule rolls back only that write: its records, audit rows and outbox rows), and every
// write's promise settles only after the shared COMMIT returned: nothing is answered before it is
// durable. A write that finds the writer idle is a batch of one: no savepoint, no waiting.
// A write that changes the database with one statement after all its checks (`oneStatement`) needs
// no savepoint either: a statement that fails leaves nothing behind, and the transaction goes on.
import type { Knex } from 'knex';

export interface GroupCommitStats {
  /** Transactions committed or rolled back. */
  batches: number;
  /** Writes (writeTransaction calls) run. */
  writes: number;
  /** The most writes one transaction carried. */
  largest: number;
}

/** Given to a write: `wrote()` says its one changing statement succeeded (see WriteOptions). */
export interface WriteMark { wrote(): void }

export interface WriteOptions {
  /**
   * The write refuses (throws a catalog error) only before its one changing statement, and calls
   * `mark.wrote()` as soon as that statement succeeded. It then runs without a savepoint of its own:
   * a refusal, or a statement the database refused (a unique conflict: SQLite undoes that statement
   * alone), fails this write alone; any other error, or one after `wrote()`, rolls the whole
   * transaction back (its writes are answered with that error; those that had not run go on).
   */
  oneStatement?: boolean;
  /** Tells a refusal (nothing changed, the transaction goes on) from anything else. */
  isRefusal?: (err: unknown) => boolean;
}

export interface GroupCommit {
  run<T>(fn: (trx: Knex.Transaction, mark: WriteMark) => Promise<T>, options?: WriteOptions): Promise<T>;
  readonly stats: GroupCommitStats;
}

interface Job {
  fn: (trx: Knex.Transaction, mark: WriteMark) => Promise<unknown>;
  options: WriteOptions;
  resolve(value: unknown): void;
  reject(err: unknown): void;
}

/**
 * Work a write leaves for later in its transaction (e.g. its audit row, inserted together with
 * those of the other writes of the batch): run before COMMIT, and before any write of the batch
 * that runs in a savepoint, so what is queued keeps the order of the writes and is never rolled
 * back with another write's savepoint.
 */
const queued = new WeakMap<Knex.Transaction, (() => Promise<void>)[]>();

export function queueBeforeCommit(trx: Knex.Transaction, work: () => Promise<void>): void {
  const list = queued.get(trx);
  if (list) list.push(work);
  else queued.set(trx, [work]);
}

/** Runs (and forgets) the work queued in `trx`. */
export async function runQueued(trx: Knex.Transaction): Promise<void> {
  const list = queued.get(trx);
  if (!list) return;
  queued.delete(trx);
  for (const work of list) await work();
}

const NO_MARK: WriteMark = { wrote: () => undefined };

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

const SAVEPOINT = 'crm_write';

/** Thrown inside the batch to roll it back whole: its first write failed, or SQLite ended the transaction on its own (disk full, I/O error…). */
class TransactionLost extends Error {
  /** `byLast`: the write whose outcome was pushed last ended the transaction (it alone is at fault). */
  constructor(readonly original: unknown, readonly byLast = false) {
    super('the write transaction was rolled back by the database');
  }
}

/**
 * `begin` runs first in every transaction (it takes the write lock); `maxBatch` bounds the writes
 * one COMMIT carries (1 turns grouping off: every write is its own transaction).
 */
export function groupCommit(knex: Knex, begin: (trx: Knex.Transaction) => Promise<unknown>, maxBatch: number): GroupCommit {
  const queue: Job[] = [];
  let busy = false;
  const stats: GroupCommitStats = { batches: 0, writes: 0, largest: 0 };

  const pump = (): void => {
    if (busy || queue.length === 0) return;
    busy = true;
    const batch = queue.splice(0, maxBatch);
    void runBatch(batch).finally(() => {
      busy = false;
      pump();
    });
  };

  async function runBatch(batch: Job[]): Promise<void> {
    stats.batches++;
    stats.writes += batch.length;
    if (batch.length > stats.largest) stats.largest = batch.length;
    if (batch.length === 1) {
      const [job] = batch;
      try {
        job.resolve(await knex.transaction(async (trx) => {
          await begin(trx);
          const value = await job.fn(trx, NO_MARK);
          await runQueued(trx);
          return value;
        }));
      } catch (err) {
        job.reject(err);
      }
      return;
    }
    const outcomes: Outcome[] = [];
    try {
      await knex.transaction(async (trx) => {
        await begin(trx);
        for (const [i, job] of batch.entries()) {
          // The first write needs no savepoint: when it fails, the transaction holds nothing else
          // and is rolled back whole; the writes behind it go into the next one.
          if (i === 0) {
            try {
              outcomes.push({ ok: true, value: await job.fn(trx, NO_MARK) });
            } catch (error) {
              outcomes.push({ ok: false, error });
              throw new TransactionLost(error, true);
            }
            continue;
          }
          if (job.options.oneStatement) {
            let wrote = false;
            try {
              outcomes.push({ ok: true, value: await job.fn(trx, { wrote: () => void (wrote = true) }) });
            } catch (error) {
              outcomes.push({ ok: false, error });
              if (wrote || !job.options.isRefusal?.(error)) throw new TransactionLost(error, true);
            }
            continue;
          }
          // What earlier writes queued goes in before this write's savepoint (which may be rolled back).
          try {
            await runQueued(trx);
          } catch (error) {
            throw new TransactionLost(error);
          }
          // Savepoints are not released: they nest, and ROLLBACK TO goes back to the latest one of
          // that name — the start of this write. COMMIT keeps every write that was not rolled back.
          await trx.raw(`SAVEPOINT ${SAVEPOINT}`);
          try {
            outcomes.push({ ok: true, value: await job.fn(trx, NO_MARK) });
          } catch (error) {
            outcomes.push({ ok: false, error });
            try {
              await trx.raw(`ROLLBACK TO ${SAVEPOINT}`);
            } catch {
              throw new TransactionLost(error, true);
            }
          }
        }
        await runQueued(trx);
      });
    } catch (err) {
      // No write of this transaction is stored. When one write ended it, that write is answered
      // with its error and every other write that had succeeded runs again, with those that had not
      // run yet, first in the next transaction (nothing of theirs was answered or kept; each round
      // answers the write at fault, so this ends). Otherwise (the COMMIT, or work queued for it,
      // failed) the writes that ran are answered with their own error, or the transaction's.
      const cause = err instanceof TransactionLost ? err.original : err;
      const culprit = err instanceof TransactionLost && err.byLast ? outcomes.length - 1 : -1;
      const again = culprit >= 0 ? batch.filter((_, i) => i < outcomes.length && i !== culprit && outcomes[i].ok) : [];
      queue.unshift(...again, ...batch.slice(outcomes.length));
      outcomes.forEach((o, i) => {
        if (culprit >= 0 && o.ok) return;
        batch[i].reject(o.ok ? cause : o.error);
      });
      return;
    }
    outcomes.forEach((o, i) => (o.ok ? batch[i].resolve(o.value) : batch[i].reject(o.error)));
  }

  return {
    stats,
    run<T>(fn: (trx: Knex.Transaction, mark: WriteMark) => Promise<T>, options: WriteOptions = {}): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({ fn, options, resolve: resolve as (v: unknown) => void, reject });
        pump();
      });
    },
  };
}
