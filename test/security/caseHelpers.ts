// Helpers for the security cases: raw HTTP (no URL normalization by the client), app folders
// derived from the secure fixture, small servers with their own users, table hashes, CSV parsing.
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http, { type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Knex } from 'knex';
import { expect } from 'vitest';
import { createToken } from '../../runtime/auth/sessions.js';
import { createUser } from '../../runtime/auth/users.js';
import { SECURE_APP } from '../helpers/secureFixture.js';
import { createTestRuntime, startTestServer, type TestRuntime, type TestServer } from '../helpers/testRuntime.js';

export interface RawResponse { status: number; headers: IncomingHttpHeaders; text: string; body: any }

/** One request with the path sent byte for byte as given (fetch would resolve `..` and `%2e%2e`). */
export function rawRequest(base: string, method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<RawResponse> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, method, path, headers: { ...headers, ...(body !== undefined ? { 'content-length': String(Buffer.byteLength(body)) } : {}) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed: unknown = text;
        try {
          parsed = text ? JSON.parse(text) : null;
        } catch {
          /* keep text */
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body: parsed });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

const tempDirs: string[] = [];
export function cleanTempDirs(): void {
  for (const d of tempDirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

/** A copy of the secure fixture app with files replaced or added (JSON, raw text, or a function of the current JSON) or removed (null). */
export function secureAppVariant(files: Record<string, unknown | ((json: any) => unknown)>): string {
  const dir = mkdtempSync(join(tmpdir(), 'crm-sec-'));
  tempDirs.push(dir);
  cpSync(SECURE_APP, dir, { recursive: true });
  for (const [rel, content] of Object.entries(files)) {
    const path = join(dir, rel);
    if (content === null) {
      rmSync(path);
      continue;
    }
    const value = typeof content === 'function' ? (content as (j: unknown) => unknown)(JSON.parse(readFileSync(path, 'utf8'))) : content;
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value, null, 2));
  }
  return dir;
}

export interface SmallApp {
  rt: TestRuntime;
  api: TestServer;
  ids: Record<string, number>;
  as(who: string, method: string, path: string, options?: { body?: unknown; headers?: Record<string, string> }): ReturnType<TestServer['request']>;
  close(): Promise<void>;
}

/** A server with authentication over `appDir` and one user (with an all-scope token) per entry. */
export async function startSmallApp(appDir: string, users: Record<string, { roles: string[]; team?: string }>): Promise<SmallApp> {
  const rt = await createTestRuntime({ appDir });
  const known = new Set(rt.app.access.roles.keys());
  const ids: Record<string, number> = {};
  const tokens: Record<string, string> = {};
  for (const [who, u] of Object.entries(users)) {
    ids[who] = await createUser(rt.db.knex, { email: `${who}@example.com`, name: who, password: 'correct horse battery staple', roles: u.roles, team: u.team ?? null }, known);
    tokens[who] = (await createToken(rt.db.knex, ids[who], { name: 'test', scopes: ['read', 'write', 'export'] })).token;
  }
  const api = await startTestServer(rt, { auth: 'required', loginPerIpPerMinute: 1000 });
  return {
    rt, api, ids,
    as: (who, method, path, opts = {}) => api.request(method, path, { ...opts, headers: { authorization: `Bearer ${tokens[who]}`, ...(opts.headers ?? {}) } }),
    close: async () => {
      await api.close();
      await rt.close();
    },
  };
}

/** A fingerprint of a whole table (rows by id): equal before and after means nothing was written. */
export async function tableHash(k: Knex, table: string): Promise<string> {
  const rows = (await k(table).select('*').orderBy('id')) as Record<string, unknown>[];
  const canonical = rows.map((r) => Object.fromEntries(Object.entries(r).sort(([a], [b]) => a.localeCompare(b)).map(([key, v]) => [key, v instanceof Date ? v.toISOString() : v === null ? null : String(v)])));
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}

export async function countRows(k: Knex, table: string): Promise<number> {
  const [{ n }] = await k(table).count({ n: '*' });
  return Number(n);
}

/** RFC 4180 parsing of what the export sends (BOM, quoted cells with "" and line breaks). */
export function parseCsv(text: string): string[][] {
  const src = text.replace(/^\uFEFF/, '');
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (quoted) {
      if (c === '"' && src[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; } else if (c === '\n' || (c === '\r' && src[i + 1] === '\n')) {
      if (c === '\r') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

const LEAKS: [string, RegExp][] = [
  ['a stack frame', /\n\s+at |\bat [\w.<>]+ \(|:\d+:\d+\)/],
  ['SQL text', /\bselect\b[^"]*\bfrom\b|\binsert into\b|\bdelete from\b|\bupdate\s+"?\w+"?\s+set\b|\bsqlite_\w+|\bSQLITE_|relation "|syntax error at/i],
  ['a file path', /\/work\/|\/home\/|\/usr\/|node_modules|\.[cm]?[jt]s:\d+|[A-Z]:\\\\/],
];

/** A 4xx/5xx answer is a problem+json body with nothing of the server's insides. */
export function expectCleanProblem(res: { status: number; body: unknown; headers: Headers | IncomingHttpHeaders }, label: string): void {
  expect(res.status, label).toBeGreaterThanOrEqual(400);
  const type = res.headers instanceof Headers ? res.headers.get('content-type') : res.headers['content-type'];
  expect(type, label).toMatch(/application\/problem\+json/);
  const body = res.body as Record<string, unknown>;
  expect(Object.keys(body).sort(), label).toEqual(expect.arrayContaining(['code', 'detail', 'requestId', 'status', 'title', 'type']));
  expect(Object.keys(body).every((k) => ['type', 'title', 'status', 'detail', 'code', 'errors', 'requestId'].includes(k)), label).toBe(true);
  const text = JSON.stringify(body);
  for (const [what, re] of LEAKS) expect(re.test(text), `${label}: ${what} in ${text.slice(0, 300)}`).toBe(false);
}
