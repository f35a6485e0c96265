// Field types as registry entries keyed by name (architecture §2): storage column, value schema,
// allowed filter operators, default widget. Storage is kept apart from the UI widget.
import type { Field } from '../definition/types.generated.js';
import type { Storage } from '../dialect/index.js';

export type JsonSchema = Record<string, unknown>;

export const TEXT_OPS = ['eq', 'ne', 'in', 'nin', 'contains', 'startsWith', 'endsWith', 'isNull'] as const;
export const NUMBER_OPS = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'nin', 'between', 'isNull'] as const;
export const DATE_OPS = [...NUMBER_OPS, 'inLast', 'inNext', 'today', 'thisWeek', 'thisMonth', 'thisQuarter', 'thisYear'] as const;
export const CHOICE_OPS = ['eq', 'ne', 'in', 'nin', 'isNull'] as const;
export const BOOL_OPS = ['eq', 'ne', 'isNull'] as const;
export const ARRAY_OPS = ['in', 'nin', 'isNull'] as const;
export const TO_MANY_OPS = ['some', 'every', 'none'] as const;

export interface FieldType {
  type: string;
  /** null: the field has no column of its own (one-to-many, many-to-many). */
  storage(field: Field): Storage | null;
  /** JSON Schema of the wire value (without null). */
  valueSchema(field: Field): JsonSchema;
  operators: readonly string[];
  /** Whether clients may write it (formula, rollup, autonumber are computed). */
  writable: boolean;
  widget: string;
  /** Set when the type is declared in the metamodel but not served yet. */
  unavailable?: string;
}

type F<T extends Field['type']> = Extract<Field, { type: T }>;
/** Decimals carry at most 15 significant digits, so they stay exact as SQLite scaled integers too. */
export const DECIMAL_DIGITS = 15;
const decimalSchema = (scale: number, min?: number, max?: number): JsonSchema => {
  const bound = 10 ** (DECIMAL_DIGITS - scale);
  // One schema for both forms: `pattern` applies to strings only, the bounds to numbers only;
  // string values are range-checked after normalizing (records/codec.ts).
  return {
    type: ['string', 'number'],
    pattern: `^-?\\d{1,${DECIMAL_DIGITS - scale}}(\\.\\d{1,6})?$`,
    exclusiveMinimum: -bound, exclusiveMaximum: bound,
    ...(min !== undefined ? { minimum: min } : {}), ...(max !== undefined ? { maximum: max } : {}),
    'x-decimal': scale,
  };
};

export const decimalScale = (field: Field): number | undefined => {
  switch (field.type) {
    case 'currency': return field.scale ?? 2;
    case 'percent': return field.scale ?? 0;
    case 'number': return field.scale;
    case 'formula':
      if (field.resultType === 'currency') return field.scale ?? 2;
      if (field.resultType === 'percent') return field.scale ?? 0;
      if (field.resultType === 'number') return field.scale;
      return undefined;
    case 'rollup': return field.aggregate === 'count' ? undefined : field.scale;
    default: return undefined;
  }
};

const text = (type: string, extra: (f: Field) => JsonSchema, widget = 'text'): FieldType => ({
  type,
  storage: () => ({ kind: 'text' }),
  valueSchema: (f) => ({ type: 'string', ...extra(f) }),
  operators: TEXT_OPS,
  writable: true,
  widget,
});

