// Record writes of a run, through the records layer's own steps (authorize → load in scope →
// write → flush with audit, outbox and write checks) but inside the run's transaction, so a
// step's effect and its step row commit together. The public createRecord/updateAndRead open
// a transaction of their own, which a step can not share.
import type { Knex } from 'knex';
import type { CompiledEntity } from '../compile/compileApp.js';
import { appError } from '../errors/catalog.js';
import { authorizeCreate, authorizeOrThrow, entityOrThrow } from '../records/authorize.js';
import { stripHidden, type WireRecord } from '../records/codec.js';
import type { Ctx } from '../records/context.js';
import { attachManyToMany, loadOne } from '../records/read.js';
import { hiddenFields, type Runtime } from '../records/runtime.js';
import { newUnitOfWork } from '../records/uow.js';
import { createInTrx, deleteInTrx, flush, updateInTrx } from '../records/write.js';

interface Args { rt: Runtime; trx: Knex.Transaction; ctx: Ctx }

async function loadInScope({ rt, trx, ctx, entity, id, action }: Args & { entity: CompiledEntity; id: number; action: 'read' | 'update' | 'delete' }): Promise<WireRecord> {
  await authorizeOrThrow({ rt, ctx, entity, action: 'read' });
  const scope = await authorizeOrThrow({ rt, ctx, entity, action });
  const rec = await loadOne(rt, trx, entity, id, scope);
  if (!rec) throw appError('NOT_FOUND', `no ${entity.name} with id ${id}`);
  await attachManyToMany(trx, entity, [rec]);
  return rec;
}

/** The record as the run's actor may read it (hidden fields removed), or null. */
export async function readForRun({ rt, trx, ctx, entity, id }: Args & { entity: string; id: number }): Promise<WireRecord | null> {
  const e = entityOrThrow(rt, entity);
  try {
    const rec = await loadInScope({ rt, trx, ctx, entity: e, id, action: 'read' });
    return stripHidden(rec, hiddenFields(rt, ctx, e.name));
  } catch (err) {
    if ((err as { code?: string }).code === 'NOT_FOUND') return null;
    throw err;
  }
}

/** `loaded`: the record as the run read it in this transaction, reused as the current row when the actor's update scope is everything. */
export async function updateForRun({ rt, trx, ctx, entity, id, data, loaded }: Args & { entity: string; id: number; data: Record<string, unknown>; loaded?: Record<string, unknown> | null }): Promise<WireRecord> {
  const e = entityOrThrow(rt, entity);
  const reusable = loaded && loaded.id === id && typeof loaded.version === 'number' && ctx.actor.kind === 'system';
  const current = reusable ? (loaded as WireRecord) : await loadInScope({ rt, trx, ctx, entity: e, id, action: 'update' });
  const uow = newUnitOfWork(ctx);
  const stored = await updateInTrx({ rt, trx, entity: e, current, body: data, uow });
  await flush(rt, trx, uow);
  return stripHidden(stored, hiddenFields(rt, ctx, e.name));
}

export async function createForRun({ rt, trx, ctx, entity, data }: Args & { entity: string; data: Record<string, unknown> }): Promise<WireRecord> {
  const e = entityOrThrow(rt, entity);
  await authorizeCreate({ rt, ctx, entity: e });
  const uow = newUnitOfWork(ctx);
  const created = await createInTrx({ rt, trx, entity: e, body: data, uow });
  await flush(rt, trx, uow);
  return stripHidden(created, hiddenFields(rt, ctx, e.name));
}

export async function deleteForRun({ rt, trx, ctx, entity, id }: Args & { entity: string; id: number }): Promise<void> {
  const e = entityOrThrow(rt, entity);
  const current = await loadInScope({ rt, trx, ctx, entity: e, id, action: 'delete' });
  const uow = newUnitOfWork(ctx);
  await deleteInTrx({ rt, trx, entity: e, current, uow });
  await flush(rt, trx, uow);
}

/**
 * The record a node acts on: the run's record, or one reached from it through many-to-one
 * fields (`account`, `student.guardian`), each hop read with the run's permissions.
 */
export async function resolveTarget({ rt, trx, ctx, entity, record, path }: Args & { entity: string | null; record: Record<string, unknown> | null; path: string | undefined }): Promise<{ entity: string; id: number }> {
  if (!entity || !record) throw appError('VALIDATION_FAILED', 'this run has no record to act on');
  let current: { entity: string; rec: Record<string, unknown> } = { entity, rec: record };
  const segs = !path || path === 'record' ? [] : path.replace(/^record\./, '').split('.');
  for (let i = 0; i < segs.length; i++) {
    const e = entityOrThrow(rt, current.entity);
    const f = e.info.fields.get(segs[i]);
    const target = f?.relation?.target;
    const id = current.rec[segs[i]];
    if (!target || typeof id !== 'number') throw appError('VALIDATION_FAILED', `the ${current.entity} ${String(current.rec.id)} has no ${segs[i]}`);
    if (i === segs.length - 1) return { entity: target, id };
    const next = await readForRun({ rt, trx, ctx, entity: target, id });
    if (!next) throw appError('NOT_FOUND', `no ${target} with id ${id}`);
    current = { entity: target, rec: next };
  }
  return { entity, id: Number(record.id) };
}
