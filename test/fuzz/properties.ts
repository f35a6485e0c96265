// The fuzz properties, shared by the quick suite (vitest) and the long runner (npm run fuzz).
// Each check throws a FuzzFailure (with a category) when the property does not hold.
import { createHash } from 'node:crypto';
import fc, { type Arbitrary } from 'fast-check';
import knexFactory, { type Knex } from 'knex';
import pino, { type Logger } from 'pino';
import { compileApp, type CompiledApp } from '../../runtime/compile/compileApp.js';
import { validateApp } from '../../runtime/definition/validate.js';
import { CATALOG } from '../../runtime/errors/catalog.js';
import { loadAndCompile } from '../../runtime/index.js';
import { desiredTables } from '../../runtime/migrate/desired.js';
import { planMigration } from '../../runtime/migrate/plan.js';
import { type CompiledFilter, checkFilter, compileFilter, FilterError, type FilterVars } from '../../runtime/query/filter.js';
import { asSystem, createRecord } from '../../runtime/records/index.js';
import { createUser } from '../../runtime/auth/users.js';
import { startSecureFixture, type Who } from '../helpers/secureFixture.js';
import { createTestRuntime, startTestServer } from '../helpers/testRuntime.js';
import {
  APP_DIRS, buildRawApp, compactPrint, preview, definitionCaseArb as definitionCaseArbRaw, expandedRecordArb, FilterArbitraries, filterVarsArb, payloadArb, queryStringArb,
  rawBodyArb, type DefinitionCase,
} from './arbitraries.js';

export type FailureCategory = 'server-5xx' | 'crash' | 'contract' | 'hang';
export class FuzzFailure extends Error {
  constructor(readonly category: FailureCategory, message: string) {
    super(`[${category}] ${message}`);
  }
}

const describeError = (err: unknown): string => (err instanceof Error ? `${err.name}: ${err.message}\n${(err.stack ?? '').split('\n').slice(1, 6).join('\n')}` : String(err));
const short = (v: unknown, n = 600): string => (typeof v === 'string' ? (v.length > n ? `${v.slice(0, n)}… (${v.length} chars)` : v) : preview(v, n));

// ---------------------------------------------------------------------------------------------
// Process-wide prototype-pollution canary.

const PROTO_KEYS = Object.getOwnPropertyNames(Object.prototype).length;
export function checkCanary(): void {
  const polluted = ({} as Record<string, unknown>).polluted;
  if (polluted !== undefined || Object.getOwnPropertyNames(Object.prototype).length !== PROTO_KEYS || ([] as unknown as Record<string, unknown>).polluted !== undefined) {
    throw new FuzzFailure('crash', `Object.prototype was polluted (polluted=${short(polluted)})`);
  }
}

const SLOW_MS = 5_000;
function timed<T>(what: string, fn: () => T): T {
  const started = performance.now();
  const out = fn();
  const ms = performance.now() - started;
  if (ms > SLOW_MS) throw new FuzzFailure('hang', `${what} took ${ms.toFixed(0)} ms`);
  return out;
}

// ---------------------------------------------------------------------------------------------
// (a) Filters, in process: checkFilter / compileFilter / toKnex().toSQL() / test().

export interface FilterEnv {
  app: CompiledApp;
  knex: { sqlite: Knex; postgres: Knex };
  close(): Promise<void>;
}

export function createFilterEnv(app: CompiledApp = loadAndCompile(APP_DIRS.mini).app): FilterEnv {
  // Query builders only: nothing connects, .toSQL() compiles the statement per dialect.
  const knex = { sqlite: knexFactory({ client: 'sqlite3', useNullAsDefault: true }), postgres: knexFactory({ client: 'pg' }) };
  return { app, knex, close: async () => { await knex.sqlite.destroy(); await knex.postgres.destroy(); } };
}

export interface FilterCase { entity: string; ast: unknown; record: Record<string, unknown>; vars: FilterVars }

export function filterCaseArb(app: CompiledApp): Arbitrary<FilterCase> {
  const filters = new FilterArbitraries(app.model);
  const byEntity = new Map([...app.entities.keys()].map((name) => [name, fc.record({
    entity: fc.constant(name), ast: filters.anyFilter(name, 3), record: expandedRecordArb(app.model, name, 3), vars: filterVarsArb,
  })] as const));
  return fc.constantFrom(...byEntity.keys()).chain((name) => byEntity.get(name)!).map((c) => compactPrint(c));
}

