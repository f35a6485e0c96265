// Test runtimes: SQLite in memory by default; PostgreSQL in a random schema of TEST_DATABASE_URL
// (dropped at the end), so both dialects run the same tests.
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRuntime, type CreateRuntimeOptions, type Runtime } from '../../runtime/index.js';
import { openDb, type Db } from '../../runtime/dialect/index.js';
import { loadSeedPlan, runSeed } from '../../runtime/seed.js';
import type { Authorize, Ctx } from '../../runtime/records/context.js';
import { createApp, type CreateAppOptions } from '../../server/app.js';
import { buildOpenApi, openApiFor } from '../../server/openapi.js';
import { swappableApp } from '../../server/swappable.js';
import type { RuntimeHolder } from '../../runtime/definitions/holder.js';
import { contractViolation } from './contract.js';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const FIXTURES = join(ROOT, 'test', 'fixtures');
export const MINI_APP = join(FIXTURES, 'apps', 'mini');
export const SALES_CRM = join(ROOT, 'examples', 'sales-crm');
export const PG_URL = process.env.TEST_DATABASE_URL || '';
export const DIALECT: 'sqlite' | 'postgres' = PG_URL ? 'postgres' : 'sqlite';

export type TestRuntime = Runtime & { close(): Promise<void> };

/** A database URL + schema for one test file: ':memory:' or a fresh PostgreSQL schema. */
export function testDbTarget(): { url: string; schema?: string } {
  if (!PG_URL) return { url: ':memory:' };
  return { url: PG_URL, schema: `t_${randomBytes(6).toString('hex')}` };
}

async function dropSchema(db: Db): Promise<void> {
  if (db.dialect === 'postgres' && db.schema !== 'public') await db.knex.raw('DROP SCHEMA IF EXISTS ?? CASCADE', [db.schema]);
}

export async function openTestDb(): Promise<Db & { cleanup(): Promise<void> }> {
  const target = testDbTarget();
  const db = await openDb({ url: target.url, schema: target.schema });
  return { ...db, cleanup: async () => { await dropSchema(db); await db.destroy(); } };
}

/** An app folder in a new temporary directory, one file per entry (paths like 'entities/deal.json';
 *  a string is written as it is, anything else as JSON). The caller removes it. */
export function writeTempApp(files: Record<string, unknown>, prefix = 'crm-app-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  for (const [rel, content] of Object.entries(files)) {
    const path = join(dir, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  }
  return dir;
}

export type TestRuntimeOptions = {
  appDir?: string;
  /** An app folder written for this runtime alone (see writeTempApp), removed on close; instead of appDir. */
  appFiles?: Record<string, unknown>;
  authorize?: Authorize;
  /** Puts SQLite in a temporary file (a real read pool beside the writer) instead of memory. */
  file?: boolean;
} & Pick<CreateRuntimeOptions, 'dbOptions' | 'filterMaxHops'>;

export async function createTestRuntime(options: TestRuntimeOptions = {}): Promise<TestRuntime> {
  const target = testDbTarget();
  const appDir = options.appFiles ? writeTempApp(options.appFiles) : null;
  const dir = options.file && !PG_URL ? mkdtempSync(join(tmpdir(), 'crm-test-')) : null;
  const rt = await createRuntime({
    appDir: appDir ?? options.appDir ?? MINI_APP, databaseUrl: dir ? `sqlite:${join(dir, 'test.sqlite')}` : target.url, pgSchema: target.schema,
    authorize: options.authorize, dbOptions: options.dbOptions, filterMaxHops: options.filterMaxHops,
  });
  return {
    ...rt,
    close: async () => {
      await dropSchema(rt.db);
      await rt.close();
      for (const d of [appDir, dir]) if (d) rmSync(d, { recursive: true, force: true });
    },
  };
}

/** The demo seed of an example app folder, with its "today" pinned (CRM_SEED_TODAY) so every run
 *  seeds the same dates; the rows written per entity. */
export async function seedExample(rt: Runtime, appDir: string): Promise<Record<string, number>> {
  process.env.CRM_SEED_TODAY = '2026-11-20';
  return runSeed(rt, (await loadSeedPlan(appDir))!);
}

export interface TestServer {
  url: string;
  /** Sends a request; the response must match the OpenAPI document the server gives this caller
   *  (the test fails otherwise). `contract: false` only for deliberate garbage outside the API. */
  request(method: string, path: string, options?: { body?: unknown; raw?: string; headers?: Record<string, string>; contract?: false; binary?: true }): Promise<{ status: number; headers: Headers; body: any }>;
  close(): Promise<void>;
}

const PROBE = 'x-test-contract-probe';

/** The real express app on an ephemeral loopback port. Authentication is off unless asked for:
 *  the foundation's contract tests act as the platform; the access tests pass { auth: 'required' }. */
export async function startTestServer(rt: Runtime, options: Omit<CreateAppOptions, 'runtime'> & { holder?: RuntimeHolder } = {}): Promise<TestServer> {
  // With a holder, the server swaps runtimes as main.ts does, and the contract is the current runtime's.
  const { holder, ...appOptions } = options;
  const app = holder ? swappableApp({ holder, build: (current) => createApp({ runtime: current, auth: 'disabled', ...appOptions }) }) : createApp({ runtime: rt, auth: 'disabled', ...appOptions });
  const current = (): Runtime => holder?.current() ?? rt;
  // Who the server decided the caller is, per probe: captured when the response head is written,
  // so it is known before the client can read the response.
  const callers = new Map<string, Ctx | undefined>();
  const server = createServer({ maxHeaderSize: 64 * 1024 }, (req, res) => {
    const probe = req.headers[PROBE];
    if (typeof probe === 'string') {
      const writeHead = res.writeHead;
      res.writeHead = ((...args: Parameters<ServerResponse['writeHead']>) => {
        callers.set(probe, (res as ServerResponse & { locals?: { ctx?: Ctx } }).locals?.ctx);
        return writeHead.apply(res, args);
      }) as ServerResponse['writeHead'];
    }
    app(req, res);
  }).listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let probes = 0;
  return {
    url,
    async request(method, path, options = {}) {
      const headers: Record<string, string> = { ...(options.headers ?? {}) };
      let body: string | undefined = options.raw;
      if (options.body !== undefined) {
        body = JSON.stringify(options.body);
        headers['content-type'] ??= 'application/json';
      }
      const probe = String(++probes);
      if (options.contract !== false) headers[PROBE] = probe;
      const res = await fetch(url + path, { method, headers, body });
      const bytes = Buffer.from(await res.arrayBuffer());
      const text = bytes.toString('utf8');
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        /* not JSON: keep the text */
      }
      if (options.contract !== false) {
        const ctx = callers.get(probe);
        callers.delete(probe);
        const doc = ctx ? await openApiFor(current(), ctx) : buildOpenApi(current().app);
        const violation = contractViolation(doc, { method, path, status: res.status, contentType: res.headers.get('content-type'), body: parsed, rawBody: text });
        if (violation) throw new Error(`API contract violation: ${violation}`);
      }
      return { status: res.status, headers: res.headers, body: options.binary && res.ok ? bytes : parsed };
    },
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

export const q = (params: Record<string, unknown>): string =>
  '?' + Object.entries(params).map(([k, v]) => `${k}=${encodeURIComponent(typeof v === 'string' ? v : JSON.stringify(v))}`).join('&');
