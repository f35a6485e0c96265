// Workers claim due runs with a lease and advance them in rounds. A round is one write
// transaction for the whole batch (steps of many runs commit together: the records layer's writes,
// the step rows and the run status), which is what makes thousands of runs per second possible on
// SQLite; if any database step fails, the round is rolled back and redone one run at a time with a
// savepoint per step, so a failure only ever undoes its own step. External calls (webhooks, e-mail)
// run between rounds, never while a transaction is open.
import type { Knex } from 'knex';
import type { ActorLoader } from '../auth/actor.js';
import { writeTransaction } from '../dialect/index.js';
import { deferAudit, dropDeferredAudit, writeDeferredAudit } from '../records/audit.js';
import { authorizeOrThrow } from '../records/authorize.js';
import { rowToWire, stripHidden } from '../records/codec.js';
import { attachManyToMany } from '../records/read.js';
import { hiddenFields, type Runtime } from '../records/runtime.js';
import { resolveActor, runContext } from './actor.js';
import { advance, errorInfo, FastPathAbort, nodeArgs, rendererFor, type DoneStep, type Outcome, type RunState, type StepWrite } from './execute.js';
import type { AutomationHandle } from './handle.js';
import { decodeRun, decodeStep, type ErrorInfo, insertChunked, type RunRow, toJson } from './store.js';
import type { CompiledNode } from './types.js';

export interface WorkerDeps {
  rt: Runtime;
  handle: AutomationHandle;
  owner: string;
  loader: ActorLoader;
  isStopping(): boolean;
}

const iso = (d: Date): string => d.toISOString();

/** Takes up to `limit` due runs for `owner` until now + lease (SKIP LOCKED on PostgreSQL). */
export async function claim({ rt, handle, owner }: WorkerDeps, limit: number): Promise<RunRow[]> {
  const db = rt.db;
  const now = handle.clock();
  if (!(await db.knex('_automation_runs').where('due_at', '<=', iso(now)).first('id'))) return [];
  const fields = { status: 'running', lease_owner: owner, due_at: iso(new Date(now.getTime() + handle.options.leaseMs)), updated_at: iso(now) };
  if (db.dialect === 'postgres') {
    const res = await db.knex.raw(
      `UPDATE "_automation_runs" SET "status" = ?, "lease_owner" = ?, "due_at" = ?, "updated_at" = ?, "started_at" = COALESCE("started_at", ?)
       WHERE "id" IN (SELECT "id" FROM "_automation_runs" WHERE "due_at" <= ? ORDER BY "due_at", "id" LIMIT ? FOR UPDATE SKIP LOCKED) RETURNING *`,
      [fields.status, owner, fields.due_at, fields.updated_at, iso(now), iso(now), limit],
    ) as { rows: Record<string, unknown>[] };
    return res.rows.map((r) => decodeRun(db.dialect, r)).sort((a, b) => a.id - b.id);
  }
  return writeTransaction(db, async (trx) => {
    const ids = (await trx('_automation_runs').where('due_at', '<=', iso(now)).orderBy([{ column: 'due_at' }, { column: 'id' }]).limit(limit).pluck('id')).map(Number);
    if (ids.length === 0) return [];
    const rows = (await trx('_automation_runs').whereIn('id', ids).update({ ...fields, started_at: trx.raw('COALESCE(??, ?)', ['started_at', iso(now)]) }, '*')) as Record<string, unknown>[];
    return rows.map((r) => decodeRun(db.dialect, r)).sort((a, b) => a.id - b.id);
  });
}

/** The run's status after an outcome, as column values. */
function runUpdate(state: RunState, outcome: Outcome, now: Date, leaseMs: number): Record<string, unknown> {
  const at = iso(now);
  switch (outcome.kind) {
    case 'finished': return { status: 'succeeded', due_at: null, lease_owner: null, error: null, finished_at: at, updated_at: at };
    case 'parked': return { status: 'waiting', due_at: iso(outcome.until), lease_owner: null, updated_at: at };
    case 'external': return { due_at: iso(new Date(now.getTime() + leaseMs)), updated_at: at };
    case 'failed': return failure(state, outcome.error, now);
  }
}

