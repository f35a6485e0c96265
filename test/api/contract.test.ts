// The OpenAPI document describes what the API really answers: sparse fieldsets (fields=) and every
// expandable relation (id, or the expanded record; users as {id, email, name}; one-to-many as
// {data, meta: {count}}), up to the expand depth. Every response below also passes the contract
// check of the test helper; the checker itself is tested against documents that are wrong.
import { beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../runtime/auth/users.js';
import { buildOpenApi } from '../../server/openapi.js';
import { contractViolation } from '../helpers/contract.js';
import { withTestApp } from '../helpers/testApp.js';
import type { TestRuntime, TestServer } from '../helpers/testRuntime.js';

let rt: TestRuntime;
let api: TestServer;
let ownerId: number;
let dealId: number;
let companyId: number;
withTestApp({}, (app) => ({ rt, api } = app));
beforeAll(async () => {
  ownerId = await createUser(rt.db.knex, { email: 'owner@example.com', name: 'Olivia Owner', password: 'a-long-password-1', roles: ['admin'] }, new Set(['admin']));
  companyId = (await api.request('POST', '/api/v1/company', { body: { name: 'Acme' } })).body.data.id;
  const p1 = (await api.request('POST', '/api/v1/product', { body: { name: 'Widget', sku: 'W-1' } })).body.data.id;
  const p2 = (await api.request('POST', '/api/v1/product', { body: { name: 'Gadget', sku: 'G-1' } })).body.data.id;
  dealId = (await api.request('POST', '/api/v1/deal', { body: { title: 'Big one', amount: '100.00', company: companyId, owner: ownerId, products: [p2, p1] } })).body.data.id;
});

describe('sparse fieldsets and expanded relations in the document', () => {
  it('should describe a record trimmed by fields= as a partial record with only id and version required', async () => {
    const res = await api.request('GET', `/api/v1/deal/${dealId}?fields=id`);
    expect(res.body.data).toEqual({ id: dealId, version: 1 });
    const doc = (await api.request('GET', '/api/openapi.json')).body;
    expect(doc.components.schemas.DealPartial.required).toEqual(['id', 'version']);
    expect(doc.paths['/api/v1/deal/{id}'].get.responses['200'].content['application/json'].schema.properties.data.anyOf)
      .toEqual([{ $ref: '#/components/schemas/Deal' }, { $ref: '#/components/schemas/DealPartial' }]);
  });

  it('should describe an expanded user field as {id, email, name}', async () => {
    const res = await api.request('GET', `/api/v1/deal/${dealId}?expand=owner`);
    expect(res.body.data.owner).toEqual({ id: ownerId, email: 'owner@example.com', name: 'Olivia Owner' });
    const trimmed = await api.request('GET', `/api/v1/deal?fields=title,owner.email`);
    expect(trimmed.body.data[0].owner).toEqual({ id: ownerId, email: 'owner@example.com' });
    const doc = (await api.request('GET', '/api/openapi.json')).body;
    expect(doc.components.schemas.Deal.properties.owner.anyOf).toContainEqual({ $ref: '#/components/schemas/UserRef' });
    expect(doc.components.schemas.Deal.properties.created_by.anyOf).toContainEqual({ $ref: '#/components/schemas/UserRef' });
  });

  it('should describe many-to-one, many-to-many and one-to-many expansions, nested to the depth limit', async () => {
    const deal = await api.request('GET', `/api/v1/deal/${dealId}?expand=company,products`);
    expect(deal.body.data.company).toMatchObject({ id: companyId, name: 'Acme' });
    expect(deal.body.data.products.map((p: { name: string }) => p.name)).toEqual(['Widget', 'Gadget']);
    const company = await api.request('GET', `/api/v1/company/${companyId}?expand=deals.owner,deals.products&fields=name,deals.title,deals.owner.name,deals.products.sku`);
    expect(company.body.data).toEqual({
      id: companyId, version: expect.any(Number), name: 'Acme',
      deals: { data: [{ id: dealId, version: 1, title: 'Big one', owner: { id: ownerId, name: 'Olivia Owner' }, products: [{ id: expect.any(Number), version: 1, sku: 'W-1' }, { id: expect.any(Number), version: 1, sku: 'G-1' }] }], meta: { count: 1 } },
    });
    const deep = await api.request('GET', `/api/v1/deal?expand=company.deals.owner`);
    expect(deep.body.data[0].company.deals.data[0].owner.email).toBe('owner@example.com');
    const doc = (await api.request('GET', '/api/openapi.json')).body;
    expect(doc.components.schemas.Company.properties.deals.properties.data.items).toEqual({ $ref: '#/components/schemas/DealPartial' });
    expect(doc.paths['/api/v1/deal'].get.parameters.find((p: { name: string }) => p.name === 'expand').description).toMatch(/`company`, `owner`, `products`/);
  });
});

describe('the contract check', () => {
  const exchange = (path: string, body: unknown, status = 200, contentType = 'application/json') => ({ method: 'GET', path, status, contentType, body, rawBody: JSON.stringify(body) });

  it('should flag an expanded user against a document that says integer | null, as the old one did', () => {
    const doc = buildOpenApi(rt.app) as { components: { schemas: Record<string, { properties: Record<string, unknown> }> } };
    const record = { id: 1, version: 1, owner: { id: 2, email: 'a@b.example', name: null } };
    expect(contractViolation(doc, exchange('/api/v1/deal/1?fields=owner', { data: record }))).toBeNull();
    doc.components.schemas.DealPartial.properties.owner = { type: ['integer', 'null'] };
    expect(contractViolation(doc, exchange('/api/v1/deal/1?fields=owner', { data: record }))).toMatch(/owner/);
  });

  it('should flag a partial record where the document requires every field, undocumented statuses and routes', () => {
    const doc = buildOpenApi(rt.app) as { paths: Record<string, Record<string, { responses: Record<string, { content: Record<string, { schema: unknown }> }> }>> };
    doc.paths['/api/v1/deal/{id}'].get.responses['200'].content['application/json'].schema = { type: 'object', properties: { data: { $ref: '#/components/schemas/Deal' } } };
    expect(contractViolation(doc, exchange('/api/v1/deal/1?fields=id', { data: { id: 1, version: 1 } }))).toMatch(/must have required property/);
    expect(contractViolation(doc, exchange('/api/v1/deal/1', { data: {} }, 418))).toMatch(/418, which the document does not list/);
    expect(contractViolation(doc, exchange('/api/v2/deal', { data: [] }))).toMatch(/not in the document/);
    expect(contractViolation(doc, exchange('/nowhere', { type: 'about:blank', title: 'Not found', status: 404, detail: 'x', code: 'NOT_FOUND', requestId: 'r' }, 404, 'application/problem+json'))).toBeNull();
    expect(contractViolation(doc, exchange('/nowhere', '<html>', 404, 'text/html'))).toMatch(/not problem\+json/);
  });
});
