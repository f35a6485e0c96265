// What the API and the CLI do with automations: list rules with their status, enable/disable,
// read runs and steps, replay a dead run from its failed step, start a manual run.
import type { Knex } from 'knex';
import { appError } from '../errors/catalog.js';
import { getRecord } from '../records/read.js';
import type { Ctx } from '../records/context.js';
import type { AutomatedRuntime } from './engine.js';
import { parentRunOf } from './outbox.js';
import { decodeRun, decodeStep, RUN_STATUSES, type RunActor, type RunRow, type RunStatus, type StepRow, stateStore } from './store.js';
import type { CompiledRule } from './types.js';

export interface RuleStatus {
  name: string;
  label: string;
  trigger: { type: string; entity: string | null };
  /** Effective: the definition's `enabled`, overridden by `_enable`/`_disable`. */
  enabled: boolean;
  definitionEnabled: boolean;
  runs: Partial<Record<RunStatus, number>>;
  lastRunAt: string | null;
  button: { roles: readonly string[] } | null;
}

export function ruleOrThrow(rt: AutomatedRuntime, name: string): CompiledRule {
  const rule = rt.automation.rules.get(name);
  if (!rule) throw appError('NOT_FOUND', `no automation "${name.slice(0, 100)}"`);
  return rule;
}

export async function listAutomations(rt: AutomatedRuntime): Promise<RuleStatus[]> {
  const k = rt.db.knex;
  await rt.automation.refreshOverrides(k, 0);
  const counts = (await k('_automation_runs').groupBy('automation', 'status').select('automation', 'status').count({ n: '*' }).max({ last: 'created_at' })) as { automation: string; status: RunStatus; n: number | string; last: unknown }[];
  return [...rt.automation.rules.values()].map((rule) => {
    const mine = counts.filter((c) => c.automation === rule.name);
    const last = mine.map((c) => (c.last instanceof Date ? c.last.toISOString() : String(c.last))).sort().at(-1) ?? null;
    return {
      name: rule.name, label: rule.label, trigger: { type: rule.trigger.type.type, entity: rule.entity },
      enabled: rt.automation.isEnabled(rule.name), definitionEnabled: rule.enabled,
      runs: Object.fromEntries(mine.map((c) => [c.status, Number(c.n)])), lastRunAt: last,
      button: rule.trigger.type.type === 'manual' ? { roles: rule.buttonRoles } : null,
    };
  });
}

export async function setEnabled(rt: AutomatedRuntime, name: string, enabled: boolean): Promise<void> {
  ruleOrThrow(rt, name);
  await stateStore(rt.db.knex, rt.db.dialect).set(`enabled:${name}`, enabled);
  rt.automation.setOverride(name, enabled);
}

export interface RunQuery { automation?: string; status?: string; limit?: number; before?: number }

export async function listRuns(rt: AutomatedRuntime, q: RunQuery): Promise<RunRow[]> {
  const qb = rt.db.knex('_automation_runs').orderBy('id', 'desc').limit(Math.min(500, q.limit ?? 50));
  if (q.automation) qb.where('automation', q.automation);
  if (q.status) {
    if (!(RUN_STATUSES as readonly string[]).includes(q.status)) {
      throw appError('INVALID_QUERY', `status is one of ${RUN_STATUSES.join(', ')}`, { errors: [{ pointer: '/status', code: 'enum', message: `one of ${RUN_STATUSES.join(', ')}` }] });
    }
    qb.where('status', q.status);
  }
  if (q.before !== undefined) qb.where('id', '<', q.before);
  return ((await qb) as Record<string, unknown>[]).map((r) => decodeRun(rt.db.dialect, r));
}

export async function getRun(rt: AutomatedRuntime, id: number): Promise<RunRow & { steps: StepRow[] }> {
  const row = (await rt.db.knex('_automation_runs').where({ id }).first()) as Record<string, unknown> | undefined;
  if (!row) throw appError('NOT_FOUND', `no automation run ${id}`);
  const steps = ((await rt.db.knex('_automation_steps').where({ run_id: id }).orderBy('id')) as Record<string, unknown>[]).map((s) => decodeStep(rt.db.dialect, s));
  return { ...decodeRun(rt.db.dialect, row), steps };
}