/** Retry with exponential backoff while attempts are left and the error may pass; else the dead letter. */
function failure(state: RunState, error: ErrorInfo, now: Date): Record<string, unknown> {
  const { attempt } = state.run;
  const { maxAttempts, backoffMs } = state.rule.retry;
  const at = iso(now);
  if (error.retryable && attempt < maxAttempts) {
    return { status: 'retrying', attempt: attempt + 1, due_at: iso(new Date(now.getTime() + backoffMs * 2 ** (attempt - 1))), lease_owner: null, error: toJson(error), updated_at: at };
  }
  return { status: 'dead', due_at: null, lease_owner: null, error: toJson(error), finished_at: at, updated_at: at };
}

async function persist(trx: Knex.Transaction, items: { state: RunState; outcome: Outcome }[], writes: StepWrite[], now: Date, leaseMs: number): Promise<void> {
  await insertChunked(trx, '_automation_steps', writes.flatMap((w) => ('row' in w ? [w.row] : [])), 100);
  for (const w of writes) if ('finish' in w) await trx('_automation_steps').where('id', w.finish).update({ status: 'succeeded', finished_at: w.at });
  const finished = items.filter((x) => x.outcome.kind === 'finished').map((x) => x.state.run.id);
  const done = runUpdate(items[0]?.state, { kind: 'finished' }, now, leaseMs);
  for (let i = 0; i < finished.length; i += 500) await trx('_automation_runs').whereIn('id', finished.slice(i, i + 500)).update(done);
  for (const { state, outcome } of items) {
    if (outcome.kind !== 'finished') await trx('_automation_runs').where('id', state.run.id).update(runUpdate(state, outcome, now, leaseMs));
  }
}

const cloneState = (s: RunState): RunState => ({ ...s, steps: new Map(s.steps) });

/** Only runs still leased to this worker are advanced (a lease that ran out may have passed to another worker). */
async function stillOurs(trx: Knex.Transaction, deps: WorkerDeps, ids: number[]): Promise<Set<number>> {
  const qb = trx('_automation_runs').whereIn('id', ids).where('lease_owner', deps.owner).where('status', 'running');
  if (deps.rt.db.dialect === 'postgres') qb.forUpdate();
  return new Set((await qb.pluck('id')).map(Number));
}

/**
 * The records of a round's runs, read with one query per entity instead of one per run: for runs
 * acting as the platform (which reads every record) without expanded relations. Others, and records
 * not found, are left to `advance`, which reads them one by one as before.
 */
async function prefetchRecords(rt: Runtime, trx: Knex.Transaction, states: RunState[]): Promise<void> {
  const byEntity = new Map<string, RunState[]>();
  for (const s of states) {
    if (s.record !== null || !s.run.entity || s.run.recordId === null || s.rule.expand.length > 0 || s.ctx.actor.kind !== 'system') continue;
    const list = byEntity.get(s.run.entity) ?? [];
    list.push(s);
    byEntity.set(s.run.entity, list);
  }
  for (const [name, list] of byEntity) {
    const entity = rt.app.entities.get(name);
    if (!entity || list.length < 2) continue;
    if ((await authorizeOrThrow({ rt, ctx: list[0].ctx, entity, action: 'read' }).catch(() => undefined)) !== null) continue;
    const ids = [...new Set(list.map((s) => s.run.recordId!))].filter((id) => Number.isSafeInteger(id) && id > 0);
    const rows = new Map<number, Record<string, unknown>>();
    for (let i = 0; i < ids.length; i += 500) {
      for (const row of (await trx(entity.table).whereIn(`${entity.table}.id`, ids.slice(i, i + 500))) as Record<string, unknown>[]) rows.set(Number(row.id), row);
    }
    const hidden = hiddenFields(rt, list[0].ctx, entity.name);
    const found = list.filter((s) => rows.has(s.run.recordId!));
    const records = found.map((s) => rowToWire(rt.db.dialect, entity, rows.get(s.run.recordId!)!));
    await attachManyToMany(trx, entity, records);
    found.forEach((s, i) => { s.record = stripHidden(records[i], hidden); });
  }
}

