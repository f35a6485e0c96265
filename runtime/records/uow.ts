// The unit of work of one write transaction: a change log. Every change of a stored value — the
// caller's own writes and what follows from them (rollup recomputes, cascade deletes, set-null) —
// is one Change. `flush` turns the log into audit rows and automation outbox rows in the same
// transaction, so a committed change always has both and a refused one has neither.
import type { Ctx } from './context.js';

export type ChangeAction = 'create' | 'update' | 'delete';

/** The direct write a derived change follows from. */
export interface Cause { entity: string; id: number; action: ChangeAction }

/** Why the platform changed a record on its own: the cause's effect. */
export type DerivedReason = 'rollup' | 'cascade' | 'set-null';

export interface Change {
  entity: string;
  id: number;
  action: ChangeAction;
  /** The whole record before (null for create) and after (null for delete), in wire form. */
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  /** Fields whose stored value changed (every field for create and delete). */
  changed: string[];
  /** null for the caller's own write; else the write it follows from and why. */
  cause: Cause | null;
  reason?: DerivedReason;
}

export interface UnitOfWork {
  ctx: Ctx;
  changes: Change[];
  /** Rollups to recompute before commit: entity → record id → rollup fields, and the first cause. */
  dirty: Map<string, Map<number, { rollups: Set<string>; cause: Cause }>>;
  /** "table:id" of rows known to exist in this transaction (reference checks in bulk writes). */
  known: Set<string>;
  /** Rows as the last write returned them ("entity:id"), so the response needs no extra read. */
  rows: Map<string, Record<string, unknown>>;
}

export const newUnitOfWork = (ctx: Ctx): UnitOfWork => ({ ctx, changes: [], dirty: new Map(), known: new Set(), rows: new Map() });

/** The cause that changes following from `change` carry: its own cause's root, or itself. */
export const rootCause = (change: Pick<Change, 'entity' | 'id' | 'action' | 'cause'>): Cause => change.cause ?? { entity: change.entity, id: change.id, action: change.action };

export function markDirty(uow: UnitOfWork, entity: string, id: unknown, rollup: string, cause: Cause): void {
  if (typeof id !== 'number') return;
  let byId = uow.dirty.get(entity);
  if (!byId) uow.dirty.set(entity, (byId = new Map()));
  let entry = byId.get(id);
  if (!entry) byId.set(id, (entry = { rollups: new Set(), cause }));
  entry.rollups.add(rollup);
}

/** The fields whose values differ between two versions of a record. */
export function changedKeys(before: Record<string, unknown>, after: Record<string, unknown>, keys: Iterable<string>): string[] {
  const out: string[] = [];
  for (const k of keys) if (JSON.stringify(before[k] ?? null) !== JSON.stringify(after[k] ?? null)) out.push(k);
  return out;
}