/**
 * A dead (or loop-stopped) run starts again from its failed step: the steps it completed stay done
 * and are not repeated; attempts count anew.
 */
export async function replayRun(rt: AutomatedRuntime, id: number): Promise<RunRow> {
  const k = rt.db.knex;
  const now = rt.automation.clock().toISOString();
  const n = await k('_automation_runs').where({ id }).whereIn('status', ['dead', 'stopped']).update({ status: 'queued', attempt: 1, due_at: now, error: null, finished_at: null, lease_owner: null, updated_at: now });
  if (n === 0) {
    const run = await getRun(rt, id);
    throw appError('CONFLICT', `run ${id} is ${run.status}: only dead or stopped runs can be replayed`);
  }
  rt.automation.wake();
  return (await getRun(rt, id));
}

const actorOfCtx = (ctx: Ctx): Record<string, unknown> => (ctx.actor.kind === 'user' ? { kind: 'user', id: ctx.actor.id } : { kind: 'system' });

/** Inserts a run that starts now (manual and webhook triggers). */
export async function enqueueRun(k: Knex, rt: AutomatedRuntime, rule: CompiledRule, args: { event: Record<string, unknown>; entity: string | null; recordId: number | null; depth: number; parentRun: number | null; actor: RunActor | Record<string, unknown> }): Promise<number> {
  const now = rt.automation.clock().toISOString();
  const actor = args.actor.kind === 'system' && rule.runAs.kind === 'user' ? { kind: 'runAs', email: rule.runAs.email } : args.actor;
  const [row] = (await k('_automation_runs').insert({
    automation: rule.name, status: 'queued', event: JSON.stringify(args.event), entity: args.entity, record_id: args.recordId, depth: args.depth,
    parent_run: args.parentRun, actor: JSON.stringify(actor), attempt: 1, due_at: now, created_at: now, updated_at: now,
  }, ['id'])) as { id: number }[];
  rt.automation.wake();
  return Number(row.id);
}

/**
 * A manual start (security case AZ-08). Administrators and designers may start any manual rule;
 * other users only one whose button names one of their roles, on a record they may read. The run
 * acts as the caller: it can never do what the caller may not.
 */
export async function startManualRun(rt: AutomatedRuntime, { name, recordId, input, ctx, canManage }: { name: string; recordId: number | null; input?: unknown; ctx: Ctx; canManage: boolean }): Promise<number> {
  const rule = rt.automation.rules.get(name);
  const roles = ctx.actor.kind === 'user' ? ctx.actor.roles : [];
  const mayStart = canManage || (rule?.buttonRoles.some((r) => roles.includes(r)) ?? false);
  if (!rule || !mayStart) throw appError('NOT_FOUND', `no automation "${name.slice(0, 100)}"`);
  if (rule.trigger.type.type !== 'manual') throw appError('CONFLICT', `"${name}" starts on ${rule.trigger.type.type}, not by hand`);
  if (!rt.automation.isEnabled(name)) throw appError('CONFLICT', `"${name}" is disabled`);
  let record: Record<string, unknown> | null = null;
  if (rule.entity) {
    if (recordId === null) throw appError('VALIDATION_FAILED', `"${name}" runs on a ${rule.entity}: send {"record": <id>}`, { errors: [{ pointer: '/record', code: 'required', message: 'the record id is required' }] });
    record = await getRecord(rt, { entity: rule.entity, id: recordId, ctx });
  }
  return enqueueRun(rt.db.knex, rt, rule, {
    event: { type: 'manual', entity: rule.entity, id: recordId, before: record, after: record, changed: [], input: (input ?? null) as never, actor: actorOfCtx(ctx) },
    entity: rule.entity, recordId: rule.entity ? recordId : null, depth: (ctx.depth ?? 0) + 1, parentRun: parentRunOf(ctx), actor: actorOfCtx(ctx),
  });
}
