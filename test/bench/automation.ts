// `npm run bench:automation`: the automation engine on a database file (or BENCH_DATABASE_URL),
// one rule "record changed → condition → update" (the shape NocoBase and Directus are measured on):
//  1. rule runs/s: N changes queued with the engine stopped, then drained by one engine;
//  2. create req/s over HTTP with the rule on (engine running in the same process) vs off;
//  3. commit-to-effect latency at a steady 200 writes/s (write resolved → the run's update committed);
//  4. a 10k-write burst drained by the running engine, with the peak RSS of the process.
// env: BENCH_DATABASE_URL, BENCH_RUNS (5000), BENCH_SECONDS (5), BENCH_BURST (10000), BENCH_RATE (200),
//      BENCH_WARMUP (1: seconds of writes before the latency is measured),
//      BENCH_PHASES (runs,create,latency,burst; one name runs that phase in this process),
//      BENCH_PROFILE (a directory: CPU-profile the drain of the runs phase; summarize with test/bench/profile.ts).
// Writes test/bench/results/automation-<dialect>.md.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { createApp } from '../../server/app.js';
import { createRuntime, type LiveRuntime } from '../../runtime/index.js';
import { createEngine, type Engine } from '../../runtime/automation/index.js';
import { asSystem } from '../../runtime/records/context.js';
import { bulkUpsert, createRecord } from '../../runtime/records/index.js';
import { Profiler } from './profile.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const PG_URL = process.env.BENCH_DATABASE_URL ?? '';
const RUNS = Number(process.env.BENCH_RUNS ?? 5000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const BURST = Number(process.env.BENCH_BURST ?? 10000);
const RATE = Number(process.env.BENCH_RATE ?? 200);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 1);
const PROFILE_DIR = process.env.BENCH_PROFILE ?? '';
const sys = asSystem('automation benchmark', 'api');

const RULE = {
  name: 'grade', trigger: { type: 'record.updated', entity: 'contact', changedFields: ['status'] },
  nodes: [
    { id: 'check', type: 'condition', config: { condition: { score: { gte: 50 } } } },
    { id: 'gold', type: 'record.update', config: { values: { tier: 'gold' } } },
  ],
  edges: [{ source: 'check', target: 'gold', label: 'true' }],
};
const CREATE_RULE = { ...RULE, name: 'grade_new', trigger: { type: 'record.created', entity: 'contact' } };
const CONTACT = {
  name: 'contact',
  fields: [
    { name: 'name', type: 'text', required: true }, { name: 'email', type: 'email', unique: true }, { name: 'score', type: 'integer' },
    { name: 'status', type: 'select', options: [{ value: 'new' }, { value: 'active' }] }, { name: 'tier', type: 'select', options: [{ value: 'bronze' }, { value: 'gold' }] },
  ],
  matchKeys: [['email']],
};

interface Env { rt: LiveRuntime; engine: Engine; dispose(): Promise<void> }

