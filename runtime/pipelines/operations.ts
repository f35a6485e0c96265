// Pipeline operations beyond a plain write: an explicit, gated stage move (_transition) and the
// periodic stalled sweep. Both go through the one write path, so gates, scopes, audit, stage
// history and automations see them like any other write.
import { pipelineOf, type CompiledPipeline } from '../compile/compilePipeline.js';
import { writeTransaction } from '../dialect/index.js';
import { appError } from '../errors/catalog.js';
import { isPlainObject } from '../json.js';
import { asSystem, type Ctx } from '../records/context.js';
import { getRecord } from '../records/read.js';
import { flush, updateAndRead, updateInTrx } from '../records/write.js';
import { loadOne } from '../records/read.js';
import type { WireRecord } from '../records/codec.js';
import type { Runtime } from '../records/runtime.js';
import { newUnitOfWork } from '../records/uow.js';

export function pipelineOrThrow(rt: Runtime, name: unknown, entity?: string): CompiledPipeline {
  const p = typeof name === 'string' ? rt.app.pipeline.get(name) : undefined;
  if (!p || (entity !== undefined && p.entity !== entity)) {
    const names = [...(entity ? rt.app.pipelines.get(entity) ?? [] : rt.app.pipeline.values())].map((x) => x.name);
    throw appError('VALIDATION_FAILED', `no pipeline ${JSON.stringify(name)}${entity ? ` on ${entity}` : ''}`, { errors: [{ pointer: '/pipeline', code: 'not_found', message: names.length ? `one of: ${names.join(', ')}` : 'this entity has no pipeline' }] });
  }
  return p;
}

/**
 * Moves a record to another stage of its pipeline, setting other fields in the same write (the
 * close date and lost reason a "lost" stage needs). Refused with 422 PIPELINE_GATE like a PATCH of
 * the stage field would be; 412 on a stale If-Match.
 */
export async function transition(rt: Runtime, args: { entity: string; id: number; body: unknown; ctx: Ctx; ifMatch?: string }): Promise<WireRecord> {
  if (!isPlainObject(args.body)) throw appError('MALFORMED_REQUEST', 'the body must be a JSON object');
  const { pipeline: name, to, data = {}, ...rest } = args.body;
  const extra = Object.keys(rest);
  if (extra.length) throw appError('VALIDATION_FAILED', 'unknown members', { errors: extra.map((k) => ({ pointer: `/${k}`, code: 'unknown_field', message: 'allowed: pipeline, to, data' })) });
  const p = pipelineOrThrow(rt, name, args.entity);
  if (typeof to !== 'string' || !p.stage.has(to)) {
    throw appError('VALIDATION_FAILED', `"to" must be a stage of pipeline "${p.name}"`, { errors: [{ pointer: '/to', code: 'enum', message: `one of: ${p.stages.map((s) => s.value).join(', ')}` }] });
  }
  if (!isPlainObject(data)) throw appError('VALIDATION_FAILED', '"data" is an object of other fields to set', { errors: [{ pointer: '/data', code: 'type', message: 'must be an object' }] });
  if (p.field in data) throw appError('VALIDATION_FAILED', `the stage is "to", not a member of "data"`, { errors: [{ pointer: `/data/${p.field}`, code: 'not_allowed', message: 'use "to"' }] });
  const current = await getRecord(rt, { entity: args.entity, id: args.id, ctx: args.ctx });
  const follows = pipelineOf(rt.app.pipelines.get(args.entity) ?? [], { ...current, ...data });
  if (follows !== p) {
    throw appError('VALIDATION_FAILED', `this ${args.entity} follows ${follows ? `pipeline "${follows.name}"` : 'no pipeline'}`, { errors: [{ pointer: '/pipeline', code: 'other_pipeline', message: `not "${p.name}"` }] });
  }
  return updateAndRead(rt, { entity: args.entity, id: args.id, data: { ...data, [p.field]: to }, ctx: args.ctx, ifMatch: args.ifMatch });
}

/**
 * Marks records that stayed in a stage longer than its rotDays as stalled (the pipeline's
 * stalledField), as the platform's own write: audited, and seen by automations ("stalled-deal
 * alert" is a rule on that field). Moving a record clears the mark. Returns how many were marked.
 */
export async function sweepStalled(rt: Runtime, now: Date = new Date()): Promise<number> {
  let marked = 0;
  for (const p of rt.app.pipeline.values()) {
    if (!p.stalledField || !p.enteredAtField) continue;
    const entity = rt.app.entities.get(p.entity)!;
    for (const s of p.stages) {
      if (!s.rotDays) continue;
      const cutoff = new Date(now.getTime() - s.rotDays * 86_400_000).toISOString();
      const qb = rt.db.knex(entity.table).where(p.field, s.value).where(p.enteredAtField, '<', cutoff)
        .where((w) => w.where(p.stalledField!, false).orWhereNull(p.stalledField!));
      if (p.pipelineField) qb.where(p.pipelineField, p.name);
      const ids = (await qb.pluck('id')).map(Number);
      const ctx = asSystem(`pipeline "${p.name}": more than ${s.rotDays} days in stage "${s.value}"`, 'automation');
      for (let i = 0; i < ids.length; i += 200) {
        await writeTransaction(rt.db, async (trx) => {
          const uow = newUnitOfWork(ctx);
          for (const id of ids.slice(i, i + 200)) {
            const current = await loadOne(rt, trx, entity, id, null);
            if (!current || current[p.field] !== s.value || current[p.stalledField!] === true) continue;
            await updateInTrx({ rt, trx, entity, current, body: { [p.stalledField!]: true }, uow, trusted: true });
            marked++;
          }
          await flush(rt, trx, uow);
        });
      }
    }
  }
  return marked;
}

/** Runs the stalled sweep now and then every `everyMs` (default 10 minutes); returns a stop function. */
export function startStalledSweeps(rt: Runtime, options: { everyMs?: number; onError?: (err: unknown) => void } = {}): () => void {
  const hasRot = [...rt.app.pipeline.values()].some((p) => p.stalledField);
  if (!hasRot) return () => {};
  const run = (): void => void sweepStalled(rt).catch((err) => options.onError?.(err));
  run();
  const timer = setInterval(run, options.everyMs ?? 10 * 60_000);
  timer.unref();
  return () => clearInterval(timer);
}
