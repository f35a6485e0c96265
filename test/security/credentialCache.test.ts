// Tokens and sessions are resolved once and then served from memory, with exact revocation: a
// revoke, logout, password change, suspension or role change made through the platform takes
// effect on the very next request in the same process, and within 1 s in another process on the
// same database (two runtimes here), whatever wrote the change.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createRuntime, type LiveRuntime } from '../../runtime/index.js';
import { CREDENTIAL_CACHE } from '../../runtime/auth/credentialCache.js';
import { createToken, type TokenScope } from '../../runtime/auth/sessions.js';
import { createUser } from '../../runtime/auth/users.js';
import { compileAccess } from '../../runtime/auth/access.js';
import { SECURE_APP, PASSWORD } from '../helpers/secureFixture.js';
import { PG_URL, startTestServer, type TestServer } from '../helpers/testRuntime.js';

interface Proc { rt: LiveRuntime; api: TestServer }

/** Two runtimes (as two server processes would be) on one database: a SQLite file or a PostgreSQL schema. */
async function twoProcesses(): Promise<{ a: Proc; b: Proc; close(): Promise<void> }> {
  const dir = PG_URL ? null : mkdtempSync(join(tmpdir(), 'crm-cred-'));
  const url = dir ? `sqlite:${join(dir, 'shared.sqlite')}` : PG_URL;
  const pgSchema = dir ? undefined : `t_${randomBytes(6).toString('hex')}`;
  const rtA = await createRuntime({ appDir: SECURE_APP, databaseUrl: url, pgSchema });
  const rtB = await createRuntime({ appDir: SECURE_APP, databaseUrl: url, pgSchema });
  const a = { rt: rtA, api: await startTestServer(rtA, { auth: 'required', loginPerIpPerMinute: 1000 }) };
  const b = { rt: rtB, api: await startTestServer(rtB, { auth: 'required', loginPerIpPerMinute: 1000 }) };
  return {
    a, b,
    close: async () => {
      await a.api.close();
      await b.api.close();
      if (pgSchema) await rtA.db.knex.raw('DROP SCHEMA IF EXISTS ?? CASCADE', [pgSchema]);
      await rtB.close();
      await rtA.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

let p: Awaited<ReturnType<typeof twoProcesses>>;
let seq = 0;
const known = (rt: LiveRuntime): Set<string> => new Set(compileAccess(rt.app).roles.keys());

/** A fresh user with an API token (read, write, credentials) and the admin's token. */
async function someone(roles: string[] = ['rep']): Promise<{ id: number; email: string; token: string }> {
  const email = `u${++seq}-${randomBytes(3).toString('hex')}@example.com`;
  const id = await createUser(p.a.rt.db.knex, { email, password: PASSWORD, roles }, known(p.a.rt));
  const { token } = await createToken(p.a.rt.db.knex, id, { name: 't', scopes: ['read', 'write', 'credentials'] as unknown as TokenScope[] });
  return { id, email, token };
}
let admin: { id: number; token: string };

const get = (proc: Proc, token: string, path = '/api/v1/account'): Promise<number> =>
  proc.api.request('GET', path, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status);

async function login(proc: Proc, email: string): Promise<{ cookie: string; csrf: string }> {
  const res = await fetch(`${proc.api.url}/api/v1/_auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: PASSWORD }) });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { data: { csrfToken: string } };
  return { cookie: res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; '), csrf: body.data.csrfToken };
}

/** Credential queries (tokens, sessions) the writer of this runtime ran while fn ran. */
async function credentialQueries(rt: LiveRuntime, fn: () => Promise<unknown>): Promise<number> {
  let n = 0;
  const count = (q: { sql: string }): void => { if (/[`"]_(tokens|sessions)[`"]/.test(q.sql)) n++; };
  rt.db.knex.on('query', count);
  try {
    await fn();
  } finally {
    rt.db.knex.off('query', count);
  }
  return n;
}

/** Asks `proc` until it answers `want`, at most 5 s; returns how long that took. An explicit wait
 *  on the condition under test, not a sleep standing in for it. */
async function msUntil(proc: Proc, token: string, want: number, path?: string): Promise<number> {
  const t0 = performance.now();
  while (performance.now() - t0 < 5_000) {
    if ((await get(proc, token, path)) === want) return performance.now() - t0;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return Number.POSITIVE_INFINITY;
}

beforeAll(async () => {
  p = await twoProcesses();
  const a = await someone(['admin']);
  admin = { id: a.id, token: a.token };
}, 60_000);
afterAll(async () => p?.close());

describe('credentials are cached', () => {
  it('should look a token up once, then serve it from memory', async () => {
    const u = await someone();
    expect(await credentialQueries(p.a.rt, () => get(p.a, u.token))).toBeGreaterThan(0);
    expect(await credentialQueries(p.a.rt, async () => {
      for (let i = 0; i < 5; i++) expect(await get(p.a, u.token)).toBe(200);
    })).toBe(0);
  });

  it('should look a session up once, then serve it from memory', async () => {
    const u = await someone();
    const s = await login(p.a, u.email);
    const read = (): Promise<number> => p.a.api.request('GET', '/api/v1/account', { headers: { cookie: s.cookie } }).then((r) => r.status);
    expect(await read()).toBe(200);
    expect(await credentialQueries(p.a.rt, async () => {
      for (let i = 0; i < 5; i++) expect(await read()).toBe(200);
    })).toBe(0);
  });

  it('should not accept a cached token past its own expiry', async () => {
    const u = await someone();
    expect(await get(p.a, u.token)).toBe(200);
    // Long enough that a busy machine still reads it before it expires; then wait until just past it.
    const expiresAt = Date.now() + 1_500;
    const { token } = await createToken(p.a.rt.db.knex, u.id, { name: 'short', scopes: ['read'], expiresAt: new Date(expiresAt).toISOString() });
    expect(await get(p.a, token)).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, expiresAt - Date.now()) + 50));
    expect(await get(p.a, token)).toBe(401);
  });
});

