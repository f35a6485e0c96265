// `npm run bench:scale`: what reads and schema changes cost as the data grows. For each size
// (100k and 1M contacts by default) a fresh database is seeded by direct insert, then the
// platform's HTTP API is timed (auth on, one admin token): get-by-id, the first and the middle
// page in id order and in an indexed column's order, count=true, a rare q, CSV export of every
// row, GET-by-id latency while slow lists run beside it, and applying an added field and an added
// index. Prints each time and its growth factor against the smallest size; writes
// test/bench/results/scale-<dialect>.md.
// env: BENCH_DATABASE_URL (postgres://…; default a SQLite file in a temp dir), BENCH_SCALE_ROWS
//      (comma list, default 100000,1000000), BENCH_SCALE_REPEAT (5: runs per timing, median counts).
import { once } from 'node:events';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { loadAndCompile } from '../../runtime/index.js';
import { migrate } from '../../runtime/migrate/index.js';
import { optimize } from '../../runtime/dialect/index.js';
import { encodeCursor, type SortKey } from '../../runtime/records/query.js';
import { createApp } from '../../server/app.js';
import { APP_DIR, adminToken, openBenchDb } from './setup.js';

const PG_URL = process.env.BENCH_DATABASE_URL ?? '';
const SIZES = (process.env.BENCH_SCALE_ROWS || '100000,1000000').split(',').map((s) => Number(s.trim()));
const REPEAT = Number(process.env.BENCH_SCALE_REPEAT || 5);
const DIALECT = PG_URL ? 'postgres' : 'sqlite';
const OUT = join(dirname(fileURLToPath(import.meta.url)), 'results', `scale-${DIALECT}.md`);

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const pct = (xs: number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((xs.length * p) / 100) - 1)];

type Measures = Map<string, { ms: number; note?: string }>;

async function timed(fn: () => Promise<unknown>, repeat = REPEAT): Promise<number> {
  for (let i = 0; i < Math.min(3, repeat); i++) await fn(); // warm: compiled code, plans, caches, connections
  const runs: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const t0 = performance.now();
    await fn();
    runs.push(performance.now() - t0);
  }
  return median(runs);
}

/** Slow lists beside a GET-by-id probe, all from another thread (the server's loop stays the server's). */
const BESIDE = `
const { parentPort, workerData } = require('node:worker_threads');
const h = { authorization: workerData.auth };
let stop = false;
const latencies = [];
let slow = 0;
const slowLoop = async (path) => { while (!stop) { const r = await fetch(workerData.base + path, { headers: h }); await r.arrayBuffer(); slow++; } };
const probe = async () => {
  let i = 0;
  while (!stop) {
    const id = 1 + ((i++ * 7919) % workerData.rows);
    const t0 = performance.now();
    const r = await fetch(workerData.base + '/api/v1/contact/' + id, { headers: h });
    await r.arrayBuffer();
    latencies.push(performance.now() - t0);
  }
};
setTimeout(() => { stop = true; }, workerData.ms);
Promise.all([...workerData.slow.map(slowLoop), probe()]).then(() => parentPort.postMessage({ latencies, slow }));
`;

async function besideSlowLists(base: string, auth: string, rows: number): Promise<{ p50: number; p99: number; n: number; slow: number }> {
  const slow = ['/api/v1/contact?count=true&limit=1', '/api/v1/contact?q=zzqx&limit=50', '/api/v1/contact?count=true&limit=1', '/api/v1/contact?q=zzqy&limit=50'];
  const worker = new Worker(BESIDE, { eval: true, workerData: { base, auth, rows, slow, ms: 5000 } });
  const [{ latencies, slow: n }] = (await once(worker, 'message')) as [{ latencies: number[]; slow: number }];
  await worker.terminate();
  return { p50: median(latencies), p99: pct(latencies, 99), n: latencies.length, slow: n };
}

