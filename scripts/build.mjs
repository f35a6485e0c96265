#!/usr/bin/env node
// `npm run build`, also the install's `prepare` step: the server code into dist/, then the studio.
// runtime/, server/ and every example's seed/ are transpiled module by module with esbuild — no
// bundling, the same folder layout — so relative imports, dynamic seed imports and the paths the
// runtime computes from its own location work unchanged. esbuild does not check types:
// `npm run typecheck` (tsc) does. Plain JavaScript, so neither the build nor `crm` needs tsx.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const STAMP = '.build.json';

function walk(dir, out) {
  if (!existsSync(dir)) return out;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, out);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') && !entry.name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

/** The TypeScript files that make up the server: runtime/, server/ and examples/<app>/seed/. */
export function sourceFiles(root = ROOT) {
  const out = [];
  walk(join(root, 'runtime'), out);
  walk(join(root, 'server'), out);
  const examples = join(root, 'examples');
  if (existsSync(examples)) for (const app of readdirSync(examples)) walk(join(examples, app, 'seed'), out);
  // The example plugins, which a compiled server loads from dist/examples/plugins/<name>/index.js.
  walk(join(examples, 'plugins'), out);
  return out.sort();
}

function sourceState(root) {
  // The metamodel is compiled into the build too (its validators), so its files count as sources.
  const schemas = existsSync(join(root, 'schemas')) ? readdirSync(join(root, 'schemas')).filter((n) => n.endsWith('.json')).map((n) => join(root, 'schemas', n)) : [];
  const files = [...sourceFiles(root), ...schemas];
  let newest = 0;
  for (const f of files) newest = Math.max(newest, statSync(f).mtimeMs);
  return { files: files.length, newest };
}

/**
 * Whether dist/ holds a build of the current sources: same file count, nothing modified since.
 * A copy without sources (only dist/) counts as built.
 */
export function buildState(root = ROOT) {
  const stampFile = join(root, 'dist', STAMP);
  if (!existsSync(stampFile)) return 'missing';
  const now = sourceState(root);
  if (now.files === 0) return 'fresh';
  const stamp = JSON.parse(readFileSync(stampFile, 'utf8'));
  return stamp.files === now.files && now.newest <= stamp.newest ? 'fresh' : 'stale';
}

/** Transpiles the server into dist/ (built beside it, then swapped in, so a reader never sees half a build). */
export async function buildServer(root = ROOT) {
  const started = performance.now();
  const { build } = await import('esbuild');
  const state = sourceState(root);
  const files = sourceFiles(root);
  // (files: the TypeScript modules to transpile; state also covers schemas/.)
  const dist = join(root, 'dist');
  const staging = join(root, `dist.next-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  await build({
    entryPoints: files, outdir: staging, outbase: root,
    format: 'esm', platform: 'node', target: 'node20', bundle: false, logLevel: 'warning',
  });
  // The metamodel's validators as code, made by the runtime's own definition module (same options).
  const { definitionValidatorsCode } = await import(pathToFileURL(join(staging, 'runtime', 'definition', 'ajv.js')).href);
  writeFileSync(join(staging, 'runtime', 'definition', 'validators.generated.js'), await definitionValidatorsCode());
  writeFileSync(join(staging, STAMP), JSON.stringify({ ...state, builtAt: new Date().toISOString() }) + '\n');
  // Keep what other builds put into dist/ (none today), replace the server's part.
  mkdirSync(dist, { recursive: true });
  try {
    for (const name of readdirSync(staging)) {
      const target = join(dist, name);
      const old = join(root, `dist.old-${process.pid}-${name}`);
      if (existsSync(target)) renameSync(target, old);
      renameSync(join(staging, name), target);
      rmSync(old, { recursive: true, force: true });
    }
  } catch (err) {
    // Two `crm` commands rebuilding a stale dist/ at once: the other one's build is as good.
    if (buildState(root) !== 'fresh') throw err;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return { files: files.length, ms: Math.round(performance.now() - started) };
}

async function main() {
  if (!(await import('esbuild').then(() => true, () => false))) {
    // An install without dev dependencies (npm ci --omit=dev) still runs `prepare`.
    if (buildState() !== 'missing') return void process.stderr.write('esbuild (a dev dependency) is not installed; keeping the existing dist/\n');
    throw new Error('esbuild (a dev dependency) is not installed: install with dev dependencies, run `npm run build`, then prune');
  }
  const { files, ms } = await buildServer();
  process.stderr.write(`built ${files} modules into ${relative(process.cwd(), join(ROOT, 'dist')) || 'dist'}/ in ${ms} ms\n`);
  // The studio builds itself (npm run build:studio) once it exists.
  if (existsSync(join(ROOT, 'studio', 'vite.config.ts'))) {
    const npm = process.env.npm_execpath;
    const run = npm ? spawnSync(process.execPath, [npm, 'run', 'build:studio'], { cwd: ROOT, stdio: 'inherit' })
      : spawnSync('npm', ['run', 'build:studio'], { cwd: ROOT, stdio: 'inherit', shell: process.platform === 'win32' });
    if (run.status !== 0) process.exit(run.status ?? 1);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err) => {
    process.stderr.write(`build failed: ${err?.message ?? err}\n`);
    process.exit(1);
  });
}
