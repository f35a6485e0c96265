// `npm run screenshots`: the browser tests save a screenshot of every main screen (en and zh-CN) in
// test/e2e/screenshots (gitignored); this copies them into docs/screenshots, which the docs show.
// With --regenerate (or when none exist yet) it runs the browser tests first.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const from = join(root, 'test', 'e2e', 'screenshots');
const to = join(root, 'docs', 'screenshots');

/** The screens the docs show. */
export const SCREENS = [
  'login-en', 'grid-en', 'grid-zh-CN', 'filter-en', 'conflict-en', 'record-en', 'record-error-en', 'record-zh-CN',
  'board-en', 'board-refused-en', 'board-zh-CN', 'calendar-en', 'calendar-zh-CN', 'phone-grid-en', 'phone-nav-en',
  'design-home-en', 'design-entity-en', 'design-form-en', 'design-pipeline-en', 'design-conflict-en', 'design-automation-en',
  'design-view-en', 'design-role-en', 'view-as-en', 'view-as-zh-CN',
  'design-home-zh-CN', 'design-entity-zh-CN', 'design-form-zh-CN', 'design-pipeline-zh-CN', 'design-automation-zh-CN', 'design-view-zh-CN', 'design-role-zh-CN',
];

if (process.argv.includes('--regenerate') || !existsSync(from) || readdirSync(from).length === 0) {
  execFileSync(join(root, 'node_modules', '.bin', 'vitest'), ['run', 'test/e2e'], { cwd: root, stdio: 'inherit' });
}
mkdirSync(to, { recursive: true });
const missing: string[] = [];
for (const name of SCREENS) {
  const file = join(from, `${name}.png`);
  if (existsSync(file)) copyFileSync(file, join(to, `${name}.png`));
  else missing.push(name);
}
console.log(`copied ${SCREENS.length - missing.length} screenshots to docs/screenshots${missing.length ? `; missing: ${missing.join(', ')}` : ''}`);
process.exitCode = missing.length ? 1 : 0;