describe('exact revocation in the same process', () => {
  it('should refuse a revoked token on the very next request', async () => {
    const u = await someone();
    expect(await get(p.a, u.token)).toBe(200);
    const list = await p.a.api.request('GET', '/api/v1/_auth/tokens', { headers: { authorization: `Bearer ${u.token}` } });
    const id = list.body.data[0].id as number;
    expect((await p.a.api.request('DELETE', `/api/v1/_auth/tokens/${id}`, { headers: { authorization: `Bearer ${u.token}` } })).status).toBe(204);
    expect(await get(p.a, u.token)).toBe(401);
  });

  it('should end a session on logout for the very next request', async () => {
    const u = await someone();
    const s = await login(p.a, u.email);
    const read = (): Promise<number> => p.a.api.request('GET', '/api/v1/account', { headers: { cookie: s.cookie } }).then((r) => r.status);
    expect(await read()).toBe(200);
    expect((await p.a.api.request('POST', '/api/v1/_auth/logout', { headers: { cookie: s.cookie, 'x-csrf-token': s.csrf } })).status).toBe(204);
    expect(await read()).toBe(401);
  });

  it('should refuse every token and session of a user right after a password change', async () => {
    const u = await someone();
    const s = await login(p.a, u.email);
    expect(await get(p.a, u.token)).toBe(200);
    const change = await p.a.api.request('POST', '/api/v1/_auth/password', { body: { currentPassword: PASSWORD, newPassword: 'another long passphrase 2' }, headers: { cookie: s.cookie, 'x-csrf-token': s.csrf } });
    expect(change.status).toBe(204);
    expect(await get(p.a, u.token)).toBe(401);
    expect((await p.a.api.request('GET', '/api/v1/account', { headers: { cookie: s.cookie } })).status).toBe(401);
  });

  it('should refuse a suspended user right away', async () => {
    const u = await someone();
    expect(await get(p.a, u.token)).toBe(200);
    expect((await p.a.api.request('PATCH', `/api/v1/_users/${u.id}`, { body: { status: 'suspended' }, headers: { authorization: `Bearer ${admin.token}` } })).status).toBe(200);
    expect(await get(p.a, u.token)).toBe(401);
  });

  it('should apply a role change to the very next request', async () => {
    const u = await someone(['admin']);
    expect(await get(p.a, u.token, '/api/v1/_users')).toBe(200);
    expect((await p.a.api.request('PATCH', `/api/v1/_users/${u.id}`, { body: { roles: ['rep'] }, headers: { authorization: `Bearer ${admin.token}` } })).status).toBe(200);
    expect(await get(p.a, u.token, '/api/v1/_users')).toBe(403);
  });
});

describe(`revocation reaches another process within ${CREDENTIAL_CACHE.checkMs} ms`, () => {
  // The check interval, and a second for the requests around it on a busy machine: far below the
  // cache's maxAgeMs (60 s), which is what a missed revocation would take.
  const bound = CREDENTIAL_CACHE.checkMs + 1_000;

  it('should refuse a token revoked in the other process', async () => {
    const u = await someone();
    expect(await get(p.b, u.token)).toBe(200);
    const list = await p.a.api.request('GET', '/api/v1/_auth/tokens', { headers: { authorization: `Bearer ${u.token}` } });
    await p.a.api.request('DELETE', `/api/v1/_auth/tokens/${list.body.data[0].id}`, { headers: { authorization: `Bearer ${u.token}` } });
    expect(await msUntil(p.b, u.token, 401)).toBeLessThan(bound);
  });

  it('should refuse tokens after a password change in the other process', async () => {
    const u = await someone();
    expect(await get(p.b, u.token)).toBe(200);
    const s = await login(p.a, u.email);
    await p.a.api.request('POST', '/api/v1/_auth/password', { body: { currentPassword: PASSWORD, newPassword: 'another long passphrase 3' }, headers: { cookie: s.cookie, 'x-csrf-token': s.csrf } });
    expect(await msUntil(p.b, u.token, 401)).toBeLessThan(bound);
  });

  it('should refuse a user suspended in the other process', async () => {
    const u = await someone();
    expect(await get(p.b, u.token)).toBe(200);
    await p.a.api.request('PATCH', `/api/v1/_users/${u.id}`, { body: { status: 'suspended' }, headers: { authorization: `Bearer ${admin.token}` } });
    expect(await msUntil(p.b, u.token, 401)).toBeLessThan(bound);
  });

  it('should apply a role change made in the other process', async () => {
    const u = await someone(['admin']);
    expect(await get(p.b, u.token, '/api/v1/_users')).toBe(200);
    await p.a.api.request('PATCH', `/api/v1/_users/${u.id}`, { body: { roles: ['rep'] }, headers: { authorization: `Bearer ${admin.token}` } });
    expect(await msUntil(p.b, u.token, 403, '/api/v1/_users')).toBeLessThan(bound);
  });

  it('should honour a change written by SQL behind the platform\'s back', async () => {
    const u = await someone();
    expect(await get(p.a, u.token)).toBe(200);
    await p.a.rt.db.knex('_tokens').where({ user_id: u.id }).update({ revoked_at: new Date().toISOString() });
    expect(await msUntil(p.a, u.token, 401)).toBeLessThan(bound);
  });
});
