import { writeFileSync } from 'node:fs';
import { FIELD_SCHEMA_FILE, fieldSchemaSource, generateTypesSource, TYPES_FILE } from '../runtime/definition/generateTypes.js';

// The field schema first: the types are generated from it.
writeFileSync(FIELD_SCHEMA_FILE, fieldSchemaSource());
process.stderr.write(`wrote ${FIELD_SCHEMA_FILE}\n`);
writeFileSync(TYPES_FILE, await generateTypesSource());
process.stderr.write(`wrote ${TYPES_FILE}\n`);
