// Layer timings: one operation at a time (no concurrency), each layer of a platform request next to
// the floor's equivalent, so the difference between `npm run bench`'s two servers can be split into
// HTTP stack, authentication, query parsing, the records layer, row decoding and serialization.
// usage: tsx test/bench/layers.ts   env: BENCH_DATABASE_URL, BENCH_ROWS (100000), LAYERS_MS (1500 per op, split over
// LAYERS_ROUNDS=5 interleaved rounds; the least disturbed round counts), LAYERS_GROUPS (comma list of
// scenarios to time, default all), LAYERS_PROFILE (a directory:
// afterwards CPU-profile each operation for LAYERS_MS and write <scenario>-<operation>.cpuprofile;
// compare two with `tsx test/bench/profile.ts --diff A.cpuprofile B.cpuprofile`)
// Prints wall µs/op and process CPU µs/op (all threads: SQLite's work runs on libuv threads; the
// HTTP client is in this process too, the same for both servers); writes results/layers-<dialect>.md.
import { once } from 'node:events';
import { mkdirSync, writeFileSync } from 'node:fs';
import { Agent, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { Express } from 'express';
import { createActorLoader } from '../../runtime/auth/actor.js';
import { resolveToken } from '../../runtime/auth/sessions.js';
import { checkWriteBody, rowToWire } from '../../runtime/records/codec.js';
import { createRecord, getRecord, listRecords, parseListQuery, updateRecord, type Ctx } from '../../runtime/records/index.js';
import { writeTransaction } from '../../runtime/dialect/index.js';
import { createApp } from '../../server/app.js';
import { CITIES, contact, intIn, pick, rng, searchTerm, SURNAME_PREFIXES } from './data.js';
import { createFloorApp } from './floor.js';
import { requestStream, type ScenarioName, type TargetKind } from './scenarios.js';
import { Profiler } from './profile.js';
import { adminToken, openBenchDb } from './setup.js';

const ROWS = Number(process.env.BENCH_ROWS || 100_000);
const PG_URL = process.env.BENCH_DATABASE_URL ?? '';
const OP_MS = Number(process.env.LAYERS_MS || 1500);
const ROUNDS = Number(process.env.LAYERS_ROUNDS || 5);
const PROFILE_DIR = process.env.LAYERS_PROFILE || '';
const GROUPS = (process.env.LAYERS_GROUPS || '').split(',').map((g) => g.trim()).filter(Boolean);
const OUT_DIR = join(dirname(fileURLToPath(import.meta.url)), 'results');

interface Op { group: string; name: string; fn: () => unknown }
interface Timing { group: string; name: string; wallUs: number; cpuUs: number; n: number }
const ops: Op[] = [];
const op = (group: string, name: string, fn: () => unknown): void => {
  if (GROUPS.length === 0 || GROUPS.includes(group)) ops.push({ group, name, fn });
};

/** Mean wall and process-CPU µs per call over about `ms` milliseconds (at least 20 calls). */
async function measure(fn: () => unknown, ms: number): Promise<{ wallUs: number; cpuUs: number; n: number }> {
  let n = 0;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const until = t0 + ms;
  while (n < 20 || performance.now() < until) {
    await fn();
    n++;
  }
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  return { wallUs: (wall * 1000) / n, cpuUs: (cpu.user + cpu.system) / n, n };
}

/** Every op once for warm-up, then ROUNDS rounds over all ops (interleaved, so drift and load from
 *  other processes hit every op alike); per op the round with the lowest CPU counts. */
async function runOps(): Promise<Timing[]> {
  for (const o of ops) await measure(o.fn, 150);
  const best = new Map<Op, Timing>();
  for (let round = 1; round <= ROUNDS; round++) {
    process.stdout.write(`  round ${round}/${ROUNDS}\r`);
    for (const o of ops) {
      const m = await measure(o.fn, OP_MS / ROUNDS);
      const prev = best.get(o);
      if (!prev || m.cpuUs < prev.cpuUs) best.set(o, { group: o.group, name: o.name, ...m });
    }
  }
  return ops.map((o) => best.get(o)!);
}

async function profileOps(dir: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const profiler = new Profiler();
  await profiler.start();
  try {
    for (const o of ops) {
      const slug = `${o.group}-${o.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}`;
      await profiler.begin();
      const m = await measure(o.fn, OP_MS);
      await profiler.end(join(dir, `${slug}.cpuprofile`), { scenario: o.group, target: o.name, ok: m.n, wallUs: m.wallUs, cpuUs: m.cpuUs });
      console.log(`  profiled ${slug} (${m.n} calls)`);
    }
  } finally {
    profiler.close();
  }
}

/** Sequential keep-alive HTTP client for one server. */
function client(app: Express): Promise<{ send(req: ReturnType<ReturnType<typeof requestStream>>): Promise<number>; close(): Promise<void> }> {
  const server: Server = app.listen(0, '127.0.0.1');
  server.keepAliveTimeout = 10 * 60_000; // the client sits idle while other layers are timed
  return once(server, 'listening').then(() => {
    const port = (server.address() as AddressInfo).port;
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    return {
      send: (r) => new Promise<number>((resolve, reject) => {
        const headers: Record<string, string | number> = { ...r.headers };
        if (r.body !== undefined) headers['content-length'] = Buffer.byteLength(r.body);
        const req = request({ host: '127.0.0.1', port, path: r.path, method: r.method, headers, agent }, (res) => {
          res.resume();
          res.on('end', () => (res.statusCode && res.statusCode < 300 ? resolve(res.statusCode) : reject(new Error(`${r.method} ${r.path} → ${res.statusCode}`))));
        });
        req.on('error', reject);
        req.end(r.body);
      }),
      close: () => new Promise<void>((resolve) => {
        agent.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
    };
  });
}

async function main(): Promise<void> {
  const bench = await openBenchDb(ROWS, PG_URL);
  const { rt } = bench;
  const knex = rt.db.knex;
  const dialect = rt.db.dialect;
  console.log(`layers: ${bench.where}; ${ROWS} rows; ${ROUNDS} rounds, ${OP_MS} ms per op in all`);
  const clients: { close(): Promise<void> }[] = [];
  try {
    const token = await adminToken(rt);
    const loader = createActorLoader(knex);
    const resolved = (await resolveToken(knex, token))!;
    const ctx: Ctx = { actor: await loader.actorFor(resolved.user, resolved.scopes), via: 'api', requestId: 'layers-0000' };
    const entity = rt.app.entities.get('contact')!;
    const auth = { authorization: `Bearer ${token}` };

    const floorHttp = await client(createFloorApp(knex, dialect));
    const platformHttp = await client(createApp({ runtime: rt, writesPerIpPerMinute: 0, readsPerUserPerMinute: 0, readConcurrencyPerUser: 0 }));
    const openHttp = await client(createApp({ runtime: rt, writesPerIpPerMinute: 0, readsPerUserPerMinute: 0, readConcurrencyPerUser: 0, auth: 'disabled' }));
    clients.push(floorHttp, platformHttp, openHttp);
    let seq = 0;
    const http = (group: ScenarioName): void => {
      const streams: [string, TargetKind, { send: typeof floorHttp.send }, Record<string, string>][] = [
        ['HTTP floor', 'floor', floorHttp, {}],
        ['HTTP platform, auth disabled', 'platform', openHttp, {}],
        ['HTTP platform, API token (the default app)', 'platform', platformHttp, auth],
      ];
      for (const [name, target, c, headers] of streams) {
        const next = requestStream({ scenario: group, target, rows: ROWS, seed: 99, tag: `layers-${++seq}`, headers });
        op(group, name, () => c.send(next()));
      }
    };

    const r = rng(7);
    const id = (): number => intIn(r, 1, ROWS);

    // ---- get-one
    op('get-one', 'floor query: knex first()', () => knex('contact').where({ id: id() }).first());
    op('get-one', 'records: getRecord()', () => getRecord(rt, { entity: 'contact', id: id(), ctx }));
    op('get-one', 'auth: resolveToken() + actorFor()', async () => {
      const res = await resolveToken(knex, token);
      return loader.actorFor(res!.user, res!.scopes);
    });
    http('get-one');

    // ---- list-city
    const city = (): string => pick(r, CITIES);
    const rawPage = (await knex('contact').where('city', 'Paris').orderBy('id').limit(51)) as Record<string, unknown>[];
    const listQuery = (c: string) => parseListQuery(rt.app, entity, { filter: JSON.stringify({ city: { eq: c } }), limit: '50' });
    op('list-city', 'floor query: knex where city, 50 rows', () => knex('contact').where('city', city()).orderBy('id').limit(50));
    op('list-city', 'query: parseListQuery(filter) [pure JS]', () => listQuery(city()));
    op('list-city', 'records: listRecords() (query pre-parsed)', () => listRecords(rt, { entity: 'contact', ctx, query: listQuery(city()) }));
    op('list-city', 'codec: rowToWire() × 50 rows [pure JS]', () => rawPage.slice(0, 50).map((row) => rowToWire(dialect, entity, row)));
    const wirePage = { data: rawPage.slice(0, 50).map((row) => rowToWire(dialect, entity, row)), meta: { nextCursor: 'x'.repeat(40) } };
    op('list-city', 'JSON.stringify platform page [pure JS]', () => JSON.stringify(wirePage));
    op('list-city', 'JSON.stringify floor page [pure JS]', () => JSON.stringify({ data: rawPage.slice(0, 50) }));
    http('list-city');

    // ---- list-city-value (the peer benchmark's list_city)
    const valueQuery = (c: string) => parseListQuery(rt.app, entity, { filter: JSON.stringify({ city: { eq: c } }), sort: '-lifetime_value', limit: '50' });
    op('list-city-value', 'floor query: knex where city order by value, 50 rows', () => knex('contact').where('city', city()).orderBy('lifetime_value', 'desc').limit(50));
    op('list-city-value', 'query: parseListQuery(filter, sort) [pure JS]', () => valueQuery(city()));
    op('list-city-value', 'records: listRecords() (query pre-parsed)', () => listRecords(rt, { entity: 'contact', ctx, query: valueQuery(city()) }));
    http('list-city-value');

    // ---- search-prefix (the peer benchmark's search_last)
    const prefix = (): string => pick(r, SURNAME_PREFIXES);
    const prefixQuery = (p: string) => parseListQuery(rt.app, entity, { filter: JSON.stringify({ last_name: { startsWith: p } }), sort: 'id', limit: '50' });
    op('search-prefix', 'floor query: knex last_name like, 50 rows', () => knex('contact').where('last_name', dialect === 'postgres' ? 'ilike' : 'like', `${prefix()}%`).orderBy('id').limit(50));
    op('search-prefix', 'records: listRecords() (query pre-parsed)', () => listRecords(rt, { entity: 'contact', ctx, query: prefixQuery(prefix()) }));
    http('search-prefix');

    // ---- search
    op('search', 'floor query: knex name like, 50 rows', () => knex('contact').where('name', dialect === 'postgres' ? 'ilike' : 'like', `%${searchTerm(r)}%`).orderBy('id').limit(50));
    op('search', 'records: listRecords(q) (query pre-parsed)', () => listRecords(rt, { entity: 'contact', ctx, query: parseListQuery(rt.app, entity, { q: searchTerm(r), limit: '50' }) }));
    http('search');

    // ---- create
    let n = 0;
    const body = (): Record<string, unknown> => {
      const c = contact(id());
      return { name: c.name, email: `layers.${++n}@bench.example`, phone: c.phone, city: 'Benchtown', score: c.score };
    };
    op('create', 'floor: insert + select', async () => {
      const ts = new Date().toISOString();
      const [row] = (await knex('contact').insert({ ...body(), created_at: ts, updated_at: ts, created_by: null, updated_by: null, version: 1 }, ['id'])) as { id: number }[];
      return knex('contact').where({ id: row.id }).first();
    });
    op('create', 'codec: checkWriteBody() [pure JS]', () => checkWriteBody(entity, body(), 'create'));
    op('create', 'dialect: empty writeTransaction() (BEGIN … COMMIT)', () => writeTransaction(rt.db, async () => undefined));
    op('create', 'records: createRecord()', () => createRecord(rt, { entity: 'contact', data: body(), ctx }));
    op('create', 'records: createRecord() + getRecord()', async () => getRecord(rt, { entity: 'contact', id: await createRecord(rt, { entity: 'contact', data: body(), ctx }), ctx }));
    http('create');

    // ---- patch
    op('patch', 'floor: update + select', async () => {
      const target = id();
      await knex('contact').where({ id: target }).update({ score: intIn(r, 0, 1000), updated_at: new Date().toISOString(), version: knex.raw('?? + 1', ['version']) });
      return knex('contact').where({ id: target }).first();
    });
    op('patch', 'records: updateRecord()', () => updateRecord(rt, { entity: 'contact', id: id(), data: { score: intIn(r, 0, 1000) }, ctx }));
    op('patch', 'records: updateRecord() + getRecord()', async () => {
      const target = id();
      await updateRecord(rt, { entity: 'contact', id: target, data: { score: intIn(r, 0, 1000) }, ctx });
      return getRecord(rt, { entity: 'contact', id: target, ctx });
    });
    http('patch');

    const timings = await runOps();
    if (PROFILE_DIR) await profileOps(PROFILE_DIR);
    for (const t of timings) console.log(`  ${t.group.padEnd(9)} ${t.name.padEnd(50)} ${t.wallUs.toFixed(0).padStart(6)} µs wall ${t.cpuUs.toFixed(0).padStart(6)} µs CPU`);
    const L = [
      `# Layer timings (${dialect})`,
      '',
      `${new Date().toISOString()}; ${ROWS} rows; one operation at a time; ${ROUNDS} interleaved rounds of ${(OP_MS / ROUNDS).toFixed(0)} ms per operation, the round with the least CPU per operation is shown; node ${process.version}.`,
      'wall = mean latency per operation; CPU = process CPU (all threads) per operation, which hardly moves with load from other processes.',
      '',
      '| scenario | operation | wall µs/op | CPU µs/op |',
      '|---|---|---:|---:|',
      ...timings.map((t) => `| ${t.group} | ${t.name} | ${t.wallUs.toFixed(0)} | ${t.cpuUs.toFixed(0)} |`),
      '',
    ];
    mkdirSync(OUT_DIR, { recursive: true });
    const file = join(OUT_DIR, `layers-${dialect}.md`);
    writeFileSync(file, L.join('\n'));
    console.log(`written to ${file}`);
  } finally {
    for (const c of clients) await c.close();
    await bench.dispose();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack ?? err.message : err);
  process.exitCode = 1;
});
