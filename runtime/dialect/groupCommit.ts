// Group commit for SQLite's single writer: write transactions that wait for the writer while one
// runs are taken together into the next one — one BEGIN, one COMMIT (one WAL fsync) for N writes.
// Each write after the first runs in its own SAVEPOINT, so it succeeds or fails alone (a unique conflict or a
// refused rule rolls back only that write: its records, audit rows and outbox rows), and every
// write's promise settles only after the shared COMMIT returned: nothing is answered before it is
// durable. A write that finds the writer idle is a batch of one: no savepoint, no waiting.
import type { Knex } from 'knex';

export interface GroupCommitStats {
  /** Transactions committed or rolled back. */
  batches: number;
  /** Writes (writeTransaction calls) run. */
  writes: number;
  /** The most writes one transaction carried. */
  largest: number;
}

export interface GroupCommit {
  run<T>(fn: (trx: Knex.Transaction) => Promise<T>): Promise<T>;
  readonly stats: GroupCommitStats;
}

interface Job {
  fn: (trx: Knex.Transaction) => Promise<unknown>;
  resolve(value: unknown): void;
  reject(err: unknown): void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

const SAVEPOINT = 'crm_write';

/** Thrown inside the batch to roll it back whole: its first write failed, or SQLite ended the transaction on its own (disk full, I/O error…). */
class TransactionLost extends Error {
  constructor(readonly original: unknown) {
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
          return job.fn(trx);
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
              outcomes.push({ ok: true, value: await job.fn(trx) });
            } catch (error) {
              outcomes.push({ ok: false, error });
              throw new TransactionLost(error);
            }
            continue;
          }
          // Savepoints are not released: they nest, and ROLLBACK TO goes back to the latest one of
          // that name — the start of this write. COMMIT keeps every write that was not rolled back.
          await trx.raw(`SAVEPOINT ${SAVEPOINT}`);
          try {
            outcomes.push({ ok: true, value: await job.fn(trx) });
          } catch (error) {
            outcomes.push({ ok: false, error });
            try {
              await trx.raw(`ROLLBACK TO ${SAVEPOINT}`);
            } catch {
              throw new TransactionLost(error);
            }
          }
        }
      });
    } catch (err) {
      // No write of this transaction is stored. Writes that had not run yet go first into the next
      // one; those that ran are answered with their own error, or the transaction's.
      const cause = err instanceof TransactionLost ? err.original : err;
      queue.unshift(...batch.slice(outcomes.length));
      outcomes.forEach((o, i) => batch[i].reject(o.ok ? cause : o.error));
      return;
    }
    outcomes.forEach((o, i) => (o.ok ? batch[i].resolve(o.value) : batch[i].reject(o.error)));
  }

  return {
    stats,
    run<T>(fn: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({ fn, resolve: resolve as (v: unknown) => void, reject });
        pump();
      });
    },
  };
}
