// fast-check arbitraries for the fuzz suite. Everything is derived from a compiled app (the mini
// fixture by default), so filters, payloads and query strings name real entities, fields, options
// and relation paths most of the time, and a share of each is mutated into junk.
import fc, { type Arbitrary } from 'fast-check';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CompiledApp } from '../../runtime/compile/compileApp.js';
import type { Field } from '../../runtime/definition/types.generated.js';
import { type FileKind, loadApp, type RawApp, type RawFile } from '../../runtime/definition/load.js';
import { FILTER_VARIABLES, LIST_VARIABLES, type FilterUser, type FilterVars } from '../../runtime/query/filter.js';
import type { EntityInfo, FieldInfo, ModelInfo } from '../../runtime/query/model.js';
import { LIST_PARAMS } from '../../runtime/records/query.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const APP_DIRS = {
  mini: join(ROOT, 'test', 'fixtures', 'apps', 'mini'),
  secure: join(ROOT, 'test', 'fixtures', 'apps', 'secure'),
  sales: join(ROOT, 'examples', 'sales-crm'),
} as const;
export type BaseApp = keyof typeof APP_DIRS;

// ---------------------------------------------------------------------------------------------
// JSON helpers: cloning and mutating trees that may hold own "__proto__" keys.

const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Sets an own enumerable property, also for "__proto__" (plain assignment would set the prototype). */
export function setOwn(obj: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Deep copy that keeps own "__proto__" keys as data. Iterative: any depth is safe. */
export function cloneJson<T>(v: T): T {
  if (v === null || typeof v !== 'object') return v;
  const root: unknown = Array.isArray(v) ? [] : {};
  const todo: [unknown, unknown][] = [[v, root]];
  while (todo.length > 0) {
    const [from, to] = todo.pop()!;
    for (const k of Object.keys(from as object)) {
      const x = (from as Record<string, unknown>)[k];
      let copy: unknown = x;
      if (x !== null && typeof x === 'object') {
        copy = Array.isArray(x) ? [] : {};
        todo.push([x, copy]);
      }
      if (Array.isArray(to)) to[Number(k)] = copy;
      else setOwn(to as Record<string, unknown>, k, copy);
    }
  }
  return root as T;
}

export type Mutation =
  | { kind: 'replace'; value: unknown }
  | { kind: 'delete' }
  | { kind: 'rename'; key: string }
  | { kind: 'duplicate'; key: string }
  | { kind: 'retype' }
  | { kind: 'wrap'; how: 'array' | 'not' | 'and' | 'object'; depth: number }
  | { kind: 'huge'; how: 'array' | 'and' | 'keys'; n: number }
  | { kind: 'proto'; key: '__proto__' | 'constructor' | 'prototype' };

interface Slot { parent: Record<string, unknown> | unknown[] | null; key: string | number; value: unknown }

function slots(root: unknown, limit = 2000): Slot[] {
  const out: Slot[] = [{ parent: null, key: '', value: root }];
  for (let i = 0; i < out.length && out.length < limit; i++) {
    const v = out[i].value;
    if (Array.isArray(v)) v.slice(0, 50).forEach((x, j) => out.push({ parent: v, key: j, value: x }));
    else if (isObj(v)) for (const k of Object.keys(v).slice(0, 50)) out.push({ parent: v, key: k, value: v[k] });
  }
  return out;
}

function retype(v: unknown): unknown {
  if (Array.isArray(v)) return Object.fromEntries(v.map((x, i) => [String(i), x]));
  if (isObj(v)) return Object.values(v);
  if (typeof v === 'string') return v === '' ? 0 : Number.isNaN(Number(v)) ? [v] : Number(v);
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 'true' : 0;
  return {};
}

function mutated(value: unknown, m: Mutation): unknown {
  switch (m.kind) {
    case 'replace': return cloneJson(m.value);
    case 'retype': return retype(value);
    case 'wrap': {
      let out = value;
      for (let i = 0; i < m.depth; i++) out = m.how === 'array' ? [out] : m.how === 'not' ? { not: out } : m.how === 'and' ? { and: [out] } : { x: out };
      return out;
    }
    case 'huge': {
      // Many copies of a small node; a big node (or an earlier huge one) gets few, so cases stay bounded.
      const n = slots(value, 50).length > 20 ? Math.min(m.n, 3) : m.n;
      if (m.how === 'keys') return Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, value]));
      return m.how === 'array' ? Array.from({ length: n }, () => value) : { and: Array.from({ length: n }, () => value) };
    }
    case 'proto': {
      const out: Record<string, unknown> = isObj(value) ? cloneJson(value) : { value };
      setOwn(out, m.key, m.key === 'constructor' ? { prototype: { polluted: 'yes' } } : { polluted: 'yes' });
      return out;
    }
    default: return value;
  }
}

/** Applies one mutation at the node numbered `at` (breadth-first); returns the new root. The input is not changed. */
export function applyMutation(root: unknown, at: number, m: Mutation): unknown {
  const copy = cloneJson(root);
  const all = slots(copy);
  const slot = all[at % all.length];
  const { parent, key } = slot;
  if (parent === null) {
    if (m.kind === 'delete' || m.kind === 'rename' || m.kind === 'duplicate') return isObj(copy) ? {} : [];
    return mutated(copy, m);
  }
  if (Array.isArray(parent)) {
    const i = key as number;
    if (m.kind === 'delete') parent.splice(i, 1);
    else if (m.kind === 'duplicate') parent.splice(i, 0, cloneJson(parent[i]));
    else if (m.kind === 'rename') parent[i] = { [m.key]: parent[i] };
    else parent[i] = mutated(parent[i], m);
    return copy;
  }
  const k = key as string;
  if (m.kind === 'delete') delete parent[k];
  else if (m.kind === 'duplicate') setOwn(parent, m.key, cloneJson(parent[k]));
  else if (m.kind === 'rename') {
    const entries = Object.keys(parent).map((x) => [x === k ? m.key : x, parent[x]] as const);
    for (const x of Object.keys(parent)) delete parent[x];
    for (const [x, v] of entries) setOwn(parent, x, v);
  } else setOwn(parent, k, mutated(parent[k], m));
  return copy;
}