async function open(rules: unknown[]): Promise<Env> {
  const dir = mkdtempSync(join(tmpdir(), 'crm-bench-auto-'));
  cpSync(join(HERE, 'fixtures', 'app', 'app.json'), join(dir, 'app.json'));
  mkdirSync(join(dir, 'entities'));
  mkdirSync(join(dir, 'automations'));
  writeFileSync(join(dir, 'entities', 'contact.json'), JSON.stringify(CONTACT));
  for (const r of rules) writeFileSync(join(dir, 'automations', `${(r as { name: string }).name}.json`), JSON.stringify(r));
  const schema = PG_URL ? `bench_${randomBytes(5).toString('hex')}` : undefined;
  const rt = await createRuntime({ appDir: dir, databaseUrl: PG_URL || `sqlite:${join(dir, 'bench.db')}`, pgSchema: schema });
  const engine = createEngine({ rt, onError: (err) => console.error('engine error', err) });
  return {
    rt, engine,
    dispose: async () => {
      await engine.stop();
      if (schema) await rt.db.knex.raw('DROP SCHEMA IF EXISTS ?? CASCADE', [schema]);
      await rt.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const contacts = (from: number, n: number, extra: Record<string, unknown> = {}) => Array.from({ length: n }, (_, i) => ({ name: `C ${from + i}`, email: `c${from + i}@bench.example`, score: 60 + ((from + i) % 40), status: 'new', ...extra }));

async function upsertAll(rt: LiveRuntime, records: Record<string, unknown>[]): Promise<void> {
  for (let i = 0; i < records.length; i += 500) await bulkUpsert(rt, { entity: 'contact', matchKey: ['email'], records: records.slice(i, i + 500), ctx: sys });
}

async function pending(rt: LiveRuntime): Promise<number> {
  const [o] = await rt.db.knex('_outbox').count({ n: '*' });
  const [r] = await rt.db.knex('_automation_runs').whereNotNull('due_at').count({ n: '*' });
  return Number(o.n) + Number(r.n);
}

async function ruleRunsPerSecond(): Promise<{ runs: number; seconds: number; perSecond: number; succeeded: number; cpuUsPerRun: number }> {
  const env = await open([RULE]);
  try {
    await upsertAll(env.rt, contacts(0, RUNS));
    await env.engine.drain();
    await upsertAll(env.rt, contacts(0, RUNS, { status: 'active' }));
    const profiler = PROFILE_DIR ? new Profiler() : null;
    await profiler?.start();
    await profiler?.begin();
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    await env.engine.drain();
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(c0);
    if (profiler) {
      mkdirSync(PROFILE_DIR, { recursive: true });
      await profiler.end(join(PROFILE_DIR, `automation-runs-${PG_URL ? 'postgres' : 'sqlite'}.cpuprofile`), { ok: RUNS });
      profiler.close();
    }
    const [{ n }] = await env.rt.db.knex('_automation_runs').where({ automation: 'grade', status: 'succeeded' }).count({ n: '*' });
    const gold = await env.rt.db.knex('contact').where({ tier: 'gold' }).count({ n: '*' });
    if (Number(gold[0].n) !== RUNS) throw new Error(`expected ${RUNS} gold contacts, got ${gold[0].n}`);
    return { runs: RUNS, seconds, perSecond: RUNS / seconds, succeeded: Number(n), cpuUsPerRun: (cpu.user + cpu.system) / RUNS };
  } finally {
    await env.dispose();
  }
}

async function listen(env: Env): Promise<{ url: string; server: Server }> {
  const server = createServer(createApp({ runtime: env.rt, auth: 'disabled', writesPerIpPerMinute: 0 })).listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

/** Closed-loop HTTP creates with 10 connections for SECONDS. */
async function createRate(ruleOn: boolean): Promise<{ perSecond: number; ok: number; errors: number; cpuUsPerCreate: number }> {
  const env = await open(ruleOn ? [CREATE_RULE] : []);
  const { url, server } = await listen(env);
  if (ruleOn) await env.engine.start();
  let ok = 0;
  let errors = 0;
  let seq = 0;
  // warm-up (JIT, statement caches), not counted
  for (let i = 0; i < 30; i++) await (await fetch(`${url}/api/v1/contact`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: `W ${i}`, email: `w${i}@bench.example`, score: 50 }) })).arrayBuffer();
  while (ruleOn && (await pending(env.rt)) > 0) await new Promise((r) => setTimeout(r, 20));
  const end = performance.now() + SECONDS * 1000;
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  try {
    await Promise.all(Array.from({ length: 10 }, async () => {
      while (performance.now() < end) {
        const i = seq++;
        const res = await fetch(`${url}/api/v1/contact`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: `H ${i}`, email: `h${i}@bench.example`, score: 50 + (i % 50) }) });
        await res.arrayBuffer();
        if (res.status === 201) ok++;
        else errors++;
      }
    }));
    // the rule's runs belong to the creates: wait until they are done, their CPU counted too
    while (ruleOn && (await pending(env.rt)) > 0) await new Promise((r) => setTimeout(r, 20));
    const cpu = process.cpuUsage(c0);
    return { perSecond: ok / ((performance.now() - t0) / 1000), ok, errors, cpuUsPerCreate: (cpu.user + cpu.system) / ok };
  } finally {
    server.close();
    await env.dispose();
  }
}

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

