// Advances one run through its graph. A run's progress is its succeeded steps: a node runs when a
// node leading to it took an edge towards it (or it has none), and a node already done is never
// run again — so a retry, a replay or a worker taking over after a crash continues where the run
// stopped. Node failures become step rows; `db` node failures on the fast path abort the round
// instead (its transaction holds other runs' work), and the round is redone one run at a time.
import type { Knex } from 'knex';
import { isAppError } from '../errors/catalog.js';
import { getRecord } from '../records/read.js';
import type { Ctx } from '../records/context.js';
import type { Runtime } from '../records/runtime.js';
import { stateStore, type ErrorInfo, type RunRow, toJson } from './store.js';
import { createRenderer, type Renderer } from './template.js';
import { instantToLocal } from './calendar.js';
import type { AutomationHandle } from './handle.js';
import type { CompiledNode, CompiledRule, DryRunRecorder, Json, NodeResult, TemplateScope } from './types.js';

export interface DoneStep { status: 'succeeded' | 'waiting'; branch: string | null; output: Json; until?: string; stepId?: number }

export interface RunState {
  run: RunRow;
  rule: CompiledRule;
  ctx: Ctx;
  steps: Map<string, DoneStep>;
  record: Record<string, unknown> | null;
  /** The result of an external node, obtained between two transactions, to be recorded next. */
  external?: { node: string; result?: NodeResult; error?: ErrorInfo; startedAt: string; finishedAt: string; ms: number };
}

export type Outcome =
  | { kind: 'finished' }
  | { kind: 'parked'; until: Date }
  | { kind: 'external'; node: CompiledNode }
  | { kind: 'failed'; node: string; error: ErrorInfo };

/** A step row to insert, or (a wait that is over) one to mark succeeded. */
export type StepWrite = { row: Record<string, unknown> } | { finish: number; at: string };

/** Thrown on the fast path when a node with a database effect fails: the round must be redone run by run. */
export class FastPathAbort extends Error {
  constructor(readonly cause: unknown) {
    super('a step failed inside a shared round');
  }
}

const RETRYABLE_CODES = new Set(['PRECONDITION_FAILED', 'RATE_LIMITED', 'INTERNAL', 'NOT_READY']);

export function errorInfo(err: unknown): ErrorInfo {
  if (isAppError(err)) {
    const retryable = RETRYABLE_CODES.has(err.code) || (err.errors ?? []).some((e) => e.code === 'url_refused' || e.code === 'webhook_status');
    return { code: err.code, message: err.message.slice(0, 1000), retryable, ...(err.errors?.length ? { errors: err.errors.slice(0, 20) as unknown as Json } : {}) };
  }
  // Anything else (a database hiccup, a bug) may pass: retried. Only its message is kept, never a stack.
  return { code: 'INTERNAL', message: err instanceof Error ? err.message.slice(0, 500) : 'unknown error', retryable: true };
}

/**
 * A runtime whose database is the given transaction (or savepoint): every records call stays
 * inside it, reads included (a read on another connection would wait for this transaction's
 * writer where there is only one, as with an in-memory database, and would not see its writes).
 * A write transaction opened through it is a savepoint of this one, never a new group commit.
 */
export const bindRuntime = (rt: Runtime, k: Knex): Runtime => ({ ...rt, db: { ...rt.db, knex: k, read: k, lookup: k, group: undefined } });

const reached = (node: CompiledNode, steps: Map<string, DoneStep>): boolean =>
  node.incoming.length === 0 || node.incoming.some((e) => {
    const s = steps.get(e.source);
    return s?.status === 'succeeded' && (e.label === null || e.label === s.branch);
  });

/** The run's record as its actor may read it now (with the relations its templates read), or the trigger's last snapshot. */
export async function loadRecord(rt: Runtime, state: RunState): Promise<Record<string, unknown> | null> {
  const { run, rule } = state;
  if (!run.entity || run.recordId === null) return null;
  try {
    return await getRecord(rt, { entity: run.entity, id: run.recordId, ctx: state.ctx, query: { fields: null, expand: rule.expand } });
  } catch (err) {
    if (!isAppError(err, 'NOT_FOUND')) throw err;
    // Deleted since (a record.deleted rule): its last values — never for a user, who may not have been allowed to read them.
    if (state.ctx.actor.kind === 'user') return null;
    const snap = (run.event.after ?? run.event.before) as Record<string, unknown> | null;
    return snap ? { ...snap, id: run.recordId } : null;
  }
}

function scopeOf(state: RunState, now: Date, timeZone: string): TemplateScope {
  const steps: Record<string, { output: Json }> = {};
  for (const [id, s] of state.steps) if (s.status === 'succeeded') steps[id] = { output: s.output };
  return { record: state.record, trigger: state.run.event, steps, now: now.toISOString(), today: instantToLocal(now.getTime(), timeZone).date, run: { id: state.run.id, automation: state.rule.name, attempt: state.run.attempt } };
}

export interface AdvanceArgs {
  state: RunState;
  rt: Runtime;
  trx: Knex.Transaction;
  mode: 'fast' | 'isolated' | 'dry';
  handle: AutomationHandle;
  now: Date;
  writes: StepWrite[];
  dryRun?: DryRunRecorder;
}

