// Pure: (snapshot of the database, desired tables) → ordered steps. Nothing here touches the database.
import { createHash } from 'node:crypto';
import { type Storage, storageKey } from '../dialect/index.js';
import type { Snapshot } from '../dialect/introspect.js';
import { foreignKeysInline } from '../dialect/ddl.js';
import type { DesiredColumn, DesiredIndex, DesiredTable } from './desired.js';

export type Step =
  | { op: 'createTable'; table: string; kind: DesiredTable['kind']; columns: DesiredColumn[] }
  | { op: 'renameTable'; from: string; to: string }
  | { op: 'addColumn'; table: string; column: DesiredColumn }
  | { op: 'renameColumn'; table: string; from: string; to: string }
  | { op: 'changeType'; table: string; column: string; from: Storage; to: Storage; safe: boolean }
  | { op: 'addForeignKey'; table: string; column: string; references: string; onDelete: 'cascade' | 'set-null' | 'no-action' }
  | { op: 'createIndex'; table: string; index: DesiredIndex }
  | { op: 'dropIndex'; table: string; name: string }
  | { op: 'dropColumn'; table: string; column: string; destructive: true }
  | { op: 'dropTable'; table: string; destructive: true };

export interface Plan {
  /** Hash of the snapshot the plan was made from; apply refuses a plan whose snapshot changed. */
  snapshotHash: string;
  steps: Step[];
}

/** Tables the platform keeps for itself and never plans. */
export const BOOKKEEPING_TABLES = new Set(['_migrations', '_sequences', '_computed', '_credential_epoch']);

export function hashSnapshot(s: Snapshot): string {
  const canonical = JSON.stringify(s, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v);
  return createHash('sha256').update(canonical).digest('hex').slice(0, 16);
}

const NUMERIC_RANK: Record<string, number> = { boolean: 0, integer: 1, bigint: 2 };

/** Conversions that can never lose or misread data. */
export function isSafeCast(from: Storage, to: Storage): boolean {
  if (to.kind === 'text') return from.kind !== 'json';
  if (from.kind in NUMERIC_RANK && to.kind in NUMERIC_RANK) return NUMERIC_RANK[from.kind] <= NUMERIC_RANK[to.kind];
  if ((from.kind === 'integer' || from.kind === 'bigint' || from.kind === 'boolean') && (to.kind === 'decimal' || to.kind === 'real')) return true;
  if (from.kind === 'decimal' && to.kind === 'decimal') return (to.scale ?? 0) >= (from.scale ?? 0);
  if (from.kind === 'date' && to.kind === 'datetime') return true;
  return false;
}

export function planMigration({ snapshot, desired, dialect, destructive = false }: {
  snapshot: Snapshot; desired: DesiredTable[]; dialect: 'sqlite' | 'postgres'; destructive?: boolean;
}): Plan {
  const steps: Step[] = [];
  const late: Step[] = [];
  const existing = new Map(Object.entries(snapshot.tables));
  const wanted = new Set(desired.map((t) => t.name));
  for (const t of desired) {
    let current = existing.get(t.name);
    const from = current ? undefined : previousNames(t).find((n) => existing.has(n) && !wanted.has(n));
    if (from) {
      steps.push({ op: 'renameTable', from, to: t.name });
      current = existing.get(from)!;
      existing.delete(from);
      existing.set(t.name, current);
      // indexes keep their old names; they are re-planned below
    }
    if (!current) {
      steps.push({ op: 'createTable', table: t.name, kind: t.kind, columns: t.columns });
      if (!foreignKeysInline(dialect)) {
        for (const c of t.columns) if (c.references) late.push(fk(t, c));
      }
      for (const ix of t.indexes) late.push({ op: 'createIndex', table: t.name, index: ix });
      continue;
    }
    const cols = { ...current.columns };
    const wantedCols = new Set(t.columns.map((c) => c.name));
    for (const c of t.columns) {
      if (!(c.name in cols) && c.renamedFrom && c.renamedFrom in cols && !wantedCols.has(c.renamedFrom)) {
        steps.push({ op: 'renameColumn', table: t.name, from: c.renamedFrom, to: c.name });
        cols[c.name] = cols[c.renamedFrom];
        delete cols[c.renamedFrom];
      }
      const have = cols[c.name];
      if (!have) {
        steps.push({ op: 'addColumn', table: t.name, column: c });
        if (!foreignKeysInline(dialect) && c.references) late.push(fk(t, c));
      } else if (storageKey(have) !== storageKey(c.storage)) {
        steps.push({ op: 'changeType', table: t.name, column: c.name, from: have, to: c.storage, safe: isSafeCast(have, c.storage) });
      }
    }
    const wantedIdx = new Map(t.indexes.map((i) => [i.name, i]));
    const changedCols = new Set(steps.filter((s) => s.op === 'changeType' && s.table === t.name).map((s) => (s as { column: string }).column));
    for (const [name, ix] of Object.entries(current.indexes)) {
      const w = wantedIdx.get(name);
      const same = w && w.unique === ix.unique && w.columns.join() === ix.columns.join() && !ix.columns.some((c) => changedCols.has(c));
      if (!same) steps.unshift({ op: 'dropIndex', table: t.name, name });
      else wantedIdx.delete(name);
    }
    for (const ix of wantedIdx.values()) late.push({ op: 'createIndex', table: t.name, index: ix });
    if (destructive) {
      for (const name of Object.keys(cols)) {
        if (name !== 'id' && !wantedCols.has(name)) steps.push({ op: 'dropColumn', table: t.name, column: name, destructive: true });
      }
    }
  }
  if (destructive) {
    for (const name of existing.keys()) {
      if (!wanted.has(name) && !BOOKKEEPING_TABLES.has(name)) steps.push({ op: 'dropTable', table: name, destructive: true });
    }
  }
  return { snapshotHash: hashSnapshot(snapshot), steps: [...steps, ...late] };
}

