// The audit trail: one row per change of the unit of work, inserted in the write's own
// transaction (append-only). Derived changes (rollups, cascades) are the platform's own, with
// the write that caused them.
import type { Knex } from 'knex';
import { queueBeforeCommit } from '../dialect/index.js';
import type { Ctx } from './context.js';
import { type AuditHead, insertRows } from './statements.js';
import type { Change } from './uow.js';

const pick = (rec: Record<string, unknown> | null, keys: string[]): Record<string, unknown> | null =>
  rec ? Object.fromEntries(keys.map((k) => [k, rec[k] ?? null])) : null;

/** Transactions whose audit rows are collected and inserted together (deferAudit). */
const deferred = new WeakMap<Knex.Transaction, Record<string, unknown>[]>();

/**
 * From now on, audit rows written in `trx` are kept and inserted by `writeDeferredAudit` — one
 * multi-row insert for many writes. Only for a transaction that is committed or rolled back as a
 * whole (no savepoint inside it may roll back alone), such as the automation worker's fast round.
 */
export function deferAudit(trx: Knex.Transaction): void {
  deferred.set(trx, []);
}

/** Inserts the audit rows deferred in `trx` (and stops deferring). */
export async function writeDeferredAudit(trx: Knex.Transaction): Promise<void> {
  const rows = deferred.get(trx);
  deferred.delete(trx);
  if (rows) await insertAuditRows(trx, rows);
}

/** Drops the audit rows deferred in `trx` (its work is being rolled back) and stops deferring. */
export function dropDeferredAudit(trx: Knex.Transaction): void {
  deferred.delete(trx);
}

async function insertAuditRows(trx: Knex.Transaction, rows: Record<string, unknown>[]): Promise<void> {
  await insertRows(trx, '_audit', rows, 100);
}

/** What the audit row of the caller's own change of a record of `entity` says besides the change (one-statement writes on PostgreSQL). */
export function auditHead(ctx: Ctx, entity: string): AuditHead {
  const { at, via, request_id, actor_kind, actor_id, reason } = auditRows(ctx, [{ entity, id: 0, action: 'update', before: null, after: null, changed: [], cause: null }])[0] as unknown as AuditHead;
  return { at, via, request_id, actor_kind, actor_id, reason, entity };
}

/** The audit rows of a unit of work's changes. */
function auditRows(ctx: Ctx, changes: readonly Change[]): Record<string, unknown>[] {
  const at = new Date().toISOString();
  return changes.map((c) => {
    const derived = c.cause !== null;
    return {
      at, via: ctx.via, request_id: ctx.requestId,
      actor_kind: derived ? 'system' : ctx.actor.kind,
      actor_id: !derived && ctx.actor.kind === 'user' ? ctx.actor.id : null,
      reason: derived ? c.reason ?? null : ctx.actor.kind === 'system' ? ctx.actor.reason : null,
      cause: c.cause ? JSON.stringify({ ...c.cause, actor: ctx.actor.kind === 'user' ? { kind: 'user', id: ctx.actor.id } : { kind: 'system' } }) : null,
      entity: c.entity, record_id: c.id, action: c.action, changed: JSON.stringify(c.changed),
      before: c.before ? JSON.stringify(pick(c.before, c.changed)) : null, after: c.after ? JSON.stringify(pick(c.after, c.changed)) : null,
    };
  });
}

export async function writeAudit(trx: Knex.Transaction, ctx: Ctx, changes: readonly Change[]): Promise<void> {
  if (changes.length === 0) return;
  const rows = auditRows(ctx, changes);
  const later = deferred.get(trx);
  if (later) later.push(...rows);
  else await insertAuditRows(trx, rows);
}

/** Audit rows queued in a transaction, inserted together before its COMMIT (queueAudit). */
const queuedRows = new WeakMap<Knex.Transaction, Record<string, unknown>[]>();

/**
 * The audit rows of a write that is done in `trx`, inserted before the transaction commits together
 * with those of the other writes queued beside it (one multi-row insert for a group-commit batch),
 * and always before a later write of the batch that could be rolled back alone.
 */
export function queueAudit(trx: Knex.Transaction, ctx: Ctx, changes: readonly Change[]): void {
  if (changes.length === 0) return;
  const rows = auditRows(ctx, changes);
  const pending = queuedRows.get(trx);
  if (pending) {
    pending.push(...rows);
    return;
  }
  queuedRows.set(trx, rows);
  queueBeforeCommit(trx, async () => {
    const all = queuedRows.get(trx) ?? [];
    queuedRows.delete(trx);
    await insertAuditRows(trx, all);
  });
}

export interface AuditRecord {
  id: number; at: string; actor: { kind: string; id: number | null; reason: string | null }; via: string; requestId: string;
  /** For the platform's own follow-up changes: the write that caused it (entity, id, action, who). */
  cause: Record<string, unknown> | null;
  entity: string; recordId: number; action: string; changed: string[]; before: Record<string, unknown> | null; after: Record<string, unknown> | null;
}

const parse = (v: unknown): unknown => (typeof v === 'string' ? JSON.parse(v) : v ?? null);

export function auditRowToWire(row: Record<string, unknown>, hidden: ReadonlySet<string> = new Set()): AuditRecord {
  const strip = (o: unknown): Record<string, unknown> | null => {
    if (!o || typeof o !== 'object') return null;
    return Object.fromEntries(Object.entries(o as Record<string, unknown>).filter(([k]) => !hidden.has(k)));
  };
  return {
    id: Number(row.id), at: row.at instanceof Date ? row.at.toISOString() : String(row.at),
    actor: { kind: String(row.actor_kind), id: row.actor_id === null ? null : Number(row.actor_id), reason: (row.reason as string | null) ?? null },
    via: String(row.via), requestId: String(row.request_id), cause: (parse(row.cause) as Record<string, unknown> | null) ?? null, entity: String(row.entity), recordId: Number(row.record_id), action: String(row.action),
    changed: ((parse(row.changed) as string[]) ?? []).filter((k) => !hidden.has(k)), before: strip(parse(row.before)), after: strip(parse(row.after)),
  };
}
