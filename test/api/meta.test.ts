// _meta, OpenAPI, the rendered reference and health endpoints, from the live app.
import { describe, expect, it } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { withTestApp } from '../helpers/testApp.js';
import type { TestRuntime, TestServer } from '../helpers/testRuntime.js';

let rt: TestRuntime;
let api: TestServer;
withTestApp({}, (app) => ({ rt, api } = app));

describe('health', () => {
  it('/healthz and /readyz answer 200 once migrated', async () => {
    expect((await api.request('GET', '/healthz')).body).toEqual({ status: 'ok' });
    expect((await api.request('GET', '/readyz')).status).toBe(200);
  });
});

describe('_meta', () => {
  it('describes the app with labels in the asked locale', async () => {
    const en = await api.request('GET', '/api/v1/_meta/app');
    expect(en.status).toBe(200);
    expect(en.body.data).toMatchObject({ name: 'mini', version: '1.0.0', locales: ['en', 'zh-CN'] });
    expect(en.body.data.entities.find((e: { name: string }) => e.name === 'company').label).toBe('Company');
    const zh = await api.request('GET', '/api/v1/_meta/app?locale=zh-CN');
    expect(zh.body.data.entities.find((e: { name: string }) => e.name === 'company').label).toBe('公司');
    expect((await api.request('GET', '/api/v1/_meta/app?locale=xx')).status).toBe(400);
  });

  it('gives an entity its fields, operators, compiled schemas and rjsf forms', async () => {
    const res = await api.request('GET', '/api/v1/_meta/entities/company');
    expect(res.status).toBe(200);
    const d = res.body.data;
    const revenue = d.fields.find((f: { name: string }) => f.name === 'revenue');
    expect(revenue).toMatchObject({ type: 'currency', writable: true });
    expect(revenue.operators).toContain('between');
    expect(d.fields.find((f: { name: string }) => f.name === 'deal_total').writable).toBe(false);
    expect(d.schemas.create.required).toEqual(['name']);
    expect(d.schemas.create.properties.deal_total).toBeUndefined();
    const form = d.forms.company_form;
    expect(form.schema.properties.grade.oneOf.map((o: { const: string }) => o.const)).toEqual(['A', 'B', 'C']);
    expect(form.uiSchema['ui:order']).toEqual(['name', 'grade', 'revenue', 'active', 'founded']);
    expect(form.uiSchema.founded['ui:options'].visibleWhen).toEqual({ active: { eq: true } });
    expect((await api.request('GET', '/api/v1/_meta/entities/nope')).status).toBe(404);
  });
});

describe('OpenAPI', () => {
  it('is OpenAPI 3.1 with a schema and paths per entity, generated from the live app', async () => {
    const res = await api.request('GET', '/api/openapi.json');
    expect(res.status).toBe(200);
    const doc = res.body;
    expect(doc.openapi).toBe('3.1.0');
    for (const e of ['company', 'deal', 'product', 'note', 'contact']) {
      expect(doc.paths[`/api/v1/${e}`].get.operationId).toBeTruthy();
      expect(doc.paths[`/api/v1/${e}/{id}`].patch).toBeTruthy();
      expect(doc.paths[`/api/v1/${e}/_bulk`].post).toBeTruthy();
    }
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['Company', 'CompanyCreate', 'CompanyPatch', 'Problem']));
    const ops = Object.values(doc.paths).flatMap((p) => Object.values(p as object));
    const ids = ops.map((o: { operationId?: string }) => o.operationId).filter(Boolean);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('the record schemas in the document accept what the API returns', async () => {
    const created = await api.request('POST', '/api/v1/deal', { body: { title: 'schema check', amount: '5.00', channels: ['web'] } });
    const doc = (await api.request('GET', '/api/openapi.json')).body;
    const ajv = new Ajv2020({ strict: false, validateSchema: false });
    ajv.addSchema({ ...doc, $id: 'https://example.test/openapi.json' });
    const validate = ajv.compile({ $ref: 'https://example.test/openapi.json#/components/schemas/Deal' });
    expect(validate(created.body.data), JSON.stringify(validate.errors)).toBe(true);
  });

  it('/api/docs renders a reference page with every entity, escaping labels', async () => {
    const res = await fetch(`${api.url}/api/docs`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    const html = await res.text();
    for (const e of ['company', 'deal', 'product']) expect(html).toContain(`/api/v1/${e}`);
    expect(html).not.toMatch(/<script/i);
  });
});