/** JSON-like text of any value, bounded: deep levels become "…", long strings and arrays are cut. */
export function preview(value: unknown, max = 1500): string {
  let out = '';
  const walk = (v: unknown, depth: number): void => {
    if (out.length > max) return;
    if (typeof v === 'string') out += JSON.stringify(v.length > 200 ? `${v.slice(0, 200)}…(${v.length} chars)` : v);
    else if (typeof v === 'number' || typeof v === 'boolean' || v === null) out += String(v);
    else if (v === undefined) out += 'undefined';
    else if (typeof v === 'bigint') out += `${v}n`;
    else if (v instanceof Date) out += `Date(${Number.isNaN(v.getTime()) ? 'invalid' : v.toISOString()})`;
    else if (typeof v !== 'object') out += typeof v;
    else if (depth > 40) out += Array.isArray(v) ? '[…]' : '{…}';
    else if (Array.isArray(v)) {
      out += '[';
      v.slice(0, 30).forEach((x, i) => { if (i) out += ','; walk(x, depth + 1); });
      out += v.length > 30 ? `,…(${v.length} items)]` : ']';
    } else {
      out += '{';
      Object.keys(v).slice(0, 30).forEach((k, i) => { if (i) out += ','; out += `${JSON.stringify(k.length > 80 ? `${k.slice(0, 80)}…` : k)}:`; walk((v as Record<string, unknown>)[k], depth + 1); });
      out += '}';
    }
  };
  walk(value, 0);
  return out.length > max ? `${out.slice(0, max)}…` : out;
}

/** Makes fast-check print a (possibly huge or deep) case in at most `max` characters. */
export function compactPrint<T extends object>(value: T, max = 1500): T {
  Object.defineProperty(value, fc.toStringMethod, { enumerable: false, value: () => preview(value, max) });
  return value;
}

// ---------------------------------------------------------------------------------------------
// Scalars: valid-ish and nasty.

export const NASTY_STRINGS = [
  '', ' ', '  padded  ', '%', '_', '\\', '%_\\', '*', '?', '[', '[a-z]', "'", '"', '`', "'; DROP TABLE company; --", '?? ?',
  '\u0000', 'a\u0000b', '\uD800', '\uDFFF', 'x\uD83D', '😀', '👨‍👩‍👧', '上海星辰', 'Ǆǅǆ', 'İı', 'ß', 'ﬃ', 'Ω', 'ÉCOLE', '\u202Eevil', '\u200B', '\t\n\r',
  'NaN', '-NaN', 'Infinity', '-Infinity', '1e309', '-1e309', '-0', '+1', '0x1F', '0b11', '1_000', '1,000', ' 12 ', '１２', '٣', '1e3', '.5', '5.', '00012',
  'null', 'true', 'false', 'undefined', '[object Object]', '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '$var',
  '{"$var":"now"}', '{}', '[]', '2026-02-30', '2026-02-29', '2024-02-29', '2026-13-01', '2026-04-31', '0000-00-00', '0000-01-01', '9999-12-31',
  '2026-12-31T23:59:60Z', '2026-01-01T24:00:00Z', '2026-01-01T10:00:00+14:00', '2026-01-01T10:00:00-12:00', '+275760-09-13T00:00:00.000Z',
  '-271821-04-20T00:00:00.000Z', '1970-01-01T00:00:00.000Z', '2026-01-01 10:00', '2026-1-1', 'today', 'now', 'user.id', 'a.b.c', '../../etc/passwd',
];

const repeatTo = (unit: string, n: number): string => unit.repeat(Math.ceil(n / unit.length)).slice(0, n);
export const longString: Arbitrary<string> = fc
  .tuple(fc.constantFrom(64, 101, 255, 256, 1000, 1001, 4096, 16_385, 100_000), fc.constantFrom('x', 'é', '😀', '%', 'a\u0000', '上'))
  .map(([n, unit]) => repeatTo(unit, n));

export const nastyString: Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 20 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
  { weight: 3, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 1, arbitrary: longString },
);

export const NASTY_NUMBERS = [
  0, -0, 1, -1, 0.1, 0.5, 1e-7, 5e-324, 1e15, 1e16, 1e21, 1e308, -1e308, 2 ** 31, 2 ** 53, 2 ** 53 + 2, -(2 ** 53), 2 ** 63, 2 ** 64,
  Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER, 123456789012345.67, 999999999999999, 1.7976931348623157e308, Number.NaN, Infinity, -Infinity,
];
export const nastyNumber: Arbitrary<number> = fc.oneof(fc.constantFrom(...NASTY_NUMBERS), fc.double(), fc.integer());

/** Any JSON-ish junk: scalars of every kind, arrays, nested objects, variables. */
export const junkValue: Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: nastyString },
  { weight: 2, arbitrary: nastyNumber },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(null, true, false, [], {}, [null], { $var: 'now' }, { $var: 'user.subordinates' }, { n: 1 }, { a: { b: { c: [] } } }) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2, stringUnit: 'binary' }) },
);

const ISO_MIN = new Date('0000-01-01T00:00:00.000Z');
const ISO_MAX = new Date('9999-12-31T23:59:59.999Z');
const realisticDate = fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2100-12-31T23:59:59Z'), noInvalidDate: true });
const anyIsoDate = fc.date({ min: ISO_MIN, max: ISO_MAX, noInvalidDate: true });

export const dateValue: Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: realisticDate.map((d) => d.toISOString().slice(0, 10)) },
  { weight: 2, arbitrary: anyIsoDate.map((d) => d.toISOString().slice(0, 10)) },
  { weight: 2, arbitrary: fc.constantFrom('2026-02-29', '2024-02-29', '2026-02-30', '2026-04-31', '2026-13-01', '0000-01-01', '0001-01-01', '9999-12-31', '1970-01-01') },
);

export const datetimeValue: Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: realisticDate.map((d) => d.toISOString()) },
  { weight: 2, arbitrary: anyIsoDate.map((d) => d.toISOString()) },
  {
    weight: 2,
    arbitrary: fc.tuple(realisticDate, fc.constantFrom('noms', 'noz', 'offset', 'space', 'dateonly', 'negoffset')).map(([d, how]) => {
      const iso = d.toISOString();
      switch (how) {
        case 'noms': return iso.replace(/\.\d{3}Z$/, 'Z');
        case 'noz': return iso.slice(0, 19);
        case 'offset': return `${iso.slice(0, 19)}+08:00`;
        case 'negoffset': return `${iso.slice(0, 19)}-11:30`;
        case 'space': return iso.slice(0, 19).replace('T', ' ');
        default: return iso.slice(0, 10);
      }
    }),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom('2026-12-31T23:59:60Z', '2016-12-31T23:59:60Z', '2026-01-01T24:00:00Z', '0000-01-01T00:00:00Z', '0001-01-01T00:00:00+01:00', '9999-12-31T23:59:59-01:00',
      '2026-02-30T10:00:00Z', '2026-01-01t10:00:00z', '2026-01-01T10:00:00+08', '2026-01-01T10:00:00+0800', '2026-01-01T10:00:00.123456789Z'),
  },
);

const decimalString = (scale: number): Arbitrary<string> =>
  fc.tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 999_999_999_999n }), fc.integer({ min: 0, max: 10 ** Math.min(scale, 6) - 1 }))
    .map(([neg, i, f]) => `${neg ? '-' : ''}${i}${scale > 0 ? `.${String(f).padStart(scale, '0')}` : ''}`);

