// `npm run bench`: the platform's REST API against a raw floor (plain express + the same knex and
// table) on 100k contacts, five scenarios, autocannon from a worker thread, both servers in this
// process on loopback. Prints req/s, p50, p99 and the platform/floor ratio; writes
// test/bench/results/latest-<dialect>.md. Exit 1 when a run saw 5xx responses or socket errors, or on a crash.
//
// env: BENCH_DATABASE_URL (postgres://…; default a SQLite file in a temp dir), BENCH_SECONDS (5),
//      BENCH_WARMUP (1, seconds before every measured run), BENCH_ROUNDS (2, each round runs both
//      targets, the order alternating), BENCH_CONNECTIONS (10), BENCH_ROWS (100000),
//      BENCH_SCENARIOS (comma list of get-one,list-city,list-city-value,search,search-prefix,create,patch;
//      list-city-value and search-prefix are the peer benchmark's list_city and search_last),
//      BENCH_AUTH (token: the platform's default auth=required, every request carries an admin's
//      API token; disabled: createApp({ auth: 'disabled' }), no auth work at all),
//      BENCH_SQL_TRACE=1 (time every statement at the driver call, by statement shape; adds a
//      per-statement table: where a request's connection time goes),
//      BENCH_PROFILE (a directory: CPU-profile the servers' thread during every measured run and
//      write <scenario>-<target>-r<round>.cpuprofile plus .json with the request count there;
//      summarize with `tsx test/bench/profile.ts FILE.cpuprofile`).
import { once } from 'node:events';
import { mkdirSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { performance, type EventLoopUtilization } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Express } from 'express';
import type { Knex } from 'knex';
import { createApp } from '../../server/app.js';
import { createFloorApp } from './floor.js';
import { Profiler } from './profile.js';
import { adminToken, openBenchDb } from './setup.js';
import type { LoadJob, LoadResult } from './loadgen.js';
import { isScenario, requestStream, SCENARIOS, type ScenarioName, type TargetKind } from './scenarios.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const RESULTS = join(HERE, 'results', `latest-${process.env.BENCH_DATABASE_URL ? 'postgres' : 'sqlite'}.md`);
const THRESHOLD = 70;

function envNumber(name: string, fallback: number, min: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min) throw new Error(`${name} must be a number >= ${min} (got "${raw}")`);
  return n;
}

const SECONDS = envNumber('BENCH_SECONDS', 5, 1);
const WARMUP = envNumber('BENCH_WARMUP', 1, 0);
const ROUNDS = Math.floor(envNumber('BENCH_ROUNDS', 2, 1));
const CONNECTIONS = Math.floor(envNumber('BENCH_CONNECTIONS', 10, 1));
const ROWS = Math.floor(envNumber('BENCH_ROWS', 100_000, 100));
const PG_URL = process.env.BENCH_DATABASE_URL ?? '';
const PROFILE_DIR = process.env.BENCH_PROFILE || '';
const SQL_TRACE = process.env.BENCH_SQL_TRACE === '1';
const AUTH = process.env.BENCH_AUTH || 'token';
if (AUTH !== 'token' && AUTH !== 'disabled') throw new Error(`BENCH_AUTH is token or disabled (got "${AUTH}")`);
const SELECTED: ScenarioName[] = (() => {
  const raw = process.env.BENCH_SCENARIOS;
  if (!raw) return [...SCENARIOS];
  const names = raw.split(',').map((s) => s.trim()).filter(Boolean);
  for (const n of names) if (!isScenario(n)) throw new Error(`BENCH_SCENARIOS: unknown scenario "${n}" (known: ${SCENARIOS.join(', ')})`);
  return names as ScenarioName[];
})();

let interrupted = false;
process.once('SIGINT', () => {
  interrupted = true;
  console.error('\ninterrupted: stopping after the current run and cleaning up');
});

// ------------------------------------------------------------------ load generator (worker thread)