function appVariant(change: (contact: { fields: unknown[]; indexes?: unknown[] }) => void): string {
  const dir = mkdtempSync(join(tmpdir(), 'crm-scale-app-'));
  cpSync(APP_DIR, dir, { recursive: true });
  const file = join(dir, 'entities', 'contact.json');
  const json = JSON.parse(readFileSync(file, 'utf8')) as { fields: unknown[]; indexes?: unknown[] };
  change(json);
  writeFileSync(file, JSON.stringify(json));
  return dir;
}

async function measureSize(rows: number): Promise<Measures> {
  const m: Measures = new Map();
  const seedStart = performance.now();
  const bench = await openBenchDb(rows, PG_URL);
  const { rt } = bench;
  await optimize(rt.db, ['contact']);
  m.set('seed (direct insert)', { ms: performance.now() - seedStart });
  let server: Server | null = null;
  const dirs: string[] = [];
  try {
    const auth = `Bearer ${await adminToken(rt)}`;
    server = createApp({ runtime: rt, writesPerIpPerMinute: 0, readsPerUserPerMinute: 0, readConcurrencyPerUser: 0 }).listen(0, '127.0.0.1');
    await once(server, 'listening');
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const get = async (path: string): Promise<Record<string, unknown>> => {
      const res = await fetch(base + path, { headers: { authorization: auth } });
      if (res.status !== 200) throw new Error(`GET ${path.slice(0, 120)} → ${res.status}: ${(await res.text()).slice(0, 300)}`);
      return (await res.json()) as Record<string, unknown>;
    };
    const byId: SortKey[] = [{ field: 'id', column: 'id', desc: false }];
    const byCity: SortKey[] = [{ field: 'city', column: 'city', desc: false }, { field: 'id', column: 'id', desc: false }];
    const middle = Math.floor(rows / 2);
    const [cityMid] = (await rt.db.knex('contact').select('city', 'id').orderBy([{ column: 'city' }, { column: 'id' }]).offset(middle).limit(1)) as { city: string; id: number }[];
    const idCursor = encodeURIComponent(encodeCursor(byId, [middle]));
    const cityCursor = encodeURIComponent(encodeCursor(byCity, [cityMid.city, Number(cityMid.id)]));
    let i = 0;
    m.set('get by id', { ms: await timed(() => get(`/api/v1/contact/${1 + ((i++ * 7919) % rows)}`), REPEAT * 10) });
    m.set('list, page 1 (sort id)', { ms: await timed(() => get('/api/v1/contact?limit=50')) });
    m.set('list, middle page (sort id)', { ms: await timed(() => get(`/api/v1/contact?limit=50&cursor=${idCursor}`)) });
    m.set('list, page 1 (sort=city, indexed)', { ms: await timed(() => get('/api/v1/contact?limit=50&sort=city')) });
    m.set('list, middle page (sort=city)', { ms: await timed(() => get(`/api/v1/contact?limit=50&sort=city&cursor=${cityCursor}`)) });
    m.set('count=true', { ms: await timed(() => get('/api/v1/contact?limit=1&count=true')) });
    m.set('q (rare term)', { ms: await timed(() => get('/api/v1/contact?limit=50&q=zzqx')) });
    const exportAll = async (query: string): Promise<void> => {
      const res = await fetch(`${base}/api/v1/contact/_export${query}`, { headers: { authorization: auth } });
      if (res.status !== 200) throw new Error(`export → ${res.status}: ${(await res.text()).slice(0, 300)}`);
      const reader = res.body!.getReader();
      let lines = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        for (const b of value) if (b === 10) lines++;
      }
      if (lines !== rows + 1) throw new Error(`export gave ${lines - 1} rows, not ${rows}`);
    };
    const exportRepeat = rows >= 500_000 ? 1 : 2;
    m.set('export CSV, every row (sort id)', { ms: await timed(() => exportAll(''), exportRepeat) });
    m.set('export CSV, every row (sort=city)', { ms: await timed(() => exportAll('?sort=city'), exportRepeat) });
    const beside = await besideSlowLists(base, auth, rows);
    m.set('get by id p50, 4 slow lists beside', { ms: beside.p50, note: `${beside.n} probes, ${beside.slow} slow lists done` });
    m.set('get by id p99, 4 slow lists beside', { ms: beside.p99 });
    const addField = appVariant((c) => c.fields.push({ name: 'nickname', type: 'text' }));
    const addIndex = appVariant((c) => { c.indexes = [...(c.indexes ?? []), { fields: ['score'] }]; });
    dirs.push(addField, addIndex);
    for (const [name, dir] of [['apply: add a field', addField], ['apply: add an index', addIndex]] as const) {
      const { app } = loadAndCompile(dir);
      const t0 = performance.now();
      const result = await migrate(rt.db, app);
      m.set(name, { ms: performance.now() - t0, note: result.applied.length ? undefined : 'nothing applied?' });
    }
  } finally {
    if (server) {
      server.closeAllConnections();
      server.close();
    }
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
    await bench.dispose();
  }
  return m;
}

