// Summarizes a .cpuprofile written by `BENCH_PROFILE=dir npm run bench`: where the servers' thread
// spent its time, in µs per request (the request count comes from the .json written beside it).
// usage: tsx test/bench/profile.ts FILE.cpuprofile [FILE…] [--top N]
//        tsx test/bench/profile.ts --diff PLATFORM.cpuprofile[,…] FLOOR.cpuprofile[,…]   (per area, µs/request
//        side by side; comma-separated profiles are added up, e.g. both rounds)
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Samples the calling thread with V8's CPU profiler; end() writes FILE.cpuprofile and FILE.json (meta: `ok` = requests). */
export class Profiler {
  private readonly session = new Session();
  async start(): Promise<void> {
    this.session.connect();
    await this.session.post('Profiler.enable');
    await this.session.post('Profiler.setSamplingInterval', { interval: 200 });
  }
  async begin(): Promise<void> {
    await this.session.post('Profiler.start');
  }
  async end(file: string, meta: Record<string, unknown>): Promise<void> {
    const { profile } = await this.session.post('Profiler.stop');
    writeFileSync(file, JSON.stringify(profile));
    writeFileSync(file.replace(/\.cpuprofile$/, '.json'), JSON.stringify(meta, null, 1));
  }
  close(): void {
    this.session.disconnect();
  }
}

interface CallFrame { functionName: string; url: string; lineNumber: number }
interface ProfileNode { id: number; callFrame: CallFrame; children?: number[] }
interface CpuProfile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number }

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const ROOT_URL = `file://${ROOT}/`;
const SPECIAL = new Set(['(idle)', '(program)', '(garbage collector)', '(root)']);

const isProject = (url: string): boolean => url.startsWith(ROOT_URL) && !url.includes('/node_modules/');
const shortUrl = (url: string): string => (url.startsWith(ROOT_URL) ? url.slice(ROOT_URL.length) : url);

function bucketOf(f: CallFrame): string {
  if (SPECIAL.has(f.functionName)) return f.functionName;
  const nm = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(f.url);
  if (nm) return nm[1];
  if (f.url.startsWith('node:')) return f.url.split('/').slice(0, 2).join('/');
  if (!f.url) return `(native) ${f.functionName || '(anonymous)'}`;
  return shortUrl(f.url);
}

/** Coarse areas for comparing two profiles. */
function areaOf(f: CallFrame): string {
  const b = bucketOf(f);
  if (f.functionName === 'Backup' && !f.url) return 'sqlite3 native calls (V8 labels them "Backup")';
  if (b === 'sqlite3') return 'sqlite3 JS';
  if (b === '(program)') return '(program): native code outside JS (driver callbacks, libuv, V8)';
  if (b === '(garbage collector)') return 'garbage collector';
  if (/^node:(_http_|http)/.test(b) || b === '(native) writev' || b === 'node:internal/stream_base_commons' || b === 'node:net' || b === 'node:internal/streams') return 'node HTTP + sockets';
  if (b.startsWith('node:')) return 'node other (events, timers, buffers…)';
  if (['express', 'router', 'body-parser', 'raw-body', 'parseurl', 'content-type', 'type-is', 'finalhandler', 'on-finished', 'depd', 'qs', 'media-typer', 'mime-types', 'send', 'iconv-lite', 'statuses'].includes(b)) return 'express + router + body parsing';
  if (b === 'knex' || b === 'lodash' || b === 'tarn' || b === 'pg' || b === 'pg-protocol' || b === 'pg-types' || b === 'pg-pool') return b === 'knex' || b === 'lodash' || b === 'tarn' ? 'knex (query building, runner, pool)' : 'pg driver';
  if (b === 'helmet' || b === 'express-rate-limit') return b;
  if (b === 'pino' || b.startsWith('pino')) return 'pino';
  if (b === 'ajv') return 'ajv';
  if (b.startsWith('server/http/auth') || b.startsWith('runtime/auth/')) return 'auth (server/http/auth.ts, runtime/auth/*)';
  if (b.startsWith('runtime/') || b.startsWith('server/') || b.startsWith('test/bench/')) return b;
  if (b.startsWith('(native) ')) return 'other native builtins (JSON, RegExp, …)';
  return b;
}

