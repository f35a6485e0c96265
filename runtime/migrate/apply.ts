// Applies a plan in one transaction. Never uses knex's SQLite alter/dropColumn (they rebuild the
// table and can cascade-delete children): every step is plain DDL the dialect supports natively.
import type { Knex } from 'knex';
import { appError, isAppError } from '../errors/catalog.js';
import { columnType, type Db, type DialectName, type Storage, writeTransaction } from '../dialect/index.js';
import { addColumn, beginMigration, brokenReferences, changeType, createIndex, dropTable, foreignKeysInline, idColumn, onDeleteSql } from '../dialect/ddl.js';
import { introspect } from '../dialect/introspect.js';
import { hashSnapshot, type Plan, type Step } from './plan.js';

export interface ApplyResult { applied: Step[]; skipped: Step[] }

/**
 * Work that must commit or roll back with the migration: `before` runs first in its transaction
 * (a check that may refuse), `after` last (bookkeeping such as the studio's revision row).
 */
export interface ApplyHooks {
  before?: (trx: Knex.Transaction) => Promise<void>;
  after?: (trx: Knex.Transaction, applied: Step[]) => Promise<void>;
}

/** Bookkeeping tables, created before anything is planned. Idempotent. */
export async function ensureInfrastructure(db: Db): Promise<void> {
  const k = db.knex;
  if (!(await k.schema.hasTable('_sequences'))) {
    await k.schema.createTable('_sequences', (t) => {
      t.string('name', 200).primary();
      t.bigInteger('value').notNullable();
    });
  }
  if (!(await k.schema.hasTable('_migrations'))) {
    await k.schema.createTable('_migrations', (t) => {
      t.increments('id');
      t.string('applied_at', 40).notNullable();
      t.string('snapshot_hash', 64).notNullable();
      t.string('app', 100);
      t.string('app_version', 40);
      t.text('steps').notNullable();
    });
  }
}

export async function applyMigration({ db, plan, destructive = false, app, hooks }: {
  db: Db; plan: Plan; destructive?: boolean; app?: { name: string; version: string }; hooks?: ApplyHooks;
}): Promise<ApplyResult> {
  await ensureInfrastructure(db);
  const applied: Step[] = [];
  const skipped: Step[] = [];
  try {
    await applyInTransaction(db, plan, destructive, app, applied, skipped, hooks);
  } catch (err) {
    if (isAppError(err)) throw err;
    // A database error (e.g. a unique index over duplicate values) rolled everything back; say so
    // without leaking SQL.
    const dbMessage = (String((err as Error).message ?? err).split('\n')[0].split(' - ').pop() ?? '').replace(/^SQLITE_\w+: /, '').slice(0, 200);
    const reason = /UNIQUE|unique|duplicate/.test(dbMessage) ? 'existing rows have duplicate values for a new unique index' : dbMessage;
    throw appError('MIGRATION_REFUSED', `the database refused the change, nothing was applied: ${reason}`, { cause: err });
  }
  return { applied, skipped };
}

async function applyInTransaction(db: Db, plan: Plan, destructive: boolean, app: { name: string; version: string } | undefined, applied: Step[], skipped: Step[], hooks: ApplyHooks | undefined): Promise<void> {
  await writeTransaction(db, async (trx) => {
    await beginMigration(db.dialect, trx);
    await hooks?.before?.(trx);
    const now = hashSnapshot(await introspect({ ...db, knex: trx }));
    if (now !== plan.snapshotHash) {
      throw appError('MIGRATION_REFUSED', 'the database changed since this plan was made; plan again');
    }
    for (const step of plan.steps) {
      if ((step.op === 'dropColumn' || step.op === 'dropTable') && !destructive) {
        skipped.push(step);
        continue;
      }
      await runStep(db.dialect, trx, step);
      applied.push(step);
    }
    if (applied.length > 0) {
      const bad = await brokenReferences(db.dialect, trx);
      if (bad > 0) throw appError('MIGRATION_REFUSED', `the change would leave ${bad} broken references; rolled back`);
    }
    if (applied.length > 0) {
      await trx('_migrations').insert({
        applied_at: new Date().toISOString(), snapshot_hash: plan.snapshotHash,
        app: app?.name ?? null, app_version: app?.version ?? null, steps: JSON.stringify(applied),
      });
    }
    await hooks?.after?.(trx, applied);
  });
}

