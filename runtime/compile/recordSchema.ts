// Entity → JSON Schemas for records: create and patch (what clients may write) and read (wire form).
import type { Entity, Field } from '../definition/types.generated.js';
import { BUILTIN_FIELDS, fieldType, type FieldRegistry, type JsonSchema } from '../fields/registry.js';
import { labelText } from './labels.js';

/** Also accepts null, keeping the schema flat where possible so errors stay readable. */
const withNull = (s: JsonSchema): JsonSchema => {
  if (Array.isArray(s.enum)) return { ...s, type: [s.type, 'null'], enum: [...(s.enum as unknown[]), null] };
  if (typeof s.type === 'string') return { ...s, type: [s.type, 'null'] };
  if (Array.isArray(s.type)) return { ...s, type: [...(s.type as string[]), 'null'] };
  return Object.keys(s).length === 0 ? s : { anyOf: [s, { type: 'null' }] };
};

export function isWritable(f: Field, fields: FieldRegistry = BUILTIN_FIELDS): boolean {
  return !f.readOnly && isStorable(f, fields);
}

/** A value the platform can be given (by clients unless the field is readOnly; by the platform itself always). */
export function isStorable(f: Field, fields: FieldRegistry = BUILTIN_FIELDS): boolean {
  const t = fieldType(f.type, fields);
  if (!t.writable || t.unavailable) return false;
  return !(f.type === 'relation' && f.cardinality === 'one-to-many');
}

function described(f: Field, s: JsonSchema, locale: string): JsonSchema {
  return { ...s, title: labelText(f.label, locale) ?? f.name, ...(f.description ? { description: labelText(f.description, locale) } : {}) };
}

/** What clients may write (or, with `system`, what the platform itself may write: readOnly fields too). */
export function writeSchema(entity: Entity, variant: 'create' | 'patch', options: { locale?: string; system?: boolean; fields?: FieldRegistry } = {}): JsonSchema {
  const { locale = 'en', system = false, fields = BUILTIN_FIELDS } = options;
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const f of entity.fields) {
    if (!(system ? isStorable(f, fields) : isWritable(f, fields))) continue;
    const value = fieldType(f.type, fields).valueSchema(f);
    properties[f.name] = described(f, f.required ? value : withNull(value), locale);
    if (variant === 'create' && f.required && (f as { default?: unknown }).default === undefined) required.push(f.name);
  }
  return { type: 'object', properties, ...(required.length ? { required } : {}), additionalProperties: false };
}

export function readSchema(entity: Entity, locale = 'en', fields: FieldRegistry = BUILTIN_FIELDS): JsonSchema {
  const properties: Record<string, JsonSchema> = {
    id: { type: 'integer', readOnly: true },
  };
  for (const f of entity.fields) {
    const t = fieldType(f.type, fields);
    if (t.unavailable) continue;
    if (f.type === 'relation' && f.cardinality === 'one-to-many') {
      properties[f.name] = described(f, {
        type: 'object', readOnly: true, description: 'Only present with expand: the first 100 related records and their count.',
        properties: { data: { type: 'array', items: { type: 'object' } }, meta: { type: 'object', properties: { count: { type: 'integer' } } } },
      }, locale);
      continue;
    }
    let value = t.valueSchema(f);
    if (value['x-decimal'] !== undefined) value = { type: 'string', pattern: '^-?\\d+(\\.\\d+)?$' };
    if (f.type === 'relation' && f.cardinality === 'many-to-one') value = { anyOf: [value, { type: 'object', description: 'the related record, with expand' }] };
    properties[f.name] = described(f, { ...withNull(value), ...(t.writable ? {} : { readOnly: true }) }, locale);
  }
  Object.assign(properties, {
    created_at: { type: 'string', format: 'date-time', readOnly: true },
    updated_at: { type: 'string', format: 'date-time', readOnly: true },
    created_by: { anyOf: [{ type: 'integer' }, { type: 'null' }], readOnly: true },
    updated_by: { anyOf: [{ type: 'integer' }, { type: 'null' }], readOnly: true },
    version: { type: 'integer', minimum: 1, readOnly: true },
  });
  const required = Object.keys(properties).filter((k) => !entity.fields.some((f) => f.name === k && f.type === 'relation' && f.cardinality === 'one-to-many'));
  return { type: 'object', properties, required };
}
