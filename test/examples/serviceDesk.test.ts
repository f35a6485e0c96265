// examples/service-desk is the running example of docs/app-guide.md: it ships, validates, and the
// guide's examples work as written against it — the requests and the answers the guide prints, the
// compiled form, and each validation error the guide shows for the change it describes.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createToken } from '../../runtime/auth/sessions.js';
import { createUser } from '../../runtime/auth/users.js';
import { loadApp } from '../../runtime/definition/load.js';
import { validateApp } from '../../runtime/definition/validate.js';
import { loadAndCompile } from '../../runtime/index.js';
import { loadSeedPlan, runSeed } from '../../runtime/seed.js';
import { withTestApp } from '../helpers/testApp.js';
import { ROOT, createTestRuntime, type TestServer } from '../helpers/testRuntime.js';

const APP = join(ROOT, 'examples', 'service-desk');
const GUIDE = readFileSync(join(ROOT, 'docs', 'app-guide.md'), 'utf8');

/** The fenced blocks of one section of the guide (from its heading to the next ## heading). */
function blocks(heading: string): string[] {
  const start = GUIDE.indexOf(`\n${heading}\n`);
  const end = GUIDE.indexOf('\n## ', start + heading.length + 2);
  const section = GUIDE.slice(start, end === -1 ? undefined : end);
  return [...section.matchAll(/```[a-z]*\n([\s\S]*?)```/g)].map((m) => m[1]);
}
/** The -d body of the guide's curl to a path, and the JSON answer printed after it. */
function exampleRequest(heading: string, path: string): { body: unknown; answer: string | null } {
  const list = blocks(heading);
  const i = list.findIndex((b) => b.includes(`/api/v1/${path} `));
  const m = new RegExp(`/api/v1/${path} [^\\n]*?(?:\\\\\\n\\s*)?-d '([\\s\\S]*?)'`).exec(list[i])!;
  return { body: JSON.parse(m[1]), answer: list[i + 1]?.trimStart().startsWith('{') ? list[i + 1] : null };
}
/** A guide answer with "…" for what it leaves out. */
const parseTrimmed = (text: string): Record<string, unknown> => JSON.parse(text.replace(/,\s*…/g, ''));

describe('examples/service-desk', () => {
  it('should validate with every kind of definition the guide lists', () => {
    const { app, definition } = loadAndCompile(APP);
    expect([...app.entities.keys()].sort()).toEqual(['customer', 'product', 'ticket']);
    expect(definition.forms.map((f) => f.name)).toEqual(['ticket_form']);
    expect(definition.views.map((v) => v.name)).toContain('open_tickets');
    expect(definition.pipelines.map((p) => p.name)).toEqual(['support']);
    expect(definition.roles.map((r) => r.name)).toEqual(['support_rep']);
    expect(definition.dashboards.length).toBe(1);
    expect(definition.automations.length).toBe(1);
    // the guide shows these files verbatim
    for (const [file, heading] of [['app.json', '## app.json'], ['entities/customer.json', '## An entity file'], ['forms/ticket_form.json', '## Forms'], ['views/open_tickets.json', '## Views'], ['pipelines/support.json', '## Pipelines'], ['roles/support_rep.json', '## Roles and access rules']]) {
      const shown = blocks(heading).find((b) => b.trimStart().startsWith('{\n  "$schema"'));
      expect(JSON.parse(shown!), file).toEqual(JSON.parse(readFileSync(join(APP, file), 'utf8')));
    }
  });

  it('should compile the ticket form for zh-CN as the guide shows it', () => {
    const { app } = loadAndCompile(APP);
    const form = app.forms.get('ticket_form')!['zh-CN'];
    expect(form.schema).toMatchObject({ type: 'object', title: '工单', required: ['subject', 'customer', 'status'] });
    const props = form.schema.properties as Record<string, unknown>;
    expect(props.subject).toEqual({ type: 'string', maxLength: 200, minLength: 3, title: 'subject' });
    expect(props.customer).toEqual({ type: 'integer', minimum: 1, title: 'customer' });
    expect(props.resolved_at).toEqual({ type: 'string', format: 'date-time', title: 'resolved_at' });
    expect(form.uiSchema.subject).toEqual({ 'ui:placeholder': '简要说明', 'ui:options': { width: 'full' } });
    expect(form.uiSchema.customer).toEqual({ 'ui:widget': 'relation', 'ui:options': { width: 'half', target: 'customer' } });
    expect(form.uiSchema['ui:order']).toEqual(['subject', 'customer', 'status', 'body', 'resolved_at', 'satisfaction']);
    expect(form.uiSchema['ui:options']).toEqual({ sections: [{ title: '请求', fields: ['subject', 'customer', 'status', 'body'] }, { title: 'Resolution', fields: ['resolved_at', 'satisfaction'] }] });
  });

  it('should load its demo seed: customers, products and tickets by match key, rollups computed', async () => {
    const rt = await createTestRuntime({ appDir: APP });
    try {
      const counts = await runSeed(rt, (await loadSeedPlan(APP))!);
      expect(counts).toEqual({ product: 3, customer: 4, ticket: 12 });
      const acme = await rt.db.knex('customer').where({ email: 'info@acme.example' }).first();
      expect(Number(acme.open_tickets)).toBe(3);
    } finally {
      await rt.close();
    }
  });
});

