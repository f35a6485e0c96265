// Durability of the SQLite default deployment as a real process (security-cases §4.1, DU-01, DU-04,
// CC-01, CC-02): the server is SIGKILLed while writes are in flight and restarted on the same file;
// every acknowledged write must survive with its audit row; optimistic concurrency must lose nothing;
// writers in other processes (CLI, a second runtime) must wait for the lock instead of failing.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime, type LiveRuntime } from '../../runtime/index.js';
import { openDb, type Db } from '../../runtime/dialect/index.js';
import { asSystem, createRecord } from '../../runtime/records/index.js';
import { MINI_APP, ROOT } from '../helpers/testRuntime.js';

const TSX_LOADER = pathToFileURL(join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
const CRM_BIN = join(ROOT, 'bin', 'crm.js');

interface ServerProcess {
  child: ChildProcess;
  base: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output(): string;
}

/** node --import tsx server/main.ts: no tsx wrapper process, so child.pid is the server itself and
 *  SIGKILL hits it (tsx's cli.mjs would spawn the server as a grandchild and could not relay it). */
function startServer(databaseUrl: string): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', TSX_LOADER, join(ROOT, 'server', 'main.ts')], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', CRM_SEED: 'off', CRM_WRITE_LIMIT: '0', DATABASE_URL: databaseUrl, CRM_APP: MINI_APP },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const keep = (chunk: Buffer): void => { out = (out + chunk.toString()).slice(-64_000); };
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => {
    child.once('exit', (code, signal) => done({ code, signal }));
  });
  return new Promise((resolve, reject) => {
    let seen = '';
    const onData = (chunk: Buffer): void => {
      keep(chunk);
      seen += chunk.toString();
      const m = /"pid":(\d+)[^\n]*"port":(\d+)[^\n]*"msg":"listening"/.exec(seen);
      if (!m) return;
      child.stdout!.off('data', onData);
      child.stdout!.on('data', keep);
      // the process that logs "listening" must be the one a signal to child.pid reaches
      if (Number(m[1]) !== child.pid) {
        child.kill('SIGKILL');
        reject(new Error(`the server runs as pid ${m[1]}, not as the spawned pid ${child.pid}`));
        return;
      }
      resolve({ child, base: `http://127.0.0.1:${m[2]}`, exited, output: () => out });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', keep);
    void exited.then(({ code, signal }) => reject(new Error(`server exited (${code ?? signal}) before listening:\n${out}`)));
  });
}

/** `node bin/crm.js …` against the test database, asynchronously (the test keeps serving HTTP meanwhile). */
function cli(databaseUrl: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [CRM_BIN, ...args, '--app', MINI_APP, '--database', databaseUrl], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => { stdout += c.toString(); });
  child.stderr.on('data', (c: Buffer) => { stderr += c.toString(); });
  return new Promise((done) => child.once('close', (code) => done({ code, stdout: stdout.trim(), stderr })));
}

interface Reply { status: number; etag: string | null; body: Record<string, unknown> }

async function call(base: string, token: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, etag: res.headers.get('etag'), body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

const dataOf = (r: Reply): Record<string, unknown> => r.body.data as Record<string, unknown>;
const chunks = <T>(xs: T[], n: number): T[][] => Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, i * n + n));

/** Looks records up by a text field through the API (filter `in`, ≤ 200 values per request). */
async function findBy(base: string, token: string, entity: string, field: string, values: string[]): Promise<Map<string, Record<string, unknown>>> {
  const found = new Map<string, Record<string, unknown>>();
  for (const part of chunks(values, 200)) {
    const filter = encodeURIComponent(JSON.stringify({ [field]: { in: part } }));
    const r = await call(base, token, 'GET', `/api/v1/${entity}?filter=${filter}&limit=500`);
    expect(r.status).toBe(200);
    for (const rec of r.body.data as Record<string, unknown>[]) found.set(String(rec[field]), rec);
  }
  return found;
}

interface FileCheck { integrity: string; foreignKeyProblems: number; journalMode: string }

