// Date-relative and cron rules: one `_automation_schedule` row per rule and record (cron: record 0)
// with the next fire time (`due_at`, `due_key`) and the last occurrence fired (`fired_key`). A fire
// inserts its run and moves the row on in one transaction, so a fire happens once; rows that fell
// due while the engine was down fire once when it is back.
import type { Knex } from 'knex';
import type { CompiledApp } from '../compile/compileApp.js';
import { type DialectName, writeTransaction, type Db } from '../dialect/index.js';
import { rowToWire } from '../records/codec.js';
import { nextOccurrence } from './calendar.js';
import type { AutomationHandle } from './handle.js';
import { insertChunked, stateStore } from './store.js';
import { dateSpecOf, nextCron } from './triggers/time.js';
import type { CompiledRule } from './types.js';
import type { Change } from '../records/uow.js';

const FAN_OUT_MAX = 10_000;

function specOf(rule: CompiledRule, app: CompiledApp) {
  const entity = app.entities.get(rule.entity!)!;
  const field = String(rule.trigger.config.field);
  const type = entity.info.fields.get(field)?.type;
  return dateSpecOf(rule.trigger.config, type === 'date' ? 'date' : 'datetime', app.timezone);
}

const iso = (d: Date): string => d.toISOString();
const timeText = (v: unknown): string | null => (v === null || v === undefined ? null : v instanceof Date ? v.toISOString() : String(v));

async function upsertRows(k: Knex, rows: Record<string, unknown>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) {
    await k('_automation_schedule').insert(rows.slice(i, i + 200)).onConflict(['automation', 'record_id']).merge(['due_at', 'due_key', 'updated_at']);
  }
}

/** In a write's transaction: the schedules of records whose date field was set, changed or deleted. */
export async function reschedule({ trx, handle, app, items }: { trx: Knex.Transaction; handle: AutomationHandle; app: CompiledApp; dialect: DialectName; items: { rule: CompiledRule; change: Change }[] }): Promise<void> {
  const now = handle.clock();
  const deletes = items.filter((x) => x.change.action === 'delete');
  for (const { rule, change } of deletes) await trx('_automation_schedule').where({ automation: rule.name, record_id: change.id }).delete();
  // updated_at is not in the change log (a system field): every update sets it, to the time of the write.
  const moves = (rule: CompiledRule, c: Change): boolean => {
    const field = String(rule.trigger.config.field);
    return c.action === 'create' || (c.action === 'update' && (field === 'updated_at' || c.changed.includes(field)));
  };
  const anchorOf = (rule: CompiledRule, c: Change): unknown => {
    const field = String(rule.trigger.config.field);
    return field === 'updated_at' || field === 'created_at' ? now.toISOString() : c.after?.[field];
  };
  const touched = items.filter((x) => moves(x.rule, x.change));
  if (touched.length === 0) return;
  const existing = (await trx('_automation_schedule').whereIn('automation', [...new Set(touched.map((x) => x.rule.name))]).whereIn('record_id', [...new Set(touched.map((x) => x.change.id))]).select('automation', 'record_id', 'fired_key')) as { automation: string; record_id: number; fired_key: string | null }[];
  const fired = new Map(existing.map((r) => [`${r.automation}:${Number(r.record_id)}`, r.fired_key]));
  const rows: Record<string, unknown>[] = [];
  for (const { rule, change } of touched) {
    const next = nextOccurrence(specOf(rule, app), anchorOf(rule, change), now, fired.get(`${rule.name}:${change.id}`) ?? null, true);
    rows.push({ automation: rule.name, record_id: change.id, due_at: next ? iso(next.due) : null, due_key: next?.key ?? null, updated_at: iso(now) });
  }
  await upsertRows(trx, rows);
  if (rows.some((r) => r.due_at !== null)) trx.executionPromise.then(() => handle.wake(), () => undefined);
}

const fingerprint = (rule: CompiledRule, app: CompiledApp): string => JSON.stringify({ t: rule.trigger.type.type, c: rule.trigger.config, tz: app.timezone });

/**
 * Builds the schedule of every date and cron rule whose definition is new or changed since the
 * last build (a fingerprint in `_automation_state`), and drops the rows of rules that are gone.
 */
