// Migrations end to end on one dialect (SQLite :memory: by default, PostgreSQL with TEST_DATABASE_URL):
// definitions written to a temp folder → loadAndCompile → planFor → applyMigration, with records
// written and read through runtime/records to prove that data survives each change.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadAndCompile } from '../../runtime/index.js';
import type { CompiledApp } from '../../runtime/compile/compileApp.js';
import { introspect, type Snapshot } from '../../runtime/dialect/introspect.js';
import { isAppError } from '../../runtime/errors/catalog.js';
import { applyMigration, describeStep, hashSnapshot, planFor, type Plan, type Step } from '../../runtime/migrate/index.js';
import { allowAll, asSystem } from '../../runtime/records/context.js';
import { createRecord, getRecord, listRecords, parseListQuery, updateRecord } from '../../runtime/records/index.js';
import type { Runtime } from '../../runtime/records/runtime.js';
import { DIALECT, MINI_APP, openTestDb } from '../helpers/testRuntime.js';

type TestDb = Awaited<ReturnType<typeof openTestDb>>;
type Json = Record<string, unknown>;
interface EntityDef { name: string; renamedFrom?: string; fields: Json[]; indexes?: Json[]; matchKeys?: string[][] }

const tempDirs: string[] = [];
const ctx = asSystem('migration test');

/** Writes one app folder (app.json + entities/*.json) and compiles it. */
function compile(entities: EntityDef[], version = '1.0.0'): CompiledApp {
  const dir = mkdtempSync(join(tmpdir(), 'crm-migrate-'));
  tempDirs.push(dir);
  writeFileSync(join(dir, 'app.json'), JSON.stringify({ name: 'migrate_test', version, locales: ['en'], timezone: 'UTC' }));
  mkdirSync(join(dir, 'entities'));
  for (const e of entities) writeFileSync(join(dir, 'entities', `${e.name}.json`), JSON.stringify(e, null, 2));
  return loadAndCompile(dir).app;
}

const rt = (db: TestDb, app: CompiledApp): Runtime => ({ db, app, authorize: allowAll });

async function plan(db: TestDb, app: CompiledApp, destructive = false): Promise<Plan & { orphans: string[] }> {
  return planFor(db, app, { destructive });
}

/** Plan and apply; returns the plan that was applied. */
async function migrateTo(db: TestDb, app: CompiledApp, destructive = false): Promise<Plan & { orphans: string[] }> {
  const p = await plan(db, app, destructive);
  await applyMigration({ db, plan: p, destructive, app: { name: app.name, version: app.version } });
  return p;
}

/** After an apply, planning the same app again must find nothing to do. */
async function expectConverged(db: TestDb, app: CompiledApp): Promise<void> {
  const again = await plan(db, app);
  expect(again.steps.map(describeStep)).toEqual([]);
}

async function list(db: TestDb, app: CompiledApp, entity: string): Promise<Json[]> {
  const query = parseListQuery(app, app.entities.get(entity)!, { sort: 'id', limit: '500' });
  return (await listRecords(rt(db, app), { entity, ctx, query })).data;
}

const create = (db: TestDb, app: CompiledApp, entity: string, data: Json): Promise<number> =>
  createRecord(rt(db, app), { entity, data, ctx });

const snapshot = (db: TestDb): Promise<Snapshot> => introspect(db);

async function columnsOf(db: TestDb, table: string): Promise<string[]> {
  const s = await snapshot(db);
  return Object.keys(s.tables[table]?.columns ?? {}).sort();
}

async function migrationRows(db: TestDb): Promise<Json[]> {
  return (await db.knex('_migrations').select('*').orderBy('id')) as Json[];
}

/** Rejects with an AppError of this code. */
async function expectAppError(p: Promise<unknown>, code: string): Promise<Error> {
  let caught: unknown;
  try {
    await p;
  } catch (err) {
    caught = err;
  }
  expect(caught, `expected ${code}`).toBeInstanceOf(Error);
  expect(isAppError(caught) ? caught.code : `not an AppError: ${(caught as Error).message}`).toBe(code);
  return caught as Error;
}

const ops = (steps: Step[]): string[] => steps.map((s) => s.op);

let db: TestDb;
beforeEach(async () => {
  db = await openTestDb();
});
afterEach(async () => {
  await db.cleanup();
});
afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

const company = (extra: Json[] = [], more: Partial<EntityDef> = {}): EntityDef => ({
  name: 'company',
  fields: [{ name: 'name', type: 'text', required: true }, ...extra],
  ...more,
});