describe('the app guide, as written, against examples/service-desk', () => {
  let api: TestServer;
  let token: string;
  const as = (method: string, path: string, body?: unknown) => api.request(method, path, { body, headers: { authorization: `Bearer ${token}` } });
  withTestApp({
    appDir: APP, server: { auth: 'required' },
    prepare: async (rt) => {
      const id = await createUser(rt.db.knex, { email: 'you@example.com', password: 'a-long-password-1', roles: ['admin'] }, new Set(['admin', 'support_rep']));
      token = (await createToken(rt.db.knex, id, { name: 'cli', scopes: ['read', 'write', 'export'] })).token;
    },
  }, (app) => { api = app.api; });

  it('should answer the guide\'s ticket request with the record the guide prints', async () => {
    const heading = '### One example per type';
    expect((await as('POST', '/api/v1/customer', exampleRequest(heading, 'customer').body)).status).toBe(201);
    expect((await as('POST', '/api/v1/product/_bulk', exampleRequest(heading, 'product/_bulk').body)).body.meta).toEqual({ created: 2, updated: 0 });
    const { body, answer } = exampleRequest(heading, 'ticket');
    const res = await as('POST', '/api/v1/ticket', body);
    expect(res.status).toBe(201);
    const printed = JSON.parse(answer!).data as Record<string, unknown>;
    const got = res.body.data as Record<string, unknown>;
    // the day of the request: the guide's was 2026-11-29
    const today = String(got.opened_on);
    expect(got.due_on).toBe(new Date(Date.parse(`${today}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10));
    const dated = ['opened_on', 'due_on', 'created_at', 'updated_at'];
    const strip = (r: Record<string, unknown>) => Object.fromEntries(Object.entries(r).filter(([k]) => !dated.includes(k)));
    expect(strip(got)).toEqual(strip(printed));
    expect(Object.keys(got)).toEqual(Object.keys(printed));
    const after = blocks(heading).find((b) => b.includes('"code": "C-0001"'))!;
    expect((await as('GET', '/api/v1/customer/1')).body).toMatchObject(parseTrimmed(after));
  });
});

describe('the app guide\'s validation errors', () => {
  const dirs: string[] = [];
  afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

  /** What `crm validate` prints for a copy of the example changed by `edit`, without the count line. */
  function validateChanged(edit: (dir: string, json: (file: string, change: (j: any) => void) => void) => void): string[] {
    const dir = mkdtempSync(join(tmpdir(), 'docs-broken-'));
    dirs.push(dir);
    cpSync(APP, dir, { recursive: true });
    edit(dir, (file, change) => {
      const j = JSON.parse(readFileSync(join(dir, file), 'utf8'));
      change(j);
      writeFileSync(join(dir, file), JSON.stringify(j));
    });
    const { raw, problems } = loadApp({ dir });
    const result = problems.length ? { ok: false as const, problems } : validateApp(raw);
    return result.ok ? [] : result.problems.map((p) => `${p.file}${p.pointer ? ` ${p.pointer}` : ''}: ${p.message} [${p.code}]`);
  }
  const printed = blocks('## Validation errors').map((b) => b.split('\n').filter((l) => /^(entities|forms|views)\//.test(l)));

  it('should print the shape errors the guide shows', () => {
    expect(validateChanged((_dir, json) => json('entities/product.json', (e) => {
      e.fields.push({ name: 'price', type: 'decimal' }, { name: 'kind', type: 'select' }, { name: 'notes', type: 'text', requried: true }, { name: 'Colour', type: 'text' });
    }))).toEqual(printed[0]);
  });

  it('should name a file that is not JSON', () => {
    expect(validateChanged((dir) => writeFileSync(join(dir, 'entities', 'oops.json'), '{"name": "oops", fields: []}'))).toEqual(printed[1]);
  });

  it('should print the entity errors the guide shows', () => {
    expect(validateChanged((_dir, json) => json('entities/ticket.json', (e) => {
      e.fields[4].target = 'client';
      e.fields[6].default = 'new';
      e.fields.push({ name: 'notes_html', type: 'richtext' }, { name: 'attachment', type: 'file' });
    })).sort()).toEqual([...printed[2]].sort());
  });

  it('should print the formula errors the guide shows', () => {
    expect(validateChanged((_dir, json) => json('entities/ticket.json', (e) => {
      e.fields[18].expression = 'hours * hourly_rate';
      e.fields.push({ name: 'a', type: 'formula', resultType: 'integer', expression: 'b + 1' }, { name: 'b', type: 'formula', resultType: 'integer', expression: 'a + 1' },
        { name: 'initials', type: 'formula', resultType: 'text', expression: 'LEFT(subject)' });
    })).sort()).toEqual([...printed[3]].sort());
  });

  it('should print the form and view errors the guide shows', () => {
    expect(validateChanged((_dir, json) => {
      json('forms/ticket_form.json', (f) => { f.sections[0].fields.push({ field: 'summary' }); });
      json('views/open_tickets.json', (v) => { v.filter = { status: { contains: 'o' } }; });
    }).sort()).toEqual([...printed[4]].sort());
  });
});
