// One round trip per field type on the current dialect: what goes in on the wire comes back in the
// wire form of §10.3 (decimals as strings, dates as YYYY-MM-DD, datetimes ISO with ms and Z, …).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRecord, getRecord, listRecords, parseListQuery } from '../../runtime/records/index.js';
import { asSystem } from '../../runtime/records/context.js';
import { createTestRuntime, type TestRuntime } from '../helpers/testRuntime.js';

let rt: TestRuntime;
const ctx = asSystem('test');
beforeAll(async () => {
  rt = await createTestRuntime();
});
afterAll(async () => rt.close());

const cases: { type: string; entity: string; field: string; input: unknown; wire: unknown; base?: Record<string, unknown> }[] = [
  { type: 'text', entity: 'company', field: 'name', input: '  上海星辰科技  ', wire: '上海星辰科技' },
  { type: 'longtext', entity: 'note', field: 'body', input: 'line 1\nline 2', wire: 'line 1\nline 2' },
  { type: 'email', entity: 'contact', field: 'email', input: 'Zhang.San@Example.COM', wire: 'zhang.san@example.com', base: { full_name: 'z' } },
  { type: 'phone', entity: 'contact', field: 'phone', input: '+86 (21) 5555-0100', wire: '+86 (21) 5555-0100', base: { full_name: 'z' } },
  { type: 'url', entity: 'company', field: 'website', input: 'https://example.com/a?b=1', wire: 'https://example.com/a?b=1' },
  { type: 'integer', entity: 'company', field: 'employees', input: 9007199254740991, wire: 9007199254740991 },
  { type: 'number (unscaled)', entity: 'company', field: 'score', input: -12.25, wire: -12.25 },
  { type: 'currency from number', entity: 'company', field: 'revenue', input: 1234.5, wire: '1234.50' },
  { type: 'currency from string', entity: 'company', field: 'revenue', input: '9999999999999.99', wire: '9999999999999.99' },
  { type: 'currency rounding', entity: 'company', field: 'revenue', input: '0.005', wire: '0.01' },
  { type: 'currency negative', entity: 'deal', field: 'amount', input: '-0.50', wire: '-0.50', base: { title: 't' } },
  { type: 'percent', entity: 'deal', field: 'probability', input: '60', wire: '60', base: { title: 't' } },
  { type: 'boolean', entity: 'company', field: 'active', input: false, wire: false },
  { type: 'date', entity: 'company', field: 'founded', input: '1999-12-31', wire: '1999-12-31' },
  { type: 'datetime', entity: 'deal', field: 'closed_at', input: '2026-11-24T17:30:00+08:00', wire: '2026-11-24T09:30:00.000Z', base: { title: 't' } },
  { type: 'select', entity: 'deal', field: 'stage', input: 'won', wire: 'won', base: { title: 't' } },
  { type: 'multiselect', entity: 'deal', field: 'channels', input: ['web', 'visit'], wire: ['web', 'visit'], base: { title: 't' } },
  { type: 'multiselect empty', entity: 'deal', field: 'channels', input: [], wire: [], base: { title: 't' } },
  { type: 'tags', entity: 'company', field: 'tags', input: ['vip', '重点'], wire: ['vip', '重点'] },
  { type: 'rating', entity: 'deal', field: 'rating', input: 4, wire: 4, base: { title: 't' } },
  { type: 'json', entity: 'deal', field: 'extra', input: { a: [1, 'x', null], b: { c: true } }, wire: { a: [1, 'x', null], b: { c: true } }, base: { title: 't' } },
  { type: 'json scalar', entity: 'deal', field: 'extra', input: 123, wire: 123, base: { title: 't' } },
  { type: 'json empty array', entity: 'deal', field: 'extra', input: [], wire: [], base: { title: 't' } },
  { type: 'json string that looks numeric', entity: 'deal', field: 'extra', input: '123', wire: '123', base: { title: 't' } },
];

describe('field codecs round-trip in wire form', () => {
  it.each(cases)('$type', async ({ entity, field, input, wire, base }) => {
    const data: Record<string, unknown> = { ...(base ?? {}), [field]: input };
    if (entity === 'company') data.name ??= 'codec';
    const id = await createRecord(rt, { entity, data, ctx });
    const rec = await getRecord(rt, { entity, id, ctx });
    expect(rec[field]).toEqual(wire);
  });

  it('user fields point at platform users; null when absent', async () => {
    const [row] = await rt.db.knex('_users').insert({ email: 'owner@example.com', name: 'Owner', created_at: new Date().toISOString() }, ['id']);
    const userId = Number((row as { id: number }).id ?? row);
    const id = await createRecord(rt, { entity: 'deal', data: { title: 'owned', owner: userId }, ctx });
    const rec = await getRecord(rt, { entity: 'deal', id, ctx, query: { fields: null, expand: ['owner'] } });
    expect(rec.owner).toEqual({ id: userId, email: 'owner@example.com', name: 'Owner' });
  });

  it('decimals sort and filter numerically, not as text', async () => {
    for (const v of ['9.00', '10.00', '100.00']) await createRecord(rt, { entity: 'company', data: { name: 'num', code: `N${v}`, revenue: v }, ctx });
    const company = rt.app.entities.get('company')!;
    const query = parseListQuery(rt.app, company, { filter: JSON.stringify({ code: { startsWith: 'N' }, revenue: { gt: '9.5' } }), sort: '-revenue' });
    const res = await listRecords(rt, { entity: 'company', ctx, query });
    expect(res.data.map((r) => r.revenue)).toEqual(['100.00', '10.00']);
  });
});

describe('decimal limits', () => {
  it('refuses decimals beyond 15 significant digits instead of losing precision', async () => {
    await expect(createRecord(rt, { entity: 'company', data: { name: 'big', revenue: '99999999999999.00' }, ctx })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(createRecord(rt, { entity: 'company', data: { name: 'big', revenue: 1e14 }, ctx })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});
