// Database rows ↔ wire records, and checking of write payloads (§10.2, §10.3).
import type { CompiledEntity } from '../compile/compileApp.js';
import { decoderFor, type DialectName, encodeValue } from '../dialect/index.js';
import { appError, type ProblemItem, pointerSegment } from '../errors/catalog.js';
import { isPlainObject } from '../json.js';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsPkg from 'ajv-formats';
import { isStorable, writeSchema } from '../compile/recordSchema.js';
import { isListField, SYSTEM_FIELDS } from '../query/model.js';

export type Row = Record<string, unknown>;
export type WireRecord = Record<string, unknown> & { id: number; version: number };

interface ColumnDecoder { name: string; column: string; decode: (v: unknown) => unknown; emptyArray: boolean }
const decoders = { sqlite: new WeakMap<CompiledEntity, ColumnDecoder[]>(), postgres: new WeakMap<CompiledEntity, ColumnDecoder[]>() };

/** The entity's column decoders for a dialect, built once per compiled entity (a definition change compiles a new one). */
function decodersOf(dialect: DialectName, entity: CompiledEntity): ColumnDecoder[] {
  let list = decoders[dialect].get(entity);
  if (!list) {
    list = entity.columns.map((f) => ({ name: f.name, column: f.column!, decode: decoderFor(dialect, f.storage!), emptyArray: isListField(f) }));
    decoders[dialect].set(entity, list);
  }
  return list;
}

const decodeDatetime = { sqlite: decoderFor('sqlite', { kind: 'datetime' }), postgres: decoderFor('postgres', { kind: 'datetime' }) };

export function rowToWire(dialect: DialectName, entity: CompiledEntity, row: Row): WireRecord {
  const out: Record<string, unknown> = { id: Number(row.id) };
  for (const d of decodersOf(dialect, entity)) {
    const raw = row[d.column];
    if (raw === undefined && !(d.column in row)) continue;
    const v = d.decode(raw);
    out[d.name] = v === null && d.emptyArray ? [] : v;
  }
  const dt = decodeDatetime[dialect];
  if (row.created_at !== undefined) out.created_at = dt(row.created_at);
  if (row.updated_at !== undefined) out.updated_at = dt(row.updated_at);
  for (const s of ['created_by', 'updated_by', 'version']) if (s in row) out[s] = row[s] === null ? null : Number(row[s]);
  return out as WireRecord;
}

/**
 * One column's raw value → its wire value, as rowToWire gives it: for readers that go column by
 * column (the CSV export). `name` is a stored field or a system column.
 */
export function wireDecoderOf(dialect: DialectName, entity: CompiledEntity, name: string): (raw: unknown) => unknown {
  if (name === 'created_at' || name === 'updated_at') return decodeDatetime[dialect];
  const d = decodersOf(dialect, entity).find((x) => x.name === name);
  if (!d) return (raw) => (raw === null || raw === undefined ? null : Number(raw)); // id, created_by, updated_by, version
  return (raw) => {
    const v = d.decode(raw);
    return v === null && d.emptyArray ? [] : v;
  };
}

/** Wire values (validated) → column values. */
export function wireToColumns(dialect: DialectName, entity: CompiledEntity, data: Record<string, unknown>): Row {
  const out: Row = {};
  for (const [name, value] of Object.entries(data)) {
    const f = entity.info.fields.get(name);
    if (!f?.column || !f.storage) continue;
    // an empty multiselect/tags value is stored as NULL, so "isNull" and "is empty" are one thing
    const empty = isListField(f) && Array.isArray(value) && value.length === 0;
    out[f.column] = empty ? null : encodeValue(dialect, f.storage, value);
  }
  return out;
}

const AJV_CODES: Record<string, string> = { required: 'required', type: 'type', format: 'format', maximum: 'maximum', minimum: 'minimum', maxLength: 'maxLength', minLength: 'minLength', pattern: 'pattern', enum: 'enum', maxItems: 'maxItems', uniqueItems: 'uniqueItems', additionalProperties: 'unknown_field' };

export function ajvToProblems(errors: ErrorObject[] | null | undefined, prefix = ''): ProblemItem[] {
  const out: ProblemItem[] = [];
  const seen = new Set<string>();
  for (const e of errors ?? []) {
    if (e.keyword === 'anyOf' || e.keyword === 'oneOf') continue;
    let path = e.instancePath;
    if (e.keyword === 'required') path += `/${pointerSegment((e.params as { missingProperty: string }).missingProperty)}`;
    if (e.keyword === 'additionalProperties') path += `/${pointerSegment((e.params as { additionalProperty: string }).additionalProperty)}`;
    const field = path.split('/')[1] ?? '';
    const key = `${path}|${e.keyword}`;
    if (seen.has(key) || out.some((p) => p.pointer === prefix + path)) continue;
    seen.add(key);
    let message = e.message ?? 'is invalid';
    if (e.keyword === 'required') message = 'is required';
    if (e.keyword === 'additionalProperties') message = 'is not a member that can be written here';
    if (e.keyword === 'enum') {
      const allowed = (e.params as { allowedValues: unknown[] }).allowedValues;
      message = `must be one of: ${allowed.filter((v) => v !== null).join(', ')}${allowed.includes(null) ? ' (or null)' : ''}`;
    }
    if (e.keyword === 'type' && e.instancePath && field) message = `must be ${(e.params as { type: string }).type}${e.schemaPath.includes('anyOf') ? ' or null' : ''}`;
    out.push({ pointer: prefix + path, code: AJV_CODES[e.keyword] ?? e.keyword, message });
  }
  return out;
}

/**
 * Checks a write body: unknown and system/computed keys are named (never dropped), then the
 * compiled JSON Schema runs, then the checks JSON Schema cannot express (decimal ranges).
 * Returns the normalized data.
 */