function checkProblemItems(items: unknown, what: string, withFile: boolean): void {
  if (!Array.isArray(items)) throw new FuzzFailure('contract', `${what}: problems is not an array: ${short(items)}`);
  for (const p of items as Record<string, unknown>[]) {
    const ok = p && typeof p === 'object' && typeof p.pointer === 'string' && (p.pointer === '' || p.pointer.startsWith('/')) &&
      typeof p.code === 'string' && p.code.length > 0 && typeof p.message === 'string' && p.message.length > 0 && (!withFile || (typeof p.file === 'string' && p.file.length > 0));
    if (!ok) throw new FuzzFailure('contract', `${what}: malformed problem ${short(p)}`);
  }
}

/** Returns 'compiled' or 'refused' (a FilterError with problems). */
export function checkFilterCase(env: FilterEnv, c: FilterCase): 'compiled' | 'refused' {
  const { model } = env.app;
  let problems: unknown;
  try {
    problems = timed('checkFilter', () => checkFilter(model, c.entity, c.ast));
  } catch (err) {
    if (err instanceof FuzzFailure) throw err;
    throw new FuzzFailure('crash', `checkFilter threw ${describeError(err)}\nfilter: ${short(c.ast)}`);
  }
  checkProblemItems(problems, 'checkFilter', false);
  const nProblems = (problems as unknown[]).length;
  let compiled: CompiledFilter;
  try {
    compiled = timed('compileFilter', () => compileFilter(model, c.entity, c.ast));
  } catch (err) {
    if (err instanceof FuzzFailure) throw err;
    if (!(err instanceof FilterError)) throw new FuzzFailure('crash', `compileFilter threw ${describeError(err)}\nfilter: ${short(c.ast)}`);
    checkProblemItems(err.problems, 'FilterError', false);
    if (err.problems.length === 0) throw new FuzzFailure('contract', `FilterError without problems for ${short(c.ast)}`);
    if (nProblems === 0) throw new FuzzFailure('contract', `compileFilter refused a filter checkFilter accepted: ${short(err.problems)}\nfilter: ${short(c.ast)}`);
    checkCanary();
    return 'refused';
  }
  if (nProblems > 0) throw new FuzzFailure('contract', `checkFilter found ${short(problems)} but compileFilter accepted ${short(c.ast)}`);
  const table = env.app.entities.get(c.entity)!.table;
  for (const dialect of ['sqlite', 'postgres'] as const) {
    try {
      const qb = env.knex[dialect](table).select(`${table}.id`);
      qb.where((w) => compiled.toKnex(c.vars, dialect, table)(w));
      const sql = timed('toSQL', () => qb.toSQL());
      if (typeof sql.sql !== 'string' || sql.sql.length === 0) throw new FuzzFailure('contract', `empty SQL for ${short(c.ast)}`);
      if (sql.bindings.some((b) => b === undefined || (typeof b === 'number' && !Number.isFinite(b)))) throw new FuzzFailure('contract', `bad binding in ${short(sql.bindings)}`);
    } catch (err) {
      if (err instanceof FuzzFailure) throw err;
      throw new FuzzFailure('crash', `toKnex/toSQL (${dialect}) threw ${describeError(err)}\nfilter: ${short(c.ast)}\nvars: ${short(c.vars)}`);
    }
  }
  let result: unknown;
  try {
    result = timed('test', () => compiled.test(c.record, c.vars));
  } catch (err) {
    if (err instanceof FuzzFailure) throw err;
    throw new FuzzFailure('crash', `the in-memory predicate threw ${describeError(err)}\nfilter: ${short(c.ast)}\nrecord: ${short(c.record)}\nvars: ${short(c.vars)}`);
  }
  if (typeof result !== 'boolean') throw new FuzzFailure('contract', `test() returned ${short(result)}`);
  checkCanary();
  return 'compiled';
}

// ---------------------------------------------------------------------------------------------
// (b) Definitions: validateApp never throws; what it accepts compiles and plans.

export const definitionCaseArb = (...args: Parameters<typeof definitionCaseArbRaw>): Arbitrary<DefinitionCase> => definitionCaseArbRaw(...args).map((c) => compactPrint(c));

