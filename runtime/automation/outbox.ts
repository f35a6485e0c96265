// The outbox: a change consumer inside every write's transaction. For each change some enabled
// rule reacts to, it writes an `_outbox` row in that same transaction — a committed change that
// matters always has its row and a refused one never does — and keeps date-relative schedules in
// step with the record. Changes to entities no rule watches cost one map lookup.
import type { Knex } from 'knex';
import type { CompiledApp } from '../compile/compileApp.js';
import { filterVars, type Ctx } from '../records/context.js';
import type { ChangeConsumer } from '../records/runtime.js';
import type { Change } from '../records/uow.js';
import type { AutomationHandle } from './handle.js';
import { reschedule } from './scheduler.js';
import { insertChunked } from './store.js';
import type { CompiledRule } from './types.js';

/** The run a write came from, when an automation made it (`requestId` of automation writes is `run:<id>`). */
export const parentRunOf = (ctx: Ctx): number | null => {
  const m = /^run:(\d+)$/.exec(ctx.requestId);
  return m ? Number(m[1]) : null;
};

export const actorSummary = (ctx: Ctx): Record<string, unknown> => (ctx.actor.kind === 'user' ? { kind: 'user', id: ctx.actor.id } : { kind: 'system', reason: ctx.actor.reason });

/** The record a change's condition is tested on: as it is after the change (before, for a delete). */
const recordOf = (c: Change): Record<string, unknown> => ({ ...(c.action === 'delete' ? c.before : c.after), id: c.id });

async function conditionHolds(rule: CompiledRule, change: Change, ctx: Ctx, trx: Knex.Transaction, app: CompiledApp, dialect: 'sqlite' | 'postgres'): Promise<boolean> {
  const cond = rule.trigger.condition;
  if (!cond) return true;
  const vars = filterVars(ctx);
  if (rule.trigger.conditionInMemory || change.action === 'delete') return cond.test(recordOf(change), vars);
  const table = app.entities.get(change.entity)!.table;
  return (await trx(table).where(`${table}.id`, change.id).where(cond.toKnex(vars, dialect, table)).first('id')) !== undefined;
}

export function outboxConsumer(handle: AutomationHandle): ChangeConsumer {
  const consume: ChangeConsumer = async ({ rt, trx, ctx, changes }) => {
    const matched: { rule: CompiledRule; change: Change }[] = [];
    const dated: { rule: CompiledRule; change: Change }[] = [];
    for (const change of changes) {
      const w = handle.watch.get(change.entity);
      if (!w) continue;
      for (const rule of w.change) if (rule.trigger.type.matches!(rule.trigger.config, change)) matched.push({ rule, change });
      for (const rule of w.date) dated.push({ rule, change });
    }
    if (dated.length) await reschedule({ trx, handle, app: rt.app, dialect: rt.db.dialect, items: dated });
    if (matched.length === 0) return;
    await handle.refreshOverrides(trx);
    const depth = (ctx.depth ?? 0) + 1;
    const now = new Date().toISOString();
    const rows: Record<string, unknown>[] = [];
    for (const { rule, change } of matched) {
      if (!handle.isEnabled(rule.name) || !(await conditionHolds(rule, change, ctx, trx, rt.app, rt.db.dialect))) continue;
      rows.push({
        automation: rule.name, event: depth > rule.maxDepth ? 'loop-limit' : rule.trigger.type.type, entity: change.entity, record_id: change.id,
        payload: JSON.stringify({ action: change.action, before: change.before, after: change.after, changed: change.changed, ...(change.reason ? { reason: change.reason } : {}) }),
        depth, parent_run: parentRunOf(ctx), actor: JSON.stringify(actorSummary(ctx)), request_id: ctx.requestId, created_at: now,
      });
    }
    if (rows.length === 0) return;
    await insertChunked(trx, '_outbox', rows, 100);
    if (rt.db.dialect === 'postgres') await trx.raw('SELECT pg_notify(?, ?)', [handle.notifyChannel, '']);
    // Wake this process's engine once the write is committed (a rollback wakes nobody).
    trx.executionPromise.then(() => handle.wake(), () => undefined);
  };
  // Rules (plugins' after-hooks among them) are compiled with the app: an entity none watches never gets an outbox row.
  consume.watches = ({ entity }) => handle.watch.has(entity);
  return consume;
}