describe(`migrations (${DIALECT})`, () => {
  it('1. first apply creates tables and indexes; planning the unchanged app again is a no-op', async () => {
    const app = compile([
      company([{ name: 'code', type: 'text', unique: true }, { name: 'city', type: 'text', index: true }]),
      { name: 'contact', fields: [{ name: 'full_name', type: 'text' }, { name: 'company', type: 'relation', target: 'company', cardinality: 'many-to-one' }] },
    ]);
    const first = await plan(db, app);
    expect(ops(first.steps)).toContain('createTable');
    await applyMigration({ db, plan: first });

    const s = await snapshot(db);
    expect(Object.keys(s.tables)).toEqual(expect.arrayContaining(['company', 'contact', '_users', '_migrations', '_sequences']));
    expect(Object.keys(s.tables.company.columns)).toEqual(expect.arrayContaining(['id', 'name', 'code', 'city', 'created_at', 'updated_at', 'created_by', 'updated_by', 'version']));
    expect(s.tables.company.indexes).toMatchObject({
      ux_company__code: { columns: ['code'], unique: true },
      ix_company__city: { columns: ['city'], unique: false },
    });
    expect(s.tables.contact.indexes).toMatchObject({ ix_contact__company: { columns: ['company'], unique: false } });

    const second = await plan(db, app);
    expect(second.steps).toEqual([]);
    expect(second.orphans).toEqual([]);
    const before = hashSnapshot(await snapshot(db));
    const rowsBefore = (await migrationRows(db)).length;
    const result = await applyMigration({ db, plan: second });
    expect(result.applied).toEqual([]);
    expect(hashSnapshot(await snapshot(db))).toBe(before);
    expect((await migrationRows(db)).length).toBe(rowsBefore);

    // the first plan, applied again, is stale: the snapshot it was made from is gone
    await expectAppError(applyMigration({ db, plan: first }), 'MIGRATION_REFUSED');
  });

  it('1b. an app with every stored field type converges after one apply', async () => {
    const { app } = loadAndCompile(MINI_APP);
    const first = await migrateTo(db, app);
    expect(ops(first.steps)).toContain('createTable');
    const again = await plan(db, app, true);
    expect(again.steps.map(describeStep)).toEqual([]);
    expect(again.orphans).toEqual([]);
  });

  it('2. adds an entity and a field: existing rows get null, new writes work', async () => {
    const v1 = compile([company()]);
    await migrateTo(db, v1);
    const acme = await create(db, v1, 'company', { name: 'Acme' });

    const v2 = compile([
      company([{ name: 'employees', type: 'integer' }]),
      { name: 'lead', fields: [{ name: 'title', type: 'text' }] },
    ]);
    const p = await plan(db, v2);
    expect(p.steps).toEqual(expect.arrayContaining([
      expect.objectContaining({ op: 'createTable', table: 'lead' }),
      expect.objectContaining({ op: 'addColumn', table: 'company', column: expect.objectContaining({ name: 'employees' }) }),
    ]));
    expect(p.steps.some((s) => s.op.startsWith('drop'))).toBe(false);
    await applyMigration({ db, plan: p });
    await expectConverged(db, v2);

    expect(await columnsOf(db, 'company')).toContain('employees');
    const old = await getRecord(rt(db, v2), { entity: 'company', id: acme, ctx });
    expect(old).toMatchObject({ name: 'Acme', employees: null, version: 1 });
    const beta = await create(db, v2, 'company', { name: 'Beta', employees: 12 });
    expect(await getRecord(rt(db, v2), { entity: 'company', id: beta, ctx })).toMatchObject({ name: 'Beta', employees: 12 });
    await updateRecord(rt(db, v2), { entity: 'company', id: acme, data: { employees: 3 }, ctx });
    expect((await getRecord(rt(db, v2), { entity: 'company', id: acme, ctx })).employees).toBe(3);
    const lead = await create(db, v2, 'lead', { title: 'first lead' });
    expect(await list(db, v2, 'lead')).toEqual([expect.objectContaining({ id: lead, title: 'first lead' })]);
  });

  it('3. renames a field with renamedFrom: one renameColumn step, data kept under the new name', async () => {
    const v1 = compile([company([{ name: 'phone', type: 'text' }, { name: 'code', type: 'text', unique: true }])]);
    await migrateTo(db, v1);
    await create(db, v1, 'company', { name: 'Acme', phone: '+86 10 1234', code: 'A1' });
    await create(db, v1, 'company', { name: 'Beta', phone: null, code: 'B2' });

    // plain column
    const v2 = compile([company([{ name: 'telephone', type: 'text', renamedFrom: 'phone' }, { name: 'code', type: 'text', unique: true }])]);
    const p = await plan(db, v2);
    expect(p.steps).toEqual([{ op: 'renameColumn', table: 'company', from: 'phone', to: 'telephone' }]);
    expect(p.orphans).toEqual([]);
    await applyMigration({ db, plan: p });
    await expectConverged(db, v2);
    expect(await columnsOf(db, 'company')).not.toContain('phone');
    expect((await list(db, v2, 'company')).map((r) => [r.name, r.telephone])).toEqual([['Acme', '+86 10 1234'], ['Beta', null]]);

    // indexed column: the index follows the new name, uniqueness is kept
    const v3 = compile([company([{ name: 'telephone', type: 'text' }, { name: 'ref', type: 'text', unique: true, renamedFrom: 'code' }])]);
    const p3 = await plan(db, v3);
    expect(ops(p3.steps).sort()).toEqual(['createIndex', 'dropIndex', 'renameColumn']);
    expect(p3.steps).toEqual(expect.arrayContaining([
      { op: 'renameColumn', table: 'company', from: 'code', to: 'ref' },
      { op: 'dropIndex', table: 'company', name: 'ux_company__code' },
      { op: 'createIndex', table: 'company', index: { name: 'ux_company__ref', columns: ['ref'], unique: true } },
    ]));
    await applyMigration({ db, plan: p3 });
    await expectConverged(db, v3);
    expect((await list(db, v3, 'company')).map((r) => r.ref)).toEqual(['A1', 'B2']);
    expect((await snapshot(db)).tables.company.indexes).toMatchObject({ ux_company__ref: { columns: ['ref'], unique: true } });
    await expectAppError(create(db, v3, 'company', { name: 'Gamma', ref: 'A1' }), 'UNIQUE_CONFLICT');
  });

  it('4. renames an entity with renamedFrom: data kept, references follow', async () => {
    const v1 = compile([
      { name: 'client', fields: [{ name: 'name', type: 'text' }, { name: 'code', type: 'text', unique: true }] },
      { name: 'contact', fields: [{ name: 'full_name', type: 'text' }, { name: 'client', type: 'relation', target: 'client', cardinality: 'many-to-one' }] },
    ]);
    await migrateTo(db, v1);
    const acme = await create(db, v1, 'client', { name: 'Acme', code: 'A' });
    await create(db, v1, 'client', { name: 'Beta', code: 'B' });
    const ann = await create(db, v1, 'contact', { full_name: 'Ann', client: acme });

    const v2 = compile([
      { name: 'customer', renamedFrom: 'client', fields: [{ name: 'name', type: 'text' }, { name: 'code', type: 'text', unique: true }] },
      { name: 'contact', fields: [{ name: 'full_name', type: 'text' }, { name: 'client', type: 'relation', target: 'customer', cardinality: 'many-to-one' }] },
    ]);
    const p = await plan(db, v2);
    expect(p.steps).toContainEqual({ op: 'renameTable', from: 'client', to: 'customer' });
    expect(ops(p.steps)).not.toContain('createTable');
    expect(ops(p.steps)).not.toContain('dropTable');
    expect(p.orphans).toEqual([]);
    await applyMigration({ db, plan: p });
    await expectConverged(db, v2);

    const tables = Object.keys((await snapshot(db)).tables);
    expect(tables).toContain('customer');
    expect(tables).not.toContain('client');
    expect((await list(db, v2, 'customer')).map((r) => [r.id, r.name, r.code])).toEqual([[acme, 'Acme', 'A'], [2, 'Beta', 'B']]);
    expect(await getRecord(rt(db, v2), { entity: 'contact', id: ann, ctx })).toMatchObject({ full_name: 'Ann', client: acme });
    // the database-level reference now points at the renamed table
    const bob = await create(db, v2, 'contact', { full_name: 'Bob', client: 2 });
    expect((await getRecord(rt(db, v2), { entity: 'contact', id: bob, ctx, query: { fields: null, expand: ['client'] } })).client)
      .toMatchObject({ id: 2, name: 'Beta' });
    await expectAppError(create(db, v2, 'customer', { name: 'Again', code: 'A' }), 'UNIQUE_CONFLICT');
    if (db.dialect === 'sqlite') expect(await db.knex.raw('PRAGMA foreign_key_check')).toEqual([]);
  });

  it('4b. renames keep many-to-many links and autonumber counters', async () => {
    const tag = { name: 'tag', fields: [{ name: 'label', type: 'text' }] };
    const v1 = compile([
      tag,
      { name: 'ticket', fields: [
        { name: 'title', type: 'text' },
        { name: 'number', type: 'autonumber', format: 'T-{0000}' },
        { name: 'tags', type: 'relation', target: 'tag', cardinality: 'many-to-many' },
      ] },
    ]);
    await migrateTo(db, v1);
    const red = await create(db, v1, 'tag', { label: 'red' });
    const blue = await create(db, v1, 'tag', { label: 'blue' });
    const t1 = await create(db, v1, 'ticket', { title: 'one', tags: [red, blue] });
    const t2 = await create(db, v1, 'ticket', { title: 'two', tags: [blue] });

    // rename the entity
    const v2 = compile([
      tag,
      { name: 'issue', renamedFrom: 'ticket', fields: [
        { name: 'title', type: 'text' },
        { name: 'number', type: 'autonumber', format: 'T-{0000}' },
        { name: 'tags', type: 'relation', target: 'tag', cardinality: 'many-to-many' },
      ] },
    ]);
    const p2 = await plan(db, v2);
    expect(p2.steps).toContainEqual({ op: 'renameTable', from: 'ticket', to: 'issue' });
    expect(p2.steps).toContainEqual({ op: 'renameTable', from: 'ticket__tags', to: 'issue__tags' });
    expect(ops(p2.steps)).not.toContain('createTable');
    expect(p2.orphans).toEqual([]);
    await applyMigration({ db, plan: p2 });
    await expectConverged(db, v2);
    expect((await list(db, v2, 'issue')).map((r) => [r.id, r.number, r.tags])).toEqual([[t1, 'T-0001', [red, blue]], [t2, 'T-0002', [blue]]]);
    const t3 = await create(db, v2, 'issue', { title: 'three', tags: [red] });
    expect((await getRecord(rt(db, v2), { entity: 'issue', id: t3, ctx })).number).toBe('T-0003');

    // rename the many-to-many field and the autonumber field; the entity's renamedFrom stays in the file
    const v3 = compile([
      tag,
      { name: 'issue', renamedFrom: 'ticket', fields: [
        { name: 'title', type: 'text' },
        { name: 'ref', type: 'autonumber', format: 'T-{0000}', renamedFrom: 'number' },
        { name: 'labels', type: 'relation', target: 'tag', cardinality: 'many-to-many', renamedFrom: 'tags' },
      ] },
    ]);
    const p3 = await plan(db, v3);
    expect(p3.orphans).toEqual([]);
    expect(p3.steps).toContainEqual({ op: 'renameTable', from: 'issue__tags', to: 'issue__labels' });
    expect(p3.steps).toContainEqual({ op: 'renameColumn', table: 'issue', from: 'number', to: 'ref' });
    expect(ops(p3.steps)).not.toContain('createTable');
    await applyMigration({ db, plan: p3 });
    await expectConverged(db, v3);
    expect((await list(db, v3, 'issue')).map((r) => [r.ref, r.labels])).toEqual([['T-0001', [red, blue]], ['T-0002', [blue]], ['T-0003', [red]]]);
    const t4 = await create(db, v3, 'issue', { title: 'four', labels: [blue] });
    expect(await getRecord(rt(db, v3), { entity: 'issue', id: t4, ctx })).toMatchObject({ ref: 'T-0004', labels: [blue] });
    if (db.dialect === 'sqlite') expect(await db.knex.raw('PRAGMA foreign_key_check')).toEqual([]);
  });

  it('5. adds and drops indexes; a unique field gets a unique index that refuses duplicates', async () => {
    const v1 = compile([company([{ name: 'city', type: 'text' }, { name: 'code', type: 'text' }])]);
    await migrateTo(db, v1);
    await create(db, v1, 'company', { name: 'Acme', city: 'Shanghai', code: 'A' });

    const v2 = compile([company([{ name: 'city', type: 'text' }, { name: 'code', type: 'text' }], { indexes: [{ fields: ['city', 'name'] }] })]);
    const p2 = await plan(db, v2);
    expect(p2.steps).toEqual([{ op: 'createIndex', table: 'company', index: { name: 'ix_company__city__name', columns: ['city', 'name'], unique: false } }]);
    await applyMigration({ db, plan: p2 });
    await expectConverged(db, v2);
    expect((await snapshot(db)).tables.company.indexes.ix_company__city__name).toEqual({ columns: ['city', 'name'], unique: false });

    const v3 = compile([company([{ name: 'city', type: 'text' }, { name: 'code', type: 'text' }])]);
    const p3 = await plan(db, v3);
    expect(p3.steps).toEqual([{ op: 'dropIndex', table: 'company', name: 'ix_company__city__name' }]);
    await applyMigration({ db, plan: p3 });
    await expectConverged(db, v3);
    expect((await snapshot(db)).tables.company.indexes).toEqual({});

    const v4 = compile([company([{ name: 'city', type: 'text' }, { name: 'code', type: 'text', unique: true }])]);
    const p4 = await plan(db, v4);
    expect(p4.steps).toEqual([{ op: 'createIndex', table: 'company', index: { name: 'ux_company__code', columns: ['code'], unique: true } }]);
    await applyMigration({ db, plan: p4 });
    await expectConverged(db, v4);
    expect((await snapshot(db)).tables.company.indexes.ux_company__code).toEqual({ columns: ['code'], unique: true });
    await expectAppError(create(db, v4, 'company', { name: 'Other', code: 'A' }), 'UNIQUE_CONFLICT');
    // the database itself refuses the duplicate, not only the records layer
    await expect(db.knex('company').insert({ name: 'Raw', code: 'A', created_at: new Date().toISOString(), updated_at: new Date().toISOString(), version: 1 }))
      .rejects.toThrow(/unique|duplicate/i);
    // empty values are not duplicates
    await create(db, v4, 'company', { name: 'No code 1' });
    await create(db, v4, 'company', { name: 'No code 2' });

    // an entity-level unique index is enforced by the database and reported as UNIQUE_CONFLICT
    const v5 = compile([company([{ name: 'city', type: 'text' }, { name: 'code', type: 'text', unique: true }], { indexes: [{ fields: ['name', 'city'], unique: true }] })]);
    await migrateTo(db, v5);
    await expectConverged(db, v5);
    await expectAppError(create(db, v5, 'company', { name: 'Acme', city: 'Shanghai' }), 'UNIQUE_CONFLICT');
    expect((await list(db, v5, 'company')).length).toBe(3);
  });

  it('6. type changes: safe casts keep and convert data, unsafe ones are refused unless the column is empty', async () => {
    const v1 = compile([company([
      { name: 'revenue', type: 'integer' },
      { name: 'founded', type: 'date' },
      { name: 'code', type: 'text', index: true },
      { name: 'blank', type: 'text' },
    ])]);
    await migrateTo(db, v1);
    const a = await create(db, v1, 'company', { name: 'Acme', revenue: 42, founded: '2024-03-05', code: 'abc' });
    const b = await create(db, v1, 'company', { name: 'Beta', revenue: -7, founded: null, code: '12' });
    const c = await create(db, v1, 'company', { name: 'Gamma', revenue: null, founded: '1999-12-31', code: null });

    // integer → currency (scale 2) and date → datetime in one plan
    const v2 = compile([company([
      { name: 'revenue', type: 'currency' },
      { name: 'founded', type: 'datetime' },
      { name: 'code', type: 'text', index: true },
      { name: 'blank', type: 'text' },
    ])]);
    const p2 = await plan(db, v2);
    expect(p2.steps).toEqual(expect.arrayContaining([
      { op: 'changeType', table: 'company', column: 'revenue', from: { kind: 'bigint' }, to: { kind: 'decimal', scale: 2 }, safe: true },
      { op: 'changeType', table: 'company', column: 'founded', from: { kind: 'date' }, to: { kind: 'datetime' }, safe: true },
    ]));
    expect(p2.steps.length).toBe(2);
    await applyMigration({ db, plan: p2 });
    await expectConverged(db, v2);
    expect((await list(db, v2, 'company')).map((r) => [r.id, r.revenue, r.founded])).toEqual([
      [a, '42.00', '2024-03-05T00:00:00.000Z'],
      [b, '-7.00', null],
      [c, null, '1999-12-31T00:00:00.000Z'],
    ]);
    // sorting and filtering stay numeric after the change
    const byRevenue = parseListQuery(v2, v2.entities.get('company')!, { sort: '-revenue', filter: JSON.stringify({ revenue: { gt: '0' } }) });
    expect((await listRecords(rt(db, v2), { entity: 'company', ctx, query: byRevenue })).data.map((r) => r.id)).toEqual([a]);
    await updateRecord(rt(db, v2), { entity: 'company', id: b, data: { revenue: '1234.56' }, ctx });

    // currency scale 2 → 4
    const v3 = compile([company([
      { name: 'revenue', type: 'currency', scale: 4 },
      { name: 'founded', type: 'datetime' },
      { name: 'code', type: 'text', index: true },
      { name: 'blank', type: 'text' },
    ])]);
    const p3 = await plan(db, v3);
    expect(p3.steps).toEqual([{ op: 'changeType', table: 'company', column: 'revenue', from: { kind: 'decimal', scale: 2 }, to: { kind: 'decimal', scale: 4 }, safe: true }]);
    await applyMigration({ db, plan: p3 });
    await expectConverged(db, v3);
    expect((await list(db, v3, 'company')).map((r) => r.revenue)).toEqual(['42.0000', '1234.5600', null]);

    // text → integer with data: refused, and nothing of the plan is applied
    const v4 = compile([company([
      { name: 'revenue', type: 'currency', scale: 4 },
      { name: 'founded', type: 'datetime' },
      { name: 'code', type: 'integer', index: true },
      { name: 'blank', type: 'integer' },
      { name: 'added', type: 'text' },
    ])]);
    const p4 = await plan(db, v4);
    expect(p4.steps).toContainEqual({ op: 'changeType', table: 'company', column: 'code', from: { kind: 'text' }, to: { kind: 'bigint' }, safe: false });
    expect(p4.steps).toContainEqual(expect.objectContaining({ op: 'addColumn', column: expect.objectContaining({ name: 'added' }) }));
    const before = await snapshot(db);
    const rowsBefore = await migrationRows(db);
    const err = await expectAppError(applyMigration({ db, plan: p4 }), 'MIGRATION_REFUSED');
    expect(err.message).toMatch(/company\.code/);
    expect(await snapshot(db)).toEqual(before);
    expect(before.tables.company.columns.code).toEqual({ kind: 'text' });
    expect(before.tables.company.indexes.ix_company__code).toEqual({ columns: ['code'], unique: false });
    expect(await migrationRows(db)).toEqual(rowsBefore);
    expect((await list(db, v3, 'company')).map((r) => r.code)).toEqual(['abc', '12', null]);

    // the same kind of change on an empty column succeeds
    const v5 = compile([company([
      { name: 'revenue', type: 'currency', scale: 4 },
      { name: 'founded', type: 'datetime' },
      { name: 'code', type: 'text', index: true },
      { name: 'blank', type: 'integer' },
    ])]);
    const p5 = await plan(db, v5);
    expect(p5.steps).toEqual([{ op: 'changeType', table: 'company', column: 'blank', from: { kind: 'text' }, to: { kind: 'bigint' }, safe: false }]);
    await applyMigration({ db, plan: p5 });
    await expectConverged(db, v5);
    expect((await snapshot(db)).tables.company.columns.blank).toEqual({ kind: 'bigint' });
    await updateRecord(rt(db, v5), { entity: 'company', id: a, data: { blank: 5 }, ctx });
    expect((await list(db, v5, 'company')).map((r) => [r.blank, r.code, r.revenue])).toEqual([[5, 'abc', '42.0000'], [null, '12', '1234.5600'], [null, null, null]]);
  });

  it('6b. conversions to text give the same wire value on both dialects', async () => {
    const fields = (t: (name: string, type: string) => Json): Json[] => [
      t('flag', 'boolean'), t('count', 'integer'), t('price', 'currency'), t('ratio', 'number'), t('day', 'date'), t('at', 'datetime'),
    ];
    const v1 = compile([company(fields((name, type) => ({ name, type })))]);
    await migrateTo(db, v1);
    await create(db, v1, 'company', { name: 'A', flag: true, count: 42, price: '1234567890123.45', ratio: 2, day: '2024-03-05', at: '2024-03-05T06:07:08.009Z' });
    await create(db, v1, 'company', { name: 'B', flag: false, count: -3, price: '-0.05', ratio: 1.5 });
    await create(db, v1, 'company', { name: 'C' });

    const v2 = compile([company(fields((name) => ({ name, type: 'text' })))]);
    const p = await plan(db, v2);
    expect(p.steps.length).toBe(6);
    expect(p.steps.every((s) => s.op === 'changeType' && s.safe)).toBe(true);
    await applyMigration({ db, plan: p });
    await expectConverged(db, v2);
    expect((await list(db, v2, 'company')).map((r) => [r.flag, r.count, r.price, r.ratio, r.day, r.at])).toEqual([
      ['true', '42', '1234567890123.45', '2', '2024-03-05', '2024-03-05T06:07:08.009Z'],
      ['false', '-3', '-0.05', '1.5', null, null],
      [null, null, null, null, null, null],
    ]);
  });

  it('7. removing a field keeps the column unless applied with destructive', async () => {
    const v1 = compile([company([{ name: 'fax', type: 'text', unique: true }, { name: 'city', type: 'text' }])]);
    await migrateTo(db, v1);
    const a = await create(db, v1, 'company', { name: 'Acme', fax: '123', city: 'Beijing' });

    const v2 = compile([company([{ name: 'city', type: 'text' }])]);
    const p = await plan(db, v2);
    // the orphan column keeps its data; only its index goes
    expect(p.steps).toEqual([{ op: 'dropIndex', table: 'company', name: 'ux_company__fax' }]);
    expect(p.orphans).toEqual(['column company.fax']);
    await applyMigration({ db, plan: p });
    expect(await columnsOf(db, 'company')).toContain('fax');
    expect(await db.knex('company').select('fax').where({ id: a })).toEqual([{ fax: '123' }]);
    // the app still works without the field, and the orphan stays listed
    expect(await getRecord(rt(db, v2), { entity: 'company', id: a, ctx })).not.toHaveProperty('fax');
    await create(db, v2, 'company', { name: 'Beta', city: 'Xi\'an' });
    const again = await plan(db, v2);
    expect(again.orphans).toEqual(['column company.fax']);
    expect(again.steps).toEqual([]);

    // a destructive plan applied without the flag skips the drop
    const dp = await plan(db, v2, true);
    expect(dp.steps).toContainEqual({ op: 'dropColumn', table: 'company', column: 'fax', destructive: true });
    const skipped = await applyMigration({ db, plan: dp });
    expect(skipped.skipped).toContainEqual({ op: 'dropColumn', table: 'company', column: 'fax', destructive: true });
    expect(await columnsOf(db, 'company')).toContain('fax');

    const dp2 = await plan(db, v2, true);
    expect(dp2.orphans).toEqual([]);
    const result = await applyMigration({ db, plan: dp2, destructive: true });
    expect(result.applied).toContainEqual({ op: 'dropColumn', table: 'company', column: 'fax', destructive: true });
    expect(await columnsOf(db, 'company')).not.toContain('fax');
    expect((await plan(db, v2)).orphans).toEqual([]);
    await expectConverged(db, v2);
    expect((await list(db, v2, 'company')).map((r) => [r.name, r.city])).toEqual([['Acme', 'Beijing'], ['Beta', 'Xi\'an']]);
  });

  it('7b. removing a many-to-one field with destructive: PostgreSQL drops it, SQLite refuses cleanly (no table rebuild)', async () => {
    const contact = (withCompany: boolean): EntityDef => ({
      name: 'contact',
      fields: [{ name: 'full_name', type: 'text' }, ...(withCompany ? [{ name: 'company', type: 'relation', target: 'company', cardinality: 'many-to-one' }] : [])],
    });
    const v1 = compile([company(), contact(true)]);
    await migrateTo(db, v1);
    const acme = await create(db, v1, 'company', { name: 'Acme' });
    const ann = await create(db, v1, 'contact', { full_name: 'Ann', company: acme });

    const v2 = compile([company(), contact(false)]);
    const dp = await plan(db, v2, true);
    expect(dp.steps).toEqual([
      { op: 'dropIndex', table: 'contact', name: 'ix_contact__company' },
      { op: 'dropColumn', table: 'contact', column: 'company', destructive: true },
    ]);
    if (db.dialect === 'sqlite') {
      const before = await snapshot(db);
      await expectAppError(applyMigration({ db, plan: dp, destructive: true }), 'MIGRATION_REFUSED');
      expect(await snapshot(db)).toEqual(before);
      expect(await db.knex('contact').select('company').where({ id: ann })).toEqual([{ company: acme }]);
      expect(await db.knex.raw('PRAGMA foreign_key_check')).toEqual([]);
    } else {
      await applyMigration({ db, plan: dp, destructive: true });
      expect(await columnsOf(db, 'contact')).not.toContain('company');
      await expectConverged(db, v2);
      expect(await getRecord(rt(db, v2), { entity: 'contact', id: ann, ctx })).toMatchObject({ full_name: 'Ann' });
    }
  });

  it('8. removing an entity drops its table only with destructive', async () => {
    const v1 = compile([company(), { name: 'memo', fields: [{ name: 'body', type: 'longtext' }] }]);
    await migrateTo(db, v1);
    await create(db, v1, 'memo', { body: 'keep me' });

    const v2 = compile([company()]);
    const p = await plan(db, v2);
    expect(p.steps).toEqual([]);
    expect(p.orphans).toEqual(['table memo']);
    await applyMigration({ db, plan: p });
    expect(await db.knex('memo').select('body')).toEqual([{ body: 'keep me' }]);

    const dp = await plan(db, v2, true);
    expect(dp.steps).toEqual([{ op: 'dropTable', table: 'memo', destructive: true }]);
    expect((await applyMigration({ db, plan: dp })).applied).toEqual([]);
    expect(Object.keys((await snapshot(db)).tables)).toContain('memo');

    const dp2 = await plan(db, v2, true);
    await applyMigration({ db, plan: dp2, destructive: true });
    expect(Object.keys((await snapshot(db)).tables)).not.toContain('memo');
    const after = await plan(db, v2, true);
    expect(after.steps).toEqual([]);
  });

  it('8b. removing a parent and its child entity together works whatever order the drops come in', async () => {
    const account = { name: 'account', fields: [{ name: 'name', type: 'text' }] };
    const contact = { name: 'contact', fields: [{ name: 'full_name', type: 'text' }, { name: 'account', type: 'relation', target: 'account', cardinality: 'many-to-one' }] };
    const v1 = compile([company(), account, contact]);
    await migrateTo(db, v1);
    const a = await create(db, v1, 'account', { name: 'A' });
    await create(db, v1, 'contact', { full_name: 'C', account: a });

    const v2 = compile([company()]);
    const dp = await plan(db, v2, true);
    // the parent comes first: the child's reference must not block the drop inside the plan
    expect(dp.steps).toEqual([{ op: 'dropTable', table: 'account', destructive: true }, { op: 'dropTable', table: 'contact', destructive: true }]);

    // a plan that would leave the child pointing at a dropped parent is rolled back
    const parentOnly = { ...dp, steps: dp.steps.filter((s) => s.op === 'dropTable' && s.table === 'account') };
    if (db.dialect === 'sqlite') {
      await expectAppError(applyMigration({ db, plan: parentOnly, destructive: true }), 'MIGRATION_REFUSED');
      expect(Object.keys((await snapshot(db)).tables)).toEqual(expect.arrayContaining(['account', 'contact']));
      expect(await db.knex.raw('PRAGMA defer_foreign_keys')).toEqual([{ defer_foreign_keys: 0 }]);
    }

    await applyMigration({ db, plan: dp, destructive: true });
    const tables = Object.keys((await snapshot(db)).tables);
    expect(tables).not.toContain('account');
    expect(tables).not.toContain('contact');
    await expectConverged(db, v2);
    if (db.dialect === 'sqlite') expect(await db.knex.raw('PRAGMA foreign_key_check')).toEqual([]);
  });

  it('9. a plan whose snapshot has changed is refused', async () => {
    const v1 = compile([company()]);
    await migrateTo(db, v1);
    const withCity = compile([company([{ name: 'city', type: 'text' }])]);
    const stale = await plan(db, withCity);
    expect(stale.steps.length).toBe(1);

    await migrateTo(db, compile([company(), { name: 'lead', fields: [{ name: 'title', type: 'text' }] }]));
    const before = await snapshot(db);
    const rows = (await migrationRows(db)).length;
    await expectAppError(applyMigration({ db, plan: stale }), 'MIGRATION_REFUSED');
    expect(await snapshot(db)).toEqual(before);
    expect(await columnsOf(db, 'company')).not.toContain('city');
    expect((await migrationRows(db)).length).toBe(rows);
  });

  it('10. a failing later step rolls back the whole plan', async () => {
    const v1 = compile([company([{ name: 'code', type: 'text' }])]);
    await migrateTo(db, v1);
    await create(db, v1, 'company', { name: 'Acme', code: 'DUP' });
    const second = await create(db, v1, 'company', { name: 'Acme 2', code: 'DUP' });

    const v2 = compile([
      company([{ name: 'code', type: 'text', unique: true }, { name: 'city', type: 'text' }]),
      { name: 'lead', fields: [{ name: 'title', type: 'text' }] },
    ]);
    const p = await plan(db, v2);
    const order = ops(p.steps);
    expect(order).toEqual(expect.arrayContaining(['createTable', 'addColumn', 'createIndex']));
    expect(order.lastIndexOf('createIndex')).toBeGreaterThan(order.indexOf('addColumn'));
    expect(order.lastIndexOf('createIndex')).toBeGreaterThan(order.indexOf('createTable'));

    const before = await snapshot(db);
    const rows = await migrationRows(db);
    const refused = await applyMigration({ db, plan: p }).then(() => null, (e: unknown) => e);
    expect(refused).toMatchObject({ code: 'MIGRATION_REFUSED' });
    expect(String((refused as Error).message)).toMatch(/duplicate values/);
    expect(String((refused as Error).message)).not.toMatch(/create unique index/i);
    const after = await snapshot(db);
    expect(after).toEqual(before);
    expect(hashSnapshot(after)).toBe(p.snapshotHash);
    expect(Object.keys(after.tables)).not.toContain('lead');
    expect(Object.keys(after.tables.company.columns)).not.toContain('city');
    expect(after.tables.company.indexes).toEqual({});
    expect(await migrationRows(db)).toEqual(rows);
    expect((await list(db, v1, 'company')).map((r) => r.code)).toEqual(['DUP', 'DUP']);

    // the database still works and the same plan applies once the data is fixed
    await updateRecord(rt(db, v1), { entity: 'company', id: second, data: { code: 'OK' }, ctx });
    await applyMigration({ db, plan: p });
    await expectConverged(db, v2);
    expect((await migrationRows(db)).length).toBe(rows.length + 1);
  });

  it.skipIf(DIALECT !== 'sqlite')('11. SQLite: a type change on a parent table loses no child rows and leaves the file consistent', async () => {
    const child = (onDelete: string): EntityDef => ({
      name: 'contact',
      fields: [{ name: 'full_name', type: 'text' }, { name: 'company', type: 'relation', target: 'company', cardinality: 'many-to-one', onDelete }],
    });
    const v1 = compile([company([{ name: 'revenue', type: 'integer' }, { name: 'code', type: 'text', unique: true }]), child('cascade')]);
    await migrateTo(db, v1);
    const parents: number[] = [];
    for (let i = 0; i < 5; i++) parents.push(await create(db, v1, 'company', { name: `C${i}`, revenue: i * 10, code: `K${i}` }));
    for (let i = 0; i < 20; i++) await create(db, v1, 'contact', { full_name: `P${i}`, company: parents[i % 5] });

    const v2 = compile([company([{ name: 'revenue', type: 'currency' }, { name: 'code', type: 'text', unique: true }]), child('cascade')]);
    const p = await plan(db, v2);
    expect(p.steps).toEqual([{ op: 'changeType', table: 'company', column: 'revenue', from: { kind: 'bigint' }, to: { kind: 'decimal', scale: 2 }, safe: true }]);
    await applyMigration({ db, plan: p });
    await expectConverged(db, v2);

    expect((await db.knex('contact').count({ n: '*' }))[0].n).toBe(20);
    expect((await list(db, v2, 'contact')).map((r) => r.company)).toEqual(Array.from({ length: 20 }, (_, i) => parents[i % 5]));
    expect((await list(db, v2, 'company')).map((r) => r.revenue)).toEqual(['0.00', '10.00', '20.00', '30.00', '40.00']);
    expect(await db.knex.raw('PRAGMA foreign_key_check')).toEqual([]);
    expect(await db.knex.raw('PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
    expect(await db.knex.raw('PRAGMA foreign_keys')).toEqual([{ foreign_keys: 1 }]);
    // the child's reference to the parent still works at the database level
    await expect(db.knex('contact').insert({ full_name: 'Ghost', company: 999, created_at: 'x', updated_at: 'x', version: 1 })).rejects.toThrow(/FOREIGN KEY/);
    await create(db, v2, 'contact', { full_name: 'New', company: parents[0] });
    expect((await db.knex('contact').count({ n: '*' }))[0].n).toBe(21);
  });

  it('12. _migrations keeps one row per applied plan', async () => {
    expect(await db.knex.schema.hasTable('_migrations')).toBe(false);
    const v1 = compile([company()], '1.0.0');
    const p1 = await migrateTo(db, v1);
    let rows = await migrationRows(db);
    expect(rows.length).toBe(1);
    expect(rows[0]).toMatchObject({ snapshot_hash: p1.snapshotHash, app: 'migrate_test', app_version: '1.0.0' });
    expect(JSON.parse(rows[0].steps as string)).toEqual(JSON.parse(JSON.stringify(p1.steps)));
    expect(Number.isNaN(Date.parse(rows[0].applied_at as string))).toBe(false);

    // no-op plans record nothing
    await migrateTo(db, v1);
    expect((await migrationRows(db)).length).toBe(1);

    const v2 = compile([company([{ name: 'city', type: 'text' }])], '1.1.0');
    const p2 = await migrateTo(db, v2);
    rows = await migrationRows(db);
    expect(rows.length).toBe(2);
    expect(rows[1]).toMatchObject({ snapshot_hash: p2.snapshotHash, app_version: '1.1.0' });
    expect(p2.snapshotHash).not.toBe(p1.snapshotHash);

    // refused plans record nothing
    await expectAppError(applyMigration({ db, plan: p2 }), 'MIGRATION_REFUSED');
    expect((await migrationRows(db)).length).toBe(2);

    const v3 = compile([company([{ name: 'city', type: 'text' }, { name: 'zip', type: 'text' }]), { name: 'lead', fields: [{ name: 'title', type: 'text' }] }], '1.2.0');
    await migrateTo(db, v3);
    rows = await migrationRows(db);
    expect(rows.map((r) => r.app_version)).toEqual(['1.0.0', '1.1.0', '1.2.0']);
    expect(new Set(rows.map((r) => r.id)).size).toBe(3);
  });
});