class LoadGen {
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve: (r: LoadResult) => void; reject: (e: Error) => void }>();
  private nextId = 1;
  readonly ready: Promise<void>;

  constructor() {
    // tsx's loader hooks do not reach worker threads on Node 20, so the worker bootstraps through tsx's API.
    const api = import.meta.resolve('tsx/esm/api');
    const file = new URL('./loadgen.ts', import.meta.url).href;
    const boot = `import(${JSON.stringify(api)}).then((m) => m.tsImport(${JSON.stringify(file)}, ${JSON.stringify(file)}))`
      + `.then(() => require('node:worker_threads').parentPort.postMessage({ ready: true }))`
      + `.catch((e) => { console.error(e); process.exit(1); });`;
    this.worker = new Worker(boot, { eval: true });
    let markReady: () => void = () => undefined;
    this.ready = new Promise<void>((resolve) => { markReady = resolve; });
    this.worker.on('message', (msg: LoadResult | { ready: true }) => {
      if ('ready' in msg) return markReady();
      const p = this.pending.get(msg.jobId);
      if (!p) return;
      this.pending.delete(msg.jobId);
      if (msg.error) p.reject(new Error(`load generator: ${msg.error}`));
      else p.resolve(msg);
    });
    const failAll = (err: Error): void => {
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    };
    this.worker.on('error', failAll);
    this.worker.on('exit', (code) => failAll(new Error(`the load generator thread exited (code ${code})`)));
  }

  run(job: Omit<LoadJob, 'jobId'>): Promise<LoadResult> {
    const jobId = this.nextId++;
    return new Promise<LoadResult>((resolve, reject) => {
      this.pending.set(jobId, { resolve, reject });
      this.worker.postMessage({ ...job, jobId });
    });
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}

// ------------------------------------------------------------------ servers

async function listen(app: Express): Promise<{ url: string; server: Server }> {
  const server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

const closeServer = (server: Server): Promise<void> =>
  new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });

interface Pool {
  numUsed(): number;
  numPendingAcquires(): number;
  max: number;
  on(event: 'acquireSuccess', fn: (eventId: number, resource: object) => void): void;
  on(event: 'release', fn: (resource: object) => void): void;
}
const poolOf = (knex: Knex): Pool | undefined => (knex.client as { pool?: Pool }).pool;

/** autocannon drops its sockets when time is up; requests already queued for a database connection
 *  still run. Wait for the pool to go idle so that no run (or the shutdown) overlaps the previous. */
async function drain(knexes: Knex[]): Promise<void> {
  const until = Date.now() + 15_000;
  const busy = (): number => knexes.reduce((n, k) => { const p = poolOf(k); return n + (p ? p.numUsed() + p.numPendingAcquires() : 0); }, 0);
  while (busy() > 0 && Date.now() < until) await sleep(10);
  await sleep(20);
}

/** Database-side cost per run: SQL statements sent, and how long connections were checked out of
 *  the pools (the writer, the read pool and the lookup connection; on SQLite the single writer's
 *  held time per write bounds write throughput). */
class DbMeter {
  statements = 0;
  heldMs = 0;
  readonly poolSize: number;
  private readonly since = new Map<object, number>();
  constructor(knexes: Knex[]) {
    let size = 0;
    for (const knex of knexes) {
      knex.on('query', () => { this.statements++; });
      const pool = poolOf(knex);
      if (!pool) throw new Error('knex has no connection pool yet');
      size += pool.max;
      pool.on('acquireSuccess', (_id, resource) => { this.since.set(resource, performance.now()); });
      pool.on('release', (resource) => {
        const t = this.since.get(resource);
        if (t !== undefined) this.heldMs += performance.now() - t;
        this.since.delete(resource);
      });
    }
    this.poolSize = size;
  }
  snapshot(): { statements: number; heldMs: number } {
    const now = performance.now();
    let open = 0;
    for (const t of this.since.values()) open += now - t;
    return { statements: this.statements, heldMs: this.heldMs + open };
  }
}