export function checkWriteBody(entity: CompiledEntity, body: unknown, variant: 'create' | 'patch', prefix = '', rules: { hidden: ReadonlySet<string>; readOnly: ReadonlySet<string>; system?: boolean } = { hidden: new Set(), readOnly: new Set() }): Record<string, unknown> {
  if (!isPlainObject(body)) throw appError('MALFORMED_REQUEST', 'the body must be a JSON object');
  const problems: ProblemItem[] = [];
  // The platform itself (seeds, imports and automations acting as the system) may also set readOnly fields.
  const writable = (key: string): boolean => {
    if (entity.writable.has(key)) return true;
    const f = rules.system === true ? entity.def.fields.find((x) => x.name === key) : undefined;
    return f !== undefined && isStorable(f);
  };
  let systemOnly = false;
  for (const key of Object.keys(body)) {
    const at = `${prefix}/${pointerSegment(key)}`;
    if (rules.hidden.has(key)) {
      problems.push({ pointer: at, code: 'unknown_field', message: `"${entity.name}" has no field "${key}"` });
    } else if ((SYSTEM_FIELDS as readonly string[]).includes(key) || rules.readOnly.has(key) || (entity.info.fields.has(key) && !writable(key))) {
      problems.push({ pointer: at, code: 'read_only_field', message: rules.readOnly.has(key) ? `you may not change "${key}"` : `"${key}" is set by the system and can not be written` });
    } else if (!entity.info.fields.has(key)) {
      problems.push({ pointer: at, code: 'unknown_field', message: `"${entity.name}" has no field "${key}"` });
    } else if (!entity.writable.has(key)) systemOnly = true;
  }
  if (problems.length) throw appError('VALIDATION_FAILED', `${problems.length} field(s) can not be written`, { errors: problems });
  const input = normalizeBody(entity, body);
  // Clearing a required field is "required", whatever type the schema would otherwise name.
  const cleared = new Set(entity.fields.filter((f) => f.required && input[f.name] === null).map((f) => `${prefix}/${f.name}`));
  for (const pointer of cleared) problems.push({ pointer, code: 'required', message: 'is required' });
  const validate = systemOnly ? systemValidator(entity, variant) : variant === 'create' ? entity.validateCreate : entity.validatePatch;
  if (!validate(input)) problems.push(...ajvToProblems(validate.errors, prefix).filter((p) => !cleared.has(p.pointer)));
  if (problems.length) throw appError('VALIDATION_FAILED', 'the record is invalid', { errors: problems });
  const data: Record<string, unknown> = { ...input };
  for (const f of entity.fields) {
    const v = data[f.name];
    if (v === undefined || v === null) continue;
    const t = entity.types.get(f.name)!;
    const problem = t.check?.(v, f);
    if (problem) {
      problems.push({ pointer: `${prefix}/${f.name}`, ...problem });
      continue;
    }
    data[f.name] = t.normalize ? t.normalize(v, f) : v;
    if (f.required && data[f.name] === '') problems.push({ pointer: `${prefix}/${f.name}`, code: 'required', message: 'is required' });
  }
  if (problems.length) throw appError('VALIDATION_FAILED', 'the record is invalid', { errors: problems });
  return data;
}

/**
 * A value as it would be stored: Unicode NFC (so "café" typed two ways is one unique key and one
 * filter value), then the field type's own normalizing (trimmed text, lower-cased e-mail…).
 */
export function storedForm(entity: CompiledEntity, field: string, v: unknown): unknown {
  const t = entity.types.get(field);
  if (!t || t.type === 'json') return v;
  const n = nfc(v);
  return t.normalize && n !== null && n !== undefined ? t.normalize(n, entity.def.fields.find((f) => f.name === field)!) : n;
}

const nfc = (v: unknown): unknown =>
  Array.isArray(v) ? v.map((x) => (typeof x === 'string' ? x.normalize('NFC') : x)) : typeof v === 'string' ? v.normalize('NFC') : v;

/**
 * The body with every text value as it will be stored, before it is validated: NFC (select options
 * compare as stored), and text kept as text normalized by its type (trimmed, lower-cased e-mail), so
 * lengths and patterns judge what is stored — " +86 138…" is a valid phone number.
 */
function normalizeBody(entity: CompiledEntity, body: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...body };
  for (const [k, v] of Object.entries(body)) {
    const f = entity.info.fields.get(k);
    if (!f || f.type === 'json') continue;
    const t = entity.types.get(k);
    out[k] = typeof v === 'string' && f.storage?.kind === 'text' && t?.normalize ? storedForm(entity, k, v) : nfc(v);
  }
  return out;
}

const systemValidators = new WeakMap<CompiledEntity, Record<string, ValidateFunction>>();
const systemAjv = new Ajv2020({ allErrors: true, strict: false, coerceTypes: false, useDefaults: false });
addFormatsPkg.default(systemAjv);

/** The schema of what the platform itself may write (readOnly fields included), compiled on first use. */
function systemValidator(entity: CompiledEntity, variant: 'create' | 'patch'): ValidateFunction {
  let both = systemValidators.get(entity);
  if (!both) systemValidators.set(entity, (both = {}));
  return (both[variant] ??= systemAjv.compile(writeSchema(entity.def, variant, { system: true, fields: new Map([...entity.types.values()].map((t) => [t.type, t])) })));
}

/** Removes the fields the caller may not see (access rules). */
export function stripHidden<T extends Record<string, unknown>>(record: T, hidden: ReadonlySet<string>): T {
  if (hidden.size === 0) return record;
  for (const k of hidden) delete record[k];
  return record;
}
