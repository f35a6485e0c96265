// Record schemas of one entity as the audience sees them: the full record, the partial record of
// a sparse fieldset (fields=), and the create and patch bodies. Relations are described as the API
// answers them: an id, or with expand the related record (partial when fields= trims it), up to
// the expand depth; one-to-many only with expand, as {data, meta: {count}}.
import type { CompiledEntity } from '../../runtime/compile/compileApp.js';
import { MAX_EXPAND_DEPTH } from '../../runtime/records/query.js';
import type { Audience, FieldRules } from '../audience.js';
import { type Obj, pascal, ref, USER_REF_SCHEMA } from './shared.js';

/** The entity's schemas as the caller may use them: hidden fields gone, read-only ones not writable. */
export function schemasFor(e: CompiledEntity, rules: FieldRules | undefined): CompiledEntity['schemas'] {
  if (!rules || (rules.hidden.size === 0 && rules.readOnly.size === 0)) return e.schemas;
  const drop = (schema: Obj, names: ReadonlySet<string>): Obj => {
    const props = Object.fromEntries(Object.entries((schema.properties ?? {}) as Obj).filter(([k]) => !names.has(k)));
    const required = ((schema.required ?? []) as string[]).filter((k) => !names.has(k));
    return { ...schema, properties: props, ...(schema.required ? { required } : {}) };
  };
  const notWritable = new Set([...rules.hidden, ...rules.readOnly]);
  return { read: drop(e.schemas.read, rules.hidden), create: drop(e.schemas.create, notWritable), patch: drop(e.schemas.patch, notWritable) };
}

// Constraints a value had to meet when it was written; data stored before a definition changed
// may not meet today's, so a read promises only the type and format.
const WRITE_ONLY_KEYWORDS = ['minLength', 'maxLength', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'minItems', 'maxItems', 'uniqueItems'];
const DECIMAL_PATTERN = '^-?\\d+(\\.\\d+)?$';

function readValue(schema: Obj): Obj {
  const out: Obj = {};
  for (const [k, v] of Object.entries(schema)) {
    if (WRITE_ONLY_KEYWORDS.includes(k) || (k === 'pattern' && v !== DECIMAL_PATTERN)) continue;
    out[k] = k === 'items' && v && typeof v === 'object' ? readValue(v as Obj) : k === 'anyOf' && Array.isArray(v) ? v.map((x) => readValue(x as Obj)) : v;
  }
  return out;
}

const annotations = (s: Obj): Obj => Object.fromEntries(Object.entries(s).filter(([k]) => ['title', 'description', 'readOnly'].includes(k)));
const EXPAND_NOTE = `with expand=, the related record (expand follows dotted paths up to ${MAX_EXPAND_DEPTH} levels)`;

/** One property of the read schema, with its expanded alternatives. */
function readProperty(e: CompiledEntity, name: string, base: Obj, audience: Audience): Obj {
  const info = e.info.fields.get(name);
  const rel = info?.relation;
  if (!rel) return readValue(base);
  const meta = annotations(base);
  if (rel.target === '_users') {
    return { ...meta, anyOf: [{ type: 'integer' }, { type: 'null' }, ref('UserRef')], description: `A user id; ${EXPAND_NOTE}: {id, email, name}.` };
  }
  const expanded = audience.canRead(rel.target) ? [ref(`${pascal(rel.target)}Partial`)] : [];
  if (rel.cardinality === 'many-to-one') {
    return { ...meta, anyOf: [{ type: 'integer' }, { type: 'null' }, ...expanded], description: `The ${rel.target} id${expanded.length ? `; ${EXPAND_NOTE}` : ''}.` };
  }
  if (rel.cardinality === 'many-to-many') {
    return { ...meta, type: 'array', items: expanded.length ? { anyOf: [{ type: 'integer' }, ...expanded] } : { type: 'integer' }, description: `The ${rel.target} ids, ascending${expanded.length ? `; ${EXPAND_NOTE}s` : ''}.` };
  }
  return {
    ...meta, type: 'object', readOnly: true, required: ['data', 'meta'], additionalProperties: false,
    description: `Only with expand=${name}: the first 100 related ${rel.target} records and how many there are.`,
    properties: { data: { type: 'array', items: expanded.length ? expanded[0] : { type: 'object' } }, meta: { type: 'object', required: ['count'], properties: { count: { type: 'integer', minimum: 0 } } } },
  };
}

/** The relation fields expand= accepts for this caller. */
export function expandable(e: CompiledEntity, audience: Audience): string[] {
  const hidden = audience.hidden(e.name);
  return [...e.info.fields.values()].filter((f) => f.relation && !hidden.has(f.name) && (f.relation.target === '_users' || audience.canRead(f.relation.target))).map((f) => f.name);
}

export function entitySchemas(e: CompiledEntity, audience: Audience): Obj {
  const P = pascal(e.name);
  const own = schemasFor(e, audience.rules(e.name));
  const props = Object.fromEntries(Object.entries((own.read.properties ?? {}) as Record<string, Obj>).map(([k, v]) => [k, readProperty(e, k, v, audience)]));
  const required = (own.read.required ?? []) as string[];
  return {
    [P]: { title: e.label, type: 'object', properties: props, required, additionalProperties: false },
    [`${P}Partial`]: {
      title: `${e.label} (sparse)`, type: 'object', properties: props, required: ['id', 'version'], additionalProperties: false,
      description: `A ${e.name} trimmed by fields= (or nested in an expanded relation): id, version and the fields asked for.`,
    },
    [`${P}Create`]: { title: `${e.label} (create)`, ...own.create },
    [`${P}Patch`]: { title: `${e.label} (patch)`, ...own.patch },
  };
}

export const USER_REF = USER_REF_SCHEMA;