export const decimalValue = (scale: number): Arbitrary<string | number> => fc.oneof(
  { weight: 4, arbitrary: decimalString(scale) },
  { weight: 2, arbitrary: fc.integer({ min: -1_000_000, max: 1_000_000 }) },
  { weight: 1, arbitrary: fc.double({ min: -1e9, max: 1e9, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom<string | number>('0', '0.00', '-0', '100.5', '999999999999999', '9999999999999.99', '1e3', ' 12.50 ', '12.345', '.5', '5.', '-0.001', 1e15, 1e16) },
);

const idValue: Arbitrary<number> = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 1, max: 12 }) },
  { weight: 1, arbitrary: fc.constantFrom(0, -1, 2 ** 31, Number.MAX_SAFE_INTEGER, 2 ** 53 + 2) },
);
/** Ids that mostly exist in the seeded fixtures (≥ 4 rows per entity, 3 users). */
const existingId = (max: number): Arbitrary<number> => fc.oneof({ weight: 12, arbitrary: fc.integer({ min: 1, max }) }, { weight: 1, arbitrary: idValue });

// ---------------------------------------------------------------------------------------------
// (a) Filters.

export const ALL_OPERATORS = [
  'eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'nin', 'contains', 'startsWith', 'endsWith', 'isNull', 'between', 'inLast', 'inNext',
  'today', 'thisWeek', 'thisMonth', 'thisQuarter', 'thisYear', 'some', 'every', 'none',
];
const PERIOD_OPS = ['today', 'thisWeek', 'thisMonth', 'thisQuarter', 'thisYear'];

/** A valid-ish scalar for a field as the filter language sees it (wire form). */
export function filterScalar(f: FieldInfo): Arbitrary<unknown> {
  if (f.options && f.type === 'select') return fc.constantFrom(...f.options);
  if (f.relation) return idValue;
  switch (f.storage?.kind) {
    case 'text': return fc.oneof({ weight: 4, arbitrary: fc.string({ maxLength: 12 }) }, { weight: 1, arbitrary: nastyString });
    case 'integer': case 'bigint': return fc.oneof(fc.integer({ min: -1000, max: 100_000 }), fc.maxSafeInteger(), fc.integer().map(String), fc.constantFrom(2 ** 31 - 1, 2 ** 31, -(2 ** 31), -(2 ** 31) - 1, 2 ** 53, '2147483648'));
    case 'real': return fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer({ min: -100, max: 100 }));
    case 'decimal': return decimalValue(f.storage.scale ?? 0);
    case 'boolean': return fc.boolean();
    case 'date': return dateValue;
    case 'datetime': return datetimeValue;
    default: return junkValue;
  }
}

export const variableOperand: Arbitrary<unknown> = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...FILTER_VARIABLES).map(($var) => ({ $var })) },
  { weight: 1, arbitrary: fc.constantFrom(...LIST_VARIABLES).map(($var) => ({ $var })) },
  { weight: 1, arbitrary: nastyString.map(($var) => ({ $var })) },
);
const listVariable = fc.constantFrom(...LIST_VARIABLES).map(($var) => ({ $var }));

function operandFor(f: FieldInfo, op: string): Arbitrary<unknown> {
  const scalar = fc.oneof({ weight: 9, arbitrary: filterScalar(f) }, { weight: 1, arbitrary: variableOperand });
  switch (op) {
    case 'eq': case 'ne': case 'gt': case 'gte': case 'lt': case 'lte': return scalar;
    case 'in': case 'nin':
      if (f.type === 'multiselect' && f.options) return fc.uniqueArray(fc.constantFrom(...f.options), { minLength: 1, maxLength: 3 });
      if (f.type === 'tags') return fc.array(fc.oneof(fc.constantFrom('vip', 'new', 'b2b', 'Vip'), fc.string({ minLength: 1, maxLength: 8 })), { minLength: 1, maxLength: 4 });
      return fc.oneof({ weight: 9, arbitrary: fc.array(scalar, { minLength: 1, maxLength: 5 }) }, { weight: f.relation ? 3 : 1, arbitrary: listVariable });
    case 'contains': case 'startsWith': case 'endsWith':
      return fc.oneof({ weight: 6, arbitrary: fc.string({ minLength: 1, maxLength: 10 }) }, { weight: 3, arbitrary: nastyString }, { weight: 1, arbitrary: variableOperand });
    case 'isNull': return fc.boolean();
    case 'between': return fc.tuple(scalar, scalar);
    case 'inLast': case 'inNext':
      return fc.record({ n: fc.oneof(fc.integer({ min: 1, max: 400 }), fc.integer({ min: 1, max: 10_000 })), unit: fc.constantFrom('day', 'week', 'month', 'year') });
    default: return PERIOD_OPS.includes(op) ? fc.constant(true) : junkValue;
  }
}

interface PathInfo { path: string; field: FieldInfo }

/** Every field path of an entity: its own fields and, through many-to-one hops (≤ 3), theirs. */
export function fieldPaths(model: ModelInfo, entity: string, maxHops = 3): { direct: PathInfo[]; dotted: PathInfo[] } {
  const direct: PathInfo[] = [];
  const dotted: PathInfo[] = [];
  const walk = (e: EntityInfo, prefix: string, hops: number): void => {
    for (const f of e.fields.values()) {
      const path = prefix ? `${prefix}.${f.name}` : f.name;
      (prefix ? dotted : direct).push({ path, field: f });
      if (f.relation?.cardinality === 'many-to-one' && hops < maxHops) {
        const t = model.entity(f.relation.target);
        if (t) walk(t, path, hops + 1);
      }
    }
  };
  const root = model.entity(entity);
  if (root) walk(root, '', 0);
  return { direct, dotted };
}

const isToMany = (f: FieldInfo): boolean => !!f.relation && f.relation.cardinality !== 'many-to-one';

/** Valid-ish filters for an entity of a model: nested and/or/not, dotted paths, some/every/none. */
export class FilterArbitraries {
  private cache = new Map<string, Arbitrary<unknown>>();
  constructor(readonly model: ModelInfo) {}