// compileApp builds an Ajv instance and compiles every record schema (tens of ms): an accepted
// definition is compiled and planned once, repeats (many mutations leave the app as it was) are skipped.
const compiledApps = new Set<string>();
function rememberCompiled(app: unknown): boolean {
  const key = createHash('sha1').update(JSON.stringify(app, (k, v: unknown) => (k === 'dir' ? undefined : v))).digest('hex');
  if (compiledApps.has(key)) return false;
  if (compiledApps.size >= 20_000) compiledApps.clear();
  compiledApps.add(key);
  return true;
}

/** Returns 'valid' (and it compiled and planned) or 'problems'. */
export function checkDefinitionCase(c: DefinitionCase): 'valid' | 'problems' {
  const raw = buildRawApp(c);
  let result: ReturnType<typeof validateApp>;
  try {
    result = timed('validateApp', () => validateApp(raw));
  } catch (err) {
    if (err instanceof FuzzFailure) throw err;
    throw new FuzzFailure('crash', `validateApp threw ${describeError(err)}\ncase: ${short(c, 2000)}`);
  }
  if (!result || typeof result !== 'object' || typeof result.ok !== 'boolean') throw new FuzzFailure('contract', `validateApp returned ${short(result)}`);
  if (!result.ok) {
    if (result.problems.length === 0) throw new FuzzFailure('contract', 'validateApp: not ok but no problems');
    checkProblemItems(result.problems, 'validateApp', true);
  } else if (rememberCompiled(result.app)) {
    try {
      timed('compile + plan', () => {
        const compiled = compileApp(result.app);
        const desired = desiredTables(compiled);
        for (const dialect of ['sqlite', 'postgres'] as const) planMigration({ snapshot: { tables: {} }, desired, dialect });
      });
    } catch (err) {
      if (err instanceof FuzzFailure) throw err;
      throw new FuzzFailure('crash', `a definition validateApp accepted does not compile/plan: ${describeError(err)}\ncase: ${short(c, 2000)}`);
    }
  }
  checkCanary();
  return result.ok ? 'valid' : 'problems';
}

// ---------------------------------------------------------------------------------------------
// (c, d) Through the real HTTP app.

export interface HttpRequestCase {
  method: string;
  path: string;
  query: string;
  body?: { json: unknown } | { raw: string };
  headers: Record<string, string>;
  /** secure fixture: who calls (a bearer token), or nobody; "credentials": the admin with a token that may change credentials. */
  who?: Who | 'anonymous' | 'bad-token' | 'credentials';
}

export interface HttpHarness {
  name: string;
  app: CompiledApp;
  url: string;
  tokens: Partial<Record<Who | 'credentials', string>>;
  /** Ids that exist per entity (seeded, created, not deleted; the last 64): "{id:N}" in a path picks one. */
  ids: Map<string, number[]>;
  /** Error log lines of the server (last few). */
  serverErrors: string[];
  close(): Promise<void>;
}

function captureLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const logger = pino({ level: 'error' }, { write: (s: string) => { lines.push(s.length > 4000 ? `${s.slice(0, 4000)}…` : s); if (lines.length > 20) lines.shift(); } });
  return { logger, lines };
}

async function seedMini(rt: Awaited<ReturnType<typeof createTestRuntime>>): Promise<void> {
  const ctx = asSystem('fuzz seed');
  for (const [i, team] of ['east', 'west', 'east'].entries()) await createUser(rt.db.knex, { email: `fuzz${i + 1}@example.com`, name: `Fuzz ${i + 1}`, team, roles: [] }, new Set());
  for (let i = 1; i <= 6; i++) {
    await createRecord(rt, { entity: 'company', ctx, data: { name: `Seed ${i}`, code: `S${i}`, grade: ['A', 'B', 'C'][i % 3], revenue: `${i * 100}.50`, employees: i * 10, founded: `20${10 + i}-0${i}-1${i}`, tags: i % 2 ? ['vip'] : [], score: i / 3 } });
  }
  for (let i = 1; i <= 4; i++) await createRecord(rt, { entity: 'product', ctx, data: { name: `Product ${i}`, sku: `P${i}` } });
  for (let i = 1; i <= 10; i++) {
    await createRecord(rt, {
      entity: 'deal', ctx,
      data: { title: `Deal ${i}`, amount: `${i * 1000}.00`, probability: (i * 10) % 100, stage: ['new', 'won', 'lost'][i % 3], company: (i % 6) + 1, owner: (i % 3) + 1, products: i % 2 ? [1, 2] : [], closed_at: `2026-0${(i % 9) + 1}-10T10:00:00.000Z`, channels: i % 2 ? ['web'] : ['phone', 'visit'], rating: (i % 5) + 1, extra: { i } },
    });
  }
  for (let i = 1; i <= 6; i++) {
    await createRecord(rt, { entity: 'contact', ctx, data: { full_name: `Contact ${i}`, email: `c${i}@example.com`, company: i } });
    await createRecord(rt, { entity: 'note', ctx, data: { body: `Note ${i}`, company: i } });
  }
}

