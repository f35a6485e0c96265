// The palette's field types: the server's registry (built-ins and plugin types, each with the JSON
// Schema of its settings). Until a server publishes /_meta/registry, the built-in types come from
// the metamodel (schemas/field.schema.json), so the designer works the same way on both.
import fieldSchema from '../../../schemas/field.schema.json';
import type { RegistryType } from '../api/definitions';

type Schema = Record<string, unknown>;

/** Settings every field has; the designer edits them itself, above the type's own settings. */
export const COMMON_SETTINGS = new Set(['name', 'type', 'label', 'description', 'renamedFrom', 'required', 'requiredWhen', 'readOnly', 'unique', 'index', 'target']);

/** JSON Schema → what rjsf renders well: references to labels become text, conditions are left out. */
export function simplifySchema(s: unknown): Schema | null {
  if (!s || typeof s !== 'object' || Array.isArray(s)) return null;
  const o = s as Schema;
  if (typeof o.$ref === 'string') {
    if (o.$ref.includes('filter.schema.json')) return null;
    if (o.$ref.endsWith('/name')) return { type: 'string', pattern: '^[a-z][a-z0-9_]{0,62}$', ...(o.description ? { description: o.description } : {}) };
    // A label: one text per studio locale.
    return { type: 'object', ...(o.description ? { description: o.description } : {}), properties: { en: { type: 'string', title: 'English' }, 'zh-CN': { type: 'string', title: '简体中文' } } };
  }
  const alts = (o.anyOf ?? o.oneOf) as unknown[] | undefined;
  if (Array.isArray(alts)) {
    const simple = alts.map(simplifySchema).find((x) => x && ['string', 'number', 'integer', 'boolean'].includes(String(x.type)));
    const { anyOf: _a, oneOf: _o, ...rest } = o;
    return simple ? { ...rest, ...simple } : null;
  }
  const out: Schema = {};
  for (const [k, v] of Object.entries(o)) {
    if (k === 'properties') {
      const props: Schema = {};
      for (const [pk, pv] of Object.entries(v as Schema)) {
        const sv = simplifySchema(pv);
        if (sv) props[pk] = sv;
      }
      out.properties = props;
    } else if (k === 'items') {
      const sv = simplifySchema(v);
      if (sv) out.items = sv;
    } else if (k !== '$id' && k !== '$schema' && k !== 'if' && k !== 'then' && k !== 'else' && k !== 'allOf' && k !== 'not' && k !== 'additionalProperties' && k !== 'unevaluatedProperties') {
      out[k] = v;
    }
  }
  if (Array.isArray(out.required) && out.properties) out.required = (out.required as string[]).filter((r) => r in (out.properties as Schema));
  // A map without declared members (a node's `values`: field → value): rjsf edits it as name/value
  // pairs. Values are text; a value that is one {{tag}} keeps the type of what it names.
  if (out.type === 'object' && !out.properties) {
    delete out.propertyNames;
    out.additionalProperties = { type: 'string' };
  }
  return out;
}

/** The settings form of a type: its config schema without the common settings. */
export function settingsSchema(t: RegistryType | undefined): Schema | null {
  const simple = simplifySchema(t?.configSchema);
  const props = (simple?.properties ?? {}) as Schema;
  const own = Object.fromEntries(Object.entries(props).filter(([k]) => !COMMON_SETTINGS.has(k)));
  if (!Object.keys(own).length) return null;
  return { type: 'object', properties: own, required: ((simple?.required ?? []) as string[]).filter((r) => r in own) };
}

/** The built-in types of the metamodel, as registry entries. */
export function builtinFieldTypes(): RegistryType[] {
  const variants = (fieldSchema as { oneOf: Schema[] }).oneOf;
  return variants.map((v) => {
    const type = ((v.properties as Schema).type as { const: string }).const;
    return { name: type, label: type, description: String(v.description ?? ''), configSchema: v };
  });
}

/** Minimal settings a new field of a type needs to be valid. */
export function newFieldOf(type: string, name: string, label: string, firstEntity: string | undefined): Schema {
  const f: Schema = { name, type, label: { en: label } };
  if (type === 'select' || type === 'multiselect') f.options = [{ value: 'option_1', label: { en: 'Option 1' } }, { value: 'option_2', label: { en: 'Option 2' } }];
  if (type === 'relation') Object.assign(f, { target: firstEntity ?? '', cardinality: 'many-to-one' });
  if (type === 'formula') Object.assign(f, { expression: '1', resultType: 'number' });
  if (type === 'autonumber') f.format = 'N-{0000}';
  return f;
}

/** Plain-string labels inside settings (select options) as locale maps, the shape the form edits. */
export function localizeLabels(field: Schema): Schema {
  if (!Array.isArray(field.options)) return field;
  return { ...field, options: (field.options as Schema[]).map((o) => (typeof o.label === 'string' ? { ...o, label: { en: o.label } } : o)) };
}
