// Field types as registry entries keyed by name (architecture §2). A registry belongs to a runtime:
// the built-ins plus the types the app's plugins add — never a process-wide list that one app's
// plugin could change for another. The definition schema of fields is generated from a registry,
// so plugin types validate exactly like built-in ones.
import { BUILTIN_FIELD_TYPES } from './builtin.js';
import { COMMON_FIELD_SETTINGS } from './settings.js';
import type { FieldRegistry, FieldType, JsonSchema } from './types.js';

export type { AnyField, FieldRegistry, FieldType, JsonSchema } from './types.js';
export { DECIMAL_DIGITS, decimalScale, TEXT_OPS, NUMBER_OPS, DATE_OPS, CHOICE_OPS, BOOL_OPS, ARRAY_OPS, TO_MANY_OPS } from './builtin.js';

const NAME = /^[a-z][a-z0-9-]{0,62}$/;

/** A registry of the built-in types and `extra` ones; a name may be registered once. */
export function createFieldRegistry(extra: readonly FieldType[] = []): FieldRegistry {
  const map = new Map<string, FieldType>();
  for (const t of [...BUILTIN_FIELD_TYPES, ...extra]) {
    if (!NAME.test(t.type)) throw new Error(`field type name "${t.type}" must match ${NAME}`);
    if (map.has(t.type)) throw new Error(`field type "${t.type}" is registered twice`);
    map.set(t.type, t);
  }
  return map;
}

/** The built-in types: what an app without plugins uses. */
export const BUILTIN_FIELDS: FieldRegistry = createFieldRegistry();

/** The entry of a type, or an error naming the registry's types (definitions are validated first). */
export function fieldType(type: string, registry: FieldRegistry = BUILTIN_FIELDS): FieldType {
  const t = registry.get(type);
  if (!t) throw new Error(`unknown field type ${type}`);
  return t;
}

/** The JSON Schema of a field definition for this registry: one `oneOf` variant per type, discriminated by `type`. */
export function fieldDefinitionSchema(registry: FieldRegistry): JsonSchema {
  const types = [...registry.keys()];
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'field.schema.json',
    title: 'Field',
    description: 'One field of an entity. `type` selects the variant and its settings.',
    type: 'object',
    required: ['name', 'type'],
    properties: { type: { enum: types } },
    discriminator: { propertyName: 'type' },
    oneOf: [...registry.values()].map((t) => ({
      title: t.settings.title,
      description: t.settings.description,
      type: 'object',
      properties: { ...COMMON_FIELD_SETTINGS, type: { const: t.type }, ...t.settings.properties },
      required: ['name', 'type', ...(t.settings.required ?? [])],
      additionalProperties: false,
    })),
  };
}