const f1 = (x: number): string => (x >= 100 ? x.toFixed(0) : x.toFixed(1));

async function main(): Promise<void> {
  const load = loadavg();
  console.log(`bench:scale: ${DIALECT}; sizes ${SIZES.join(', ')}; median of ${REPEAT}`);
  const results: { rows: number; m: Measures }[] = [];
  for (const rows of SIZES) {
    console.log(`\n${rows} rows…`);
    const m = await measureSize(rows);
    for (const [k, v] of m) console.log(`  ${k.padEnd(42)} ${f1(v.ms).padStart(9)} ms${v.note ? `  (${v.note})` : ''}`);
    results.push({ rows, m });
  }
  const first = results[0];
  const head = `| operation | ${results.map((r) => `${r.rows.toLocaleString('en')} rows`).join(' | ')} | ${results.slice(1).map((r) => `growth ×${r.rows / first.rows}`).join(' | ')} |`;
  const lines = [head, `|---|${results.map(() => '---:|').join('')}${results.slice(1).map(() => '---:|').join('')}`];
  for (const key of first.m.keys()) {
    const cells = results.map((r) => `${f1(r.m.get(key)?.ms ?? Number.NaN)} ms`);
    const growth = results.slice(1).map((r) => `${((r.m.get(key)?.ms ?? Number.NaN) / (first.m.get(key)!.ms || Number.NaN)).toFixed(1)}`);
    lines.push(`| ${key} | ${cells.join(' | ')} | ${growth.join(' | ')} |`);
  }
  const table = lines.join('\n');
  const md = [
    `# bench:scale (${DIALECT})`, '',
    `- date: ${new Date().toISOString()}; node ${process.version}; ${cpus().length} CPU(s); load average at start ${load.map((x) => x.toFixed(2)).join(' ')}, at end ${loadavg().map((x) => x.toFixed(2)).join(' ')}`,
    `- ${DIALECT === 'sqlite' ? 'SQLite file in a temp dir (WAL)' : 'PostgreSQL, a fresh schema per size'}; contacts seeded by direct insert; HTTP through the platform (auth on, one admin API token; per-user read limits off so the slow lists really run side by side)`,
    '- the middle page is page rows / 100 of 50 rows (the cursor of the row in the middle of the order): page 10,000 at 1M rows',
    `- times are the median of ${REPEAT} runs after a warm-up (get by id: of ${REPEAT * 10}); exports of 500k rows or more run once; "beside": 4 clients loop on count=true / a rare q for 5 s while one client reads records by id`,
    '', table, '',
  ].join('\n');
  mkdirSync(dirname(OUT), { recursive: true });
  writeFileSync(OUT, md);
  console.log(`\n${table}\n\nwritten to ${OUT}`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack ?? err.message : err);
  process.exitCode = 1;
});