  private pathArb(entity: string, allowToMany: boolean): Arbitrary<PathInfo> {
    const { direct, dotted } = fieldPaths(this.model, entity);
    const keep = (p: PathInfo): boolean => allowToMany || !isToMany(p.field);
    const d = direct.filter(keep);
    const t = dotted.filter(keep);
    return t.length ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...d) }, { weight: 2, arbitrary: fc.constantFrom(...t) }) : fc.constantFrom(...d);
  }

  private operators(field: FieldInfo, depth: number): Arbitrary<Record<string, unknown>> {
    if (isToMany(field)) {
      const target = field.relation!.target;
      return fc.tuple(fc.constantFrom('some', 'every', 'none'), this.filter(target, Math.max(0, depth - 1))).map(([q, sub]) => ({ [q]: sub }));
    }
    if (field.operators.length === 0) return fc.constant({ isNull: true });
    return fc.uniqueArray(fc.constantFrom(...field.operators), { minLength: 1, maxLength: 2 })
      .chain((ops) => fc.tuple(...ops.map((op) => operandFor(field, op))).map((vals) => Object.fromEntries(ops.map((op, i) => [op, vals[i]]))));
  }

  /** One object of field conditions: {"path": {"op": operand, …}, …}. */
  condition(entity: string, depth: number): Arbitrary<Record<string, unknown>> {
    const entry = this.pathArb(entity, depth > 0).chain((p) => this.operators(p.field, depth).map((ops) => [p.path, ops] as const));
    return fc.array(entry, { minLength: 1, maxLength: 3 }).map((entries) => Object.fromEntries(entries));
  }

  /** A valid-ish filter AST of at most `depth` levels of and/or/not/quantifier nesting. */
  filter(entity: string, depth = 3): Arbitrary<unknown> {
    const key = `${entity}:${depth}`;
    const hit = this.cache.get(key);
    if (hit) return hit;
    let arb: Arbitrary<unknown>;
    if (depth <= 0) arb = this.condition(entity, 0);
    else {
      const sub = fc.constant(null).chain(() => this.filter(entity, depth - 1));
      arb = fc.oneof(
        { weight: 4, arbitrary: this.condition(entity, depth) },
        { weight: 2, arbitrary: fc.array(sub, { minLength: 1, maxLength: 3 }).map((items) => ({ and: items })) },
        { weight: 2, arbitrary: fc.array(sub, { minLength: 1, maxLength: 3 }).map((items) => ({ or: items })) },
        { weight: 1, arbitrary: sub.map((item) => ({ not: item })) },
        { weight: 1, arbitrary: fc.tuple(this.condition(entity, depth), sub).map(([c, f]) => ({ ...c, or: [f] })) },
      );
    }
    this.cache.set(key, arb);
    return arb;
  }

  /** A valid filter with one to three mutations, or a wholly random value. */
  mutatedFilter(entity: string, depth = 3): Arbitrary<unknown> {
    const fieldNames = [...(this.model.entity(entity)?.fields.keys() ?? [])];
    return fc.oneof(
      { weight: 8, arbitrary: fc.tuple(this.filter(entity, depth), fc.array(fc.tuple(fc.nat(), mutationArb(filterKeys(fieldNames), this.filter(entity, 1))), { minLength: 1, maxLength: 3 }))
        .map(([f, ms]) => ms.reduce<unknown>((acc, [at, m]) => applyMutation(acc, at, m), f)) },
      { weight: 1, arbitrary: junkValue },
      { weight: 1, arbitrary: fc.constantFrom<unknown>(...FILTER_SPECIALS) },
    );
  }

  /** Mostly valid filters (≈ 75 %), the rest mutated. */
  anyFilter(entity: string, depth = 3): Arbitrary<unknown> {
    return fc.oneof({ weight: 3, arbitrary: this.filter(entity, depth) }, { weight: 1, arbitrary: this.mutatedFilter(entity, depth) });
  }
}

const protoObject = (key: string, value: unknown): Record<string, unknown> => {
  const o: Record<string, unknown> = {};
  setOwn(o, key, value);
  return o;
};
const deep = (n: number, leaf: unknown, wrap: (x: unknown) => unknown): unknown => {
  let out = leaf;
  for (let i = 0; i < n; i++) out = wrap(out);
  return out;
};

/** Hand-written edge cases for the filter language. */
export const FILTER_SPECIALS: unknown[] = [
  {}, [], null, 'x', 0, { and: [] }, { or: [] }, { not: {} }, { and: {} }, { not: [] },
  protoObject('__proto__', { polluted: 'yes' }), { name: protoObject('__proto__', { polluted: 'yes' }) }, { constructor: { prototype: { polluted: 'yes' } } },
  { name: { eq: null } }, { name: { in: [] } }, { name: { in: Array.from({ length: 1001 }, (_, i) => `n${i}`) } },
  { name: { contains: '' } }, { name: { contains: 'x'.repeat(1001) } }, { id: { between: [1] } }, { id: { between: [1, 2, 3] } },
  { founded: { inLast: { n: 0, unit: 'day' } } }, { founded: { inLast: { n: 10_000, unit: 'year' } } }, { founded: { inNext: { n: 10_000, unit: 'year' } } },
  { created_at: { inLast: { n: 10_000, unit: 'year' } } }, { created_at: { inNext: { n: 10_000, unit: 'year' } } }, { founded: { inLast: { n: 1.5, unit: 'day' } } },
  { founded: { today: false } }, { name: { $var: 'now' } }, { name: { eq: { $var: 'constructor' } } }, { id: { in: { $var: 'user.subordinates' } } },
  deep(11, { id: { gt: 0 } }, (x) => ({ not: x })), deep(200, { id: { gt: 0 } }, (x) => ({ and: [x] })), deep(2000, { id: { gt: 0 } }, (x) => ({ not: x })),
  { and: Array.from({ length: 201 }, () => ({ id: { gt: 0 } })) }, Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`f${i}`, { eq: 1 }])),
  { 'a.b.c.d.e': { eq: 1 } }, { 'company.deals.title': { eq: 'x' } }, { 'owner.manager.manager.manager.email': { eq: 'x' } }, { '': { eq: 1 } },
  { deals: { some: {} } }, { deals: { eq: 1 } }, { deals: { some: { company: { some: { id: { gt: 0 } } } } } },
];

const filterKeys = (fieldNames: string[]): Arbitrary<string> => fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...ALL_OPERATORS, ...fieldNames, 'and', 'or', 'not', '$var', 'n', 'unit') },
  { weight: 1, arbitrary: fc.constantFrom('__proto__', 'constructor', 'prototype', '', 'toString', 'hasOwnProperty', 'Name', 'name.', '.name', 'a'.repeat(70), 'company..name', '~0', 'a/b') },
  { weight: 1, arbitrary: nastyString },
);

/** Generic tree mutations; `keys` are names used for renames and duplicates, `extra` feeds replacements. */
export function mutationArb(keys: Arbitrary<string>, extra: Arbitrary<unknown> = junkValue): Arbitrary<Mutation> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.oneof(junkValue, extra).map((value): Mutation => ({ kind: 'replace', value })) },
    { weight: 2, arbitrary: fc.constant<Mutation>({ kind: 'delete' }) },
    { weight: 2, arbitrary: keys.map((key): Mutation => ({ kind: 'rename', key })) },
    { weight: 1, arbitrary: keys.map((key): Mutation => ({ kind: 'duplicate', key })) },
    { weight: 2, arbitrary: fc.constant<Mutation>({ kind: 'retype' }) },
    { weight: 1, arbitrary: fc.record({ how: fc.constantFrom('array', 'not', 'and', 'object'), depth: fc.oneof(fc.integer({ min: 1, max: 12 }), fc.constantFrom(50, 101, 1000)) }).map((w): Mutation => ({ kind: 'wrap', ...w })) },
    { weight: 1, arbitrary: fc.record({ how: fc.constantFrom('array', 'and', 'keys'), n: fc.constantFrom(2, 201, 1001) }).map((h): Mutation => ({ kind: 'huge', ...h })) },
    { weight: 1, arbitrary: fc.constantFrom('__proto__', 'constructor', 'prototype').map((key): Mutation => ({ kind: 'proto', key })) },
  );
}