/** "select contact where id", "insert _audit", "BEGIN": a short name for a statement's shape. */
function statementShape(sql: string): string {
  const s = sql.replace(/\s+/g, ' ').trim();
  const word = /^(\w+)/.exec(s)?.[1]?.toLowerCase() ?? '?';
  if (['begin', 'commit', 'rollback', 'savepoint', 'release', 'set'].includes(word)) return s.replace(/;$/, '').slice(0, 40);
  const id = '[`"]?(\\w+)[`"]?';
  const table = new RegExp(`(?:from|into|update) ${id}`, 'i').exec(s)?.[1] ?? '?';
  const join = new RegExp(`join ${id}`, 'i').exec(s)?.[1];
  const where = new RegExp(`where \\(*(?:${id}\\.)?${id}`, 'i').exec(s);
  const cols = /^update/i.test(s) ? ` set ${/ set (.*?) where /i.exec(s)?.[1]?.replace(/[`"]|= \?|= \$\d+/g, '').replace(/\s+,/g, ',').trim() ?? ''}` : '';
  return `${word} ${table}${join ? ` ⋈ ${join}` : ''}${cols}${where ? ` where ${where[2] ?? where[1]}${/ like /i.test(s) ? ' like' : ''}` : ''}`;
}

/** Opt-in: wraps the dialect client's driver call (`_query`, shared by transactions) to time each
 *  statement from hand-off to the driver until its result is back on the event loop. */
class SqlTrace {
  private totals = new Map<string, { n: number; ms: number }>();
  constructor(knex: Knex) {
    type QueryFn = (this: unknown, connection: unknown, obj: { sql: string }) => Promise<unknown>;
    const proto = Object.getPrototypeOf(knex.client) as { _query: QueryFn };
    const original = proto._query;
    const totals = (): Map<string, { n: number; ms: number }> => this.totals;
    const shapes = new Map<string, string>();
    proto._query = function (this: unknown, connection, obj) {
      const t0 = performance.now();
      let shape = shapes.get(obj.sql);
      if (shape === undefined) shapes.set(obj.sql, (shape = statementShape(obj.sql)));
      return original.call(this, connection, obj).finally(() => {
        const t = totals().get(shape) ?? { n: 0, ms: 0 };
        t.n++;
        t.ms += performance.now() - t0;
        totals().set(shape, t);
      });
    };
  }
  /** Returns what was collected since the last call. */
  take(): Map<string, { n: number; ms: number }> {
    const out = this.totals;
    this.totals = new Map();
    return out;
  }
}

// ------------------------------------------------------------------ sanity check

interface Reply { status: number; body: { data?: unknown } }

async function send(base: string, req: ReturnType<ReturnType<typeof requestStream>>): Promise<Reply> {
  const res = await fetch(base + req.path, { method: req.method, headers: req.headers, body: req.body });
  const text = await res.text();
  let body: { data?: unknown } = {};
  try {
    body = JSON.parse(text) as { data?: unknown };
  } catch {
    /* keep {} */
  }
  return { status: res.status, body };
}

const idsOf = (data: unknown): number[] => (Array.isArray(data) ? data.map((r) => Number((r as { id: unknown }).id)) : []);
const field = (data: unknown, key: string): unknown => (data && typeof data === 'object' ? (data as Record<string, unknown>)[key] : undefined);

