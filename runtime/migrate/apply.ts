// Applies a plan in one transaction. Never uses knex's SQLite alter/dropColumn (they rebuild the
// table and can cascade-delete children): every step is plain DDL the dialect supports natively.
import type { Knex } from 'knex';
import { appError, isAppError } from '../errors/catalog.js';
import { columnType, type Db, type DialectName, type Storage, writeTransaction } from '../dialect/index.js';
import { introspect } from '../dialect/introspect.js';
import { hashSnapshot, type Plan, type Step } from './plan.js';

export interface ApplyResult { applied: Step[]; skipped: Step[] }

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

export async function applyMigration({ db, plan, destructive = false, app }: {
  db: Db; plan: Plan; destructive?: boolean; app?: { name: string; version: string };
}): Promise<ApplyResult> {
  await ensureInfrastructure(db);
  const applied: Step[] = [];
  const skipped: Step[] = [];
  try {
    await applyInTransaction(db, plan, destructive, app, applied, skipped);
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

async function applyInTransaction(db: Db, plan: Plan, destructive: boolean, app: { name: string; version: string } | undefined, applied: Step[], skipped: Step[]): Promise<void> {
  await writeTransaction(db, async (trx) => {
    // PostgreSQL: one migration at a time across processes (SQLite's write lock already serializes).
    if (db.dialect === 'postgres') await trx.raw('SELECT pg_advisory_xact_lock(?)', [4_242_001]);
    const now = hashSnapshot(await introspect({ ...db, knex: trx }));
    if (now !== plan.snapshotHash) {
      throw appError('MIGRATION_REFUSED', 'the database changed since this plan was made; plan again');
    }
    // SQLite checks references at commit, not per statement, so a destructive plan may drop a parent
    // table before its child; the foreign_key_check below still refuses anything left dangling.
    // (The pragma ends with the transaction.)
    if (db.dialect === 'sqlite') await trx.raw('PRAGMA defer_foreign_keys = ON');
    for (const step of plan.steps) {
      if ((step.op === 'dropColumn' || step.op === 'dropTable') && !destructive) {
        skipped.push(step);
        continue;
      }
      await runStep(db.dialect, trx, step);
      applied.push(step);
    }
    if (db.dialect === 'sqlite' && applied.length > 0) {
      const bad = (await trx.raw('PRAGMA foreign_key_check')) as unknown[];
      if (bad.length > 0) throw appError('MIGRATION_REFUSED', `the change would leave ${bad.length} broken references; rolled back`);
    }
    if (applied.length > 0) {
      await trx('_migrations').insert({
        applied_at: new Date().toISOString(), snapshot_hash: plan.snapshotHash,
        app: app?.name ?? null, app_version: app?.version ?? null, steps: JSON.stringify(applied),
      });
    }
  });
}

async function runStep(dialect: DialectName, trx: Knex.Transaction, step: Step): Promise<void> {
  const type = (s: Storage): string => columnType(dialect, s);
  switch (step.op) {
    case 'createTable': {
      await trx.schema.createTable(step.table, (t) => {
        if (step.kind === 'join') {
          t.primary(['source_id', 'target_id']);
        } else if (dialect === 'sqlite') {
          t.specificType('id', 'integer primary key autoincrement');
        } else {
          t.bigIncrements('id');
        }
        for (const c of step.columns) {
          const col = t.specificType(c.name, type(c.storage));
          if (step.kind === 'join' || ['created_at', 'updated_at', 'version'].includes(c.name) && step.kind === 'entity') col.notNullable();
          if (dialect === 'sqlite' && c.references) {
            const action = step.kind === 'join' ? 'CASCADE' : c.references === '_users' ? 'SET NULL' : 'NO ACTION';
            t.foreign(c.name).references('id').inTable(c.references).onDelete(action);
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
      if (dialect === 'sqlite' && c.references) {
        const action = c.references === '_users' ? 'SET NULL' : 'NO ACTION';
        await trx.raw(`ALTER TABLE ?? ADD COLUMN ?? ${type(c.storage)} REFERENCES ??(id) ON DELETE ${action}`, [step.table, c.name, c.references]);
      } else {
        await trx.raw(`ALTER TABLE ?? ADD COLUMN ?? ${type(c.storage)}`, [step.table, c.name]);
      }
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
      const action = step.onDelete === 'cascade' ? 'CASCADE' : step.onDelete === 'set-null' ? 'SET NULL' : 'NO ACTION';
      await trx.raw(`ALTER TABLE ?? ADD CONSTRAINT ?? FOREIGN KEY (??) REFERENCES ??(id) ON DELETE ${action}`,
        [step.table, `fk_${step.table}__${step.column}`.slice(0, 63), step.column, step.references]);
      return;
    }
    case 'createIndex':
      await trx.raw(`CREATE ${step.index.unique ? 'UNIQUE ' : ''}INDEX ?? ON ?? (${step.index.columns.map(() => '??').join(', ')})`,
        [step.index.name, step.table, ...step.index.columns]);
      return;
    case 'dropIndex':
      await trx.raw('DROP INDEX ??', [step.name]);
      return;
    case 'dropColumn':
      try {
        await trx.raw('ALTER TABLE ?? DROP COLUMN ??', [step.table, step.column]);
      } catch (err) {
        throw appError('MIGRATION_REFUSED', `cannot drop ${step.table}.${step.column}: ${(err as Error).message.split('\n')[0].slice(0, 200)}`);
      }
      return;
    case 'dropTable':
      await trx.raw(dialect === 'postgres' ? 'DROP TABLE ?? CASCADE' : 'DROP TABLE ??', [step.table]);
      return;
  }
}

async function changeType(dialect: DialectName, trx: Knex.Transaction, step: Extract<Step, { op: 'changeType' }>): Promise<void> {
  if (!step.safe) {
    const [{ n }] = await trx(step.table).whereNotNull(step.column).count({ n: '*' });
    if (Number(n) > 0) {
      throw appError('MIGRATION_REFUSED',
        `changing ${step.table}.${step.column} from ${step.from.kind} to ${step.to.kind} could lose data (${n} rows have a value); ` +
        'add a new field, copy the data, then remove the old one');
    }
  }
  const expr = castExpression(dialect, step.from, step.to, step.safe);
  // the expression names the column as often as it needs it (the unsafe, empty-column cast is a plain NULL)
  const source = Array.from(expr.matchAll(/\?\?/g), () => step.column);
  if (dialect === 'postgres') {
    await trx.raw(`ALTER TABLE ?? ALTER COLUMN ?? TYPE ${columnType(dialect, step.to)} USING ${expr}`, [step.table, step.column, ...source]);
    return;
  }
  const tmp = `__new_${step.column}`.slice(0, 63);
  await trx.raw(`ALTER TABLE ?? ADD COLUMN ?? ${columnType(dialect, step.to)}`, [step.table, tmp]);
  await trx.raw(`UPDATE ?? SET ?? = ${expr}`, [step.table, tmp, ...source]);
  await trx.raw('ALTER TABLE ?? DROP COLUMN ??', [step.table, step.column]);
  await trx.raw('ALTER TABLE ?? RENAME COLUMN ?? TO ??', [step.table, tmp, step.column]);
}

/** SQL expression converting the column (bound as ??) from one storage to another. */
function castExpression(dialect: DialectName, from: Storage, to: Storage, safe: boolean): string {
  const x = '??';
  if (!safe) return dialect === 'postgres' ? `NULL::${columnType(dialect, to)}` : 'NULL';
  const pow = (n: number): string => String(10 ** n);
  if (dialect === 'postgres') {
    if (to.kind === 'text' && from.kind === 'datetime') return `to_char(${x} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
    if (to.kind === 'datetime' && from.kind === 'date') return `(${x}::timestamp AT TIME ZONE 'UTC')`;
    if (from.kind === 'boolean' && to.kind !== 'text') return `${x}::int::${columnType(dialect, to)}`;
    return `${x}::${columnType(dialect, to)}`;
  }
  if (to.kind === 'text') {
    // the same text PostgreSQL's ::text gives, and NULL stays NULL (printf would turn it into 0.00)
    if (from.kind === 'decimal' && (from.scale ?? 0) > 0) return `CASE WHEN ${x} IS NULL THEN NULL ELSE printf('%.${from.scale}f', ${x} / ${pow(from.scale!)}.0) END`;
    if (from.kind === 'boolean') return `CASE ${x} WHEN 1 THEN 'true' WHEN 0 THEN 'false' END`;
    if (from.kind === 'real') return `CASE WHEN ${x} = CAST(${x} AS INTEGER) THEN CAST(CAST(${x} AS INTEGER) AS TEXT) ELSE CAST(${x} AS TEXT) END`;
    return `CAST(${x} AS TEXT)`;
  }
  if (to.kind === 'decimal') return from.kind === 'decimal' ? `${x} * ${pow((to.scale ?? 0) - (from.scale ?? 0))}` : `${x} * ${pow(to.scale ?? 0)}`;
  if (to.kind === 'real') return `CAST(${x} AS REAL)`;
  if (to.kind === 'datetime' && from.kind === 'date') return `${x} || 'T00:00:00.000Z'`;
  return x;
}