async function roundOf(deps: WorkerDeps, states: RunState[], mode: 'fast' | 'isolated'): Promise<Map<RunState, Outcome>> {
  const now = deps.handle.clock();
  const drafts = states.map(cloneState);
  const outcomes = await writeTransaction(deps.rt.db, async (trx) => {
    const ours = await stillOurs(trx, deps, drafts.map((d) => d.run.id));
    const writes: StepWrite[] = [];
    const items: { state: RunState; outcome: Outcome }[] = [];
    // On the fast path the round commits or rolls back as a whole: its records are read together
    // and the audit rows of its writes go in with one insert at the end.
    if (mode === 'fast') {
      await prefetchRecords(deps.rt, trx, drafts.filter((d) => ours.has(d.run.id)));
      deferAudit(trx);
    }
    try {
      for (const state of drafts) {
        if (!ours.has(state.run.id)) continue;
        items.push({ state, outcome: await advance({ state, rt: deps.rt, trx, mode, handle: deps.handle, now, writes }) });
      }
    } catch (err) {
      // the transaction may be shared with other writes (group commit): they write their own audit rows
      dropDeferredAudit(trx);
      throw err;
    }
    if (mode === 'fast') await writeDeferredAudit(trx);
    await persist(trx, items, writes, now, deps.handle.options.leaseMs);
    return items;
  });
  const out = new Map<RunState, Outcome>();
  for (const { state, outcome } of outcomes) {
    const original = states[drafts.indexOf(state)];
    Object.assign(original, state);
    out.set(original, outcome);
  }
  return out;
}

/** One round: all runs together, or — when a step failed — each run on its own. */
async function round(deps: WorkerDeps, states: RunState[]): Promise<Map<RunState, Outcome>> {
  if (states.length > 1) {
    try {
      return await roundOf(deps, states, 'fast');
    } catch (err) {
      if (!(err instanceof FastPathAbort)) void err;
    }
  }
  const out = new Map<RunState, Outcome>();
  for (const state of states) {
    try {
      for (const [s, o] of await roundOf(deps, [state], 'isolated')) out.set(s, o);
    } catch (err) {
      // Not a step's failure (those are recorded): the database itself. The run is failed and retried.
      const outcome: Outcome = { kind: 'failed', node: '', error: errorInfo(err instanceof FastPathAbort ? err.cause : err) };
      await writeTransaction(deps.rt.db, (trx) => persist(trx, [{ state, outcome }], [], deps.handle.clock(), deps.handle.options.leaseMs));
      out.set(state, outcome);
    }
  }
  return out;
}

/** Runs an external node between transactions; its result is recorded by the next round. */
async function callExternal(deps: WorkerDeps, state: RunState, node: CompiledNode): Promise<void> {
  const now = deps.handle.clock();
  const startedAt = new Date().toISOString();
  const t0 = performance.now();
  try {
    const result = await node.type.run(nodeArgs({ rt: deps.rt, k: deps.rt.db.knex, trx: null, state, handle: deps.handle, now }, node, rendererFor(state, now, deps.rt.app.timezone)));
    state.external = { node: node.id, result, startedAt, finishedAt: new Date().toISOString(), ms: performance.now() - t0 };
  } catch (err) {
    state.external = { node: node.id, error: errorInfo(err), startedAt, finishedAt: new Date().toISOString(), ms: performance.now() - t0 };
  }
}

