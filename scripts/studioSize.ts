// Initial JavaScript of the studio: what index.html loads before anything is clicked (its module
// script and modulepreload links), gzip-compressed. Lazy chunks (record page, board, calendar) are
// listed apart. `npx tsx scripts/studioSize.ts` prints the table; the test suite checks the budget.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

export const INITIAL_JS_BUDGET = 300 * 1024;

export interface BundleSize { initial: { file: string; gzip: number }[]; lazy: { file: string; gzip: number }[]; initialGzip: number; css: number }

export function measureStudio(dist: string): BundleSize {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const initialFiles = new Set([...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]));
  const gz = (file: string): number => gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;
  const all = readdirSync(join(dist, 'assets')).map((f) => `assets/${f}`);
  const initial = [...initialFiles].map((file) => ({ file, gzip: gz(file) }));
  const lazy = all.filter((f) => f.endsWith('.js') && !initialFiles.has(f)).map((file) => ({ file, gzip: gz(file) }));
  const css = all.filter((f) => f.endsWith('.css')).reduce((n, f) => n + gz(f), 0);
  return { initial, lazy, initialGzip: initial.reduce((n, x) => n + x.gzip, 0), css };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const size = measureStudio(join(fileURLToPath(new URL('..', import.meta.url)), 'studio', 'dist'));
  const kb = (n: number): string => `${(n / 1024).toFixed(1)} KB`;
  for (const x of size.initial) console.log(`initial  ${kb(x.gzip).padStart(9)}  ${x.file}`);
  for (const x of size.lazy) console.log(`lazy     ${kb(x.gzip).padStart(9)}  ${x.file}`);
  console.log(`\ninitial JavaScript: ${kb(size.initialGzip)} gzip (budget ${kb(INITIAL_JS_BUDGET)}); CSS ${kb(size.css)} gzip`);
  process.exitCode = size.initialGzip <= INITIAL_JS_BUDGET ? 0 : 1;
}
