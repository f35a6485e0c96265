// A step's value map (record.create / record.update `values`: field → value) is edited as
// name/value text pairs. Text typed there becomes the type of the field it sets, so a literal
// number or yes/no is stored as one; a value holding a {{tag}} stays text (the run renders it, and
// a value that is one tag keeps the type of what it names).

/** What is needed of an entity's metadata (EntityMeta fits). */
interface EntityMeta { name: string; fields: readonly { name: string; type: string; target?: string; cardinality?: string }[] }

type Values = Record<string, unknown>;

const NUMERIC = new Set(['integer', 'number', 'percent', 'rating']);
const INTEGER = /^-?\d+$/;
const NUMBER = /^-?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** The values as the text the pairs editor shows. */
export function valuesAsText(values: unknown): Record<string, string> {
  if (!values || typeof values !== 'object' || Array.isArray(values)) return {};
  return Object.fromEntries(Object.entries(values as Values).map(([k, v]) => [k, v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v)]));
}

/** One text value as the value the field takes; text that does not fit the type stays text (the check names it). */
export function typedValue(text: string, type: string | undefined, cardinality?: string): unknown {
  if (text.includes('{{')) return text;
  const s = text.trim();
  if (type === 'boolean') return s === 'true' ? true : s === 'false' ? false : text;
  if (type === 'integer' || type === 'autonumber' || (type === 'relation' && cardinality === 'many-to-one') || type === 'user') {
    return INTEGER.test(s) && Number.isSafeInteger(Number(s)) ? Number(s) : text;
  }
  if (type && NUMERIC.has(type)) return NUMBER.test(s) ? Number(s) : text;
  if (type === 'multiselect' || type === 'tags' || type === 'json') {
    try {
      const parsed = JSON.parse(s) as unknown;
      if (type === 'json' || Array.isArray(parsed)) return parsed;
    } catch { /* not JSON: a comma list below, or text */ }
    if (type !== 'json') return s === '' ? [] : s.split(',').map((x) => x.trim()).filter(Boolean);
  }
  return text;
}

/** The pairs' text as typed values for the entity's fields (unknown names stay text). */
export function typedValues(values: unknown, entity: EntityMeta | undefined): Values {
  if (!values || typeof values !== 'object' || Array.isArray(values)) return {};
  return Object.fromEntries(Object.entries(values as Values).map(([k, v]) => {
    if (typeof v !== 'string') return [k, v];
    const field = entity?.fields.find((f) => f.name === k);
    return [k, typedValue(v, field?.type, field?.cardinality)];
  }));
}

/**
 * The entity a step's values are for: record.create names it; record.update sets the run's record
 * (the trigger's entity) or, with `target`, the record a many-to-one path leads to.
 */
export function valuesEntity(config: Values, triggerEntity: string | undefined, metas: Map<string, EntityMeta>): EntityMeta | undefined {
  if (typeof config.entity === 'string') return metas.get(config.entity);
  let entity = triggerEntity ? metas.get(triggerEntity) : undefined;
  if (typeof config.target === 'string' && config.target) {
    for (const hop of config.target.split('.')) {
      const f = entity?.fields.find((x) => x.name === hop && x.type === 'relation');
      entity = f?.target ? metas.get(f.target) : undefined;
    }
  }
  return entity;
}