const label = (f: CallFrame): string => `${f.functionName || '(anonymous)'} ${f.url ? `${shortUrl(f.url).replace(/^.*\/node_modules\//, '')}:${f.lineNumber + 1}` : '(native)'}`;

function add(map: Map<string, number>, key: string, v: number): void {
  map.set(key, (map.get(key) ?? 0) + v);
}

export function summarize(file: string, top = 25): string {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const metaFile = file.replace(/\.cpuprofile$/, '.json');
  const meta = existsSync(metaFile) ? (JSON.parse(readFileSync(metaFile, 'utf8')) as { ok?: number; scenario?: string; target?: string; dialect?: string }) : {};
  const requests = meta.ok ?? 0;

  const byId = new Map<number, ProfileNode>();
  const parent = new Map<number, number>();
  for (const n of profile.nodes) {
    byId.set(n.id, n);
    for (const c of n.children ?? []) parent.set(c, n.id);
  }

  const selfBucket = new Map<string, number>();
  const selfFn = new Map<string, number>();
  const nearestProject = new Map<string, number>();
  const inclusiveProject = new Map<string, number>();
  let total = 0;
  let idle = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const us = profile.timeDeltas[i + 1] ?? 0;
    const node = byId.get(profile.samples[i])!;
    total += us;
    if (node.callFrame.functionName === '(idle)') {
      idle += us;
      continue;
    }
    add(selfBucket, bucketOf(node.callFrame), us);
    add(selfFn, label(node.callFrame), us);
    const seen = new Set<string>();
    let nearest: string | null = null;
    for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
      const f = byId.get(id)!.callFrame;
      if (!isProject(f.url)) continue;
      const key = label(f);
      nearest ??= key;
      if (!seen.has(key)) {
        seen.add(key);
        add(inclusiveProject, key, us);
      }
    }
    add(nearestProject, nearest ?? `(no project frame) ${bucketOf(node.callFrame)}`, us);
  }

  const busy = total - idle;
  const per = (us: number): string => (requests ? `${(us / requests).toFixed(1).padStart(7)} µs/req` : `${(us / 1000).toFixed(0).padStart(7)} ms`);
  const pct = (us: number): string => `${((100 * us) / busy).toFixed(1).padStart(5)} %`;
  const list = (title: string, m: Map<string, number>): string[] => [
    '',
    title,
    ...[...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, top).map(([k, v]) => `  ${per(v)} ${pct(v)}  ${k}`),
  ];
  return [
    `${file}${meta.scenario ? `  (${meta.scenario}, ${meta.target}, ${meta.dialect})` : ''}`,
    `sampled ${(total / 1000).toFixed(0)} ms, busy ${(busy / 1000).toFixed(0)} ms (${((100 * busy) / total).toFixed(0)} %), ${requests} requests → ${requests ? (busy / requests).toFixed(1) : '?'} µs busy per request`,
    ...list('self time by package / file:', selfBucket),
    ...list('self time by function:', selfFn),
    ...list('by nearest project frame (the project function that caused the work, callees included):', nearestProject),
    ...list('inclusive time of project functions (synchronous part; async continuations counted where they resume):', inclusiveProject),
  ].join('\n');
}

interface Loaded { busy: number; requests: number; areas: Map<string, number> }

/** One profile, or several (comma-separated) added up. */
function loadAreas(files: string): Loaded {
  const areas = new Map<string, number>();
  let busy = 0;
  let requests = 0;
  for (const file of files.split(',')) {
    const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
    const metaFile = file.replace(/\.cpuprofile$/, '.json');
    const meta = existsSync(metaFile) ? (JSON.parse(readFileSync(metaFile, 'utf8')) as { ok?: number }) : {};
    requests += meta.ok ?? 0;
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    for (let i = 0; i < profile.samples.length; i++) {
      const f = byId.get(profile.samples[i])!.callFrame;
      if (f.functionName === '(idle)') continue;
      const us = profile.timeDeltas[i + 1] ?? 0;
      busy += us;
      const area = areaOf(f);
      add(areas, area, us);
      // project functions by name as well, to see which one inside a file
      if (area.startsWith('runtime/') || area.startsWith('server/') || area.startsWith('auth ')) add(areas, `  ↳ ${label(f)}`, us);
    }
  }
  return { busy, requests, areas };
}

/** Two profiles side by side per area, in µs per request, sorted by the difference. */
export function diff(fileA: string, fileB: string): string {
  const a = loadAreas(fileA);
  const b = loadAreas(fileB);
  if (!a.requests || !b.requests) throw new Error('--diff needs the .json request counts beside both profiles');
  const keys = [...new Set([...a.areas.keys(), ...b.areas.keys()])];
  const rows = keys.map((k) => ({ k, x: (a.areas.get(k) ?? 0) / a.requests, y: (b.areas.get(k) ?? 0) / b.requests })).sort((p, q) => (q.x - q.y) - (p.x - p.y));
  const f = (v: number): string => v.toFixed(0).padStart(7);
  return [
    `A = ${fileA} (${a.requests} requests)`,
    `B = ${fileB} (${b.requests} requests)`,
    `${'µs/req A'.padStart(9)} ${'B'.padStart(7)} ${'A−B'.padStart(7)}  area`,
    `${f(a.busy / a.requests)}   ${f(b.busy / b.requests)} ${f(a.busy / a.requests - b.busy / b.requests)}  busy in all`,
    ...rows.filter((r) => Math.abs(r.x - r.y) >= 3 || r.x >= 20).map((r) => `${f(r.x)}   ${f(r.y)} ${f(r.x - r.y)}  ${r.k}`),
  ].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  if (args[0] === '--diff') {
    if (args.length !== 3) throw new Error('usage: --diff A.cpuprofile B.cpuprofile');
    console.log(diff(args[1], args[2]));
    process.exit(0);
  }
  const topAt = args.indexOf('--top');
  const top = topAt >= 0 ? Number(args[topAt + 1]) : 25;
  const files = args.filter((a, i) => !a.startsWith('--') && (topAt < 0 || i !== topAt + 1));
  if (files.length === 0) {
    console.error('usage: tsx test/bench/profile.ts FILE.cpuprofile [FILE…] [--top N]');
    process.exitCode = 2;
  }
  for (const f of files) console.log(`${summarize(f, top)}\n`);
}