async function existingIds(rt: { db: { knex: Knex }; app: CompiledApp }): Promise<Map<string, number[]>> {
  const ids = new Map<string, number[]>();
  for (const e of rt.app.entities.values()) ids.set(e.name, (await rt.db.knex(e.table).orderBy('id').limit(64).pluck('id')).map(Number));
  return ids;
}

const MAX_IDS = 64;
function trackIds(h: HttpHarness, req: HttpRequestCase, path: string, status: number, body: unknown): void {
  const m = /^\/api\/v1\/([a-z][a-z0-9_]*)(?:\/(\d+|_bulk))?$/.exec(path);
  if (!m || !h.ids.has(m[1])) return;
  const list = h.ids.get(m[1])!;
  const add = (id: unknown): void => {
    if (typeof id !== 'number' || list.includes(id)) return;
    list.push(id);
    if (list.length > MAX_IDS) list.shift();
  };
  const data = (body as { data?: unknown } | undefined)?.data;
  if (req.method === 'POST' && status === 201 && !m[2]) add((data as { id?: unknown } | undefined)?.id);
  if (req.method === 'POST' && status === 200 && m[2] === '_bulk' && Array.isArray(data)) for (const r of data) add((r as { id?: unknown }).id);
  if (req.method === 'DELETE' && status === 204 && m[2] && m[2] !== '_bulk') {
    const i = list.indexOf(Number(m[2]));
    if (i >= 0) list.splice(i, 1);
  }
}

/** "{id:N}" → the N-th (mod) live id of the path's entity, or N when none is known. */
function resolveIds(h: HttpHarness, path: string): string {
  return path.replace(/^(\/api\/v1\/([^/]+)\/)\{id:(\d+)\}/, (_all, prefix: string, entity: string, n: string) => {
    const list = h.ids.get(entity) ?? [];
    return `${prefix}${list.length ? list[Number(n) % list.length] : n}`;
  });
}

/** The mini app over createTestRuntime, authentication off (the foundation's contract tests' setup). */
export async function startMiniHarness(): Promise<HttpHarness> {
  const { logger, lines } = captureLogger();
  const rt = await createTestRuntime();
  try {
    await seedMini(rt);
    const api = await startTestServer(rt, { writesPerIpPerMinute: 0, readsPerUserPerMinute: 0, readConcurrencyPerUser: 0, logger });
    return {
      name: 'mini', app: rt.app, url: api.url, tokens: {}, ids: await existingIds(rt), serverErrors: lines,
      close: async () => { await api.close(); await rt.close(); },
    };
  } catch (err) {
    await rt.close();
    throw err;
  }
}

/** The secure fixture: authentication on, one user per role, API tokens. */
export async function startSecureHarness(): Promise<HttpHarness> {
  const { logger, lines } = captureLogger();
  const fx = await startSecureFixture({ writesPerIpPerMinute: 0, readsPerUserPerMinute: 0, readConcurrencyPerUser: 0, logger });
  try {
    const ctx = asSystem('fuzz seed');
    for (let i = 1; i <= 5; i++) {
      const owner = [fx.ids.rep1, fx.ids.rep2, fx.ids.rep3, null, fx.ids.manager][i - 1];
      await createRecord(fx.rt, { entity: 'account', ctx, data: { name: `Account ${i}`, code: `A${i}`, owner, grade: 'A', credit_limit: '100.00', secret_note: `secret ${i}` } });
      await createRecord(fx.rt, { entity: 'deal', ctx, data: { title: `Deal ${i}`, amount: `${i}00.00`, owner, account: i } });
      await createRecord(fx.rt, { entity: 'note', ctx, data: { body: `Note ${i}`, account: i } });
    }
  } catch (err) {
    await fx.close();
    throw err;
  }
  const tokens = { ...fx.tokens, credentials: await fx.token('admin', ['read', 'write', 'credentials']) };
  return { name: 'secure', app: fx.rt.app, url: fx.api.url, tokens, ids: await existingIds(fx.rt), serverErrors: lines, close: () => fx.close() };
}