/** Variables the filter evaluators are given: a realistic clock and a user or none. */
export const filterVarsArb: Arbitrary<FilterVars> = fc.record({
  now: fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2090-12-31T23:59:59Z'), noInvalidDate: true }),
  user: fc.option(fc.record({
    id: fc.integer({ min: 1, max: 10 }),
    email: fc.option(fc.emailAddress(), { nil: undefined }),
    name: fc.option(fc.string(), { nil: undefined }),
    team: fc.option(fc.constantFrom('east', 'west', ''), { nil: undefined }),
    department: fc.option(fc.string({ maxLength: 5 }), { nil: undefined }),
    subordinates: fc.option(fc.array(fc.integer({ min: 1, max: 10 }), { maxLength: 4 }), { nil: undefined }),
    teamMembers: fc.option(fc.array(fc.integer({ min: 1, max: 10 }), { maxLength: 4 }), { nil: undefined }),
  }).map((u): FilterUser => u), { nil: null }),
});

/** Wire-format records with the relations expanded (nested records, arrays of records), as the
 *  in-memory predicate needs them. Beyond `depth` to-one relations are null and to-many are []. */
export function expandedRecordArb(model: ModelInfo, entity: string, depth = 3): Arbitrary<Record<string, unknown>> {
  const e = model.entity(entity);
  if (!e) return fc.constant({});
  const parts: Record<string, Arbitrary<unknown>> = {};
  for (const f of e.fields.values()) {
    if (f.relation) {
      const target = f.relation.target;
      if (f.relation.cardinality === 'many-to-one') {
        parts[f.name] = depth > 0 ? fc.option(fc.constant(null).chain(() => expandedRecordArb(model, target, depth - 1)), { nil: null, freq: 3 }) : fc.constant(null);
      } else {
        parts[f.name] = depth > 0 ? fc.array(fc.constant(null).chain(() => expandedRecordArb(model, target, depth - 1)), { maxLength: 2 }) : fc.constant([]);
      }
      continue;
    }
    let value: Arbitrary<unknown>;
    if (f.type === 'multiselect' && f.options) value = fc.uniqueArray(fc.constantFrom(...f.options), { maxLength: 3 });
    else if (f.type === 'tags') value = fc.uniqueArray(fc.constantFrom('vip', 'new', 'b2b', 'Vip', 'x'), { maxLength: 3 });
    else if (f.storage?.kind === 'json') value = fc.jsonValue({ maxDepth: 2 });
    else if (f.storage?.kind === 'decimal') value = decimalString(f.storage.scale ?? 0);
    else value = filterScalar(f);
    parts[f.name] = f.type === 'multiselect' || f.type === 'tags' ? value : fc.option(value, { nil: null, freq: 4 });
  }
  return fc.record(parts);
}

// ---------------------------------------------------------------------------------------------
// (b) Definition files.

export interface DefinitionCase {
  base: BaseApp;
  edits: DefinitionEdit[];
}
export type DefinitionEdit =
  | { op: 'mutate'; file: number; at: number; mutation: Mutation }
  | { op: 'drop'; file: number }
  | { op: 'duplicate'; file: number }
  | { op: 'rekind'; file: number; kind: FileKind }
  | { op: 'add'; kind: FileKind; json: unknown }
  | { op: 'field'; file: number; field: number; set: [string, unknown][] };

const baseCache = new Map<BaseApp, RawApp>();
/** The fixture's files as the loader reads them (cached; never changed: edits work on copies). */
export function baseRawApp(base: BaseApp): RawApp {
  let raw = baseCache.get(base);
  if (!raw) {
    const loaded = loadApp({ dir: APP_DIRS[base] });
    if (loaded.problems.length) throw new Error(`fixture ${base} does not load: ${JSON.stringify(loaded.problems)}`);
    raw = loaded.raw;
    baseCache.set(base, raw);
  }
  return raw;
}

/** Materializes a definition case into the RawApp that validateApp takes. */
export function buildRawApp(c: DefinitionCase): RawApp {
  const base = baseRawApp(c.base);
  const files: RawFile[] = base.files.map((f) => ({ ...f }));
  for (const edit of c.edits) {
    if (edit.op === 'add') {
      files.push({ kind: edit.kind, file: `${edit.kind}s/fuzz_${files.length}.json`, json: cloneJson(edit.json) });
      continue;
    }
    if (files.length === 0) continue;
    const i = edit.file % files.length;
    const f = files[i];
    switch (edit.op) {
      case 'mutate': files[i] = { ...f, json: applyMutation(f.json, edit.at, edit.mutation) }; break;
      case 'drop': files.splice(i, 1); break;
      case 'duplicate': files.push({ ...f, file: f.file.replace(/\.json$/, '_copy.json'), json: cloneJson(f.json) }); break;
      case 'rekind': files[i] = { ...f, kind: edit.kind }; break;
      case 'field': {
        const json = cloneJson(f.json);
        const fields = isObj(json) && Array.isArray(json.fields) ? json.fields : null;
        if (fields && fields.length) {
          const target = fields[edit.field % fields.length];
          if (isObj(target)) for (const [key, value] of edit.set) setOwn(target, key, cloneJson(value));
        }
        files[i] = { ...f, json };
        break;
      }
    }
  }
  return { dir: base.dir, files };
}

