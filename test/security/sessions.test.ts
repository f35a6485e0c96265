// Login, cookie sessions with CSRF, lockout that can not be bypassed, password change, suspension.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, startSecureFixture, type SecureFixture } from '../helpers/secureFixture.js';

let f: SecureFixture;
beforeAll(async () => {
  f = await startSecureFixture();
});
afterAll(async () => f.close());

async function login(email: string, password: string, extra: Record<string, unknown> = {}): Promise<{ status: number; body: any; cookie: string; csrf: string }> {
  const res = await fetch(`${f.api.url}/api/v1/_auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password, ...extra }) });
  const cookies = res.headers.getSetCookie();
  const cookie = cookies.map((c) => c.split(';')[0]).join('; ');
  const body = await res.json();
  return { status: res.status, body, cookie, csrf: body?.data?.csrfToken ?? '' };
}

describe('login and cookie sessions', () => {
  it('sets an HttpOnly SameSite session cookie and returns a CSRF token', async () => {
    const res = await fetch(`${f.api.url}/api/v1/_auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'Rep1@Example.com ', password: PASSWORD }) });
    expect(res.status).toBe(200);
    const session = res.headers.getSetCookie().find((c) => c.startsWith('crm_session='))!;
    expect(session).toMatch(/HttpOnly/i);
    expect(session).toMatch(/SameSite=Lax/i);
    const body = await res.json();
    expect(body.data.user).toMatchObject({ email: 'rep1@example.com', roles: ['rep'] });
    expect(body.data.user).not.toHaveProperty('password_hash');
  });

  it('reads with the cookie; writes need the CSRF header (403 without)', async () => {
    const s = await login('rep1@example.com', PASSWORD);
    const read = await f.api.request('GET', '/api/v1/account', { headers: { cookie: s.cookie } });
    expect(read.status).toBe(200);
    const noCsrf = await f.api.request('POST', '/api/v1/account', { body: { name: 'csrf' }, headers: { cookie: s.cookie } });
    expect(noCsrf.status).toBe(403);
    const wrong = await f.api.request('POST', '/api/v1/account', { body: { name: 'csrf' }, headers: { cookie: s.cookie, 'x-csrf-token': 'nope' } });
    expect(wrong.status).toBe(403);
    const ok = await f.api.request('POST', '/api/v1/account', { body: { name: 'csrf' }, headers: { cookie: s.cookie, 'x-csrf-token': s.csrf } });
    expect(ok.status).toBe(201);
    const audit = await f.as('admin', 'GET', `/api/v1/account/${ok.body.data.id}/_audit`);
    expect(audit.body.data[0].via).toBe('studio');
  });

  it('logout ends the session', async () => {
    const s = await login('rep2@example.com', PASSWORD);
    const out = await f.api.request('POST', '/api/v1/_auth/logout', { headers: { cookie: s.cookie, 'x-csrf-token': s.csrf } });
    expect(out.status).toBe(204);
    expect((await f.api.request('GET', '/api/v1/account', { headers: { cookie: s.cookie } })).status).toBe(401);
  });

  it('wrong password and unknown user get the same answer', async () => {
    const a = await login('rep3@example.com', 'wrong password!!');
    const b = await login('ghost@example.com', 'wrong password!!');
    expect(a.status).toBe(401);
    expect(b.status).toBe(401);
    expect(a.body.detail).toBe(b.body.detail);
  });

  it('locks an account after repeated failures, whatever else the body carries', async () => {
    for (let i = 0; i < 5; i++) await login('viewer@example.com', `bad password ${i}`);
    const locked = await login('viewer@example.com', PASSWORD);
    expect(locked.status).toBe(429);
    // extra body members are refused outright, so they can not be used to vary a limiter key
    const extra = await login('viewer@example.com', PASSWORD, { nonce: 'x' });
    expect(extra.status).toBe(422);
    expect(extra.cookie).toBe('');
    expect(locked.body.code).toBe('RATE_LIMITED');
    const variant = await login(' VIEWER@example.com', PASSWORD);
    expect(variant.status).toBe(429);
    const ghost: number[] = [];
    for (let i = 0; i < 6; i++) ghost.push((await login('nobody-here@example.com', 'whatever1234')).status);
    expect(ghost.at(-1)).toBe(429);
  });

  it('limits login attempts per client address', async () => {
    const strict = await startSecureFixture({ loginPerIpPerMinute: 3 });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        const res = await strict.api.request('POST', '/api/v1/_auth/login', { body: { email: `u${i}@example.com`, password: 'x'.repeat(12) } });
        statuses.push(res.status);
      }
      expect(statuses.slice(0, 3)).toEqual([401, 401, 401]);
      expect(statuses[3]).toBe(429);
    } finally {
      await strict.close();
    }
  });
});