// Request arbitraries -------------------------------------------------------------------------

const JUNK_SEGMENTS = ['nope', '_meta', '_bulk', '%E0%A4%A', '%ZZ', '%00', '%2e%2e', '..', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'Company', 'company%00', '%F0%9F%98%80', 'x'.repeat(300)];
const JUNK_IDS = ['0', '-1', 'abc', '1.5', '1e3', '01', '99999999999999999', '9007199254740993', '%E0%A4%A', '%20', ' 1', '0x10', '__proto__', '_bulk', '_transition', '1%00'];
const ODD_CONTENT_TYPES = [
  'application/json; charset=utf-8', 'application/merge-patch+json', 'application/problem+json', 'text/plain', 'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x', 'application/json; charset=latin1', 'application/json; charset=utf-16', 'application/json; charset=nope', '',
  'application/json;;;', 'APPLICATION/JSON',
];
const contentType = fc.oneof({ weight: 12, arbitrary: fc.constant('application/json') }, { weight: 1, arbitrary: fc.constantFrom(...ODD_CONTENT_TYPES) });
const WHO: (Who | 'anonymous' | 'bad-token')[] = ['admin', 'manager', 'rep1', 'rep2', 'rep3', 'lead', 'viewer', 'nobody', 'anonymous', 'bad-token'];

const segment = (entities: string[]): Arbitrary<string> => fc.oneof({ weight: 12, arbitrary: fc.constantFrom(...entities) }, { weight: 1, arbitrary: fc.constantFrom(...JUNK_SEGMENTS) });
const idSegment: Arbitrary<string> = fc.oneof(
  { weight: 10, arbitrary: fc.nat({ max: 63 }).map((n) => `{id:${n}}`) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 10_000 }).map(String) },
  { weight: 1, arbitrary: fc.constantFrom(...JUNK_IDS) },
);

/** POST/PATCH (and a few other writes) with random payloads. */
export function writeRequestArb(app: CompiledApp, withAuth: boolean): Arbitrary<HttpRequestCase> {
  const entities = [...app.entities.keys()];
  const perEntity = new Map(entities.map((e) => [e, { payload: payloadArb(app, e), query: queryStringArb(app, e) }]));
  const matchKeys = (e: string): string[][] => (app.entities.get(e)?.matchKeys ?? []).map((k) => [...k]);
  return fc.tuple(segment(entities), idSegment).chain(([entity, id]) => {
    const arbs = perEntity.get(entity) ?? perEntity.get(entities[0])!;
    const body = fc.oneof(
      { weight: 14, arbitrary: arbs.payload.map((json) => ({ json })) },
      { weight: 1, arbitrary: rawBodyArb.map((raw) => ({ raw })) },
      { weight: 1, arbitrary: fc.constant(undefined) },
    );
    const bulkBody = fc.tuple(fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...matchKeys(entity), ...matchKeys(entity), ['code'], ['nope'], []) }, { weight: 1, arbitrary: fc.constant(undefined) }), fc.array(arbs.payload, { maxLength: 4 }), fc.boolean())
      .map(([matchKey, records, junk]) => ({ json: junk ? { records, upsert: { matchKey }, extra: 1 } : { upsert: matchKey ? { matchKey } : undefined, records } }));
    return fc.record({
      kind: fc.constantFrom('create', 'create', 'create', 'create', 'create', 'patch', 'patch', 'patch', 'patch', 'patch', 'bulk', 'delete', 'other'),
      body, bulkBody,
      contentType,
      ifMatch: fc.constantFrom(undefined, undefined, undefined, '"1"', '"2"', '*', 'W/"1"', 'junk', '"1", "2"', ''),
      encoding: fc.oneof({ weight: 20, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constantFrom('gzip', 'deflate', 'br', 'identity', 'x-junk') }),
      query: fc.oneof({ weight: 8, arbitrary: fc.constant('') }, { weight: 1, arbitrary: arbs.query }),
      method: fc.constantFrom('PUT', 'OPTIONS', 'HEAD', 'GET', 'POST', 'PATCH', 'DELETE'),
      who: fc.constantFrom(...WHO),
    }).map((r): HttpRequestCase => {
      const headers: Record<string, string> = {};
      if (r.contentType) headers['content-type'] = r.contentType;
      if (r.ifMatch !== undefined) headers['if-match'] = r.ifMatch;
      if (r.encoding) headers['content-encoding'] = r.encoding;
      const who = withAuth ? r.who : undefined;
      switch (r.kind) {
        case 'create': return { method: 'POST', path: `/api/v1/${entity}`, query: r.query, body: r.body, headers, who };
        case 'patch': return { method: 'PATCH', path: `/api/v1/${entity}/${id}`, query: r.query, body: r.body, headers, who };
        case 'bulk': return { method: 'POST', path: `/api/v1/${entity}/_bulk`, query: r.query, body: r.bulkBody, headers, who };
        case 'delete': return { method: 'DELETE', path: `/api/v1/${entity}/${id}`, query: r.query, headers, who };
        default: return { method: r.method, path: `/api/v1/${entity}${r.method === 'POST' ? '' : `/${id}`}`, query: r.query, body: r.method === 'GET' || r.method === 'HEAD' ? undefined : r.body, headers, who };
      }
    });
  }).map((c) => compactPrint(c));
}