export const FIELD_TYPES = [
  'text', 'longtext', 'richtext', 'email', 'phone', 'url', 'integer', 'number', 'currency', 'percent', 'boolean', 'date', 'datetime', 'select',
  'multiselect', 'relation', 'user', 'formula', 'rollup', 'autonumber', 'json', 'file', 'address', 'rating', 'tags', 'Text', 'string', '',
];
const FILE_KINDS: FileKind[] = ['app', 'entity', 'form', 'view', 'pipeline', 'automation', 'dashboard', 'role'];
const FIELD_KEYS = [
  'name', 'type', 'required', 'unique', 'maxLength', 'minLength', 'pattern', 'min', 'max', 'scale', 'currency', 'options', 'default', 'target',
  'cardinality', 'inverse', 'onDelete', 'expression', 'resultType', 'relation', 'aggregate', 'field', 'filter', 'format', 'renamedFrom', 'label',
  'maxItems', 'schema', 'searchFields', 'titleField', 'indexes', 'matchKeys', 'fields', 'entity', 'sections', 'permissions', '$schema',
];
const NAMEISH = [
  'company', 'deal', 'contact', 'note', 'product', 'account', 'users', '_users', 'id', 'created_at', 'version', '_x', 'Name', 'a'.repeat(63), 'a'.repeat(64),
  'select', 'order', 'group', 'user', 'table', 'x-y', '1abc', 'deal__products', 'company__x', 'amount', 'stage', 'title', 'name', 'deals',
];
const FORMULAS = [
  'amount * probability / 100', '1/0', 'amount *', 'SUM(', '((((1))))', `${'('.repeat(5000)}1${')'.repeat(5000)}`, `${'-'.repeat(20000)}1`, 'amount'.repeat(500),
  'IF(amount > 0, "a", 1)', 'unknown_fn(1)', 'weighted', 'title + 1', 'constructor', '__proto__.x', 'this', 'a.b.c', '"\u0000"', '1 ? 2 : 3', '[1,2,3]', 'x => x',
  'ROUND(amount, 2)', 'CONCAT(title, "x")', 'amount = 1', 'NOW()', 'TODAY()',
];

/** Values for a json field's "schema" (and other places): schemas Ajv can not compile in a record schema. */
const JSON_SCHEMA_JUNK: unknown[] = [
  { type: 'nope' }, { type: 'object', required: ['a'] }, { $ref: 'http://example.com/x.json' }, { $ref: '#/$defs/a' }, { $defs: { a: { type: 'string' } }, $ref: '#/$defs/a' },
  { pattern: '(' }, { minimum: 'x' }, { $id: 'a' }, { format: 'nope' }, { properties: { a: { $ref: '#' } } }, { items: [{}] }, { enum: [] }, { const: null },
];

export function definitionCaseArb(model: ModelInfo): Arbitrary<DefinitionCase> {
  const filters = new FilterArbitraries(model);
  const defValue: Arbitrary<unknown> = fc.oneof(
    { weight: 3, arbitrary: junkValue },
    { weight: 2, arbitrary: fc.constantFrom<unknown>(...FIELD_TYPES, ...NAMEISH, ...FORMULAS, 'many-to-one', 'one-to-many', 'many-to-many', 'cascade', 'restrict', 'set-null', 'count', 'sum', 'avg') },
    { weight: 1, arbitrary: fc.constantFrom<unknown>([], [{ value: 'a' }, { value: 'a' }], [{ value: '' }], [['code'], ['code']], [{ fields: [] }], { en: 'x' }, { fields: ['nope'] }) },
    { weight: 1, arbitrary: fc.constantFrom<unknown>(...JSON_SCHEMA_JUNK, '(', '[', '\\p{Nope}', '^a+$', '(a+)+$', 'today', 'now', 'currentUser') },
    { weight: 1, arbitrary: filters.anyFilter('deal', 2) },
  );
  const keys = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...FIELD_KEYS, ...NAMEISH) }, { weight: 1, arbitrary: nastyString }, { weight: 1, arbitrary: fc.constantFrom('__proto__', 'constructor', 'prototype') });
  const edit: Arbitrary<DefinitionEdit> = fc.oneof(
    { weight: 8, arbitrary: fc.record({ file: fc.nat(), at: fc.nat(), mutation: mutationArb(keys, defValue) }).map((e): DefinitionEdit => ({ op: 'mutate', ...e })) },
    { weight: 6, arbitrary: fc.record({ file: fc.nat(), field: fc.nat(), set: fc.array(fc.tuple(fc.constantFrom(...FIELD_KEYS), defValue), { minLength: 1, maxLength: 3 }) }).map((e): DefinitionEdit => ({ op: 'field', ...e })) },
    { weight: 1, arbitrary: fc.nat().map((file): DefinitionEdit => ({ op: 'drop', file })) },
    { weight: 1, arbitrary: fc.nat().map((file): DefinitionEdit => ({ op: 'duplicate', file })) },
    { weight: 1, arbitrary: fc.record({ file: fc.nat(), kind: fc.constantFrom(...FILE_KINDS) }).map((e): DefinitionEdit => ({ op: 'rekind', ...e })) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constantFrom(...FILE_KINDS), json: fc.oneof(junkValue, fc.constantFrom<unknown>({ name: 'x', fields: [] }, { name: 'v', entity: 'deal' })) }).map((e): DefinitionEdit => ({ op: 'add', ...e })) },
  );
  return fc.record({
    base: fc.constantFrom<BaseApp>('mini', 'mini', 'mini', 'mini', 'secure', 'secure', 'sales'),
    edits: fc.array(edit, { minLength: 0, maxLength: 4 }),
  });
}

// ---------------------------------------------------------------------------------------------
// (c) Record payloads.

/** A valid-ish wire value for a definition field (what a well-meaning client would send). */
export function fieldValueArb(f: Field): Arbitrary<unknown> {
  switch (f.type) {
    case 'text': {
      const max = Math.min(f.maxLength ?? 255, 60);
      return fc.oneof({ weight: 12, arbitrary: fc.string({ minLength: 1, maxLength: max }) }, { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: max }) }, { weight: 1, arbitrary: fc.constantFrom('', ' ', 'x'.repeat(f.maxLength ?? 255), 'x'.repeat((f.maxLength ?? 255) + 1), 'a\u0000b', '😀', '上海星辰', '%_\\') });
    }
    case 'longtext': return fc.oneof(fc.string({ maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 50 }));
    case 'email': return fc.oneof({ weight: 5, arbitrary: fc.emailAddress() }, { weight: 1, arbitrary: fc.constantFrom(' A@B.CO ', 'a@b', 'not-an-email', '') });
    case 'phone': return fc.oneof(fc.stringMatching(/^\+?[0-9 ()./-]{3,20}$/), fc.constantFrom('12', '+86 21 1234 5678', 'abc'));
    case 'url': return fc.oneof({ weight: 4, arbitrary: fc.webUrl() }, { weight: 1, arbitrary: fc.constantFrom('ftp://x', 'javascript:alert(1)', 'http://', 'https://例子.测试/路径') });
    case 'integer': return fc.oneof(fc.integer({ min: f.min ?? -1_000_000, max: f.max ?? 1_000_000 }), fc.maxSafeInteger());
    case 'number': return fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer());
    case 'currency': case 'percent': return decimalValue(f.scale ?? (f.type === 'currency' ? 2 : 0));
    case 'boolean': return fc.boolean();
    case 'date': return dateValue;
    case 'datetime': return datetimeValue;
    case 'select': return fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...f.options.map((o) => o.value)) }, { weight: 1, arbitrary: fc.constantFrom('', 'WON', 'x') });
    case 'multiselect': return fc.oneof({ weight: 5, arbitrary: fc.uniqueArray(fc.constantFrom(...f.options.map((o) => o.value)), { maxLength: f.options.length }) }, { weight: 1, arbitrary: fc.constant(['web', 'web']) });
    case 'tags': return fc.oneof({ weight: 5, arbitrary: fc.uniqueArray(fc.string({ minLength: 1, maxLength: 12 }), { maxLength: 5 }) }, { weight: 1, arbitrary: fc.constantFrom([''], ['x'.repeat(51)], Array.from({ length: 51 }, (_, i) => `t${i}`), ['a\u0000']) });
    case 'relation': return f.cardinality === 'many-to-many' ? fc.uniqueArray(existingId(4), { maxLength: 4 }) : existingId(4);
    case 'user': return existingId(3);
    case 'json': return fc.oneof({ weight: 4, arbitrary: fc.jsonValue({ maxDepth: 3 }) }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2, stringUnit: 'binary' }) }, { weight: 1, arbitrary: fc.constantFrom<unknown>('\u0000', { a: '\u0000' }, { '\u0000': 1 }, { 'a\u0000b': [] }) });
    case 'rating': return fc.integer({ min: 0, max: (f.max ?? 5) + 1 });
    default: return junkValue;
  }
}