/** One request per scenario to both targets: right status, same answer. Throws on a mismatch. */
async function sanityCheck(urls: Record<TargetKind, string>, headers: Record<TargetKind, Record<string, string>>): Promise<void> {
  for (const scenario of SELECTED) {
    const replies = {} as Record<TargetKind, Reply>;
    const sent = {} as Record<TargetKind, string | undefined>;
    for (const target of ['platform', 'floor'] as const) {
      const req = requestStream({ scenario, target, rows: ROWS, seed: 4242, tag: `check-${target}`, headers: headers[target] })();
      sent[target] = req.body;
      replies[target] = await send(urls[target], req);
    }
    const p = replies.platform;
    const f = replies.floor;
    const fail = (why: string): never => {
      throw new Error(`sanity check ${scenario}: ${why}\n  platform ${p.status} ${JSON.stringify(p.body).slice(0, 300)}\n  floor ${f.status} ${JSON.stringify(f.body).slice(0, 300)}`);
    };
    const want = scenario === 'create' ? 201 : 200;
    if (p.status !== want || f.status !== want) fail(`expected status ${want}`);
    if (scenario === 'list-city' || scenario === 'list-city-value' || scenario === 'search' || scenario === 'search-prefix') {
      const a = idsOf(p.body.data);
      const b = idsOf(f.body.data);
      if (a.length === 0 || (scenario.startsWith('list-city') && ROWS >= 10_000 && a.length !== 50)) fail(`unexpected page size ${a.length}`);
      // The floor sorts by lifetime_value alone (as the peer floor does): equal values may come in another order.
      const same = scenario === 'list-city-value' ? [...a].sort().join() === [...b].sort().join() : a.join() === b.join();
      if (!same) fail('the two servers returned different ids');
    } else if (scenario === 'get-one') {
      for (const k of ['id', 'name', 'email', 'city', 'score']) if (field(p.body.data, k) !== field(f.body.data, k)) fail(`"${k}" differs`);
    } else {
      for (const target of ['platform', 'floor'] as const) {
        const body = JSON.parse(sent[target] ?? '{}') as Record<string, unknown>;
        for (const [k, v] of Object.entries(body)) if (field(replies[target].body.data, k) !== v) fail(`${target}: "${k}" was not stored`);
      }
    }
  }
}

// ------------------------------------------------------------------ measuring

interface Measured {
  result: LoadResult;
  sql: Map<string, { n: number; ms: number }>;
  /** Main-thread (server) event loop during the measured seconds. */
  elu: EventLoopUtilization;
  statements: number;
  heldMs: number;
}

interface Row {
  scenario: ScenarioName;
  stats: Record<TargetKind, { rps: number; p50: number; p99: number; loopMsPerReq: number; loopBusy: number; sqlPerReq: number; heldMsPerReq: number; connsBusy: number; sql: Map<string, { perReq: number; ms: number }> }>;
  ratio: number;
}

const median = (xs: number[]): number => {
  const a = [...xs].sort((x, y) => x - y);
  const m = a.length >> 1;
  return a.length % 2 ? a[m] : (a[m - 1] + a[m]) / 2;
};

interface Problems {
  crashes: string[];
  warnings: string[];
}

function account(p: Problems, what: string, r: LoadResult): void {
  const codes = Object.entries(r.statusCodes).filter(([c]) => !c.startsWith('2')).map(([c, n]) => `${c}×${n}`).join(' ');
  if (r.status5xx > 0 || r.errors > 0 || r.timeouts > 0) {
    p.crashes.push(`${what}: 5xx ${r.status5xx}, errors ${r.errors}, timeouts ${r.timeouts}${codes ? ` (${codes})` : ''}`);
  } else if (r.non2xx > 0) {
    p.warnings.push(`${what}: ${r.non2xx} non-2xx responses (${codes})`);
  }
}

// ------------------------------------------------------------------ output

const f0 = (x: number): string => x.toFixed(0);
const f1 = (x: number): string => (x >= 100 ? x.toFixed(0) : x.toFixed(1));
const f2 = (x: number): string => x.toFixed(2);

function renderTable(rows: Row[]): string {
  const L = [
    '| scenario | platform req/s | p50 ms | p99 ms | floor req/s | p50 ms | p99 ms | platform/floor | |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---|',
  ];
  for (const r of rows) {
    const p = r.stats.platform;
    const f = r.stats.floor;
    L.push(`| ${r.scenario} | ${f0(p.rps)} | ${f1(p.p50)} | ${f1(p.p99)} | ${f0(f.rps)} | ${f1(f.p50)} | ${f1(f.p99)} | ${f0(r.ratio)} % | ${r.ratio < THRESHOLD ? `**under ${THRESHOLD} %**` : ''} |`);
  }
  return L.join('\n');
}

