// Writes schemas/automation.schema.json and the catalog section of docs/automations.md from the
// built-in automation registry. Run `npm run types` afterwards (the schema feeds the types).
import { writeFileSync } from 'node:fs';
import { AUTOMATION_DOCS, AUTOMATION_SCHEMA_FILE, generatedAutomationDocs, generatedAutomationSchema } from '../runtime/automation/generate.js';

writeFileSync(AUTOMATION_SCHEMA_FILE, generatedAutomationSchema());
writeFileSync(AUTOMATION_DOCS, generatedAutomationDocs());
process.stderr.write(`wrote ${AUTOMATION_SCHEMA_FILE} and the catalog in ${AUTOMATION_DOCS}\n`);