describe('revocation', () => {
  it('a password change ends every session and token of the user at once', async () => {
    const s = await login('manager@example.com', PASSWORD);
    const token = await f.token('manager', ['read']);
    const change = await f.api.request('POST', '/api/v1/_auth/password', { body: { currentPassword: PASSWORD, newPassword: 'a brand new passphrase' }, headers: { cookie: s.cookie, 'x-csrf-token': s.csrf } });
    expect(change.status).toBe(204);
    expect((await f.api.request('GET', '/api/v1/account', { headers: { cookie: s.cookie } })).status).toBe(401);
    expect((await f.api.request('GET', '/api/v1/account', { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
    expect((await login('manager@example.com', 'a brand new passphrase')).status).toBe(200);
  });

  it('suspending a user cuts sessions and tokens immediately', async () => {
    const s = await login('lead@example.com', PASSWORD);
    expect((await f.as('lead', 'GET', '/api/v1/account')).status).toBe(200);
    const suspend = await f.asCredentials('admin', 'PATCH', `/api/v1/_users/${f.ids.lead}`, { body: { status: 'suspended' } });
    expect(suspend.status).toBe(200);
    expect((await f.as('lead', 'GET', '/api/v1/account')).status).toBe(401);
    expect((await f.api.request('GET', '/api/v1/account', { headers: { cookie: s.cookie } })).status).toBe(401);
    expect((await login('lead@example.com', PASSWORD)).status).toBe(401);
  });

  it('API tokens: shown once, listed without the secret, revocable', async () => {
    const s = await login('rep3@example.com', PASSWORD);
    const created = await f.api.request('POST', '/api/v1/_auth/tokens', { body: { name: 'integration', scopes: ['read'] }, headers: { cookie: s.cookie, 'x-csrf-token': s.csrf } });
    expect(created.status).toBe(201);
    const token = created.body.data.token as string;
    const list = await f.api.request('GET', '/api/v1/_auth/tokens', { headers: { cookie: s.cookie } });
    expect(JSON.stringify(list.body)).not.toContain(token);
    const stored = await f.rt.db.knex('_tokens').where({ id: created.body.data.id }).first();
    expect(JSON.stringify(stored)).not.toContain(token);
    expect((await f.api.request('GET', '/api/v1/deal', { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    const revoke = await f.api.request('DELETE', `/api/v1/_auth/tokens/${created.body.data.id}`, { headers: { cookie: s.cookie, 'x-csrf-token': s.csrf } });
    expect(revoke.status).toBe(204);
    expect((await f.api.request('GET', '/api/v1/deal', { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
  });

  it('only administrators manage users; there is no open sign-up', async () => {
    expect((await f.as('rep1', 'GET', '/api/v1/_users')).status).toBe(403);
    expect((await f.as('rep1', 'POST', '/api/v1/_users', { body: { email: 'x@example.com' } })).status).toBe(403);
    expect((await f.api.request('POST', '/api/v1/_users', { body: { email: 'x@example.com' } })).status).toBe(401);
    const made = await f.asCredentials('admin', 'POST', '/api/v1/_users', { body: { email: 'New.Person@Example.com', roles: ['rep'] } });
    expect(made.status).toBe(201);
    expect(made.body.data.email).toBe('new.person@example.com');
    expect(made.body.meta.password).toMatch(/\S{10,}/);
    expect((await f.asCredentials('admin', 'POST', '/api/v1/_users', { body: { email: 'new.person@EXAMPLE.com' } })).status).toBe(409);
  });
});
