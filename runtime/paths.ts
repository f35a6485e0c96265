// Where the package's files are, from the running code: the same answer from the TypeScript
// sources (tsx, vitest) and from the compiled copy in dist/ (npm start), whose modules sit one
// folder deeper.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder that holds runtime/, server/ and examples' seed code: the checkout or dist/. */
export const CODE_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

function findPackageRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'schemas', 'app.schema.json'))) return dir;
    if (dirname(dir) === dir) return join(from, '..');
  }
}

/** The checkout (package.json, schemas/, examples/). */
export const PACKAGE_ROOT = findPackageRoot(CODE_ROOT);
export const SCHEMAS_DIR = join(PACKAGE_ROOT, 'schemas');
/** True when this process runs the TypeScript sources (a loader such as tsx or vitest is active). */
export const RUNS_TYPESCRIPT = import.meta.url.endsWith('.ts');