/** Builds the in-memory state of claimed runs: their rule, actor and the steps already done. */
async function statesOf(deps: WorkerDeps, runs: RunRow[], fresh: ReadonlySet<number>): Promise<RunState[]> {
  const { rt, handle } = deps;
  const steps = new Map<number, Map<string, DoneStep>>();
  // runs this worker created a moment ago (dispatch) have no steps yet: nothing to read for them
  const worked = runs.filter((r) => !fresh.has(r.id));
  for (let i = 0; i < worked.length; i += 500) {
    const rows = (await rt.db.knex('_automation_steps').whereIn('run_id', worked.slice(i, i + 500).map((r) => r.id)).whereIn('status', ['succeeded', 'waiting']).orderBy('id')) as Record<string, unknown>[];
    for (const row of rows) {
      const s = decodeStep(rt.db.dialect, row);
      const map = steps.get(s.runId) ?? new Map<string, DoneStep>();
      map.set(s.node, { status: s.status as DoneStep['status'], branch: s.branch, output: s.output, stepId: s.id, ...(s.status === 'waiting' ? { until: waitUntil(s.output) } : {}) });
      steps.set(s.runId, map);
    }
  }
  const states: RunState[] = [];
  for (const run of runs) {
    const rule = handle.rules.get(run.automation);
    let problem: ErrorInfo | null = rule ? null : { code: 'NOT_FOUND', message: `the automation "${run.automation}" no longer exists`, retryable: false };
    let ctx = null;
    if (rule) {
      try {
        ctx = runContext(await resolveActor({ k: rt.db.knex, loader: deps.loader, actor: run.actor, rule: rule.name }), run.id, run.depth);
      } catch (err) {
        problem = errorInfo(err);
      }
    }
    if (problem || !rule || !ctx) {
      const at = iso(handle.clock());
      await rt.db.knex('_automation_runs').where('id', run.id).update({ status: 'dead', due_at: null, lease_owner: null, error: toJson({ ...problem, retryable: false }), finished_at: at, updated_at: at });
      continue;
    }
    states.push({ run, rule, ctx, steps: steps.get(run.id) ?? new Map(), record: null });
  }
  return states;
}

const waitUntil = (output: unknown): string => String((output as { until?: string } | null)?.until ?? new Date(0).toISOString());

/** Advances claimed runs until each finishes, parks, fails — or the worker stops, which hands the rest back. */
export async function processBatch(deps: WorkerDeps, runs: RunRow[], fresh: ReadonlySet<number> = new Set()): Promise<{ finished: number; failed: number }> {
  let active = await statesOf(deps, runs, fresh);
  const counts = { finished: 0, failed: 0 };
  while (active.length) {
    if (deps.isStopping()) {
      await releaseRuns(deps, active.map((s) => s.run.id));
      break;
    }
    const outcomes = await round(deps, active);
    const external: [RunState, CompiledNode][] = [];
    for (const [state, outcome] of outcomes) {
      if (outcome.kind === 'external') external.push([state, outcome.node]);
      else if (outcome.kind === 'finished') counts.finished++;
      else if (outcome.kind === 'failed') counts.failed++;
    }
    for (let i = 0; i < external.length; i += 16) await Promise.all(external.slice(i, i + 16).map(([s, n]) => callExternal(deps, s, n)));
    // the record may have changed meanwhile: the next round reads it again
    for (const [s] of external) s.record = null;
    active = external.map(([s]) => s);
  }
  return counts;
}

/** Hands runs back (SIGTERM): due now, for any worker. */
export async function releaseRuns({ rt, handle, owner }: WorkerDeps, ids?: number[]): Promise<number> {
  const qb = rt.db.knex('_automation_runs').where({ lease_owner: owner, status: 'running' });
  if (ids) qb.whereIn('id', ids);
  const at = iso(handle.clock());
  return qb.update({ status: 'queued', lease_owner: null, due_at: at, updated_at: at });
}
