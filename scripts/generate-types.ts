import { writeFileSync } from 'node:fs';
import { generateTypesSource, TYPES_FILE } from '../runtime/definition/generateTypes.js';

writeFileSync(TYPES_FILE, await generateTypesSource());
process.stderr.write(`wrote ${TYPES_FILE}\n`);