/** GET list (random query strings) and GET one (fields/expand). */
export function readRequestArb(app: CompiledApp, withAuth: boolean): Arbitrary<HttpRequestCase> {
  const entities = [...app.entities.keys()];
  const perEntity = new Map(entities.map((e) => [e, queryStringArb(app, e)]));
  const one = (e: string): Arbitrary<string> => {
    const info = app.entities.get(e)?.info;
    const names = info ? [...info.fields.values()].filter((f) => f.column).map((f) => f.name) : ['id'];
    return fc.oneof(
      { weight: 1, arbitrary: perEntity.get(e) ?? perEntity.get(entities[0])! },
      { weight: 2, arbitrary: fc.uniqueArray(fc.constantFrom(...names), { maxLength: 3 }).map((xs) => (xs.length ? `fields=${xs.join(',')}` : '')) },
    );
  };
  const perEntityOne = new Map(entities.map((e) => [e, one(e)]));
  return fc.tuple(segment(entities), idSegment, fc.constantFrom(false, false, false, true)).chain(([entity, id, single]) => fc.record({
    one: fc.constant(single),
    query: (single ? perEntityOne : perEntity).get(entity) ?? perEntity.get(entities[0])!,
    ifNoneMatch: fc.constantFrom(undefined, undefined, undefined, '"1"', '*'),
    who: fc.constantFrom(...WHO),
    extraPath: fc.oneof({ weight: 20, arbitrary: fc.constant('') }, { weight: 1, arbitrary: fc.constantFrom('/', '//', '/x/y', '/_audit', '/_export', '/%E0') }),
  }).map((r): HttpRequestCase => ({
    method: 'GET',
    path: `/api/v1/${entity}${r.one ? `/${id}` : ''}${r.extraPath}`,
    query: r.query,
    headers: r.ifNoneMatch ? { 'if-none-match': r.ifNoneMatch } : {},
    who: withAuth ? r.who : undefined,
  }))).map((c) => compactPrint(c));
}

