// Definitions at runtime through the real express app: drafts, validate, plan, apply (the runtime
// swapped without a restart), conflicts, revert, access, renames and other processes.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type DefinitionsFixture, startDefinitionsFixture } from '../helpers/definitionsFixture.js';

let fx: DefinitionsFixture;
afterEach(async () => {
  await fx?.close();
});

const D = '/api/v1/_definitions';
const TICKET = { name: 'ticket', label: { en: 'Ticket' }, fields: [{ name: 'title', type: 'text', required: true }, { name: 'priority', type: 'integer' }] };

type Doc = { kind: string; name: string; etag: string; layer: string; document: Record<string, unknown> };
async function documentOf(who: 'admin' | 'designer' | 'designer2', kind: string, name: string): Promise<Doc> {
  const res = await fx.as(who, 'GET', D);
  expect(res.status).toBe(200);
  return (res.body.data.documents as Doc[]).find((d) => d.kind === kind && d.name === name)!;
}

/** plan then apply, as the studio does; returns the apply response. */
async function planAndApply(who: 'admin' | 'designer' = 'designer', extra: Record<string, unknown> = {}) {
  const plan = await fx.as(who, 'POST', `${D}/_plan`);
  expect(plan.status, JSON.stringify(plan.body)).toBe(200);
  return fx.as(who, 'POST', `${D}/_apply`, { body: { hash: plan.body.data.hash, ...extra } });
}

