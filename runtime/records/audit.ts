// The audit trail: one row per write, inserted in the write's own transaction (append-only).
import type { Knex } from 'knex';
import type { Ctx } from './context.js';

export interface AuditEntry {
  entity: string;
  recordId: number;
  action: 'create' | 'update' | 'delete';
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  changed: string[];
}

export function diff(before: Record<string, unknown>, after: Record<string, unknown>, keys: Iterable<string>): { changed: string[]; before: Record<string, unknown>; after: Record<string, unknown> } {
  const changed: string[] = [];
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  for (const k of keys) {
    if (JSON.stringify(before[k] ?? null) === JSON.stringify(after[k] ?? null)) continue;
    changed.push(k);
    b[k] = before[k] ?? null;
    a[k] = after[k] ?? null;
  }
  return { changed, before: b, after: a };
}

export async function writeAudit(trx: Knex.Transaction, ctx: Ctx, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const at = new Date().toISOString();
  const rows = entries.map((e) => ({
    at, actor_kind: ctx.actor.kind, actor_id: ctx.actor.kind === 'user' ? ctx.actor.id : null, via: ctx.via, request_id: ctx.requestId,
    reason: ctx.actor.kind === 'system' ? ctx.actor.reason : null, entity: e.entity, record_id: e.recordId, action: e.action,
    changed: JSON.stringify(e.changed), before: e.before ? JSON.stringify(e.before) : null, after: e.after ? JSON.stringify(e.after) : null,
  }));
  for (let i = 0; i < rows.length; i += 100) await trx('_audit').insert(rows.slice(i, i + 100));
}

export interface AuditRecord {
  id: number; at: string; actor: { kind: string; id: number | null; reason: string | null }; via: string; requestId: string;
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
    via: String(row.via), requestId: String(row.request_id), entity: String(row.entity), recordId: Number(row.record_id), action: String(row.action),
    changed: ((parse(row.changed) as string[]) ?? []).filter((k) => !hidden.has(k)), before: strip(parse(row.before)), after: strip(parse(row.after)),
  };
}
