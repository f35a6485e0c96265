import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FIELD_SCHEMA_FILE, fieldSchemaSource, generateTypesSource, TYPES_FILE } from '../../runtime/definition/generateTypes.js';

describe('generated metamodel types', () => {
  it('schemas/field.schema.json is the field registry\'s schema (run `npm run types` after changing a field type)', () => {
    expect(readFileSync(FIELD_SCHEMA_FILE, 'utf8')).toBe(fieldSchemaSource());
  });

  it('match schemas/ (run `npm run types` after editing a schema)', async () => {
    const fresh = await generateTypesSource();
    expect(readFileSync(TYPES_FILE, 'utf8')).toBe(fresh);
  });
});