export const GARBAGE_VALUES: unknown[] = [
  'NaN', 'Infinity', '-Infinity', '1e309', '-0', '0x10', ' ', '', '\u0000', 'null', 'true', '[]', '{}', 1e308, -1e308, 2 ** 64, -(2 ** 63), 1.5, -1, 0,
  [], [1, 2], [[[]]], {}, { id: 1 }, { $var: 'now' }, { a: { b: { c: { d: [] } } } }, true, false, '😀'.repeat(300), 'x'.repeat(300), '上海'.repeat(200),
  '0000-01-01', '9999-12-31', '2026-02-30', '+275760-09-13T00:00:00.000Z', '-271821-04-20T00:00:00.000Z', '2026-12-31T23:59:60Z', '1970-01-01T00:00:00Z',
];
const garbageValue: Arbitrary<unknown> = fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...GARBAGE_VALUES) }, { weight: 1, arbitrary: junkValue });

/** A write body for an entity: mostly its writable fields with valid-ish values, plus garbage. */
export function payloadArb(app: CompiledApp, entity: string): Arbitrary<unknown> {
  const e = app.entities.get(entity);
  if (!e) return junkValue;
  const writable = e.fields.filter((f) => e.writable.has(f.name));
  const parts: Record<string, Arbitrary<unknown>> = {};
  for (const f of writable) parts[f.name] = fc.oneof({ weight: 24, arbitrary: fieldValueArb(f) }, { weight: 1, arbitrary: garbageValue }, { weight: 1, arbitrary: fc.constant(null) });
  const required = writable.filter((f) => f.required).map((f) => f.name);
  // Each field is present or not; a random subset of the required ones is forced present (with a good value).
  const requiredValues = fc.record(Object.fromEntries(writable.filter((f) => f.required).map((f) => [f.name, fieldValueArb(f)])));
  const validish = fc.tuple(fc.record(parts, { requiredKeys: [] }), fc.subarray(required), requiredValues).map(([rec, req, vals]) => {
    const out: Record<string, unknown> = { ...rec };
    for (const n of req) if (out[n] === undefined) out[n] = vals[n];
    return out;
  });
  const extraKeys = fc.constantFrom('id', 'created_at', 'updated_at', 'created_by', 'version', 'deal_total', 'weighted', 'number', 'deals', 'nope', '', 'Name', '__proto__', 'constructor', '$var');
  const keys = fc.oneof(fc.constantFrom(...e.fields.map((f) => f.name)), extraKeys, nastyString);
  return fc.oneof(
    { weight: 16, arbitrary: validish },
    { weight: 3, arbitrary: fc.tuple(validish, fc.array(fc.tuple(fc.nat(), mutationArb(keys, garbageValue)), { minLength: 1, maxLength: 2 })).map(([v, ms]) => ms.reduce<unknown>((acc, [at, m]) => applyMutation(acc, at, m), v)) },
    { weight: 1, arbitrary: fc.tuple(validish, extraKeys, garbageValue).map(([v, k, x]) => { const o = cloneJson(v as Record<string, unknown>); setOwn(o, k, x); return o; }) },
    { weight: 1, arbitrary: junkValue },
    { weight: 1, arbitrary: fc.constantFrom<unknown>(protoObject('__proto__', { polluted: 'yes' }), { constructor: { prototype: { polluted: 'yes' } } }, { name: 'x', extra: protoObject('__proto__', { polluted: 'yes' }) }, { title: 'x', extra: { constructor: { prototype: { polluted: 'yes' } } } }) },
  );
}