/**
 * Open loop: one create every 1000/RATE ms for WARMUP + SECONDS*2; latency = the run's finish − the
 * write's commit. The writes of the first WARMUP seconds (a fresh process: code not yet optimized,
 * connections still being opened) are left out of p50/p99/max and reported apart (`warmupMax`).
 */
async function latency(rate: number): Promise<{ rate: number; achieved: number; writes: number; p50: number; p99: number; max: number; warmupWrites: number; warmupMax: number }> {
  const env = await open([CREATE_RULE]);
  await env.engine.start();
  const committed = new Map<number, number>();
  try {
    const warm = Math.round(rate * WARMUP);
    const total = warm + Math.round(rate * SECONDS * 2);
    const warmIds = new Set<number>();
    const interval = 1000 / rate;
    const start = performance.now();
    const writes: Promise<void>[] = [];
    for (let i = 0; i < total; i++) {
      const due = start + i * interval;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      writes.push(createRecord(env.rt, { entity: 'contact', data: { name: `L ${i}`, email: `l${i}@bench.example`, score: 70 }, ctx: sys }).then((id) => {
        committed.set(id, Date.now());
        if (i < warm) warmIds.add(id);
      }));
    }
    await Promise.all(writes);
    const achieved = total / ((performance.now() - start) / 1000);
    while ((await pending(env.rt)) > 0) await new Promise((r) => setTimeout(r, 20));
    const runs = (await env.rt.db.knex('_automation_runs').select('record_id', 'finished_at')) as { record_id: number; finished_at: unknown }[];
    const latencyOf = (r: { record_id: number; finished_at: unknown }): number =>
      Math.max(0, Date.parse(r.finished_at instanceof Date ? r.finished_at.toISOString() : String(r.finished_at)) - (committed.get(Number(r.record_id)) ?? Number.NaN));
    const measured = runs.filter((r) => !warmIds.has(Number(r.record_id)));
    const lat = measured.map(latencyOf).filter((x) => !Number.isNaN(x));
    const warmLat = runs.filter((r) => warmIds.has(Number(r.record_id))).map(latencyOf).filter((x) => !Number.isNaN(x));
    return { rate, achieved, writes: total - warm, p50: pct(lat, 50), p99: pct(lat, 99), max: Math.max(...lat), warmupWrites: warm, warmupMax: warmLat.length ? Math.max(...warmLat) : 0 };
  } finally {
    await env.dispose();
  }
}

async function burst(): Promise<{ writes: number; seconds: number; peakRssMb: number; baseRssMb: number; peakHeapMb: number }> {
  const env = await open([CREATE_RULE]);
  await env.engine.start();
  try {
    global.gc?.();
    const base = process.memoryUsage().rss;
    let peak = base;
    let heap = 0;
    const sampler = setInterval(() => {
      const m = process.memoryUsage();
      peak = Math.max(peak, m.rss);
      heap = Math.max(heap, m.heapUsed);
    }, 25);
    const t0 = performance.now();
    await upsertAll(env.rt, contacts(1_000_000, BURST));
    while ((await pending(env.rt)) > 0) await new Promise((r) => setTimeout(r, 50));
    const seconds = (performance.now() - t0) / 1000;
    clearInterval(sampler);
    const [{ n }] = await env.rt.db.knex('contact').where({ tier: 'gold' }).count({ n: '*' });
    if (Number(n) !== BURST) throw new Error(`expected ${BURST} gold contacts after the burst, got ${n}`);
    return { writes: BURST, seconds, peakRssMb: peak / 2 ** 20, baseRssMb: base / 2 ** 20, peakHeapMb: heap / 2 ** 20 };
  } finally {
    await env.dispose();
  }
}

const dialect = PG_URL ? 'postgres' : 'sqlite';
const PHASES = (process.env.BENCH_PHASES ?? 'runs,create,latency,burst').split(',');

if (PHASES.length === 1) {
  // one phase in this process (the burst runs alone, so its RSS is its own)
  const phase = PHASES[0];
  const result = phase === 'runs' ? await ruleRunsPerSecond() : phase === 'create-off' ? await createRate(false) : phase === 'create-on' ? await createRate(true) : phase === 'latency' ? await latency(RATE) : phase === 'latency-low' ? await latency(RATE / 5) : await burst();
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
}

