// vitest globalSetup: build the studio bundle when studio/dist is missing or older than its sources,
// so the browser tests always run the code in the tree.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../helpers/testRuntime.js';

function newest(dir: string): number {
  let t = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    t = Math.max(t, entry.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

export default function setup(): void {
  const studio = join(ROOT, 'studio');
  if (!existsSync(join(studio, 'src'))) return;
  const index = join(studio, 'dist', 'index.html');
  const sources = Math.max(newest(join(studio, 'src')), statSync(join(studio, 'index.html')).mtimeMs, statSync(join(studio, 'vite.config.ts')).mtimeMs);
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return;
  process.stderr.write('building the studio bundle for the browser tests (npm run build:studio)…\n');
  execFileSync(process.execPath, [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', join(studio, 'vite.config.ts'), '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
}