/** Raw request bodies that are not (well-formed) JSON objects. */
export const RAW_BODIES: string[] = [
  '', ' ', '{', '}', '{"name":', '{"name": "x",}', "{'name': 'x'}", '{"a":1}{"b":2}', 'null', 'true', '1', '1e999', '"x"', '[]', '[{}]',
  '\uFEFF{"name":"x"}', '{"name":"x"}\u0000', '{"name":"\\ud800"}', '{"name":"\\u0000"}', '{"__proto__":{"polluted":"yes"}}',
  '{"constructor":{"prototype":{"polluted":"yes"}}}', '{"name":"a","name":"b"}', 'NaN', '{"amount": NaN}', '{"employees": 1e400}',
  '{"employees": -0}', '{"employees": 12345678901234567890}', '{"name": "x", "extra": {"a": [[[[[[[[[[1]]]]]]]]]]}}',
];
export const rawBodyArb: Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...RAW_BODIES) },
  { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 1, arbitrary: fc.constantFrom(2_000, 20_000, 200_000).map((n) => `${'['.repeat(n)}${']'.repeat(n)}`) },
  { weight: 1, arbitrary: fc.constantFrom(2_000, 20_000, 200_000).map((n) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`) },
  { weight: 1, arbitrary: fc.constantFrom(600_000, 1_100_000).map((n) => JSON.stringify({ name: 'x'.repeat(n) })) },
);

// ---------------------------------------------------------------------------------------------
// (d) Query strings.

const encode = (s: string): string => {
  try {
    return encodeURIComponent(s);
  } catch {
    return escape(s); // lone surrogates: keep the junk, in the old encoding
  }
};

const JUNK_ENCODINGS = ['%', '%zz', '%E0%A4%A', '%00', '%C0%AF', '%FF%FE', '%ED%A0%80', '+', '%2B', '&&', '==', '%26', '%3D', '%23', '%5B%5D', '[]', '[0]', '..', '%2e%2e%2f'];

export function queryStringArb(app: CompiledApp, entity: string): Arbitrary<string> {
  const filters = new FilterArbitraries(app.model);
  const e = app.entities.get(entity);
  const fieldNames = e ? [...e.info.fields.keys()] : ['id'];
  const relPaths = e ? fieldPaths(app.model, entity, 2).direct.concat(fieldPaths(app.model, entity, 2).dotted).filter((p) => p.field.relation).map((p) => p.path) : [];
  const allPaths = e ? fieldPaths(app.model, entity, 2).direct.concat(fieldPaths(app.model, entity, 2).dotted).map((p) => p.path) : [];
  const pathList = (from: string[]): Arbitrary<string> => fc.array(fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...(from.length ? from : ['id'])) }, { weight: 1, arbitrary: nastyString }), { minLength: 0, maxLength: 4 }).map((xs) => xs.join(','));
  const valueFor = (name: string): Arbitrary<string> => {
    switch (name) {
      case 'filter': return fc.oneof(
        { weight: 8, arbitrary: filters.anyFilter(entity, 3).map((f) => JSON.stringify(f) ?? 'undefined') },
        { weight: 1, arbitrary: fc.constantFrom('{', '{"name":{"eq":"x"}', '[]', 'null', '""', '{"__proto__":{"polluted":"yes"}}', `${'{"not":'.repeat(3000)}{}${'}'.repeat(3000)}`, `${'['.repeat(8000)}${']'.repeat(8000)}`) },
      );
      case 'sort': return fc.array(fc.tuple(fc.boolean(), fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...fieldNames) }, { weight: 1, arbitrary: nastyString })), { minLength: 0, maxLength: 6 })
        .map((xs) => xs.map(([d, n]) => `${d ? '-' : ''}${n}`).join(','));
      case 'limit': return fc.oneof(fc.integer({ min: -5, max: 600 }).map(String), fc.constantFrom('', '1.5', '1e2', '0x10', ' 5', '5 ', '00050', '9999', '10000', 'NaN', '-0'));
      case 'cursor': return fc.oneof(
        fc.jsonValue({ maxDepth: 2 }).map((v) => Buffer.from(JSON.stringify(v) ?? '').toString('base64url')),
        fc.tuple(fc.array(fc.oneof(fc.integer(), fc.string(), fc.constant(null)), { maxLength: 3 }), fc.constantFrom('id', '-id', 'name,id', '-amount,id')).map(([v, s]) => Buffer.from(JSON.stringify({ s, v })).toString('base64url')),
        nastyString,
      );
      case 'fields': return pathList(allPaths);
      case 'expand': return pathList(relPaths);
      case 'q': return nastyString;
      case 'count': return fc.constantFrom('true', 'false', '', 'TRUE', '1', 'yes');
      default: return nastyString;
    }
  };
  const name = fc.oneof(
    { weight: 10, arbitrary: fc.constantFrom(...LIST_PARAMS) },
    { weight: 1, arbitrary: fc.constantFrom('filter[and]', 'filter[name][eq]', 'sort[]', 'a[b]', 'limit[0]', '__proto__', 'constructor', 'hasOwnProperty', 'toString', '__proto__[polluted]', 'FILTER', 'page', 'offset', '') },
    { weight: 1, arbitrary: nastyString },
  );
  const param = name.chain((n) => fc.tuple(fc.constant(n), valueFor(n), fc.constantFrom('encoded', 'encoded', 'encoded', 'encoded', 'raw', 'junk')).map(([k, v, how]) => {
    if (how === 'encoded') return `${encode(k)}=${encode(v)}`;
    if (how === 'raw') return `${k}=${v}`;
    return `${encode(k)}=${encode(v).slice(0, 40)}${JUNK_ENCODINGS[v.length % JUNK_ENCODINGS.length]}`;
  }));
  // Clean: each parameter at most once, with a value the API should accept (most lists answer 200).
  const sortable = e ? [...e.info.fields.values()].filter((f) => f.column && f.storage?.kind !== 'json').map((f) => f.name) : ['id'];
  // Users are expanded as {id, email, name} only: no path goes further through a user field.
  const viaUser = (path: string, lastIsField: boolean): boolean => {
    const segs = path.split('.');
    let cur = app.model.entity(entity);
    for (let i = 0; i < segs.length - 1; i++) {
      const f = cur?.fields.get(segs[i]);
      if (f?.relation?.target === '_users') return !lastIsField || i !== segs.length - 2 || !['id', 'email', 'name'].includes(segs[i + 1]);
      cur = f?.relation ? app.model.entity(f.relation.target) : undefined;
    }
    return false;
  };
  const readable = e ? fieldPaths(app.model, entity, 1).direct.concat(fieldPaths(app.model, entity, 1).dotted).filter((p) => (p.field.column || p.field.relation) && !viaUser(p.path, true)).map((p) => p.path) : ['id'];
  const expandable = relPaths.filter((p) => !viaUser(p, false));
  const cleanValue = (n: string): Arbitrary<string> => {
    switch (n) {
      case 'filter': return filters.filter(entity, 3).map((f) => JSON.stringify(f));
      case 'sort': return fc.uniqueArray(fc.constantFrom(...sortable), { minLength: 1, maxLength: 3 }).chain((names) => fc.tuple(...names.map((x) => fc.boolean().map((d) => `${d ? '-' : ''}${x}`)))).map((xs) => xs.join(','));
      case 'limit': return fc.oneof(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 500 })).map(String);
      case 'fields': return fc.uniqueArray(fc.constantFrom(...readable), { minLength: 1, maxLength: 4 }).map((xs) => xs.join(','));
      case 'expand': return expandable.length ? fc.uniqueArray(fc.constantFrom(...expandable), { minLength: 1, maxLength: 2 }).map((xs) => xs.join(',')) : fc.constant('');
      case 'q': return fc.string({ minLength: 1, maxLength: 12 });
      default: return fc.constantFrom('true', 'false');
    }
  };
  const clean = fc.uniqueArray(fc.constantFrom('filter', 'filter', 'sort', 'limit', 'fields', 'expand', 'q', 'count'), { maxLength: 4 })
    .chain((names) => fc.tuple(...names.map((n) => cleanValue(n).map((v) => `${n}=${encode(v)}`))))
    .map((ps) => ps.filter((p) => !p.endsWith('=')).join('&'));
  return fc.oneof(
    { weight: 12, arbitrary: clean },
    { weight: 8, arbitrary: fc.array(param, { minLength: 0, maxLength: 5 }).map((ps) => ps.join('&')) },
    { weight: 1, arbitrary: fc.array(fc.constantFrom(...JUNK_ENCODINGS, 'filter', 'a=b', '='), { minLength: 1, maxLength: 6 }).map((xs) => xs.join('')) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...LIST_PARAMS), fc.constantFrom(17_000, 20_000, 40_000)).map(([k, n]) => `${k}=${'x'.repeat(n)}`) },
    { weight: 1, arbitrary: fc.constantFrom(...LIST_PARAMS).map((k) => `${k}=a&${k}=b&${k}=c`) },
  );
}