/** Each phase in a fresh process: no phase inherits another's heap, connections or timers. */
function phase<T>(name: string): T {
  const out = execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url)], { env: { ...process.env, BENCH_PHASES: name }, stdio: ['ignore', 'pipe', 'inherit'] }).toString();
  const result = JSON.parse(out.trim().split('\n').at(-1)!) as T;
  console.error(name, result);
  return result;
}

console.error(`automation benchmark on ${dialect}, ${cpus().length} cores`);
const runs = phase<Awaited<ReturnType<typeof ruleRunsPerSecond>>>('runs');
const off = phase<Awaited<ReturnType<typeof createRate>>>('create-off');
const on = phase<Awaited<ReturnType<typeof createRate>>>('create-on');
const lat = phase<Awaited<ReturnType<typeof latency>>>('latency');
const low = phase<Awaited<ReturnType<typeof latency>>>('latency-low');
const b = phase<Awaited<ReturnType<typeof burst>>>('burst');
const slower = (1 - on.perSecond / off.perSecond) * 100;
const lines = [
  `# Automation benchmark (${dialect}) — ${new Date().toISOString().slice(0, 10)}`,
  '',
  `${cpus().length} cores shared (load average ${loadavg().map((x) => x.toFixed(1)).join(' ')} at the end), node ${process.version}; one rule "contact changed → condition (score ≥ 50) → update tier"; every phase in a fresh process.`,
  '',
  '| measure | result | target | |',
  '|---|---:|---:|---|',
  `| rule runs/s (${runs.runs} queued changes drained by one engine) | ${runs.perSecond.toFixed(0)} | ≥ 2,000 (SQLite) | ${runs.perSecond >= 2000 ? 'met' : '**missed**'} |`,
  `| CPU per rule run (process, all threads) → runs/s one free core could do | ${runs.cpuUsPerRun.toFixed(0)} µs → ${(1e6 / runs.cpuUsPerRun).toFixed(0)} | | |`,
  `| HTTP creates/s, rule off | ${off.perSecond.toFixed(0)} | | |`,
  `| HTTP creates/s, rule on (engine in-process) | ${on.perSecond.toFixed(0)} (${slower.toFixed(1)} % slower) | ≤ 20 % slower | ${slower <= 20 ? 'met' : '**missed**'} |`,
  `| CPU per create incl. its rule run: off → on | ${off.cpuUsPerCreate.toFixed(0)} → ${on.cpuUsPerCreate.toFixed(0)} µs (+${((on.cpuUsPerCreate / off.cpuUsPerCreate - 1) * 100).toFixed(0)} %) | | |`,
  `| commit-to-effect p50 / p99 / max at ${lat.rate} writes/s asked, ${lat.achieved.toFixed(0)}/s achieved (${lat.writes} writes after ${lat.warmupWrites} warm-up writes, whose slowest took ${lat.warmupMax} ms) | ${lat.p50} / ${lat.p99} / ${lat.max} ms | p99 < 100 ms | ${lat.p99 < 100 ? 'met' : '**missed**'} |`,
  `| the same at ${low.rate} writes/s asked, ${low.achieved.toFixed(0)}/s achieved (${low.writes} writes) | ${low.p50} / ${low.p99} / ${low.max} ms | | |`,
  `| ${b.writes}-write burst: written and drained | ${b.seconds.toFixed(1)} s | | |`,
  `| peak RSS of the process during the burst (base ${b.baseRssMb.toFixed(0)} MB before it, of which the tsx loader and transpiled modules ≈ 165 MB) | ${b.peakRssMb.toFixed(0)} MB | < 150 MB | ${b.peakRssMb < 150 ? 'met' : '**missed**'} |`,
  `| peak JS heap used during the burst | ${b.peakHeapMb.toFixed(0)} MB | | |`,
  '',
];
writeFileSync(join(HERE, 'results', `automation-${dialect}.md`), lines.join('\n'));
console.log(lines.join('\n'));
process.exit(0);
