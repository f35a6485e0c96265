// crm export: the effective app (or the overlay alone) as files that validate and apply accept,
// byte-stable across export → validate → apply → export.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime, loadAndCompile } from '../../runtime/index.js';
import { exportApp } from '../../runtime/definitions/export.js';
import { currentOverlay } from '../../runtime/definitions/store.js';
import { openDefinitions } from '../../runtime/definitions/service.js';
import { openDb } from '../../runtime/dialect/index.js';
import { applyMigration, planFor } from '../../runtime/migrate/index.js';
import { asSystem } from '../../runtime/records/context.js';
import { MINI_APP } from '../helpers/testRuntime.js';
import { type DefinitionsFixture, startDefinitionsFixture } from '../helpers/definitionsFixture.js';
import { crm } from '../server/process.js';

const D = '/api/v1/_definitions';
const tmp = (): string => mkdtempSync(join(tmpdir(), 'crm-export-'));

/** Every file under dir, relative path → bytes. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(dir, p)] = readFileSync(p, 'utf8');
    }
  };
  walk(dir);
  return out;
}

let fx: DefinitionsFixture;
const dirs: string[] = [];
beforeAll(async () => {
  fx = await startDefinitionsFixture();
  await fx.as('designer', 'PUT', `${D}/entity/ticket`, { body: { name: 'ticket', fields: [{ name: 'title', type: 'text', required: true }], label: { en: 'Ticket', 'zh-CN': '工单' } } });
  const form = (await fx.as('designer', 'GET', D)).body.data.documents.find((d: { name: string }) => d.name === 'company_form');
  await fx.as('designer', 'PUT', `${D}/form/company_form`, { body: { ...form.document, label: { en: 'Firm' } }, headers: { 'if-match': form.etag } });
  const plan = await fx.as('designer', 'POST', `${D}/_plan`);
  expect((await fx.as('designer', 'POST', `${D}/_apply`, { body: { hash: plan.body.data.hash } })).status).toBe(200);
});
afterAll(async () => {
  await fx.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('crm export', () => {
  it('export → validate → apply → export again gives identical bytes', async () => {
    const { overlay } = await currentOverlay(fx.db.knex);
    const first = tmp();
    const second = tmp();
    const third = tmp();
    dirs.push(first, second, third);
    exportApp({ appDir: fx.dir, overlay, out: first });
    const files = tree(first);
    expect(Object.keys(files)).toEqual(expect.arrayContaining(['app.json', 'entities/ticket.json', 'forms/company_form.json', 'entities/company.json']));
    expect(files['entities/ticket.json']).toBe(`${JSON.stringify({ name: 'ticket', fields: [{ name: 'title', type: 'text', required: true }], label: { en: 'Ticket', 'zh-CN': '工单' } }, null, 2)}\n`);

    // validate: the exported folder compiles as it stands; apply: it is what the database already has
    const { app } = loadAndCompile(first);
    expect(app.entities.has('ticket')).toBe(true);
    const plan = await planFor(fx.db, app);
    expect(plan.steps).toEqual([]);
    await applyMigration({ db: fx.db, plan });

    // the exported folder as a base of its own, and the original folder with the overlay, export alike
    exportApp({ appDir: first, overlay: [], out: second });
    exportApp({ appDir: fx.dir, overlay, out: third });
    expect(tree(second)).toEqual(files);
    expect(tree(third)).toEqual(files);
  });

  it('the studio\'s download is the same app folder zipped, the same bytes for the same revision, and for designers only', async () => {
    const { overlay } = await currentOverlay(fx.db.knex);
    const res = await fx.as('designer', 'GET', `${D}/_export`, { binary: true });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="mini-r1.zip"');
    const entries = unzipSync(new Uint8Array(res.body as Buffer));
    const zipped = Object.fromEntries(Object.entries(entries).filter(([name]) => !name.endsWith('/')).map(([name, bytes]) => [name.replace(/^mini-r1\//, ''), strFromU8(bytes)]));
    const out = tmp();
    dirs.push(out);
    exportApp({ appDir: fx.dir, overlay, out });
    expect(zipped).toEqual(tree(out));
    expect(Object.keys(entries).every((name) => name.startsWith('mini-r1/'))).toBe(true);

    const again = await fx.as('admin', 'GET', `${D}/_export`, { binary: true });
    expect(Buffer.compare(again.body as Buffer, res.body as Buffer)).toBe(0);
    const only = await fx.as('designer', 'GET', `${D}/_export?overlay=only`, { binary: true });
    expect(Object.keys(unzipSync(new Uint8Array(only.body as Buffer))).sort()).toEqual(['mini-r1-overlay/entities/ticket.json', 'mini-r1-overlay/forms/company_form.json']);

    expect((await fx.as('user', 'GET', `${D}/_export`)).status).toBe(403);
    const bad = await fx.as('designer', 'GET', `${D}/_export?overlay=all`);
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('INVALID_QUERY');
    expect((await fx.as('designer', 'GET', `${D}/_export?format=tar`)).status).toBe(400);
  });

  it('--overlay-only writes only the documents the studio changed', async () => {
    const { overlay } = await currentOverlay(fx.db.knex);
    const out = tmp();
    dirs.push(out);
    const result = exportApp({ appDir: fx.dir, overlay, out, overlayOnly: true });
    expect(result.written.sort()).toEqual(['entities/ticket.json', 'forms/company_form.json']);
    expect(Object.keys(tree(out)).sort()).toEqual(['entities/ticket.json', 'forms/company_form.json']);
  });

  it('the crm command exports the effective app of a database, and validate accepts it', async () => {
    const work = tmp();
    dirs.push(work);
    const url = `sqlite:${join(work, 'crm.sqlite')}`;
    const db = await openDb({ url });
    const defs = await openDefinitions({ appDir: MINI_APP, db, pollMs: 0, build: (prepared) => createRuntime({ appDir: MINI_APP, databaseUrl: url, db, prepared }) });
    try {
      const ctx = asSystem('test', 'cli');
      await defs.saveDraft(ctx, { kind: 'entity', name: 'ticket', document: { name: 'ticket', fields: [{ name: 'title', type: 'text' }] }, ifMatch: null });
      await defs.apply(ctx, { hash: (await defs.plan(ctx)).hash });
    } finally {
      await defs.close();
      await db.destroy();
    }
    const out = join(work, 'exported');
    const exported = await crm(['export', out, '--app', MINI_APP, '--database', url]);
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stdout.split('\n')).toContain('entities/ticket.json');
    expect(exported.stderr).toContain('exported revision 1');
    const validated = await crm(['validate', '--app', out]);
    expect(validated.code, validated.stderr).toBe(0);
    const again = join(work, 'again');
    expect((await crm(['export', again, '--app', out, '--database', `sqlite:${join(work, 'empty.sqlite')}`])).code).toBe(0);
    expect(tree(again)).toEqual(tree(out));
  }, 60_000);
});
