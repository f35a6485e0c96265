// The built-in field types. Relation, user, formula, rollup and autonumber also have structure the
// compiler knows (joins, recomputes, sequences); every value-level behaviour lives here.
import type { Field } from '../definition/types.generated.js';
import { normalizeDecimal } from '../decimal.js';
import { isStorableDate, isStorableInstant, localDate } from '../query/dates.js';
import { BUILTIN_SETTINGS } from './settings.js';
import type { AnyField, FieldType, JsonSchema } from './types.js';

export const TEXT_OPS = ['eq', 'ne', 'in', 'nin', 'contains', 'startsWith', 'endsWith', 'isNull'] as const;
export const NUMBER_OPS = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'nin', 'between', 'isNull'] as const;
export const DATE_OPS = [...NUMBER_OPS, 'inLast', 'inNext', 'today', 'thisWeek', 'thisMonth', 'thisQuarter', 'thisYear'] as const;
export const CHOICE_OPS = ['eq', 'ne', 'in', 'nin', 'isNull'] as const;
export const BOOL_OPS = ['eq', 'ne', 'isNull'] as const;
export const ARRAY_OPS = ['in', 'nin', 'isNull'] as const;
export const TO_MANY_OPS = ['some', 'every', 'none'] as const;

type F<T extends Field['type']> = Extract<Field, { type: T }>;
const as = <T extends Field['type']>(f: AnyField): F<T> => f as F<T>;

/** Decimals carry at most 15 significant digits, so they stay exact as SQLite scaled integers too. */
export const DECIMAL_DIGITS = 15;

const decimalSchema = (scale: number, min?: number, max?: number): JsonSchema => {
  const bound = 10 ** (DECIMAL_DIGITS - scale);
  // One schema for both forms: `pattern` applies to strings only, the bounds to numbers only;
  // string values are range-checked after normalizing (check below).
  return {
    type: ['string', 'number'],
    pattern: `^-?\\d{1,${DECIMAL_DIGITS - scale}}(\\.\\d{1,6})?$`,
    exclusiveMinimum: -bound, exclusiveMaximum: bound,
    ...(min !== undefined ? { minimum: min } : {}), ...(max !== undefined ? { maximum: max } : {}),
    'x-decimal': scale,
  };
};

export const decimalScale = (field: AnyField): number | undefined => {
  const f = field as Field;
  switch (f.type) {
    case 'currency': return f.scale ?? 2;
    case 'percent': return f.scale ?? 0;
    case 'number': return f.scale;
    case 'formula':
      if (f.resultType === 'currency') return f.scale ?? 2;
      if (f.resultType === 'percent') return f.scale ?? 0;
      if (f.resultType === 'number') return f.scale;
      return undefined;
    case 'rollup': return f.aggregate === 'count' ? undefined : f.scale;
    default: return undefined;
  }
};

const trimmed = (v: unknown): unknown => (typeof v === 'string' ? v.trim() : v);

/** Exact decimals: normalized to the field's scale, range-checked on the normalized value. */
const decimal = (scaleOf: (f: AnyField) => number | undefined): Pick<FieldType, 'normalize' | 'check'> => ({
  normalize: (v, f) => {
    const scale = scaleOf(f);
    return scale === undefined ? v : normalizeDecimal(v as string | number, scale);
  },
  check: (v, f) => {
    const scale = scaleOf(f);
    if (scale === undefined) return null;
    const norm = normalizeDecimal(v as string | number, scale);
    if (norm === null) return { code: 'type', message: 'must be a decimal number' };
    const { min, max } = f as { min?: number; max?: number };
    if (min !== undefined && Number(norm) < min) return { code: 'minimum', message: `must be >= ${min}` };
    if (max !== undefined && Number(norm) > max) return { code: 'maximum', message: `must be <= ${max}` };
    return null;
  },
});

const text = (type: string, valueSchema: (f: AnyField) => JsonSchema, widget: string, extra: Partial<FieldType> = {}): FieldType => ({
  type, settings: BUILTIN_SETTINGS[type], storage: () => ({ kind: 'text' }), valueSchema: (f) => ({ type: 'string', ...valueSchema(f) }),
  operators: TEXT_OPS, writable: true, widget, csv: 'text', ...extra,
});

const unavailable = (type: string, why: string): FieldType => ({
  type, settings: BUILTIN_SETTINGS[type], storage: () => null, valueSchema: () => ({}), operators: [], writable: false, widget: 'none', unavailable: why,
});