async function checkFile(db: Db): Promise<FileCheck> {
  const integrity = (await db.knex.raw('PRAGMA integrity_check')) as { integrity_check: string }[];
  const fk = (await db.knex.raw('PRAGMA foreign_key_check')) as unknown[];
  const jm = (await db.knex.raw('PRAGMA journal_mode')) as { journal_mode: string }[];
  return { integrity: integrity.map((r) => r.integrity_check).join('; '), foreignKeyProblems: fk.length, journalMode: jm[0].journal_mode };
}

/** Each row of the entity has exactly one `create` audit row and no create audit row lacks its record. */
async function auditMatchesRows(db: Db, entity: string): Promise<{ rows: number; audits: number; mismatches: string[] }> {
  const ids = (await db.knex(entity).pluck('id')).map(Number);
  const audit = (await db.knex('_audit').where({ entity, action: 'create' }).select('record_id').count({ n: '*' }).groupBy('record_id')) as { record_id: number; n: number }[];
  const byId = new Map(audit.map((a) => [Number(a.record_id), Number(a.n)]));
  const mismatches: string[] = [];
  for (const id of ids) if (byId.get(id) !== 1) mismatches.push(`${entity} ${id}: ${byId.get(id) ?? 0} create audit rows`);
  const idSet = new Set(ids);
  for (const id of byId.keys()) if (!idSet.has(id)) mismatches.push(`${entity} ${id}: audited but missing`);
  return { rows: ids.length, audits: audit.reduce((s, a) => s + Number(a.n), 0), mismatches };
}

const DISABLED = Boolean(process.env.TEST_DATABASE_URL);

