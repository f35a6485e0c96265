// Schema pieces and reference checks the built-in triggers and nodes share.
import type { Entity } from '../../definition/types.generated.js';
import type { ProblemItem } from '../../errors/catalog.js';
import { SYSTEM_FIELDS } from '../../query/model.js';
import type { CheckContext, JsonSchema } from '../types.js';

export const NAME: JsonSchema = { $ref: 'common.schema.json#/$defs/name' };
export const FILTER: JsonSchema = { $ref: 'filter.schema.json' };
export const LABEL: JsonSchema = { $ref: 'common.schema.json#/$defs/label' };
export const DURATION: JsonSchema = {
  type: 'object', additionalProperties: false, required: ['n', 'unit'],
  properties: { n: { type: 'integer', minimum: 0, maximum: 100000 }, unit: { enum: ['minute', 'hour', 'day', 'week'] } },
};
export const SCALAR_OR_LIST: JsonSchema = {
  anyOf: [{ type: ['string', 'number', 'boolean', 'null'] }, { type: 'array', minItems: 1, maxItems: 100, items: { type: ['string', 'number', 'boolean', 'null'] } }],
};

export function entityIn(ctx: CheckContext, name: unknown, at: string, problems: ProblemItem[]): Entity | null {
  const e = ctx.def.entities.find((x) => x.name === name);
  if (!e) problems.push({ pointer: at, code: 'unknown_entity', message: `"${String(name)}" is not an entity of this app` });
  return e ?? null;
}

/** A field of the entity (system fields count), or a problem. */
export function fieldIn(entity: Entity, name: unknown, at: string, problems: ProblemItem[], accept?: (type: string) => boolean, what = 'field'): boolean {
  const system = (SYSTEM_FIELDS as readonly string[]).includes(String(name));
  const f = entity.fields.find((x) => x.name === name);
  const type = system ? (String(name).endsWith('_at') ? 'datetime' : 'integer') : f?.type;
  if (!type) {
    problems.push({ pointer: at, code: 'unknown_field', message: `"${entity.name}" has no field "${String(name)}"` });
    return false;
  }
  if (accept && !accept(type)) {
    problems.push({ pointer: at, code: 'invalid_reference', message: `"${entity.name}.${String(name)}" is not a ${what}` });
    return false;
  }
  return true;
}

/** JSON equality of stored values (null and undefined alike). */
export const sameValue = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** A value matches a `from`/`to` that is one value or a list of values; absent matches anything. */
export function valueMatches(expected: unknown, actual: unknown): boolean {
  if (expected === undefined) return true;
  return Array.isArray(expected) ? expected.some((e) => sameValue(e, actual)) : sameValue(expected, actual);
}