function stepRow(state: RunState, node: string, fields: { status: string; branch?: string | null; input?: Json; output?: Json; error?: ErrorInfo | null; startedAt: string; finishedAt: string | null; ms: number | null }): Record<string, unknown> {
  return {
    run_id: state.run.id, node, attempt: state.run.attempt, status: fields.status, branch: fields.branch ?? null, input: toJson(fields.input), output: toJson(fields.output),
    error: toJson(fields.error), started_at: fields.startedAt, finished_at: fields.finishedAt, ms: fields.ms,
  };
}

function record(args: AdvanceArgs, node: string, result: NodeResult, startedAt: string, finishedAt: string, ms: number): void {
  const { state } = args;
  const branch = result.status === 'succeeded' ? result.branch ?? null : null;
  const until = result.status === 'waiting' ? result.until.toISOString() : undefined;
  args.writes.push({ row: stepRow(state, node, { status: result.status, branch, input: result.input ?? null, output: result.output ?? null, startedAt, finishedAt: result.status === 'waiting' ? null : finishedAt, ms }) });
  state.steps.set(node, { status: result.status, branch, output: result.output ?? null, ...(until ? { until } : {}) });
}

/** Runs the run's next nodes inside `trx` until it finishes, parks, fails or needs an external call. */
export async function advance(args: AdvanceArgs): Promise<Outcome> {
  const { state, handle, now, mode } = args;
  const trx = args.trx;
  state.record ??= await loadRecord(bindRuntime(args.rt, trx), state);
  let renderer: Renderer | null = null;
  const rendererNow = (): Renderer => (renderer ??= createRenderer(scopeOf(state, now, args.rt.app.timezone)));
  for (const node of state.rule.nodes) {
    if (!reached(node, state.steps)) continue;
    const done = state.steps.get(node.id);
    if (done?.status === 'succeeded') continue;
    if (done?.status === 'waiting') {
      if (Date.parse(done.until!) > now.getTime()) return { kind: 'parked', until: new Date(done.until!) };
      // The wait is over: its step row turns succeeded.
      if (done.stepId !== undefined) args.writes.push({ finish: done.stepId, at: now.toISOString() });
      state.steps.set(node.id, { ...done, status: 'succeeded' });
      renderer = null;
      continue;
    }
    const effect = node.type.effect(node.config, handle.registry);
    if (effect === 'external' && mode !== 'dry') {
      const ext = state.external;
      if (ext?.node !== node.id) return { kind: 'external', node };
      state.external = undefined;
      if (ext.error) {
        args.writes.push({ row: stepRow(state, node.id, { status: 'failed', error: ext.error, startedAt: ext.startedAt, finishedAt: ext.finishedAt, ms: ext.ms }) });
        return { kind: 'failed', node: node.id, error: ext.error };
      }
      record(args, node.id, ext.result!, ext.startedAt, ext.finishedAt, ext.ms);
      renderer = null;
      continue;
    }
    const startedAt = new Date().toISOString();
    const t0 = performance.now();
    const runNode = async (k: Knex.Transaction): Promise<NodeResult> => node.type.run(nodeArgs({ rt: args.rt, k, trx: k, state, handle, now, dryRun: args.dryRun }, node, rendererNow));
    let result: NodeResult;
    try {
      result = effect === 'db' && mode === 'isolated' ? await trx.transaction((sp) => runNode(sp)) : await runNode(trx);
    } catch (err) {
      if (effect === 'db' && mode === 'fast') throw new FastPathAbort(err);
      const error = errorInfo(err);
      args.writes.push({ row: stepRow(state, node.id, { status: 'failed', error, startedAt, finishedAt: new Date().toISOString(), ms: performance.now() - t0 }) });
      return { kind: 'failed', node: node.id, error };
    }
    record(args, node.id, result, startedAt, new Date().toISOString(), performance.now() - t0);
    renderer = null;
    if (result.status === 'waiting') return { kind: 'parked', until: result.until };
  }
  return { kind: 'finished' };
}

/** What a node's code receives; `trx` is null for an external node (it runs between transactions). */
export function nodeArgs(args: { rt: Runtime; k: Knex; trx: Knex.Transaction | null; state: RunState; handle: AutomationHandle; now: Date; dryRun?: DryRunRecorder }, node: CompiledNode, renderer: () => Renderer) {
  const { state, handle, now, k } = args;
  return {
    config: node.config, prepared: node.prepared, nodeId: node.id, rule: state.rule, runId: state.run.id, trigger: state.run.event,
    rt: bindRuntime(args.rt, k), trx: args.trx, ctx: state.ctx, scope: { record: state.record } as TemplateScope,
    // the renderer copies the whole scope: only made for nodes that render something
    resolve: (value: unknown, options?: { html?: boolean }) => renderer().resolve(value, options),
    render: (template: string, options?: { html?: boolean }) => renderer().render(template, options),
    channels: handle.registry.channels, now,
    /** The run's record as loaded for it, usable as the current row of a write when nothing of it was expanded or hidden. */
    loaded: state.ctx.actor.kind === 'system' && state.rule.expand.length === 0 ? state.record : null,
    idempotencyKey: `run-${state.run.id}-${node.id}`, state: stateStore(k, args.rt.db.dialect), dryRun: args.dryRun ?? null,
    setRecord: (rec: Record<string, unknown>) => { state.record = { ...state.record, ...rec }; },
    options: handle.options,
  };
}

/** The renderer for a node run outside a round (external nodes). */
export const rendererFor = (state: RunState, now: Date, timeZone: string): (() => Renderer) => {
  let r: Renderer | null = null;
  return () => (r ??= createRenderer(scopeOf(state, now, timeZone)));
};
