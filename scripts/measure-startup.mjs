#!/usr/bin/env node
// npm run bench:startup — how fast the product starts, as a new user meets it: build time,
// `crm --help`, `crm token`, the server's cold start (empty database, no seed) and warm start,
// and its memory (RSS) right after it listens. Medians of RUNS runs (default 5); the budgets are
// the product's promises (--help < 1 s, token < 2 s, cold start < 2 s, RSS < 120 MB).
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildServer, ROOT } from './build.mjs';

const RUNS = Number(process.env.RUNS ?? 5);
const CRM = join(ROOT, 'bin', 'crm.js');
const APP = process.env.CRM_APP ?? join(ROOT, 'examples', 'sales-crm');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const time = (fn) => { const t = performance.now(); fn(); return performance.now() - t; };

function rssMb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)[1]) / 1024;
}

/** CPU time (user + system) a process has used: a start-up measure that a busy machine distorts far less than wall time. */
function cpuMs(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in clock ticks (USER_HZ = 100)
}

/** Starts the server; resolves when it listens, with the time that took and its RSS then. */
function start(databaseUrl) {
  const started = performance.now();
  const child = spawn(process.execPath, [CRM, 'serve'], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', CRM_SEED: 'off', DATABASE_URL: databaseUrl, CRM_APP: APP }, stdio: ['ignore', 'pipe', 'ignore'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    let result = null;
    child.stdout.on('data', (c) => {
      out += c;
      if (result || !/"msg":"listening"/.test(out)) return;
      result = { ms: performance.now() - started, rss: rssMb(child.pid), cpu: cpuMs(child.pid) };
      child.kill('SIGTERM');
    });
    child.once('exit', (code) => (result ? resolve(result) : reject(new Error(`server exited with ${code}`))));
  });
}

const rows = [];
const report = (what, values, unit, budget) => rows.push({ what, median: median(values), min: Math.min(...values), unit, budget });

const builds = [];
for (let i = 0; i < RUNS; i++) builds.push((await buildServer()).ms);
report('npm run build (server, esbuild)', builds, 'ms');
report('crm --help', Array.from({ length: RUNS }, () => time(() => execFileSync(process.execPath, [CRM, '--help']))), 'ms', 1000);
report('crm --version', Array.from({ length: RUNS }, () => time(() => execFileSync(process.execPath, [CRM, '--version']))), 'ms', 1000);

const dir = mkdtempSync(join(tmpdir(), 'crm-startup-'));
try {
  const tokenDb = `sqlite:${join(dir, 'token.sqlite')}`;
  execFileSync(process.execPath, [CRM, 'user', 'add', '--email', 'bench@example.com', '--roles', 'admin', '--app', APP, '--database', tokenDb], { stdio: 'ignore' });
  report('crm token', Array.from({ length: RUNS }, () => time(() => execFileSync(process.execPath, [CRM, 'token', '--user', 'bench@example.com', '--database', tokenDb], { stdio: 'ignore' }))), 'ms', 2000);
  const cold = [];
  for (let i = 0; i < RUNS; i++) cold.push(await start(`sqlite:${join(dir, `cold-${i}.sqlite`)}`));
  report('server cold start (empty database, no seed)', cold.map((r) => r.ms), 'ms', 2000);
  report('  CPU time of that start', cold.map((r) => r.cpu), 'ms');
  report('RSS after a cold start', cold.map((r) => r.rss), 'MB', 120);
  const warm = [];
  for (let i = 0; i < RUNS; i++) warm.push(await start(`sqlite:${join(dir, 'cold-0.sqlite')}`));
  report('server warm start (migrated database)', warm.map((r) => r.ms), 'ms', 2000);
  report('  CPU time of that start', warm.map((r) => r.cpu), 'ms');
  report('RSS after a warm start', warm.map((r) => r.rss), 'MB', 120);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const bare = Array.from({ length: RUNS }, () => time(() => execFileSync(process.execPath, ['-e', '0'])));
console.log(`app: ${APP}, ${RUNS} runs each; a bare \`node -e 0\` took ${median(bare).toFixed(0)} ms (about 40 ms on an idle machine)\n`);
console.log('| measure | median | best | budget |\n|---|---|---|---|');
for (const r of rows) console.log(`| ${r.what} | ${r.median.toFixed(0)} ${r.unit} | ${r.min.toFixed(0)} ${r.unit} | ${r.budget ? `< ${r.budget} ${r.unit}${r.median < r.budget ? '' : ' — over'}` : ''} |`);
