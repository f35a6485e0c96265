#!/usr/bin/env node
// `crm`: runs the compiled CLI from dist/ in this process. A checkout whose dist/ is missing or
// older than its sources (a skipped or forgotten `npm run build`) is rebuilt first — esbuild,
// under a second — with a one-line note on stderr, so `crm` never runs stale code.
import { buildServer, buildState, ROOT } from '../scripts/build.mjs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const state = buildState();
if (state !== 'fresh') {
  const hasEsbuild = await import('esbuild').then(() => true, () => false);
  if (hasEsbuild) {
    process.stderr.write(`crm: ${state === 'missing' ? 'no build in dist/ yet' : 'the sources changed since the last build'}; building (npm run build)…\n`);
    await buildServer();
  } else if (state === 'missing') {
    process.stderr.write('crm: dist/ is missing and esbuild is not installed; run `npm install` (it builds dist/)\n');
    process.exit(1);
  }
}
await import(pathToFileURL(join(ROOT, 'dist', 'server', 'cli', 'index.js')).href);