function renderCostTable(rows: Row[], poolSize: number): string {
  const L = [
    `| scenario | target | event loop ms/req | loop busy | SQL statements/req | connection held ms/req | connections busy (of ${poolSize}) |`,
    '|---|---|---:|---:|---:|---:|---:|',
  ];
  for (const r of rows) {
    for (const t of ['platform', 'floor'] as const) {
      const s = r.stats[t];
      L.push(`| ${t === 'platform' ? r.scenario : ''} | ${t} | ${f2(s.loopMsPerReq)} | ${f0(s.loopBusy * 100)} % | ${f1(s.sqlPerReq)} | ${f2(s.heldMsPerReq)} | ${f2(s.connsBusy)} |`);
    }
  }
  return L.join('\n');
}

function renderSqlTable(rows: Row[]): string {
  const L = [
    '| scenario | target | statement | per request | mean ms | ms per request |',
    '|---|---|---|---:|---:|---:|',
  ];
  for (const r of rows) {
    for (const t of ['platform', 'floor'] as const) {
      const s = r.stats[t];
      let sum = 0;
      for (const [shape, v] of [...s.sql.entries()].sort((a, b) => b[1].perReq * b[1].ms - a[1].perReq * a[1].ms)) {
        if (v.perReq < 0.005) continue;
        sum += v.perReq * v.ms;
        L.push(`| ${r.scenario} | ${t} | \`${shape}\` | ${f2(v.perReq)} | ${f2(v.ms)} | ${f2(v.perReq * v.ms)} |`);
      }
      L.push(`| ${r.scenario} | ${t} | **all statements** / connection held | | | **${f2(sum)}** / ${f2(s.heldMsPerReq)} |`);
    }
  }
  return L.join('\n');
}

// ------------------------------------------------------------------ main

