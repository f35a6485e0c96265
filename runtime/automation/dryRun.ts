// A dry run: the rule's nodes run against a sample record inside a transaction that is rolled
// back, with messages and webhooks recorded instead of sent and waits passed over — so a designer
// sees every step's input and output, and nothing happened.
import { createActorLoader } from '../auth/actor.js';
import { writeTransaction } from '../dialect/index.js';
import { filterVars, type Ctx } from '../records/context.js';
import { resolveActor, runContext } from './actor.js';
import { conditionHolds } from './conditions.js';
import type { AutomatedRuntime } from './engine.js';
import { advance, bindRuntime, loadRecord, type Outcome, type RunState, type StepWrite } from './execute.js';
import { ruleOrThrow } from './ops.js';
import type { RunActor } from './store.js';
import type { DryRunRecorder, Json } from './types.js';
import { appError } from '../errors/catalog.js';

class Rollback extends Error {}

export interface DryRunResult {
  automation: string;
  record: Record<string, unknown> | null;
  /** Whether the trigger's condition holds for the record (null: the trigger has none). */
  triggerCondition: boolean | null;
  outcome: Outcome['kind'];
  error: Json;
  steps: { node: string; status: string; branch: string | null; input: Json; output: Json; error: Json; ms: number | null }[];
  messages: Json[];
  webhooks: Json[];
}

const parse = (v: unknown): Json => (typeof v === 'string' ? (JSON.parse(v) as Json) : ((v ?? null) as Json));

export async function dryRun(rt: AutomatedRuntime, { name, recordId, ctx }: { name: string; recordId: number | null; ctx: Ctx }): Promise<DryRunResult> {
  const rule = ruleOrThrow(rt, name);
  if (rule.entity && recordId === null) throw appError('VALIDATION_FAILED', `"${name}" runs on a ${rule.entity}: send {"record": <id>}`, { errors: [{ pointer: '/record', code: 'required', message: 'the record id is required' }] });
  // Manual rules act as their caller; the others as their declared actor.
  const runActor: RunActor = rule.trigger.type.type === 'manual' && ctx.actor.kind === 'user' ? { kind: 'user', id: ctx.actor.id } : rule.runAs.kind === 'user' ? { kind: 'runAs', email: rule.runAs.email } : { kind: 'system' };
  const actor = await resolveActor({ k: rt.db.knex, loader: createActorLoader(rt.db.knex), actor: runActor, rule: rule.name });
  const now = rt.automation.clock();
  const recorder: DryRunRecorder = { messages: [], webhooks: [] };
  let result: DryRunResult | null = null;
  try {
    await writeTransaction(rt.db, async (trx) => {
      const state: RunState = {
        run: {
          id: 0, automation: rule.name, status: 'running', entity: rule.entity, recordId: rule.entity ? recordId : null, depth: (ctx.depth ?? 0) + 1, parentRun: null,
          actor: runActor, attempt: 1, dueAt: null, leaseOwner: null, error: null, createdAt: now.toISOString(), startedAt: now.toISOString(), finishedAt: null, updatedAt: now.toISOString(),
          event: { type: 'dry-run', entity: rule.entity, id: recordId, changed: [] },
        },
        rule, ctx: runContext(actor, 0, (ctx.depth ?? 0) + 1), steps: new Map(), record: null,
      };
      const record = await loadRecord(bindRuntime(rt, trx), state);
      if (rule.entity && !record) throw appError('NOT_FOUND', `no ${rule.entity} with id ${recordId}`);
      state.record = record;
      state.run.event = { ...state.run.event, before: record as Json, after: record as Json };
      const cond = rule.trigger.condition;
      const triggerCondition = cond && record ? await conditionHolds({ cond: { filter: cond, inMemory: rule.trigger.conditionInMemory, entity: rule.entity! }, record, vars: filterVars(ctx), k: trx, dialect: rt.db.dialect }) : null;
      const writes: StepWrite[] = [];
      let outcome: Outcome = { kind: 'finished' };
      for (let i = 0; i < 100; i++) {
        outcome = await advance({ state, rt, trx, mode: 'dry', handle: rt.automation, now, writes, dryRun: recorder });
        if (outcome.kind !== 'parked') break;
      }
      result = {
        automation: rule.name, record, triggerCondition, outcome: outcome.kind, error: outcome.kind === 'failed' ? (outcome.error as unknown as Json) : null,
        steps: writes.flatMap((w) => ('row' in w ? [{
          node: String(w.row.node), status: String(w.row.status), branch: (w.row.branch as string | null) ?? null,
          input: parse(w.row.input), output: parse(w.row.output), error: parse(w.row.error), ms: (w.row.ms as number | null) ?? null,
        }] : [])),
        messages: recorder.messages, webhooks: recorder.webhooks,
      };
      throw new Rollback();
    });
  } catch (err) {
    if (!(err instanceof Rollback)) throw err;
  }
  return result!;
}
