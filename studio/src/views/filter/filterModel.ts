// The visual filter builder's model and its translation to the one filter AST (architecture §3).
// Pure functions: the builder edits a tree of groups and conditions; toAst() writes the JSON the
// API takes. Half-filled conditions are left out, so a row being typed never breaks the list.
import type { FieldMeta } from '../../api/types.js';

export type FilterAst = { [key: string]: unknown };

export interface Cond { kind: 'cond'; id: string; path: string; op: string; value: unknown }
export interface Group { kind: 'group'; id: string; join: 'and' | 'or'; items: FilterNode[] }
export interface Quant { kind: 'quant'; id: string; path: string; q: 'some' | 'none' | 'every'; group: Group }
export type FilterNode = Cond | Group | Quant;

let seq = 0;
export const newId = (): string => `n${++seq}`;
export const emptyGroup = (join: 'and' | 'or' = 'and'): Group => ({ kind: 'group', id: newId(), join, items: [] });

/** Operators that take no value from the user (the builder writes `true`/`false` itself). */
export const NO_VALUE_OPS = new Set(['isNull', 'notNull', 'today', 'thisWeek', 'thisMonth', 'thisQuarter', 'thisYear']);
export const DATE_RELATIVE = ['today', 'thisWeek', 'thisMonth', 'thisQuarter', 'thisYear'];
export const QUANTIFIERS = ['some', 'none', 'every'] as const;

/** The operators the builder offers for a field: the API's list, with "is not empty" split out of isNull. */
export function builderOperators(field: FieldMeta): string[] {
  const ops = field.operators.filter((o) => !(QUANTIFIERS as readonly string[]).includes(o));
  return ops.flatMap((o) => (o === 'isNull' ? ['isNull', 'notNull'] : [o]));
}

const isBlank = (v: unknown): boolean => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);

function condToAst(c: Cond): FilterAst | null {
  if (!c.path || !c.op) return null;
  if (c.op === 'isNull') return { [c.path]: { isNull: true } };
  if (c.op === 'notNull') return { [c.path]: { isNull: false } };
  if (DATE_RELATIVE.includes(c.op)) return { [c.path]: { [c.op]: true } };
  if (c.op === 'between') {
    const [lo, hi] = Array.isArray(c.value) ? c.value : [];
    return isBlank(lo) || isBlank(hi) ? null : { [c.path]: { between: [lo, hi] } };
  }
  if (c.op === 'inLast' || c.op === 'inNext') {
    const v = c.value as { n?: number; unit?: string } | undefined;
    return v && Number.isInteger(v.n) && (v.n as number) > 0 && v.unit ? { [c.path]: { [c.op]: { n: v.n, unit: v.unit } } } : null;
  }
  if (isBlank(c.value)) return null;
  return { [c.path]: { [c.op]: c.value } };
}

export function toAst(node: FilterNode): FilterAst | null {
  if (node.kind === 'cond') return condToAst(node);
  if (node.kind === 'quant') {
    const inner = toAst(node.group);
    // "has none" with no condition means "has no related records"; some/every need a condition.
    if (!inner) return node.q === 'none' ? { [node.path]: { none: { id: { isNull: false } } } } : null;
    return { [node.path]: { [node.q]: inner } };
  }
  const items = node.items.map(toAst).filter((x): x is FilterAst => x !== null);
  if (items.length === 0) return null;
  if (items.length === 1) return items[0];
  return { [node.join]: items };
}

/** How many complete conditions the tree holds (the badge on the Filter button). */
export function countConditions(node: FilterNode): number {
  if (node.kind === 'cond') return condToAst(node) ? 1 : 0;
  if (node.kind === 'quant') return toAst(node) ? 1 : 0;
  return node.items.reduce((n, i) => n + countConditions(i), 0);
}

/** Immutable update of one node by id. */
export function updateNode(root: Group, id: string, fn: (n: FilterNode) => FilterNode | null): Group {
  const walk = (n: FilterNode): FilterNode | null => {
    if (n.id === id) return fn(n);
    if (n.kind === 'group') return { ...n, items: n.items.map(walk).filter((x): x is FilterNode => x !== null) };
    if (n.kind === 'quant') {
      const g = walk(n.group);
      return g && g.kind === 'group' ? { ...n, group: g } : n;
    }
    return n;
  };
  return walk(root) as Group;
}

/** The value a condition starts with when its operator changes (keeps what still fits). */
export function defaultValue(op: string, previous: unknown): unknown {
  if (NO_VALUE_OPS.has(op)) return undefined;
  if (op === 'in' || op === 'nin') return Array.isArray(previous) ? previous : isBlank(previous) || typeof previous === 'object' ? [] : [previous];
  if (op === 'between') return Array.isArray(previous) && previous.length === 2 ? previous : [undefined, undefined];
  if (op === 'inLast' || op === 'inNext') return { n: 30, unit: 'day' };
  if (Array.isArray(previous)) return previous[0];
  if (previous && typeof previous === 'object' && !('$var' in previous)) return undefined;
  return previous;
}

/** Decimal-valued field types travel as strings on the wire (§10.3). */
export function isDecimal(f: FieldMeta): boolean {
  const t = f.type === 'formula' || f.type === 'rollup' ? f.resultType ?? 'number' : f.type;
  return t === 'currency' || t === 'percent' || (t === 'number' && f.scale !== undefined);
}

export function isNumeric(f: FieldMeta): boolean {
  const t = f.type === 'formula' || f.type === 'rollup' ? f.resultType ?? 'number' : f.type;
  return ['integer', 'number', 'currency', 'percent', 'rating', 'rollup'].includes(t);
}