const ENTRIES: readonly FieldType[] = [
  text('text', (f) => {
    const t = as<'text'>(f);
    return { maxLength: t.maxLength ?? 255, ...(t.minLength ? { minLength: t.minLength } : {}), ...(t.pattern ? { pattern: t.pattern } : {}) };
  }, 'text', { normalize: trimmed }),
  text('longtext', (f) => ({ maxLength: as<'longtext'>(f).maxLength ?? 100000 }), 'textarea'),
  text('email', () => ({ maxLength: 254, format: 'email' }), 'email', { normalize: (v) => (typeof v === 'string' ? v.trim().toLowerCase() : v) }),
  text('phone', () => ({ maxLength: 40, pattern: '^\\+?[0-9 ()./-]{3,40}$' }), 'phone', { normalize: trimmed, formWidget: 'text' }),
  text('url', () => ({ maxLength: 2000, format: 'uri', pattern: '^https?://' }), 'url', { formWidget: 'uri' }),
  {
    type: 'integer', settings: BUILTIN_SETTINGS.integer, storage: () => ({ kind: 'bigint' }), operators: NUMBER_OPS, writable: true, widget: 'number', csv: 'number',
    valueSchema: (f) => {
      const t = as<'integer'>(f);
      return { type: 'integer', minimum: t.min ?? -9007199254740991, maximum: t.max ?? 9007199254740991 };
    },
  },
  {
    type: 'number', settings: BUILTIN_SETTINGS.number, operators: NUMBER_OPS, writable: true, widget: 'number', csv: 'number',
    storage: (f) => {
      const scale = as<'number'>(f).scale;
      return scale === undefined ? { kind: 'real' } : { kind: 'decimal', scale };
    },
    valueSchema: (f) => {
      const t = as<'number'>(f);
      return t.scale === undefined
        ? { type: 'number', ...(t.min !== undefined ? { minimum: t.min } : {}), ...(t.max !== undefined ? { maximum: t.max } : {}) }
        : decimalSchema(t.scale, t.min, t.max);
    },
    ...decimal((f) => as<'number'>(f).scale),
  },
  {
    type: 'currency', settings: BUILTIN_SETTINGS.currency, operators: NUMBER_OPS, writable: true, widget: 'currency', csv: 'number',
    storage: (f) => ({ kind: 'decimal', scale: decimalScale(f) }),
    valueSchema: (f) => decimalSchema(decimalScale(f) ?? 2, as<'currency'>(f).min, as<'currency'>(f).max),
    ...decimal(decimalScale),
  },
  {
    type: 'percent', settings: BUILTIN_SETTINGS.percent, operators: NUMBER_OPS, writable: true, widget: 'percent', csv: 'number',
    storage: (f) => ({ kind: 'decimal', scale: decimalScale(f) }),
    valueSchema: (f) => decimalSchema(decimalScale(f) ?? 0, as<'percent'>(f).min, as<'percent'>(f).max),
    ...decimal(decimalScale),
  },
  {
    type: 'boolean', settings: BUILTIN_SETTINGS.boolean, storage: () => ({ kind: 'boolean' }), operators: BOOL_OPS, writable: true, widget: 'checkbox',
    valueSchema: () => ({ type: 'boolean' }),
  },
  {
    type: 'date', settings: BUILTIN_SETTINGS.date, storage: () => ({ kind: 'date' }), operators: DATE_OPS, writable: true, widget: 'date',
    valueSchema: () => ({ type: 'string', format: 'date' }),
    // JSON Schema's date admits year 0000, which neither JavaScript nor PostgreSQL can hold.
    check: (v) => (typeof v === 'string' && isStorableDate(v) ? null : { code: 'format', message: 'must be a date from 0001-01-01 to 9999-12-31' }),
    resolveDefault: (named, env) => (named === 'today' ? localDate(new Date(), env.timezone) : named),
  },
  {
    type: 'datetime', settings: BUILTIN_SETTINGS.datetime, storage: () => ({ kind: 'datetime' }), operators: DATE_OPS, writable: true, widget: 'datetime',
    valueSchema: () => ({ type: 'string', format: 'date-time' }),
    // date-time also admits leap seconds (23:59:60) and offsets that push an instant past 9999.
    check: (v) => (typeof v === 'string' && isStorableInstant(Date.parse(v)) ? null : { code: 'format', message: 'must be a date-time from 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z' }),
    resolveDefault: (named) => (named === 'now' ? new Date().toISOString() : named),
  },
  {
    type: 'select', settings: BUILTIN_SETTINGS.select, storage: () => ({ kind: 'text' }), operators: CHOICE_OPS, writable: true, widget: 'select',
    valueSchema: (f) => ({ type: 'string', enum: as<'select'>(f).options.map((o) => o.value) }),
    checkDefinition: (f, add) => {
      const t = as<'select'>(f);
      if (t.default !== undefined && !t.options.some((o) => o.value === t.default)) add('/default', 'invalid_default', `default "${t.default}" is not an option`);
    },
  },
  {
    type: 'multiselect', settings: BUILTIN_SETTINGS.multiselect, storage: () => ({ kind: 'json' }), operators: ARRAY_OPS, writable: true, widget: 'checkboxes',
    valueSchema: (f) => {
      const t = as<'multiselect'>(f);
      return { type: 'array', uniqueItems: true, items: { type: 'string', enum: t.options.map((o) => o.value) }, ...(t.maxItems ? { maxItems: t.maxItems } : {}) };
    },
  },
  {
    type: 'tags', settings: BUILTIN_SETTINGS.tags, storage: () => ({ kind: 'json' }), operators: ARRAY_OPS, writable: true, widget: 'tags',
    valueSchema: (f) => ({ type: 'array', uniqueItems: true, maxItems: as<'tags'>(f).maxItems ?? 50, items: { type: 'string', minLength: 1, maxLength: 50 } }),
  },
  {
    type: 'relation', settings: BUILTIN_SETTINGS.relation, operators: [...CHOICE_OPS, ...TO_MANY_OPS], writable: true, widget: 'relation',
    storage: (f) => (as<'relation'>(f).cardinality === 'many-to-one' ? { kind: 'bigint' } : null),
    valueSchema: (f) =>
      as<'relation'>(f).cardinality === 'many-to-many'
        ? { type: 'array', uniqueItems: true, maxItems: 1000, items: { type: 'integer', minimum: 1 } }
        : { type: 'integer', minimum: 1 },
  },
  {
    type: 'user', settings: BUILTIN_SETTINGS.user, storage: () => ({ kind: 'bigint' }), operators: CHOICE_OPS, writable: true, widget: 'user',
    valueSchema: () => ({ type: 'integer', minimum: 1 }),
    resolveDefault: (named, env) => (named === 'currentUser' ? env.userId ?? undefined : named),
  },
  {
    type: 'formula', settings: BUILTIN_SETTINGS.formula, operators: NUMBER_OPS, writable: false, widget: 'readonly', csv: 'number',
    storage: (f) => {
      const t = as<'formula'>(f);
      switch (t.resultType) {
        case 'text': return { kind: 'text' };
        case 'integer': return { kind: 'bigint' };
        case 'boolean': return { kind: 'boolean' };
        case 'date': return { kind: 'date' };
        default: return { kind: 'decimal', scale: decimalScale(f) ?? 6 };
      }
    },
    valueSchema: (f) => {
      switch (as<'formula'>(f).resultType) {
        case 'text': return { type: 'string' };
        case 'integer': return { type: 'integer' };
        case 'boolean': return { type: 'boolean' };
        case 'date': return { type: 'string', format: 'date' };
        default: return { type: 'string', pattern: '^-?\\d+(\\.\\d+)?$' };
      }
    },
  },
  {
    type: 'rollup', settings: BUILTIN_SETTINGS.rollup, operators: NUMBER_OPS, writable: false, widget: 'readonly', csv: 'number',
    storage: (f) => (as<'rollup'>(f).aggregate === 'count' ? { kind: 'bigint' } : { kind: 'decimal', scale: decimalScale(f) ?? 2 }),
    valueSchema: (f) => (as<'rollup'>(f).aggregate === 'count' ? { type: 'integer' } : { type: 'string', pattern: '^-?\\d+(\\.\\d+)?$' }),
  },
  {
    type: 'autonumber', settings: BUILTIN_SETTINGS.autonumber, storage: () => ({ kind: 'text' }), operators: TEXT_OPS, writable: false, widget: 'readonly', csv: 'number',
    valueSchema: () => ({ type: 'string' }),
  },
  {
    type: 'json', settings: BUILTIN_SETTINGS.json, storage: () => ({ kind: 'json' }), operators: ['isNull'], writable: true, widget: 'json',
    valueSchema: (f) => (as<'json'>(f).schema ? { ...as<'json'>(f).schema } : {}),
  },
  {
    type: 'rating', settings: BUILTIN_SETTINGS.rating, storage: () => ({ kind: 'integer' }), operators: NUMBER_OPS, writable: true, widget: 'rating', formWidget: 'updown', csv: 'number',
    valueSchema: (f) => ({ type: 'integer', minimum: 1, maximum: as<'rating'>(f).max ?? 5 }),
  },
  unavailable('richtext', 'richtext is not available yet (it needs server-side HTML sanitizing); use longtext'),
  unavailable('file', 'file is not available yet (it needs the file storage service)'),
  unavailable('address', 'address is not available yet; use text fields (street, city, …)'),
];

/** In the metamodel's order (the order of schemas/field.schema.json and the generated types). */
export const BUILTIN_FIELD_TYPES: readonly FieldType[] = Object.keys(BUILTIN_SETTINGS).map((type) => ENTRIES.find((e) => e.type === type)!);
