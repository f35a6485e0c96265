// The dispatcher: outbox rows → runs, in one transaction (the rows are deleted with the insert of
// their runs, so each is enqueued exactly once; PostgreSQL's SKIP LOCKED lets several processes
// dispatch side by side). A rule that is gone or disabled by now drops its rows; a change past the
// loop limit becomes a `stopped` run that says so, instead of running.
import { writeTransaction, type Db } from '../dialect/index.js';
import type { AutomationHandle } from './handle.js';
import { decodeRun, type RunRow } from './store.js';

/**
 * With `owner`, the new runs are leased to that worker at once and returned (one transaction less
 * between a commit and its effect); another worker takes them over only if the lease runs out.
 */
export async function dispatch({ db, handle, limit = 500, owner }: { db: Db; handle: AutomationHandle; limit?: number; owner?: string }): Promise<{ count: number; runs: RunRow[] }> {
  // A read first: an idle engine never takes the write lock.
  if (!(await db.knex('_outbox').first('id'))) return { count: 0, runs: [] };
  return writeTransaction(db, async (trx) => {
    const qb = trx('_outbox').orderBy('id').limit(limit);
    if (db.dialect === 'postgres') qb.forUpdate().skipLocked();
    const rows = (await qb) as Record<string, unknown>[];
    if (rows.length === 0) return { count: 0, runs: [] };
    // `_enable`/`_disable` in this process apply at once; from other processes within two seconds
    await handle.refreshOverrides(trx);
    const now = handle.clock().toISOString();
    const leased = owner ? { status: 'running', lease_owner: owner, started_at: now, due_at: new Date(handle.clock().getTime() + handle.options.leaseMs).toISOString() } : {};
    const runs: Record<string, unknown>[] = [];
    for (const row of rows) {
      const rule = handle.rules.get(String(row.automation));
      if (!rule || !handle.isEnabled(rule.name)) continue;
      const payload = typeof row.payload === 'string' ? (JSON.parse(row.payload) as Record<string, unknown>) : (row.payload as Record<string, unknown>);
      const writer = typeof row.actor === 'string' ? (JSON.parse(row.actor) as unknown) : row.actor;
      const stopped = row.event === 'loop-limit';
      runs.push({
        automation: rule.name, status: stopped ? 'stopped' : 'queued',
        event: JSON.stringify({ type: rule.trigger.type.type, entity: row.entity, id: Number(row.record_id), ...payload, actor: writer }),
        entity: row.entity, record_id: row.record_id, depth: row.depth, parent_run: row.parent_run ?? null,
        actor: JSON.stringify(rule.runAs.kind === 'user' ? { kind: 'runAs', email: rule.runAs.email } : { kind: 'system' }),
        attempt: 1, due_at: stopped ? null : now, created_at: now, updated_at: now, finished_at: stopped ? now : null, ...(stopped ? {} : leased),
        error: stopped
          ? JSON.stringify({ code: 'LOOP_LIMIT', retryable: false, message: `stopped: this run would be ${Number(row.depth)} rules deep (limit ${rule.maxDepth}); a chain of rules triggering each other is likely a loop (see the parent runs)` })
          : null,
      });
    }
    const created: RunRow[] = [];
    for (let i = 0; i < runs.length; i += 200) {
      const chunk = runs.slice(i, i + 200);
      if (owner) created.push(...((await trx('_automation_runs').insert(chunk, '*')) as Record<string, unknown>[]).map((r) => decodeRun(db.dialect, r)));
      else await trx('_automation_runs').insert(chunk);
    }
    const ids = rows.map((r) => Number(r.id));
    for (let i = 0; i < ids.length; i += 500) await trx('_outbox').whereIn('id', ids.slice(i, i + 500)).delete();
    return { count: rows.length, runs: created.filter((r) => r.status === 'running') };
  });
}