/** The account routes: login, logout, me, password change, tokens, and user administration. */
export function authRequestArb(): Arbitrary<HttpRequestCase> {
  const text = fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('rep1@example.com', 'ADMIN@example.com ', 'correct horse battery staple', '', 'x'.repeat(2000), 'caf\u00e9', '\u0000', '\ud800'));
  const anything = fc.oneof({ weight: 3, arbitrary: text }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) });
  const member = (names: string[]): Arbitrary<Record<string, unknown>> => fc.dictionary(fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...names) }, { weight: 1, arbitrary: fc.constantFrom('__proto__', 'constructor', 'id', 'password_hash', 'isAdmin', 'x') }), anything, { maxKeys: 5 });
  const userBody = fc.oneof(
    member(['email', 'name', 'password', 'roles', 'team', 'department', 'manager', 'status']),
    fc.record({ email: text, roles: fc.oneof(fc.constantFrom(['admin'], ['rep'], ['viewer', 'rep'], [], 'admin', ['nope']), anything), manager: fc.oneof(fc.integer(), fc.constantFrom(99999999, 1e300, -1, 0, null, 'x')) }, { requiredKeys: [] }),
  );
  const route = fc.oneof(
    fc.record({ method: fc.constant('POST'), path: fc.constant('/api/v1/_auth/login'), body: member(['email', 'password']) }),
    fc.record({ method: fc.constant('POST'), path: fc.constant('/api/v1/_auth/password'), body: member(['currentPassword', 'newPassword']) }),
    fc.record({ method: fc.constantFrom('POST', 'GET'), path: fc.constant('/api/v1/_auth/tokens'), body: member(['name', 'scopes', 'expiresInDays']) }),
    fc.record({ method: fc.constantFrom('DELETE', 'PATCH', 'GET'), path: fc.oneof(fc.nat({ max: 40 }).map((n) => `/api/v1/_auth/tokens/${n}`), fc.constantFrom(...JUNK_IDS).map((x) => `/api/v1/_auth/tokens/${x}`)), body: fc.constant({}) }),
    fc.record({ method: fc.constantFrom('POST', 'GET', 'DELETE'), path: fc.constantFrom('/api/v1/_auth/logout', '/api/v1/_auth/me', '/api/v1/_auth/nope'), body: fc.constant({}) }),
    fc.record({ method: fc.constantFrom('POST', 'GET'), path: fc.constant('/api/v1/_users'), body: userBody }),
    fc.record({ method: fc.constantFrom('PATCH', 'GET', 'DELETE', 'PUT'), path: fc.oneof(fc.nat({ max: 12 }).map((n) => `/api/v1/_users/${n}`), fc.constantFrom(...JUNK_IDS).map((x) => `/api/v1/_users/${x}`)), body: userBody }),
  );
  return fc.record({
    route,
    raw: fc.oneof({ weight: 12, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: rawBodyArb }),
    contentType,
    who: fc.constantFrom(...WHO, 'credentials', 'credentials', 'credentials'),
  }).map((r): HttpRequestCase => ({
    method: r.route.method,
    path: r.route.path,
    query: '',
    body: r.route.method === 'GET' ? undefined : r.raw !== undefined ? { raw: r.raw } : { json: r.route.body },
    headers: r.contentType ? { 'content-type': r.contentType } : {},
    who: r.who as HttpRequestCase['who'],
  })).map((c) => compactPrint(c));
}

// Sending and checking -------------------------------------------------------------------------

export interface HttpOutcome { status: number; appAnswered: boolean; body?: unknown }

const REQUEST_TIMEOUT_MS = 20_000;