async function runStep(dialect: DialectName, trx: Knex.Transaction, step: Step): Promise<void> {
  const type = (s: Storage): string => columnType(dialect, s);
  switch (step.op) {
    case 'createTable': {
      await trx.schema.createTable(step.table, (t) => {
        if (step.kind === 'join') t.primary(['source_id', 'target_id']);
        else idColumn(dialect, t);
        for (const c of step.columns) {
          const col = t.specificType(c.name, type(c.storage));
          if (step.kind === 'join' || ['created_at', 'updated_at', 'version'].includes(c.name) && step.kind === 'entity') col.notNullable();
          if (foreignKeysInline(dialect) && c.references) {
            t.foreign(c.name).references('id').inTable(c.references).onDelete(onDeleteSql(step.kind === 'join' ? 'cascade' : c.references === '_users' ? 'set-null' : 'no-action'));
          }
        }
      });
      return;
    }
    case 'renameTable': {
      await trx.raw('ALTER TABLE ?? RENAME TO ??', [step.from, step.to]);
      // autonumber counters are keyed "<entity>.<field>": carry them over, or numbering restarts at 1
      const prefix = `${step.from}.`;
      const counters = (await trx('_sequences').select('name')) as { name: string }[];
      for (const { name } of counters) {
        if (name.startsWith(prefix)) await trx('_sequences').where({ name }).update({ name: `${step.to}.${name.slice(prefix.length)}` });
      }
      return;
    }
    case 'addColumn': {
      const c = step.column;
      await addColumn(dialect, trx, step.table, c.name, c.storage, c.references ? { table: c.references, onDelete: c.references === '_users' ? 'set-null' : 'no-action' } : undefined);
      if (['created_at', 'updated_at'].includes(c.name)) await trx(step.table).update({ [c.name]: new Date().toISOString() });
      if (c.name === 'version') await trx(step.table).update({ version: 1 });
      return;
    }
    case 'renameColumn':
      await trx.raw('ALTER TABLE ?? RENAME COLUMN ?? TO ??', [step.table, step.from, step.to]);
      await trx('_sequences').where({ name: `${step.table}.${step.from}` }).update({ name: `${step.table}.${step.to}` });
      return;
    case 'changeType':
      await changeType(dialect, trx, step);
      return;
    case 'addForeignKey': {
      const action = onDeleteSql(step.onDelete);
      await trx.raw(`ALTER TABLE ?? ADD CONSTRAINT ?? FOREIGN KEY (??) REFERENCES ??(id) ON DELETE ${action}`,
        [step.table, `fk_${step.table}__${step.column}`.slice(0, 63), step.column, step.references]);
      return;
    }
    case 'createIndex':
      await createIndex(dialect, trx, step.table, step.index);
      return;
    case 'dropIndex':
      await trx.raw('DROP INDEX ??', [step.name]);
      return;
    case 'dropColumn':
      try {
        await trx.raw('ALTER TABLE ?? DROP COLUMN ??', [step.table, step.column]);
      } catch (err) {
        const reason = ((err as Error).message.split('\n')[0].split(' - ').pop() ?? '').replace(/^SQLITE_\w+: /, '').slice(0, 200);
        throw appError('MIGRATION_REFUSED', `cannot drop ${step.table}.${step.column}: ${reason}`);
      }
      return;
    case 'dropTable':
      await dropTable(dialect, trx, step.table);
      return;
  }
}