export async function syncSchedules({ db, handle, app }: { db: Db; handle: AutomationHandle; app: CompiledApp }): Promise<number> {
  const k = db.knex;
  const timed = [...handle.rules.values()].filter((r) => r.trigger.type.source === 'date' || r.trigger.type.source === 'cron');
  await k('_automation_schedule').whereNotIn('automation', timed.map((r) => r.name)).delete();
  let built = 0;
  for (const rule of timed) {
    const state = stateStore(k, db.dialect);
    const key = `schedule:${rule.name}`;
    const print = fingerprint(rule, app);
    if ((await state.get(key)) === print) continue;
    const now = handle.clock();
    if (rule.trigger.type.source === 'cron') {
      const next = nextCron(String(rule.trigger.config.schedule), app.timezone, now);
      await upsertRows(k, [{ automation: rule.name, record_id: 0, due_at: next ? iso(next) : null, due_key: next ? iso(next) : null, updated_at: iso(now) }]);
    } else {
      const entity = app.entities.get(rule.entity!)!;
      const field = String(rule.trigger.config.field);
      const spec = specOf(rule, app);
      const fired = new Map(((await k('_automation_schedule').where('automation', rule.name).select('record_id', 'fired_key')) as { record_id: number; fired_key: string | null }[]).map((r) => [Number(r.record_id), r.fired_key]));
      for (let last = 0; ;) {
        const page = (await k(entity.table).where('id', '>', last).whereNotNull(field).orderBy('id').limit(1000).select('id', field)) as Record<string, unknown>[];
        if (page.length === 0) break;
        last = Number(page[page.length - 1].id);
        const rows = page.map((row) => {
          const value = rowToWire(db.dialect, entity, row)[field];
          const next = nextOccurrence(spec, value, now, fired.get(Number(row.id)) ?? null, true);
          return { automation: rule.name, record_id: Number(row.id), due_at: next ? iso(next.due) : null, due_key: next?.key ?? null, updated_at: iso(now) };
        });
        await upsertRows(k, rows);
      }
    }
    await state.set(key, print);
    built++;
  }
  return built;
}

/** Fires the schedule rows due at `now`: inserts their runs and moves each row to its next time. */
export async function fireDue({ db, handle, app, limit = 200 }: { db: Db; handle: AutomationHandle; app: CompiledApp; limit?: number }): Promise<number> {
  const now = handle.clock();
  if (!(await db.knex('_automation_schedule').whereNotNull('due_at').where('due_at', '<=', iso(now)).first('id'))) return 0;
  return writeTransaction(db, async (trx) => {
    const qb = trx('_automation_schedule').whereNotNull('due_at').where('due_at', '<=', iso(now)).orderBy('due_at').limit(limit);
    if (db.dialect === 'postgres') qb.forUpdate().skipLocked();
    const due = (await qb) as Record<string, unknown>[];
    if (due.length === 0) return 0;
    await handle.refreshOverrides(trx, 0);
    const runs: Record<string, unknown>[] = [];
    for (const row of due) {
      const rule = handle.rules.get(String(row.automation));
      const key = String(row.due_key ?? timeText(row.due_at));
      if (!rule) {
        await trx('_automation_schedule').where('id', Number(row.id)).delete();
        continue;
      }
      const base = { automation: rule.name, status: 'queued', depth: 1, parent_run: null, actor: JSON.stringify(rule.runAs.kind === 'user' ? { kind: 'runAs', email: rule.runAs.email } : { kind: 'system' }), attempt: 1, due_at: iso(now), created_at: iso(now), updated_at: iso(now) };
      let next: { due: Date; key: string } | null = null;
      if (rule.trigger.type.source === 'cron') {
        if (handle.isEnabled(rule.name)) {
          const event = JSON.stringify({ type: 'cron', occurrence: key });
          if (rule.entity) {
            const entity = app.entities.get(rule.entity)!;
            const qbIds = trx(entity.table).orderBy('id').limit(FAN_OUT_MAX);
            if (rule.trigger.condition) qbIds.where(rule.trigger.condition.toKnex({ now, user: null }, db.dialect, entity.table));
            for (const id of (await qbIds.pluck(`${entity.table}.id`)).map(Number)) runs.push({ ...base, event, entity: rule.entity, record_id: id });
          } else runs.push({ ...base, event, entity: null, record_id: null });
        }
        const at = nextCron(String(rule.trigger.config.schedule), app.timezone, now);
        next = at ? { due: at, key: iso(at) } : null;
      } else {
        const entity = app.entities.get(rule.entity!)!;
        const raw = (await trx(entity.table).where('id', Number(row.record_id)).first()) as Record<string, unknown> | undefined;
        if (!raw) {
          await trx('_automation_schedule').where('id', Number(row.id)).delete();
          continue;
        }
        const record = rowToWire(db.dialect, entity, raw);
        const field = String(rule.trigger.config.field);
        const cond = rule.trigger.condition;
        const holds = !cond || (rule.trigger.conditionInMemory
          ? cond.test(record, { now, user: null })
          : (await trx(entity.table).where(`${entity.table}.id`, record.id).where(cond.toKnex({ now, user: null }, db.dialect, entity.table)).first('id')) !== undefined);
        if (handle.isEnabled(rule.name) && holds) {
          runs.push({ ...base, event: JSON.stringify({ type: 'date.relative', field, value: record[field] ?? null, occurrence: key }), entity: rule.entity, record_id: record.id });
        }
        next = nextOccurrence(specOf(rule, app), record[field], now, key, false);
      }
      await trx('_automation_schedule').where('id', Number(row.id)).update({ fired_key: key, due_at: next ? iso(next.due) : null, due_key: next?.key ?? null, updated_at: iso(now) });
    }
    await insertChunked(trx, '_automation_runs', runs);
    return due.length;
  });
}
