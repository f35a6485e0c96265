// Writes the generated schemas (fields, from the field registry) and turns schemas/ (the metamodel)
// into the runtime's TypeScript types. The output is committed;
// test/definition/typesFresh.test.ts fails when it is stale.
import { compile } from 'json-schema-to-typescript';
import type { JSONSchema4 } from 'json-schema';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { BUILTIN_FIELDS, fieldDefinitionSchema } from '../fields/registry.js';
import { SCHEMAS_DIR } from '../paths.js';

export { SCHEMAS_DIR };
export const TYPES_FILE = join(dirname(fileURLToPath(import.meta.url)), 'types.generated.ts');
export const DEFINITION_KINDS = ['app', 'entity', 'field', 'filter', 'form', 'view', 'pipeline', 'automation', 'dashboard', 'role'] as const;

/** schemas/field.schema.json: generated from the built-in field registry (the settings of every type). */
export const FIELD_SCHEMA_FILE = join(SCHEMAS_DIR, 'field.schema.json');
export const fieldSchemaSource = (): string => `${JSON.stringify(fieldDefinitionSchema(BUILTIN_FIELDS), null, 2)}\n`;

export async function generateTypesSource(): Promise<string> {
  const root = {
    title: 'DefinitionFiles',
    description: 'Every definition kind of the metamodel (schemas/*.schema.json).',
    type: 'object',
    additionalProperties: false,
    properties: Object.fromEntries(DEFINITION_KINDS.map((k) => [k, { $ref: `${k}.schema.json` }])),
  } as JSONSchema4;
  const body = await compile(root, 'DefinitionFiles', {
    cwd: SCHEMAS_DIR,
    bannerComment: '/* Generated from schemas/ by `npm run types`. Do not edit by hand. */',
    additionalProperties: false,
    unreachableDefinitions: false,
    strictIndexSignatures: true,
    format: true,
  });
  return body;
}
