// Stage history: one row per stage move, written from the change log in the write's transaction
// (so a move by PATCH, bulk, import, automation or _transition is recorded alike), with the time
// the record had spent in the stage it left.
import type { Knex } from 'knex';
import { pipelineOf } from '../compile/compilePipeline.js';
import type { Ctx } from '../records/context.js';
import type { ChangeConsumer, Runtime } from '../records/runtime.js';

export interface StageEntry {
  pipeline: string;
  from: string | null;
  to: string;
  at: string;
  actor: { kind: string; id: number | null };
  via: string;
  /** How long the record had stayed in `from` (null when that is unknown: its first stage, or history from before pipelines). */
  timeInFromMs: number | null;
}

const iso = (v: unknown): string => (v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString());

export const stageHistoryConsumer: ChangeConsumer = async ({ rt, trx, ctx, changes }) => {
  for (const c of changes) {
    if (c.action === 'delete' || !c.after) continue;
    const pipelines = rt.app.pipelines.get(c.entity);
    if (!pipelines) continue;
    const p = pipelineOf(pipelines, c.after);
    if (!p) continue;
    const to = c.after[p.field];
    const sameTrack = !!c.before && (!p.pipelineField || c.before[p.pipelineField] === c.after[p.pipelineField]);
    const from = sameTrack ? (c.before![p.field] as string | null) ?? null : null;
    if (to === null || to === undefined || (sameTrack && from === to)) continue;
    await recordMove({ trx, ctx, entity: c.entity, id: c.id, pipeline: p.name, from, to: String(to), derived: c.cause !== null });
  }
};
stageHistoryConsumer.watches = ({ rt, entity }) => rt.app.pipelines.has(entity);

async function recordMove(args: { trx: Knex.Transaction; ctx: Ctx; entity: string; id: number; pipeline: string; from: string | null; to: string; derived: boolean }): Promise<void> {
  const { trx, ctx } = args;
  const now = new Date();
  const last = await trx('_stage_history').where({ entity: args.entity, record_id: args.id }).orderBy('id', 'desc').first('at');
  await trx('_stage_history').insert({
    entity: args.entity, record_id: args.id, pipeline: args.pipeline, from_stage: args.from, to_stage: args.to, at: now.toISOString(),
    actor_kind: args.derived ? 'system' : ctx.actor.kind, actor_id: !args.derived && ctx.actor.kind === 'user' ? ctx.actor.id : null,
    via: ctx.via, request_id: ctx.requestId, from_ms: last ? Math.max(0, now.getTime() - new Date(iso(last.at)).getTime()) : null,
  });
}

/** A record's stage history, oldest first, and how long it has been in its current stage. */
export async function stageHistory(rt: Runtime, entity: string, id: number): Promise<{ entries: StageEntry[]; current: { stage: string; since: string; durationMs: number } | null }> {
  const rows = (await rt.db.knex('_stage_history').where({ entity, record_id: id }).orderBy('id')) as Record<string, unknown>[];
  const entries = rows.map((r): StageEntry => ({
    pipeline: String(r.pipeline), from: (r.from_stage as string | null) ?? null, to: String(r.to_stage), at: iso(r.at),
    actor: { kind: String(r.actor_kind), id: r.actor_id === null ? null : Number(r.actor_id) }, via: String(r.via),
    timeInFromMs: r.from_ms === null || r.from_ms === undefined ? null : Number(r.from_ms),
  }));
  const last = entries[entries.length - 1];
  return { entries, current: last ? { stage: last.to, since: last.at, durationMs: Date.now() - Date.parse(last.at) } : null };
}