const entries: FieldType[] = [
  text('text', (f) => {
    const t = f as F<'text'>;
    return { maxLength: t.maxLength ?? 255, ...(t.minLength ? { minLength: t.minLength } : {}), ...(t.pattern ? { pattern: t.pattern } : {}) };
  }),
  text('longtext', (f) => ({ maxLength: (f as F<'longtext'>).maxLength ?? 100000 }), 'textarea'),
  text('email', () => ({ maxLength: 254, format: 'email' }), 'email'),
  text('phone', () => ({ maxLength: 40, pattern: '^\\+?[0-9 ()./-]{3,40}$' }), 'phone'),
  text('url', () => ({ maxLength: 2000, format: 'uri', pattern: '^https?://' }), 'url'),
  {
    type: 'integer', storage: () => ({ kind: 'bigint' }), operators: NUMBER_OPS, writable: true, widget: 'number',
    valueSchema: (f) => {
      const t = f as F<'integer'>;
      return { type: 'integer', minimum: t.min ?? -9007199254740991, maximum: t.max ?? 9007199254740991 };
    },
  },
  {
    type: 'number', operators: NUMBER_OPS, writable: true, widget: 'number',
    storage: (f) => {
      const scale = (f as F<'number'>).scale;
      return scale === undefined ? { kind: 'real' } : { kind: 'decimal', scale };
    },
    valueSchema: (f) => {
      const t = f as F<'number'>;
      return t.scale === undefined
        ? { type: 'number', ...(t.min !== undefined ? { minimum: t.min } : {}), ...(t.max !== undefined ? { maximum: t.max } : {}) }
        : decimalSchema(t.scale, t.min, t.max);
    },
  },
  {
    type: 'currency', operators: NUMBER_OPS, writable: true, widget: 'currency',
    storage: (f) => ({ kind: 'decimal', scale: decimalScale(f) }),
    valueSchema: (f) => decimalSchema(decimalScale(f) ?? 2, (f as F<'currency'>).min, (f as F<'currency'>).max),
  },
  {
    type: 'percent', operators: NUMBER_OPS, writable: true, widget: 'percent',
    storage: (f) => ({ kind: 'decimal', scale: decimalScale(f) }),
    valueSchema: (f) => decimalSchema(decimalScale(f) ?? 0, (f as F<'percent'>).min, (f as F<'percent'>).max),
  },
  {
    type: 'boolean', storage: () => ({ kind: 'boolean' }), operators: BOOL_OPS, writable: true, widget: 'checkbox',
    valueSchema: () => ({ type: 'boolean' }),
  },
  {
    type: 'date', storage: () => ({ kind: 'date' }), operators: DATE_OPS, writable: true, widget: 'date',
    valueSchema: () => ({ type: 'string', format: 'date' }),
  },
  {
    type: 'datetime', storage: () => ({ kind: 'datetime' }), operators: DATE_OPS, writable: true, widget: 'datetime',
    valueSchema: () => ({ type: 'string', format: 'date-time' }),
  },
  {
    type: 'select', storage: () => ({ kind: 'text' }), operators: CHOICE_OPS, writable: true, widget: 'select',
    valueSchema: (f) => ({ type: 'string', enum: (f as F<'select'>).options.map((o) => o.value) }),
  },
  {
    type: 'multiselect', storage: () => ({ kind: 'json' }), operators: ARRAY_OPS, writable: true, widget: 'checkboxes',
    valueSchema: (f) => {
      const t = f as F<'multiselect'>;
      return { type: 'array', uniqueItems: true, items: { type: 'string', enum: t.options.map((o) => o.value) }, ...(t.maxItems ? { maxItems: t.maxItems } : {}) };
    },
  },
  {
    type: 'tags', storage: () => ({ kind: 'json' }), operators: ARRAY_OPS, writable: true, widget: 'tags',
    valueSchema: (f) => ({ type: 'array', uniqueItems: true, maxItems: (f as F<'tags'>).maxItems ?? 50, items: { type: 'string', minLength: 1, maxLength: 50 } }),
  },
  {
    type: 'relation', operators: [...CHOICE_OPS, ...TO_MANY_OPS], writable: true, widget: 'relation',
    storage: (f) => ((f as F<'relation'>).cardinality === 'many-to-one' ? { kind: 'bigint' } : null),
    valueSchema: (f) =>
      (f as F<'relation'>).cardinality === 'many-to-many'
        ? { type: 'array', uniqueItems: true, maxItems: 1000, items: { type: 'integer', minimum: 1 } }
        : { type: 'integer', minimum: 1 },
  },
  {
    type: 'user', storage: () => ({ kind: 'bigint' }), operators: CHOICE_OPS, writable: true, widget: 'user',
    valueSchema: () => ({ type: 'integer', minimum: 1 }),
  },
  {
    type: 'formula', operators: NUMBER_OPS, writable: false, widget: 'readonly',
    storage: (f) => {
      const t = f as F<'formula'>;
      switch (t.resultType) {
        case 'text': return { kind: 'text' };
        case 'integer': return { kind: 'bigint' };
        case 'boolean': return { kind: 'boolean' };
        case 'date': return { kind: 'date' };
        default: return { kind: 'decimal', scale: decimalScale(f) ?? 6 };
      }
    },
    valueSchema: (f) => {
      const t = f as F<'formula'>;
      switch (t.resultType) {
        case 'text': return { type: 'string' };
        case 'integer': return { type: 'integer' };
        case 'boolean': return { type: 'boolean' };
        case 'date': return { type: 'string', format: 'date' };
        default: return { type: 'string', pattern: '^-?\\d+(\\.\\d+)?$' };
      }
    },
  },
  {
    type: 'rollup', operators: NUMBER_OPS, writable: false, widget: 'readonly',
    storage: (f) => ((f as F<'rollup'>).aggregate === 'count' ? { kind: 'bigint' } : { kind: 'decimal', scale: decimalScale(f) ?? 2 }),
    valueSchema: (f) => ((f as F<'rollup'>).aggregate === 'count' ? { type: 'integer' } : { type: 'string', pattern: '^-?\\d+(\\.\\d+)?$' }),
  },
  {
    type: 'autonumber', storage: () => ({ kind: 'text' }), operators: TEXT_OPS, writable: false, widget: 'readonly',
    valueSchema: () => ({ type: 'string' }),
  },
  {
    type: 'json', storage: () => ({ kind: 'json' }), operators: ['isNull'], writable: true, widget: 'json',
    valueSchema: (f) => ((f as F<'json'>).schema ? { ...(f as F<'json'>).schema } : {}),
  },
  {
    type: 'rating', storage: () => ({ kind: 'integer' }), operators: NUMBER_OPS, writable: true, widget: 'rating',
    valueSchema: (f) => ({ type: 'integer', minimum: 1, maximum: (f as F<'rating'>).max ?? 5 }),
  },
  ...(['richtext', 'file', 'address'] as const).map((type): FieldType => ({
    type, storage: () => null, valueSchema: () => ({}), operators: [], writable: false, widget: 'none',
    unavailable: {
      richtext: 'richtext is not available yet (it needs server-side HTML sanitizing); use longtext',
      file: 'file is not available yet (it needs the file storage service)',
      address: 'address is not available yet; use text fields (street, city, …)',
    }[type],
  })),
];

const registry = new Map<string, FieldType>(entries.map((e) => [e.type, e]));

export function fieldType(type: string): FieldType {
  const t = registry.get(type);
  if (!t) throw new Error(`unknown field type ${type}`);
  return t;
}

export function hasFieldType(type: string): boolean {
  return registry.has(type);
}

export function registerFieldType(entry: FieldType): void {
  if (registry.has(entry.type)) throw new Error(`field type "${entry.type}" is already registered`);
  registry.set(entry.type, entry);
}