async function main(): Promise<number> {
  const dialect = PG_URL ? 'postgres' : 'sqlite';
  const loadAtStart = loadavg();
  console.log(`bench: ${dialect}; auth ${AUTH}; ${ROWS} rows; ${SELECTED.join(', ')}; ${ROUNDS} round(s) × ${SECONDS} s (+${WARMUP} s warm-up) per target; ${CONNECTIONS} connections`);
  const bench = await openBenchDb(ROWS, PG_URL);
  const { rt, seedMs } = bench;
  console.log(`database: ${bench.where}; seeded ${ROWS} contacts in ${f0(seedMs)} ms (${f0(ROWS / (seedMs / 1000))} rows/s)`);
  const knex = rt.db.knex;
  const pools = [...new Set([rt.db.knex, rt.db.read, rt.db.lookup])];
  const servers: Server[] = [];
  let loadgen: LoadGen | null = null;
  let profiler: Profiler | null = null;
  try {
    // ---- servers + load generator
    // The abuse guards are off: one loopback client (one token) writing and reading for seconds would
    // trip the per-IP write limit, the per-user read rate, and the per-user line for lists.
    const platformHeaders: Record<string, string> = AUTH === 'token' ? { authorization: `Bearer ${await adminToken(rt)}` } : {};
    const platform = await listen(createApp({ runtime: rt, writesPerIpPerMinute: 0, readsPerUserPerMinute: 0, readConcurrencyPerUser: 0, ...(AUTH === 'disabled' ? { auth: 'disabled' as const } : {}) }));
    servers.push(platform.server);
    // The floor reads through the same read pool as the platform, so the ratio is the platform's own cost.
    const floor = await listen(createFloorApp(knex, rt.db.dialect, rt.db.read));
    servers.push(floor.server);
    const urls: Record<TargetKind, string> = { platform: platform.url, floor: floor.url };
    const headers: Record<TargetKind, Record<string, string>> = { platform: platformHeaders, floor: {} };
    await sanityCheck(urls, headers);
    const meter = new DbMeter(pools);
    const trace = SQL_TRACE ? new SqlTrace(knex) : null;
    loadgen = new LoadGen();
    await loadgen.ready;
    if (PROFILE_DIR) {
      mkdirSync(PROFILE_DIR, { recursive: true });
      profiler = new Profiler();
      await profiler.start();
    }

    // ---- runs: scenario-major (reads before writes), targets alternating inside each scenario
    const problems: Problems = { crashes: [], warnings: [] };
    const rows: Row[] = [];
    for (const scenario of SELECTED) {
      const runs: Record<TargetKind, Measured[]> = { platform: [], floor: [] };
      for (let round = 1; round <= ROUNDS && !interrupted; round++) {
        const order: TargetKind[] = round % 2 === 1 ? ['platform', 'floor'] : ['floor', 'platform'];
        const seed = 1000 * SCENARIOS.indexOf(scenario) + round;
        for (const target of order) {
          if (interrupted) break;
          const job = { url: urls[target], scenario, target, rows: ROWS, connections: CONNECTIONS, headers: headers[target] };
          if (WARMUP > 0) {
            const w = await loadgen.run({ ...job, seconds: WARMUP, seed: seed + 500, tag: `${target}-r${round}-w` });
            account(problems, `${scenario} ${target} round ${round} warm-up`, w);
            await drain(pools);
          }
          await profiler?.begin();
          trace?.take();
          const db0 = meter.snapshot();
          const before = performance.eventLoopUtilization();
          const result = await loadgen.run({ ...job, seconds: SECONDS, seed, tag: `${target}-r${round}` });
          const elu = performance.eventLoopUtilization(before);
          const db1 = meter.snapshot();
          const sql = trace?.take() ?? new Map<string, { n: number; ms: number }>();
          await profiler?.end(join(PROFILE_DIR, `${scenario}-${target}-r${round}.cpuprofile`), { scenario, target, round, dialect, ok: result.ok, seconds: result.duration, p50: result.p50, p99: result.p99 });
          await drain(pools);
          account(problems, `${scenario} ${target} round ${round}`, result);
          runs[target].push({ result, sql, elu, statements: db1.statements - db0.statements, heldMs: db1.heldMs - db0.heldMs });
          console.log(`  ${scenario.padEnd(9)} round ${round} ${target.padEnd(8)} ${f0(result.ok / result.duration).padStart(6)} req/s  p50 ${f1(result.p50)} ms  p99 ${f1(result.p99)} ms  loop busy ${f0(elu.utilization * 100)} %${result.non2xx || result.errors ? `  non-2xx ${result.non2xx} errors ${result.errors}` : ''}`);
        }
      }
      if (runs.platform.length === 0 || runs.floor.length === 0) break;
      const stats = {} as Row['stats'];
      for (const target of ['platform', 'floor'] as const) {
        const ms = runs[target];
        const ok = ms.reduce((a, m) => a + m.result.ok, 0);
        const secs = ms.reduce((a, m) => a + m.result.duration, 0);
        const active = ms.reduce((a, m) => a + m.elu.active, 0);
        const total = ms.reduce((a, m) => a + m.elu.active + m.elu.idle, 0);
        const statements = ms.reduce((a, m) => a + m.statements, 0);
        const held = ms.reduce((a, m) => a + m.heldMs, 0);
        const sql = new Map<string, { perReq: number; ms: number }>();
        for (const m of ms) {
          for (const [shape, t] of m.sql) {
            const acc = sql.get(shape) ?? { perReq: 0, ms: 0 };
            acc.perReq += t.n;
            acc.ms += t.ms;
            sql.set(shape, acc);
          }
        }
        for (const acc of sql.values()) {
          acc.ms = acc.perReq ? acc.ms / acc.perReq : 0; // mean ms per statement
          acc.perReq = ok ? acc.perReq / ok : 0;
        }
        stats[target] = {
          rps: ok / secs,
          p50: median(ms.map((m) => m.result.p50)),
          p99: median(ms.map((m) => m.result.p99)),
          loopMsPerReq: ok ? active / ok : 0,
          loopBusy: total ? active / total : 0,
          sqlPerReq: ok ? statements / ok : 0,
          heldMsPerReq: ok ? held / ok : 0,
          connsBusy: secs ? held / (secs * 1000) : 0,
          sql,
        };
      }
      rows.push({ scenario, stats, ratio: (100 * stats.platform.rps) / stats.floor.rps });
    }

    // ---- report
    const table = renderTable(rows);
    const loopTable = renderCostTable(rows, meter.poolSize);
    const under = rows.filter((r) => r.ratio < THRESHOLD).map((r) => r.scenario);
    const context = [
      `- date: ${new Date().toISOString()}`,
      `- database: ${rt.db.dialect === 'postgres' ? 'PostgreSQL (fresh schema, dropped afterwards)' : 'SQLite file in a temp dir (WAL)'}; ${ROWS} contacts seeded in ${f0(seedMs)} ms`,
      `- platform: createApp({ runtime${AUTH === 'disabled' ? ", auth: 'disabled'" : ''}, writesPerIpPerMinute: 0, readsPerUserPerMinute: 0, readConcurrencyPerUser: 0 })${AUTH === 'token' ? ' (default auth=required; every request carries an admin API token)' : ' (no authentication work)'}; floor: plain express 5 + the same knex instances (the writer for writes, the read pool for reads) and table`,
      `- load: autocannon in a worker thread, ${CONNECTIONS} connections, ${ROUNDS} round(s) × ${SECONDS} s per target and scenario after a ${WARMUP} s warm-up; targets alternate (order flips each round); both servers on 127.0.0.1 in one process`,
      `- req/s = 2xx responses / measured seconds over all rounds; p50/p99 = median over rounds of autocannon latency`,
      `- machine: node ${process.version}, ${cpus().length} CPU(s) "${cpus()[0]?.model ?? '?'}", load average (1/5/15 min) at start ${loadAtStart.map(f2).join(' ')}, at end ${loadavg().map(f2).join(' ')}; the machine is shared, so compare ratios rather than absolute req/s`,
    ].join('\n');
    const verdict = under.length ? `Under ${THRESHOLD} % of the floor: ${under.join(', ')}.` : `Every scenario is at ${THRESHOLD} % of the floor or above.`;
    const problemText = [
      ...problems.crashes.map((c) => `- ERROR ${c}`),
      ...problems.warnings.map((w) => `- warning ${w}`),
    ].join('\n') || '- none: every response was 2xx';
    const md = [
      `# Benchmark: platform vs raw floor (${dialect}, auth ${AUTH})`,
      '',
      context,
      '',
      table,
      '',
      verdict,
      '',
      '## Cost per request',
      '',
      'Event loop: busy time of the main thread (both servers run on it; the load generator does not) per 2xx response; CPU contention on the machine inflates it. SQL statements: knex queries sent per response. Connection held: time a pooled connection was checked out per response; "connections busy" is the average number checked out (on SQLite there is one connection, so a value near 1 means the connection is the bottleneck).',
      '',
      loopTable,
      '',
      ...(SQL_TRACE ? [
        '## Statements (BENCH_SQL_TRACE)',
        '',
        'Each statement timed from the hand-off to the driver until its result is back on the event loop (execution, commit fsync, thread hand-offs, waiting for the loop). Connection held minus all statements = time a checked-out connection sat idle while JavaScript ran between statements (inside transactions) or waited for the loop.',
        '',
        renderSqlTable(rows),
        '',
      ] : []),
      '## Errors',
      '',
      problemText,
      '',
    ].join('\n');
    mkdirSync(dirname(RESULTS), { recursive: true });
    writeFileSync(RESULTS, md);
    console.log(`\n${table}\n\n${verdict}\n\n${loopTable}\n\n${problemText}\n\nwritten to ${RESULTS}`);
    if (interrupted) return 130;
    return problems.crashes.length ? 1 : 0;
  } finally {
    profiler?.close();
    await loadgen?.close();
    await drain(pools);
    for (const s of servers) await closeServer(s);
    await bench.dispose();
  }
}

main().then(
  (code) => { process.exitCode = code; },
  (err: unknown) => {
    console.error(err instanceof Error ? err.stack ?? err.message : err);
    process.exitCode = 1;
  },
);