describe.skipIf(DISABLED)('durability on SQLite (a real server process)', () => {
  let dir = '';
  let dbUrl = '';
  let token = '';
  let server: ServerProcess | null = null;
  const opened: { close(): Promise<void> }[] = [];
  /** What part 1 left in the database, for the later totals. */
  const part1 = { products: 0, deals: 0 };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'crm-durability-'));
    dbUrl = `sqlite:${join(dir, 'crm.sqlite')}`;
    // user add migrates the empty file; then the token is minted while the server starts.
    const added = await cli(dbUrl, ['user', 'add', '--email', 'admin@example.com', '--roles', 'admin']);
    expect(added.code, added.stderr).toBe(0);
    const [minted, started] = await Promise.all([cli(dbUrl, ['token', '--user', 'admin@example.com']), startServer(dbUrl)]);
    expect(minted.code, minted.stderr).toBe(0);
    expect(minted.stdout).toMatch(/^crmt_[A-Za-z0-9_-]+$/);
    token = minted.stdout;
    server = started;
  }, 120_000);

  afterAll(async () => {
    if (server && server.child.exitCode === null && server.child.signalCode === null) {
      server.child.kill('SIGKILL');
      await server.exited;
    }
    for (const o of opened) await o.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('DU-01: kill -9 during concurrent writes loses no acknowledged write and no audit row', async () => {
    const srv = server!;
    const WRITERS = 20;
    const killAt = 300 + Math.floor(Math.random() * 100);
    const acked: { entity: 'product' | 'deal'; key: string; id: number; number: string | null }[] = [];
    const unexpected: string[] = [];
    let inFlight = 0;
    let inFlightAtKill = -1;
    let killed = false;
    const kill = (): void => {
      if (killed) return;
      killed = true;
      inFlightAtKill = inFlight;
      srv.child.kill('SIGKILL');
    };

    const writer = async (w: number): Promise<void> => {
      for (let i = 0; !killed && unexpected.length < 20; i++) {
        // every fifth write is a deal: its autonumber comes from _sequences in the same transaction
        const entity = i % 5 === 4 ? 'deal' : 'product';
        const key = `crash-w${w}-${i}`;
        inFlight++;
        try {
          const r = await call(srv.base, token, 'POST', `/api/v1/${entity}`, entity === 'deal' ? { title: key } : { name: `Product ${key}`, sku: key });
          // a complete 201 was sent after the commit, so it counts even if it arrives after the kill
          if (r.status === 201) {
            acked.push({ entity, key, id: Number(dataOf(r).id), number: entity === 'deal' ? String(dataOf(r).number) : null });
            if (acked.length >= killAt) kill();
          } else unexpected.push(`${entity} ${key}: ${r.status} ${JSON.stringify(r.body)}`);
        } catch (err) {
          if (!killed) unexpected.push(`${entity} ${key}: ${String((err as Error).cause ?? err)}`);
          return;
        } finally {
          inFlight--;
        }
      }
    };
    await Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w)));
    expect(unexpected, srv.output().slice(-4000)).toEqual([]);
    expect(killed).toBe(true);
    expect(await srv.exited).toEqual({ code: null, signal: 'SIGKILL' });

    // Restart on the same file: the WAL is recovered by the new process.
    server = await startServer(dbUrl);
    const base = server.base;
    const ackedProducts = acked.filter((a) => a.entity === 'product');
    const ackedDeals = acked.filter((a) => a.entity === 'deal');
    const products = await findBy(base, token, 'product', 'sku', ackedProducts.map((a) => a.key));
    const deals = await findBy(base, token, 'deal', 'title', ackedDeals.map((a) => a.key));
    const lost = [
      ...ackedProducts.filter((a) => products.get(a.key)?.id !== a.id).map((a) => `product ${a.key} (id ${a.id})`),
      ...ackedDeals.filter((a) => deals.get(a.key)?.id !== a.id || deals.get(a.key)?.number !== a.number).map((a) => `deal ${a.key} (id ${a.id}, ${a.number})`),
    ];
    expect(lost).toEqual([]);

    // A second connection beside the running server (WAL lets it read a consistent snapshot).
    const db = await openDb({ url: dbUrl });
    opened.push({ close: () => db.destroy() });
    expect(await checkFile(db)).toEqual({ integrity: 'ok', foreignKeyProblems: 0, journalMode: 'wal' });
    const productAudit = await auditMatchesRows(db, 'product');
    const dealAudit = await auditMatchesRows(db, 'deal');
    expect(productAudit.mismatches).toEqual([]);
    expect(dealAudit.mismatches).toEqual([]);
    // at least every acknowledged row; at most those plus the ones whose answer the kill swallowed
    expect(productAudit.rows + dealAudit.rows).toBeGreaterThanOrEqual(acked.length);
    expect(productAudit.rows + dealAudit.rows).toBeLessThanOrEqual(acked.length + inFlightAtKill);
    // autonumbers: no gap and no reuse (a rolled-back transaction gives its number back), and the
    // sequence row agrees with the rows it numbered
    const numbers = (await db.knex('deal').orderBy('number').pluck('number')) as string[];
    expect(numbers).toEqual(Array.from({ length: dealAudit.rows }, (_, i) => `D-${String(i + 1).padStart(5, '0')}`));
    const seq = (await db.knex('_sequences').where({ name: 'deal.number' }).first('value')) as { value: number } | undefined;
    expect(Number(seq?.value ?? 0)).toBe(dealAudit.rows);
    part1.products = productAudit.rows;
    part1.deals = dealAudit.rows;
    console.info(`[DU-01] killed at ${acked.length} acknowledged writes (${ackedProducts.length} products, ${ackedDeals.length} deals; threshold ${killAt}), ${inFlightAtKill} in flight; after restart ${productAudit.rows} products + ${dealAudit.rows} deals, create audit rows ${productAudit.audits} + ${dealAudit.audits}`);
  }, 90_000);

  it('CC-01: concurrent If-Match PATCHes on one version: exactly one wins, the rest get 412', async () => {
    const base = server!.base;
    const created = await call(base, token, 'POST', '/api/v1/company', { name: 'Contended Ltd', employees: 0 });
    expect(created.status).toBe(201);
    const id = Number(dataOf(created).id);
    const CLIENTS = 20;

    // Round 1: everyone reads version 1 first, then all write at once.
    const reads = await Promise.all(Array.from({ length: CLIENTS }, () => call(base, token, 'GET', `/api/v1/company/${id}`)));
    expect(reads.map((r) => r.etag)).toEqual(Array(CLIENTS).fill('"1"'));
    const writes = await Promise.all(reads.map((r, i) => call(base, token, 'PATCH', `/api/v1/company/${id}`, { employees: i + 1 }, { 'if-match': r.etag! })));
    const statuses = writes.map((w) => w.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 412)).toHaveLength(CLIENTS - 1);
    expect(writes.filter((w) => w.status === 412).every((w) => w.body.code === 'PRECONDITION_FAILED')).toBe(true);
    const winner = statuses.indexOf(200);
    expect(writes[winner].etag).toBe('"2"');

    // Round 2: read-then-write per client without a barrier; whoever read a version, at most one
    // writer per version wins, and the version grows by one per 200.
    const free = await Promise.all(Array.from({ length: CLIENTS }, async (_, i) => {
      const r = await call(base, token, 'GET', `/api/v1/company/${id}`);
      const w = await call(base, token, 'PATCH', `/api/v1/company/${id}`, { employees: 100 + i }, { 'if-match': r.etag! });
      return { read: r.etag!, status: w.status, etag: w.etag, employees: 100 + i };
    }));
    expect(free.filter((f) => f.status !== 200 && f.status !== 412)).toEqual([]);
    const won = free.filter((f) => f.status === 200);
    expect(won.length).toBeGreaterThanOrEqual(1);
    expect(new Set(won.map((f) => f.read)).size).toBe(won.length);
    const final = await call(base, token, 'GET', `/api/v1/company/${id}`);
    expect(dataOf(final).version).toBe(2 + won.length);
    expect(won.map((f) => f.employees)).toContain(dataOf(final).employees);
    // the audit trail holds exactly the accepted writes: one per 200, none for a 412
    const db = await openDb({ url: dbUrl });
    opened.push({ close: () => db.destroy() });
    const audited = (await db.knex('_audit').where({ entity: 'company', record_id: id, action: 'update' }).pluck('after')) as string[];
    const auditedEmployees = audited.map((a) => (JSON.parse(a) as { employees: number }).employees).sort((x, y) => x - y);
    expect(auditedEmployees).toEqual([winner + 1, ...won.map((f) => f.employees)].sort((x, y) => x - y));
    console.info(`[CC-01] barrier round: 1×200 ${CLIENTS - 1}×412; free round: ${won.length}×200 ${CLIENTS - won.length}×412; final version ${String(dataOf(final).version)}`);
  }, 90_000);

  it('CC-02: 50 concurrent read-modify-write increments with If-Match retries lose no update', async () => {
    const base = server!.base;
    const created = await call(base, token, 'POST', '/api/v1/company', { name: 'Counter Ltd', employees: 0 });
    expect(created.status).toBe(201);
    const id = Number(dataOf(created).id);
    const INCREMENTS = 50;
    let conflicts = 0;
    const odd: string[] = [];
    await Promise.all(Array.from({ length: INCREMENTS }, async () => {
      for (let attempt = 0; attempt < 500; attempt++) {
        const r = await call(base, token, 'GET', `/api/v1/company/${id}`);
        if (r.status !== 200) { odd.push(`GET ${r.status}`); return; }
        const w = await call(base, token, 'PATCH', `/api/v1/company/${id}`, { employees: Number(dataOf(r).employees) + 1 }, { 'if-match': r.etag! });
        if (w.status === 200) return;
        if (w.status !== 412) { odd.push(`PATCH ${w.status} ${JSON.stringify(w.body)}`); return; }
        conflicts++;
      }
      odd.push('gave up after 500 attempts');
    }));
    expect(odd).toEqual([]);
    const final = await call(base, token, 'GET', `/api/v1/company/${id}`);
    expect(dataOf(final).employees).toBe(INCREMENTS);
    expect(dataOf(final).version).toBe(1 + INCREMENTS);
    const db = await openDb({ url: dbUrl });
    opened.push({ close: () => db.destroy() });
    const updates = await db.knex('_audit').where({ entity: 'company', record_id: id, action: 'update' }).count({ n: '*' });
    expect(Number(updates[0].n)).toBe(INCREMENTS);
    console.info(`[CC-02] ${INCREMENTS} increments, ${conflicts} retried 412s, final employees ${String(dataOf(final).employees)}, version ${String(dataOf(final).version)}`);
  }, 90_000);

  it('DU-04: 50 concurrent writers beside CLI and second-runtime writers: every write waits and succeeds', async () => {
    const srv = server!;
    const WRITERS = 50;
    const MIN_EACH = 4;
    let othersDone = false;
    const statuses = new Map<number, number>();
    const failures: string[] = [];
    let apiWrites = 0;
    let slowest = 0;
    // the second-process writer paces itself on the server's progress, one write per wake-up,
    // so it contends for the lock without starving the server's busy-wait
    let wake: (() => void)[] = [];
    const progress = (): Promise<void> => new Promise((resolve) => { wake.push(resolve); });
    const wakeAll = (): void => { const w = wake; wake = []; for (const f of w) f(); };

    // Other processes writing the same file while the server is under load: two CLI commands
    // (insert into _users / _tokens) and this test process's own runtime (record write path).
    const rt: LiveRuntime = await createRuntime({ appDir: MINI_APP, databaseUrl: dbUrl });
    opened.push({ close: () => rt.close() });
    let sideWrites = 0;
    const others = (async () => {
      const side = (async () => {
        for (let i = 0; !othersDone; i++) {
          await progress();
          if (othersDone) return;
          try {
            await createRecord(rt, { entity: 'product', data: { name: 'side', sku: `side-${i}` }, ctx: asSystem('durability test: second process') });
            sideWrites++;
          } catch (err) {
            failures.push(`second-process write side-${i}: ${String(err)}`);
            return;
          }
        }
      })();
      try {
        const [userAdd, tokenMint] = await Promise.all([
          cli(dbUrl, ['user', 'add', '--email', 'cli-writer@example.com', '--roles', 'admin']),
          cli(dbUrl, ['token', '--user', 'admin@example.com', '--name', 'contention']),
        ]);
        return { userAdd, tokenMint };
      } finally {
        othersDone = true;
        wakeAll();
        await side;
      }
    })();

    const writer = async (w: number): Promise<void> => {
      for (let i = 0; (!othersDone || i < MIN_EACH) && failures.length < 20; i++) {
        const key = `du04-w${w}-${i}`;
        try {
          const t0 = performance.now();
          const r = await call(srv.base, token, 'POST', '/api/v1/product', { name: 'contended', sku: key });
          slowest = Math.max(slowest, performance.now() - t0);
          statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
          if (r.status === 201) {
            apiWrites++;
            wakeAll();
          } else failures.push(`${key}: ${r.status} ${JSON.stringify(r.body)}`);
        } catch (err) {
          failures.push(`${key}: ${String((err as Error).cause ?? err)}`);
        }
      }
    };
    const [{ userAdd, tokenMint }] = await Promise.all([others, ...Array.from({ length: WRITERS }, (_, w) => writer(w))]);
    expect(failures, srv.output().slice(-4000)).toEqual([]);
    expect(userAdd.code, userAdd.stderr).toBe(0);
    expect(userAdd.stdout).toMatch(/^\S{10,}$/);
    expect(tokenMint.code, tokenMint.stderr).toBe(0);
    expect(tokenMint.stdout).toMatch(/^crmt_[A-Za-z0-9_-]+$/);
    expect(apiWrites).toBeGreaterThanOrEqual(WRITERS * MIN_EACH);
    expect(sideWrites).toBeGreaterThan(0);
    const users = await rt.db.knex('_users').where({ email: 'cli-writer@example.com' }).count({ n: '*' });
    expect(Number(users[0].n)).toBe(1);

    // Stop gracefully and check the file with nobody else writing.
    srv.child.kill('SIGTERM');
    expect((await srv.exited).code).toBe(0);
    const db = await openDb({ url: dbUrl });
    opened.push({ close: () => db.destroy() });
    expect(await checkFile(db)).toEqual({ integrity: 'ok', foreignKeyProblems: 0, journalMode: 'wal' });
    const productAudit = await auditMatchesRows(db, 'product');
    expect(productAudit.mismatches).toEqual([]);
    expect(productAudit.rows).toBe(part1.products + apiWrites + sideWrites);
    expect((await auditMatchesRows(db, 'deal')).rows).toBe(part1.deals);
    console.info(`[DU-04] ${WRITERS} HTTP writers: ${apiWrites} writes (statuses ${JSON.stringify(Object.fromEntries(statuses))}); slowest ${Math.round(slowest)} ms; second-process runtime writes ${sideWrites}; CLI user add + token exit 0; products now ${productAudit.rows}, integrity ok`);
  }, 90_000);
});