const previousNames = (t: DesiredTable): string[] => [...(t.renamedFrom ? [t.renamedFrom] : []), ...(t.formerNames ?? [])];

function fk(t: DesiredTable, c: DesiredColumn): Step {
  const onDelete = t.kind === 'join' ? 'cascade' : c.references === '_users' ? 'set-null' : 'no-action';
  return { op: 'addForeignKey', table: t.name, column: c.name, references: c.references!, onDelete };
}

/** Columns and tables the database has but the app no longer defines (kept until a destructive apply). */
export function orphans({ snapshot, desired }: { snapshot: Snapshot; desired: DesiredTable[] }): string[] {
  const out: string[] = [];
  const byName = new Map(desired.map((t) => [t.name, t]));
  const renamedTables = new Set(desired.filter((t) => !(t.name in snapshot.tables)).flatMap(previousNames));
  for (const [name, t] of Object.entries(snapshot.tables)) {
    if (BOOKKEEPING_TABLES.has(name) || renamedTables.has(name)) continue;
    const d = byName.get(name);
    if (!d) {
      out.push(`table ${name}`);
      continue;
    }
    const renamed = new Set(d.columns.map((c) => c.renamedFrom).filter(Boolean));
    for (const col of Object.keys(t.columns)) {
      if (col !== 'id' && !renamed.has(col) && !d.columns.some((c) => c.name === col)) out.push(`column ${name}.${col}`);
    }
  }
  return out;
}

export function describeStep(s: Step): string {
  switch (s.op) {
    case 'createTable': return `create table ${s.table} (${s.columns.map((c) => `${c.name} ${storageKey(c.storage)}`).join(', ')})`;
    case 'renameTable': return `rename table ${s.from} → ${s.to} (data kept)`;
    case 'addColumn': return `add column ${s.table}.${s.column.name} ${storageKey(s.column.storage)}`;
    case 'renameColumn': return `rename column ${s.table}.${s.from} → ${s.to} (data kept)`;
    case 'changeType': return `change type of ${s.table}.${s.column}: ${storageKey(s.from)} → ${storageKey(s.to)}${s.safe ? '' : ' (UNSAFE: refused unless the column is empty)'}`;
    case 'addForeignKey': return `add foreign key ${s.table}.${s.column} → ${s.references}(id)`;
    case 'createIndex': return `create ${s.index.unique ? 'unique ' : ''}index ${s.index.name} on ${s.table} (${s.index.columns.join(', ')})`;
    case 'dropIndex': return `drop index ${s.name}`;
    case 'dropColumn': return `DROP column ${s.table}.${s.column} (destructive: data is deleted)`;
    case 'dropTable': return `DROP table ${s.table} (destructive: data is deleted)`;
  }
}