describe('definitions at runtime', () => {
  it('a drafted entity is validated, planned and applied, and its REST route answers without a restart', async () => {
    fx = await startDefinitionsFixture();
    const saved = await fx.as('designer', 'PUT', `${D}/entity/ticket`, { body: TICKET });
    expect(saved.status).toBe(200);
    expect(saved.body.data).toMatchObject({ kind: 'entity', name: 'ticket' });
    expect(saved.headers.get('etag')).toBe(`"${saved.body.data.etag}"`);
    expect((await fx.as('designer', 'GET', '/api/v1/ticket')).status).toBe(404);

    const listed = await fx.as('designer', 'GET', D);
    expect(listed.body.data.revision).toBe(0);
    expect(listed.body.data.layers.draft).toEqual([expect.objectContaining({ kind: 'entity', name: 'ticket', deleted: false })]);
    expect(listed.body.data.documents.find((d: Doc) => d.name === 'ticket').layer).toBe('draft');
    // another designer does not see the draft
    expect((await fx.as('designer2', 'GET', D)).body.data.layers.draft).toEqual([]);

    const validation = await fx.as('designer', 'POST', `${D}/_validate`);
    expect(validation.body).toEqual({ data: { valid: true, errors: [] } });

    const plan = await fx.as('designer', 'POST', `${D}/_plan`);
    expect(plan.status).toBe(200);
    expect(plan.body.data.steps).toContainEqual(expect.objectContaining({ op: 'createTable', table: 'ticket', destructive: false }));
    expect(plan.body.data.hash).toMatch(/^[0-9a-f]{32}$/);

    const applied = await fx.as('designer', 'POST', `${D}/_apply`, { body: { hash: plan.body.data.hash, message: 'tickets' } });
    expect(applied.status).toBe(200);
    expect(applied.body.data.revision).toBe(1);

    const created = await fx.as('admin', 'POST', '/api/v1/ticket', { body: { title: 'Printer jam', priority: 2 } });
    expect(created.status).toBe(201);
    expect((await fx.as('admin', 'GET', '/api/v1/ticket')).body.data).toEqual([expect.objectContaining({ title: 'Printer jam', priority: 2 })]);

    const after = await fx.as('designer', 'GET', D);
    expect(after.body.data.revision).toBe(1);
    expect(after.body.data.layers.draft).toEqual([]);
    expect(after.body.data.documents.find((d: Doc) => d.name === 'ticket').layer).toBe('overlay');
    const revisions = await fx.as('admin', 'GET', `${D}/_revisions`);
    expect(revisions.body.data).toEqual([expect.objectContaining({ id: 1, message: 'tickets', action: 'apply' })]);
    const audit = await fx.db.knex('_audit').where({ entity: '_definitions', action: 'definitions.apply' });
    expect(audit).toHaveLength(1);
  });

  it('an invalid draft is reported by _validate with pointer, kind and name, and cannot be planned', async () => {
    fx = await startDefinitionsFixture();
    await fx.as('designer', 'PUT', `${D}/entity/ticket`, { body: { ...TICKET, fields: [{ name: 'title', type: 'no_such_type' }] } });
    const validation = await fx.as('designer', 'POST', `${D}/_validate`);
    expect(validation.body.data.valid).toBe(false);
    expect(validation.body.data.errors[0]).toMatchObject({ kind: 'entity', name: 'ticket', file: 'entities/ticket.json' });
    expect(validation.body.data.errors[0].pointer).toMatch(/^\/fields\/0/);
    const plan = await fx.as('designer', 'POST', `${D}/_plan`);
    expect(plan.status).toBe(422);
    expect(plan.body.code).toBe('DEFINITION_INVALID');
  });

  it('an apply with a stale plan hash is refused', async () => {
    fx = await startDefinitionsFixture();
    await fx.as('designer', 'PUT', `${D}/entity/ticket`, { body: TICKET });
    const plan = await fx.as('designer', 'POST', `${D}/_plan`);
    const etag = (await documentOf('designer', 'entity', 'ticket')).etag;
    await fx.as('designer', 'PUT', `${D}/entity/ticket`, { body: { ...TICKET, label: { en: 'Case' } }, headers: { 'if-match': `"${etag}"` } });
    const applied = await fx.as('designer', 'POST', `${D}/_apply`, { body: { hash: plan.body.data.hash } });
    expect(applied.status).toBe(409);
    expect(applied.body.code).toBe('MIGRATION_REFUSED');
    expect((await fx.as('designer', 'GET', '/api/v1/ticket')).status).toBe(404);
  });

  it('a plan that drops data is applied only with confirmDestructive', async () => {
    fx = await startDefinitionsFixture();
    await fx.as('designer', 'PUT', `${D}/entity/ticket`, { body: TICKET });
    expect((await planAndApply()).status).toBe(200);
    const etag = (await documentOf('designer', 'entity', 'ticket')).etag;
    const removal = await fx.as('designer', 'DELETE', `${D}/entity/ticket`, { headers: { 'if-match': etag } });
    expect(removal.status).toBe(200);
    const plan = await fx.as('designer', 'POST', `${D}/_plan`);
    expect(plan.body.data.steps).toContainEqual(expect.objectContaining({ op: 'dropTable', table: 'ticket', destructive: true }));
    const refused = await fx.as('designer', 'POST', `${D}/_apply`, { body: { hash: plan.body.data.hash } });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('MIGRATION_REFUSED');
    expect((await fx.as('designer', 'GET', '/api/v1/ticket')).status).toBe(200);
    const confirmed = await fx.as('designer', 'POST', `${D}/_apply`, { body: { hash: plan.body.data.hash, confirmDestructive: true } });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.data.applied).toContainEqual(expect.objectContaining({ op: 'dropTable', destructive: true }));
    expect((await fx.as('designer', 'GET', '/api/v1/ticket')).status).toBe(404);
  });

  it('the second of two designers saving the same form gets a conflict with both versions', async () => {
    fx = await startDefinitionsFixture();
    const loaded = await documentOf('designer', 'form', 'company_form');
    expect(loaded.layer).toBe('base');
    const mine = { ...loaded.document, label: { en: 'Company (designer 1)' } };
    const theirs = { ...loaded.document, label: { en: 'Company (designer 2)' } };
    const first = await fx.as('designer', 'PUT', `${D}/form/company_form`, { body: mine, headers: { 'if-match': `"${loaded.etag}"` } });
    expect(first.status).toBe(200);
    const second = await fx.as('designer2', 'PUT', `${D}/form/company_form`, { body: theirs, headers: { 'if-match': `"${loaded.etag}"` } });
    expect(second.status).toBe(409);
    expect(second.body.code).toBe('CONFLICT');
    expect(second.body.current).toMatchObject({ etag: first.body.data.etag, layer: 'draft', document: mine });
    expect(second.body.yours).toMatchObject({ document: theirs });
    // without If-Match an existing document is never overwritten
    expect((await fx.as('designer', 'PUT', `${D}/form/company_form`, { body: mine })).status).toBe(409);
    // the first designer goes on editing their own draft
    const again = await fx.as('designer', 'PUT', `${D}/form/company_form`, { body: { ...mine, label: { en: 'Firm' } }, headers: { 'if-match': first.body.data.etag } });
    expect(again.status).toBe(200);
    // once applied, the second designer's stale etag is still refused; the applied one is accepted
    expect((await planAndApply()).status).toBe(200);
    expect((await fx.as('designer2', 'PUT', `${D}/form/company_form`, { body: theirs, headers: { 'if-match': loaded.etag } })).status).toBe(409);
    const fresh = await documentOf('designer2', 'form', 'company_form');
    expect(fresh.document.label).toEqual({ en: 'Firm' });
    expect((await fx.as('designer2', 'PUT', `${D}/form/company_form`, { body: theirs, headers: { 'if-match': fresh.etag } })).status).toBe(200);
  });

  it('a draft made before another designer applied the same document is a conflict at apply', async () => {
    fx = await startDefinitionsFixture();
    const loaded = await documentOf('designer', 'form', 'company_form');
    await fx.as('designer', 'PUT', `${D}/form/company_form`, { body: { ...loaded.document, label: { en: 'A' } }, headers: { 'if-match': loaded.etag } });
    // designer2 overrides knowingly (If-Match of designer's draft, as the 409 told them) and applies first
    const current = (await fx.as('designer2', 'PUT', `${D}/form/company_form`, { body: loaded.document, headers: { 'if-match': loaded.etag } })).body.current;
    expect((await fx.as('designer2', 'PUT', `${D}/form/company_form`, { body: { ...loaded.document, label: { en: 'B' } }, headers: { 'if-match': current.etag } })).status).toBe(200);
    expect((await planAndApply('designer2' as 'designer')).status).toBe(200);
    const validation = await fx.as('designer', 'POST', `${D}/_validate`);
    expect(validation.body.data.valid).toBe(false);
    expect(validation.body.data.errors).toContainEqual(expect.objectContaining({ code: 'conflict', kind: 'form', name: 'company_form' }));
    expect((await fx.as('designer', 'POST', `${D}/_plan`)).body.code).toBe('CONFLICT');
  });

  it('a base file changed under an overlay edit is reported as a conflict, and saving again resolves it', async () => {
    fx = await startDefinitionsFixture();
    const loaded = await documentOf('designer', 'form', 'company_form');
    await fx.as('designer', 'PUT', `${D}/form/company_form`, { body: { ...loaded.document, label: { en: 'Studio label' } }, headers: { 'if-match': loaded.etag } });
    expect((await planAndApply()).status).toBe(200);
    // a consultant changes the file in the app folder meanwhile
    const file = join(fx.dir, 'forms', 'company_form.json');
    const onDisk = JSON.parse(readFileSync(file, 'utf8'));
    writeFileSync(file, JSON.stringify({ ...onDisk, label: { en: 'Folder label' } }));

    const listed = await fx.as('designer', 'GET', D);
    expect(listed.body.data.conflicts).toEqual([expect.objectContaining({ kind: 'form', name: 'company_form', base: expect.objectContaining({ label: { en: 'Folder label' } }), overlay: expect.objectContaining({ label: { en: 'Studio label' } }) })]);
    // the studio's version stays in force until someone decides
    expect(listed.body.data.documents.find((d: Doc) => d.name === 'company_form').document.label).toEqual({ en: 'Studio label' });
    expect((await fx.as('designer', 'POST', `${D}/_validate`)).body.data.errors).toContainEqual(expect.objectContaining({ code: 'conflict', kind: 'form', name: 'company_form' }));
    expect((await fx.as('designer', 'POST', `${D}/_plan`)).status).toBe(409);

    const overlay = await documentOf('designer', 'form', 'company_form');
    expect((await fx.as('designer', 'PUT', `${D}/form/company_form`, { body: { ...overlay.document, label: { en: 'Merged label' } }, headers: { 'if-match': overlay.etag } })).status).toBe(200);
    expect((await planAndApply()).status).toBe(200);
    expect((await fx.as('designer', 'GET', D)).body.data.conflicts).toEqual([]);
  });

  it('revert makes an earlier revision current again', async () => {
    fx = await startDefinitionsFixture();
    await fx.as('designer', 'PUT', `${D}/entity/ticket`, { body: TICKET });
    expect((await planAndApply()).body.data.revision).toBe(1);
    const t = await documentOf('designer', 'entity', 'ticket');
    await fx.as('designer', 'PUT', `${D}/entity/ticket`, { body: { ...TICKET, fields: [...TICKET.fields, { name: 'due', type: 'date' }] }, headers: { 'if-match': t.etag } });
    expect((await planAndApply()).body.data.revision).toBe(2);
    expect((await fx.as('admin', 'POST', '/api/v1/ticket', { body: { title: 'x', due: '2026-12-24' } })).status).toBe(201);

    const refused = await fx.as('designer', 'POST', `${D}/_revisions/1/_revert`);
    expect(refused.status).toBe(409); // dropping "due" deletes data
    expect(refused.body.code).toBe('MIGRATION_REFUSED');
    const reverted = await fx.as('designer', 'POST', `${D}/_revisions/1/_revert`, { body: { confirmDestructive: true } });
    expect(reverted.status).toBe(200);
    expect(reverted.body.data.revision).toBe(3);
    expect((await documentOf('designer', 'entity', 'ticket')).document).toEqual(TICKET);
    expect((await fx.as('admin', 'POST', '/api/v1/ticket', { body: { title: 'y', due: '2026-12-24' } })).status).toBe(422);
    expect((await fx.as('designer', 'GET', `${D}/_revisions`)).body.data.map((r: { id: number; action: string }) => [r.id, r.action])).toEqual([[3, 'revert'], [2, 'apply'], [1, 'apply']]);
    // revision 0 is the app folder alone
    const base = await fx.as('designer', 'POST', `${D}/_revisions/0/_revert`, { body: { confirmDestructive: true } });
    expect(base.status).toBe(200);
    expect((await fx.as('designer', 'GET', '/api/v1/ticket')).status).toBe(404);
    expect((await fx.as('designer', 'POST', `${D}/_revisions/99/_revert`)).status).toBe(404);
  });

  it('only administrators and designers may read or change definitions', async () => {
    fx = await startDefinitionsFixture();
    expect((await fx.as('user', 'GET', D)).status).toBe(403);
    expect((await fx.as('user', 'PUT', `${D}/entity/ticket`, { body: TICKET })).status).toBe(403);
    expect((await fx.as('user', 'POST', `${D}/_plan`)).status).toBe(403);
    expect((await fx.as('user', 'POST', `${D}/_apply`, { body: { hash: 'x' } })).body.code).toBe('FORBIDDEN');
    expect((await fx.api.request('GET', D)).status).toBe(401);
    expect((await fx.as('admin', 'GET', D)).status).toBe(200);
    expect((await fx.as('designer', 'GET', D)).status).toBe(200);
  });

  it('roles are changed by administrators only: a designer cannot grant themselves more', async () => {
    fx = await startDefinitionsFixture();
    const escalate = { name: 'designer', admin: true };
    const refused = await fx.as('designer', 'PUT', `${D}/role/designer`, { body: escalate });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('FORBIDDEN');
    expect((await fx.as('admin', 'PUT', `${D}/role/support`, { body: { name: 'support', permissions: { company: { read: true } } } })).status).toBe(200);
  });

  it('reads one document with its etag', async () => {
    fx = await startDefinitionsFixture();
    const one = await fx.as('designer', 'GET', `${D}/entity/product`);
    expect(one.status).toBe(200);
    expect(one.body.data).toMatchObject({ kind: 'entity', name: 'product', file: 'entities/product.json', layer: 'base' });
    expect(one.headers.get('etag')).toBe(`"${one.body.data.etag}"`);
    expect((await fx.as('designer', 'GET', `${D}/app/app`)).body.data.document).toMatchObject({ name: 'mini' });
    expect((await fx.as('designer', 'GET', `${D}/entity/nothing_here`)).status).toBe(404);
  });

  it('refuses bodies and names that are not definitions, with catalog problems', async () => {
    fx = await startDefinitionsFixture();
    expect((await fx.as('designer', 'PUT', `${D}/entity/ticket`, { body: { ...TICKET, name: 'other' } })).body.code).toBe('VALIDATION_FAILED');
    expect((await fx.as('designer', 'PUT', `${D}/widget/ticket`, { body: TICKET })).status).toBe(404);
    expect((await fx.as('designer', 'PUT', `${D}/entity/Bad-Name`, { body: TICKET })).status).toBe(404);
    expect((await fx.as('designer', 'PUT', `${D}/entity/ticket`, { body: [1] })).body.code).toBe('MALFORMED_REQUEST');
    expect((await fx.as('designer', 'POST', `${D}/_apply`, { body: {} })).body.code).toBe('VALIDATION_FAILED');
    expect((await fx.as('designer', 'POST', `${D}/_apply`, { body: { hash: 'x', extra: 1 } })).body.code).toBe('VALIDATION_FAILED');
    expect((await fx.as('designer', 'DELETE', `${D}/entity/nothing_here`)).status).toBe(404);
  });

  it('renaming a field through the API keeps its data', async () => {
    fx = await startDefinitionsFixture();
    const created = await fx.as('admin', 'POST', '/api/v1/product', { body: { name: 'Widget', sku: 'W-1' } });
    expect(created.status).toBe(201);
    const product = await documentOf('designer', 'entity', 'product');
    const renamed = {
      ...product.document,
      fields: [{ name: 'name', type: 'text', required: true }, { name: 'code', renamedFrom: 'sku', type: 'text', unique: true, required: true }],
      matchKeys: [['code']],
    };
    expect((await fx.as('designer', 'PUT', `${D}/entity/product`, { body: renamed, headers: { 'if-match': product.etag } })).status).toBe(200);
    const plan = await fx.as('designer', 'POST', `${D}/_plan`);
    expect(plan.body.data.steps).toContainEqual(expect.objectContaining({ op: 'renameColumn', table: 'product', from: 'sku', to: 'code' }));
    expect(plan.body.data.steps.filter((s: { destructive: boolean }) => s.destructive)).toEqual([]);
    expect((await fx.as('designer', 'POST', `${D}/_apply`, { body: { hash: plan.body.data.hash } })).status).toBe(200);
    const read = await fx.as('admin', 'GET', `/api/v1/product/${created.body.data.id}`);
    expect(read.body.data).toMatchObject({ name: 'Widget', code: 'W-1' });
    expect(read.body.data).not.toHaveProperty('sku');
  });

  it('another process on the same database picks up the applied revision', async () => {
    fx = await startDefinitionsFixture();
    const second = await fx.secondProcess();
    try {
      expect(await second.defs.checkRevision()).toBe(false);
      await fx.as('designer', 'PUT', `${D}/entity/ticket`, { body: TICKET });
      expect((await planAndApply()).status).toBe(200);
      expect(second.defs.holder.current().app.entities.has('ticket')).toBe(false);
      expect(await second.defs.checkRevision()).toBe(true);
      expect(second.defs.holder.revision()).toBe(1);
      expect(second.defs.holder.current().app.entities.has('ticket')).toBe(true);
    } finally {
      await second.close();
    }
  });

  it('of two processes applying at once, one applies and the other is told to plan again (the revision check commits with the migration)', async () => {
    fx = await startDefinitionsFixture();
    const second = await fx.secondProcess();
    try {
      const { asSystem } = await import('../../runtime/records/context.js');
      const one = { ...asSystem('first', 'api'), actor: { kind: 'user' as const, id: 1001, roles: ['designer'] } };
      const two = { ...asSystem('second', 'api'), actor: { kind: 'user' as const, id: 1002, roles: ['designer'] } };
      // changes without a migration step, so only the revision check can tell the applies apart
      const docs = (await fx.defs.list(one)).documents;
      const form = docs.find((d) => d.name === 'company_form')!;
      const product = docs.find((d) => d.name === 'product')!;
      await fx.defs.saveDraft(one, { kind: 'form', name: 'company_form', document: { ...form.document, label: { en: 'One' } }, ifMatch: form.etag });
      await second.defs.saveDraft(two, { kind: 'entity', name: 'product', document: { ...product.document, label: { en: 'Two' } }, ifMatch: product.etag });
      const [p1, p2] = [await fx.defs.plan(one), await second.defs.plan(two)];
      const results = await Promise.allSettled([fx.defs.apply(one, { hash: p1.hash }), second.defs.apply(two, { hash: p2.hash })]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect(refused.reason).toMatchObject({ code: 'MIGRATION_REFUSED' });
      expect(Number((await fx.db.knex('_definition_revisions').count({ n: '*' }))[0].n)).toBe(1);
    } finally {
      await second.close();
    }
  });

  it('_meta/registry describes every field type, trigger and node with its settings schema', async () => {
    fx = await startDefinitionsFixture();
    const res = await fx.as('designer', 'GET', '/api/v1/_meta/registry');
    expect(res.status).toBe(200);
    const currency = res.body.data.fieldTypes.find((t: { type: string }) => t.type === 'currency');
    expect(currency.configSchema.properties).toHaveProperty('currency');
    expect(res.body.data.triggers.map((t: { type: string }) => t.type)).toContain('record.created');
    expect(res.body.data.nodes.find((n: { type: string }) => n.type === 'condition').branches).toEqual(['true', 'false']);
  });
});