export async function sendAndCheck(h: HttpHarness, req: HttpRequestCase): Promise<HttpOutcome> {
  const headers: Record<string, string> = { ...req.headers };
  if (req.who === 'bad-token') headers.authorization = 'Bearer not-a-valid-token-000000';
  else if (req.who && req.who !== 'anonymous' && h.tokens[req.who]) headers.authorization = `Bearer ${h.tokens[req.who]}`;
  let body: string | undefined;
  if (req.body && 'raw' in req.body) body = req.body.raw;
  else if (req.body) {
    try {
      body = JSON.stringify(req.body.json);
    } catch {
      return { status: 0, appAnswered: false }; // too deep for this client's JSON.stringify: not sendable as JSON
    }
  }
  const path = resolveIds(h, req.path);
  const url = `${h.url}${path}${req.query ? `?${req.query}` : ''}`;
  const label = `${req.method} ${short(path + (req.query ? `?${req.query}` : ''), 300)}${req.who ? ` as ${req.who}` : ''}`;
  const errorsBefore = h.serverErrors.length;
  let res: Response;
  let text: string;
  try {
    res = await fetch(url, { method: req.method, headers, body: req.method === 'GET' || req.method === 'HEAD' ? undefined : body, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS), redirect: 'manual' });
    text = await res.text();
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } };
    if (e.name === 'TimeoutError' || e.name === 'AbortError') throw new FuzzFailure('hang', `${label}: no answer within ${REQUEST_TIMEOUT_MS} ms`);
    if (e.name === 'TypeError' && /invalid|URL/i.test(e.message) && !e.cause) throw new FuzzFailure('contract', `client could not build the request ${label}: ${e.message}`);
    throw new FuzzFailure('crash', `${label}: the connection failed (${e.message}${e.cause?.code ? `, ${e.cause.code}` : ''}) — did the server die?`);
  }
  const status = res.status;
  const ct = res.headers.get('content-type') ?? '';
  const rid = res.headers.get('x-request-id');
  const context = (): string => `${label}\nbody sent: ${short(body ?? '(none)', 800)}\nheaders sent: ${short(headers)}\n→ ${status} ${ct}\n${short(text, 800)}${h.serverErrors.length > errorsBefore || status >= 500 ? `\nserver log: ${short(h.serverErrors.slice(-2).join('\n'), 3000)}` : ''}`;
  if (status >= 500) throw new FuzzFailure('server-5xx', context());
  checkCanary();
  if (!rid) {
    // Node's HTTP parser answered before the app (431: request line + headers over --max-http-header-size).
    if (status === 431 || status === 400) return { status, appAnswered: false };
    throw new FuzzFailure('contract', `answer without X-Request-Id: ${context()}`);
  }
  if (status === 204 || status === 304 || req.method === 'HEAD') {
    if (text !== '') throw new FuzzFailure('contract', `${status} with a body: ${context()}`);
    trackIds(h, req, path, status, undefined);
    return { status, appAnswered: true };
  }
  if (status === 200 && req.method === 'GET' && /\/_export\/?$/.test(req.path) && ct.startsWith('text/csv')) return { status, appAnswered: true };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new FuzzFailure('contract', `body is not JSON: ${context()}`);
  }
  if (status >= 400) {
    if (!ct.startsWith('application/problem+json')) throw new FuzzFailure('contract', `error without application/problem+json: ${context()}`);
    const p = parsed as Record<string, unknown>;
    const ok = p && typeof p === 'object' && typeof p.type === 'string' && typeof p.title === 'string' && p.status === status && typeof p.detail === 'string' &&
      typeof p.code === 'string' && p.code in CATALOG && CATALOG[p.code as keyof typeof CATALOG].status === status && CATALOG[p.code as keyof typeof CATALOG].title === p.title &&
      typeof p.requestId === 'string' && p.requestId === rid;
    if (!ok) throw new FuzzFailure('contract', `problem+json does not have the catalog shape: ${context()}`);
    if (p.errors !== undefined) checkProblemItems(p.errors, 'problem errors[]', false);
    const extra = Object.keys(p).filter((k) => !['type', 'title', 'status', 'detail', 'code', 'errors', 'requestId'].includes(k));
    if (extra.length) throw new FuzzFailure('contract', `problem+json has extra members ${extra.join(', ')}: ${context()}`);
  } else {
    if (!ct.startsWith('application/json')) throw new FuzzFailure('contract', `success without application/json: ${context()}`);
    const b = parsed as Record<string, unknown>;
    if (!b || typeof b !== 'object' || !('data' in b)) throw new FuzzFailure('contract', `success body without data: ${context()}`);
    if (req.method === 'GET' && !/\/api\/v1\/[^/]+\/[^/]+/.test(req.path) && (!Array.isArray(b.data) || typeof b.meta !== 'object')) {
      throw new FuzzFailure('contract', `list body is not {data: [], meta: {}}: ${context()}`);
    }
  }
  trackIds(h, req, path, status, parsed);
  return { status, appAnswered: true, body: parsed };
}

/** A read, and when it is a list page with a next cursor, the next page with the same query. */
export async function sendReadAndFollow(h: HttpHarness, req: HttpRequestCase): Promise<HttpOutcome> {
  const first = await sendAndCheck(h, req);
  const cursor = (first.body as { meta?: { nextCursor?: unknown } } | undefined)?.meta?.nextCursor;
  if (first.status !== 200 || typeof cursor !== 'string') return first;
  // Start from the query as it went out (the URL parser trims and escapes it), not as generated.
  const sent = new URL(`http://x/?${req.query}`).search.slice(1);
  const query = [...sent.split('&').filter((p) => p && !p.startsWith('cursor=')), `cursor=${encodeURIComponent(cursor)}`].join('&');
  const next = await sendAndCheck(h, { ...req, query });
  if (next.status !== 200) throw new FuzzFailure('contract', `the nextCursor of a 200 page was refused (${next.status}): GET ${req.path}?${short(query, 400)}`);
  return first;
}

/** Per-status tallies of a run, to show that the fuzz reached past the validators. */
export class StatusTally {
  counts = new Map<string, number>();
  add(key: string): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }
  toString(): string {
    return [...this.counts].sort(([a], [b]) => a.localeCompare(b)).map(([k, n]) => `${k}:${n}`).join(' ');
  }
}
