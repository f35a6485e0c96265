// One definition-error test per validation rule: every problem names the file, the JSON pointer
// and a readable message, and a bad app never half-starts.
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadApp, type RawApp } from '../../runtime/definition/load.js';
import { validateApp } from '../../runtime/definition/validate.js';
import { createRuntime, DefinitionInvalidError } from '../../runtime/index.js';

type Json = Record<string, any>;

function baseApp(): { app: Json; entities: Record<string, Json>; forms: Record<string, Json>; views: Record<string, Json>; pipelines: Record<string, Json> } {
  return {
    app: { name: 'demo', version: '1.0.0', locales: ['en'] },
    entities: {
      account: { name: 'account', fields: [
        { name: 'name', type: 'text', required: true },
        { name: 'grade', type: 'select', options: [{ value: 'A' }, { value: 'B' }] },
        { name: 'deals', type: 'relation', target: 'deal', cardinality: 'one-to-many', inverse: 'account' },
        { name: 'total', type: 'rollup', relation: 'deals', aggregate: 'sum', field: 'amount' },
      ] },
      deal: { name: 'deal', fields: [
        { name: 'title', type: 'text' },
        { name: 'amount', type: 'currency' },
        { name: 'probability', type: 'percent' },
        { name: 'weighted', type: 'formula', expression: 'amount * probability / 100', resultType: 'currency' },
        { name: 'account', type: 'relation', target: 'account', cardinality: 'many-to-one' },
        { name: 'stage', type: 'select', options: [{ value: 'new' }, { value: 'won' }] },
      ] },
    },
    forms: { deal_form: { name: 'deal_form', entity: 'deal', sections: [{ fields: [{ field: 'title' }] }] } },
    views: { open: { name: 'open', entity: 'deal', filter: { stage: { ne: 'won' } }, sort: ['-amount'] } },
    pipelines: { sales: { name: 'sales', entity: 'deal', field: 'stage', stages: [{ value: 'new' }, { value: 'won' }] } },
  };
}

function toRaw(def: ReturnType<typeof baseApp>): RawApp {
  const files: RawApp['files'] = [{ kind: 'app', file: 'app.json', json: def.app }];
  for (const [n, e] of Object.entries(def.entities)) files.push({ kind: 'entity', file: `entities/${n}.json`, json: e });
  for (const [n, f] of Object.entries(def.forms)) files.push({ kind: 'form', file: `forms/${n}.json`, json: f });
  for (const [n, v] of Object.entries(def.views)) files.push({ kind: 'view', file: `views/${n}.json`, json: v });
  for (const [n, p] of Object.entries(def.pipelines)) files.push({ kind: 'pipeline', file: `pipelines/${n}.json`, json: p });
  return { dir: '/virtual', files };
}

const fieldOf = (d: ReturnType<typeof baseApp>, entity: string, name: string): Json => d.entities[entity].fields.find((f: Json) => f.name === name);

const cases: { rule: string; mutate: (d: ReturnType<typeof baseApp>) => void; file: string; pointer: string; code?: string; message?: RegExp }[] = [
  { rule: 'shape: unknown property', mutate: (d) => { d.entities.deal.colour = 'red'; }, file: 'entities/deal.json', pointer: '/colour', code: 'additionalProperties' },
  { rule: 'shape: bad name', mutate: (d) => { fieldOf(d, 'deal', 'title').name = 'Title'; }, file: 'entities/deal.json', pointer: '/fields/0/name' },
  { rule: 'shape: unknown field type', mutate: (d) => { fieldOf(d, 'deal', 'title').type = 'colour'; }, file: 'entities/deal.json', pointer: '/fields/0/type' },
  { rule: 'shape: setting of another type', mutate: (d) => { fieldOf(d, 'deal', 'title').options = []; }, file: 'entities/deal.json', pointer: '/fields/0/options' },
  { rule: 'shape: app version', mutate: (d) => { d.app.version = 'one'; }, file: 'app.json', pointer: '/version' },
  { rule: 'reserved system field name', mutate: (d) => { d.entities.deal.fields.push({ name: 'created_at', type: 'text' }); }, file: 'entities/deal.json', pointer: '/fields/6/name', code: 'reserved' },
  { rule: 'unique field names', mutate: (d) => { d.entities.deal.fields.push({ name: 'title', type: 'text' }); }, file: 'entities/deal.json', pointer: '/fields/6/name', code: 'duplicate' },
  { rule: 'unique entity names', mutate: (d) => { d.entities.deal2 = { ...d.entities.deal }; }, file: 'entities/deal2.json', pointer: '/name', code: 'duplicate' },
  { rule: 'relation target exists', mutate: (d) => { fieldOf(d, 'deal', 'account').target = 'company'; }, file: 'entities/deal.json', pointer: '/fields/4/target', code: 'unknown_entity' },
  { rule: 'one-to-many needs an inverse', mutate: (d) => { delete fieldOf(d, 'account', 'deals').inverse; }, file: 'entities/account.json', pointer: '/fields/2/inverse', code: 'required' },
  { rule: 'inverse points back', mutate: (d) => { fieldOf(d, 'account', 'deals').inverse = 'title'; }, file: 'entities/account.json', pointer: '/fields/2/inverse', code: 'invalid_inverse' },
  { rule: 'onDelete only on many-to-one', mutate: (d) => { fieldOf(d, 'account', 'deals').onDelete = 'cascade'; }, file: 'entities/account.json', pointer: '/fields/2/onDelete', code: 'not_allowed' },
  { rule: 'required relation can not be set-null', mutate: (d) => { Object.assign(fieldOf(d, 'deal', 'account'), { required: true, onDelete: 'set-null' }); }, file: 'entities/deal.json', pointer: '/fields/4/onDelete', code: 'conflict' },
  { rule: 'select option values unique', mutate: (d) => { fieldOf(d, 'deal', 'stage').options.push({ value: 'new' }); }, file: 'entities/deal.json', pointer: '/fields/5/options/2/value', code: 'duplicate' },
  { rule: 'select default is an option', mutate: (d) => { fieldOf(d, 'deal', 'stage').default = 'lost'; }, file: 'entities/deal.json', pointer: '/fields/5/default', code: 'invalid_default' },
  { rule: 'formula references exist', mutate: (d) => { fieldOf(d, 'deal', 'weighted').expression = 'amount * chance'; }, file: 'entities/deal.json', pointer: '/fields/3/expression', code: 'unknown_field', message: /chance/ },
  { rule: 'formula parses', mutate: (d) => { fieldOf(d, 'deal', 'weighted').expression = 'amount * (probability'; }, file: 'entities/deal.json', pointer: '/fields/3/expression', code: 'formula' },
  { rule: 'formula functions are known', mutate: (d) => { fieldOf(d, 'deal', 'weighted').expression = 'EVAL(amount)'; }, file: 'entities/deal.json', pointer: '/fields/3/expression', code: 'formula', message: /unknown function EVAL/ },
  { rule: 'formula member access refused', mutate: (d) => { fieldOf(d, 'deal', 'weighted').expression = 'amount.constructor'; }, file: 'entities/deal.json', pointer: '/fields/3/expression', code: 'formula' },
  { rule: 'no formula cycles', mutate: (d) => { d.entities.deal.fields.push({ name: 'a', type: 'formula', expression: 'b + 1', resultType: 'number' }, { name: 'b', type: 'formula', expression: 'a + 1', resultType: 'number' }); }, file: 'entities/deal.json', pointer: '/fields/6/expression', code: 'cycle' },
  { rule: 'rollup over a one-to-many', mutate: (d) => { fieldOf(d, 'account', 'total').relation = 'name'; }, file: 'entities/account.json', pointer: '/fields/3/relation', code: 'invalid_reference' },
  { rule: 'rollup field is numeric', mutate: (d) => { fieldOf(d, 'account', 'total').field = 'title'; }, file: 'entities/account.json', pointer: '/fields/3/field', code: 'invalid_reference' },
  { rule: 'rollup filter is valid on the child', mutate: (d) => { fieldOf(d, 'account', 'total').filter = { stage: { eq: 'lost' } }; }, file: 'entities/account.json', pointer: '/fields/3/filter/stage/eq', code: 'invalid_value' },
  { rule: 'filters use known fields', mutate: (d) => { d.views.open.filter = { nope: { eq: 1 } }; }, file: 'views/open.json', pointer: '/filter/nope', code: 'unknown_field' },
  { rule: 'filters use operators valid for the field', mutate: (d) => { d.views.open.filter = { amount: { contains: '1' } }; }, file: 'views/open.json', pointer: '/filter/amount/contains', code: 'invalid_operator' },
  { rule: 'view sort fields exist', mutate: (d) => { d.views.open.sort = ['-nope']; }, file: 'views/open.json', pointer: '/sort/0', code: 'unknown_field' },
  { rule: 'form entity exists', mutate: (d) => { d.forms.deal_form.entity = 'nope'; }, file: 'forms/deal_form.json', pointer: '/entity', code: 'unknown_entity' },
  { rule: 'form fields exist', mutate: (d) => { d.forms.deal_form.sections[0].fields.push({ field: 'nope' }); }, file: 'forms/deal_form.json', pointer: '/sections/0/fields/1/field', code: 'unknown_field' },
  { rule: 'pipeline field is a select', mutate: (d) => { d.pipelines.sales.field = 'title'; }, file: 'pipelines/sales.json', pointer: '/field', code: 'invalid_reference' },
  { rule: 'pipeline stages are options', mutate: (d) => { d.pipelines.sales.stages.push({ value: 'lost' }); }, file: 'pipelines/sales.json', pointer: '/stages/2/value', code: 'invalid_reference' },
  { rule: 'pipeline stages are listed once', mutate: (d) => { d.pipelines.sales.stages.push({ value: 'new' }); }, file: 'pipelines/sales.json', pointer: '/stages/2/value', code: 'duplicate' },
  { rule: 'pipeline transitions name stages (from)', mutate: (d) => { d.pipelines.sales.transitions = { lost: ['new'] }; }, file: 'pipelines/sales.json', pointer: '/transitions/lost', code: 'invalid_reference' },
  { rule: 'pipeline transitions name stages (to)', mutate: (d) => { d.pipelines.sales.transitions = { new: ['won', 'gone'] }; }, file: 'pipelines/sales.json', pointer: '/transitions/new/1', code: 'invalid_reference' },
  { rule: 'pipeline value field is a number', mutate: (d) => { d.pipelines.sales.valueField = 'title'; }, file: 'pipelines/sales.json', pointer: '/valueField', code: 'invalid_reference' },
  { rule: 'pipeline stalled state needs the entered-at field', mutate: (d) => { d.entities.deal.fields.push({ name: 'stalled', type: 'boolean' }); d.pipelines.sales.stalledField = 'stalled'; d.pipelines.sales.stages[0].rotDays = 3; }, file: 'pipelines/sales.json', pointer: '/stalledField', code: 'required' },
  { rule: 'pipeline rotDays needs a stalled field', mutate: (d) => { d.pipelines.sales.stages[0].rotDays = 3; }, file: 'pipelines/sales.json', pointer: '/stages/0/rotDays', code: 'not_allowed' },
  { rule: 'several pipelines on one field name the pipeline field', mutate: (d) => { d.pipelines.other = { name: 'other', entity: 'deal', field: 'stage', stages: [{ value: 'new' }] }; }, file: 'pipelines/sales.json', pointer: '/pipelineField', code: 'required' },
  { rule: 'pipeline gate is a valid filter', mutate: (d) => { d.pipelines.sales.stages[1].gate = { nope: { eq: 1 } }; }, file: 'pipelines/sales.json', pointer: '/stages/1/gate/nope', code: 'unknown_field' },
  { rule: 'entity rule names a field', mutate: (d) => { d.entities.deal.rules = [{ name: 'r', field: 'nope', assert: { amount: { gt: 0 } } }]; }, file: 'entities/deal.json', pointer: '/rules/0/field', code: 'unknown_field' },
  { rule: 'entity rule asserts a valid filter', mutate: (d) => { d.entities.deal.rules = [{ name: 'r', field: 'amount', assert: { amount: { gt: 'lots' } } }]; }, file: 'entities/deal.json', pointer: '/rules/0/assert/amount/gt', code: 'invalid_value' },
  { rule: 'requiredWhen is a valid filter', mutate: (d) => { fieldOf(d, 'deal', 'title').requiredWhen = { stagee: { eq: 'won' } }; }, file: 'entities/deal.json', pointer: '/fields/0/requiredWhen/stagee', code: 'unknown_field' },
  { rule: 'masterDetail only on many-to-one', mutate: (d) => { fieldOf(d, 'account', 'deals').masterDetail = true; }, file: 'entities/account.json', pointer: '/fields/2/masterDetail', code: 'not_allowed' },
  { rule: 'index fields exist', mutate: (d) => { d.entities.deal.indexes = [{ fields: ['nope'] }]; }, file: 'entities/deal.json', pointer: '/indexes/0/fields/0', code: 'unknown_field' },
  { rule: 'match key fields exist', mutate: (d) => { d.entities.deal.matchKeys = [['nope']]; }, file: 'entities/deal.json', pointer: '/matchKeys/0/0', code: 'unknown_field' },
  { rule: 'unavailable types are named', mutate: (d) => { d.entities.deal.fields.push({ name: 'doc', type: 'file' }); }, file: 'entities/deal.json', pointer: '/fields/6/type', code: 'unavailable_type', message: /not available yet/ },
  { rule: 'defaults are valid values', mutate: (d) => { fieldOf(d, 'deal', 'amount').default = 'lots'; }, file: 'entities/deal.json', pointer: '/fields/1/default', code: 'invalid_default' },
  { rule: 'time zone is known', mutate: (d) => { d.app.timezone = 'Mars/Olympus'; }, file: 'app.json', pointer: '/timezone', code: 'timezone' },
  { rule: 'pattern is a regular expression', mutate: (d) => { fieldOf(d, 'deal', 'title').pattern = '(['; }, file: 'entities/deal.json', pointer: '/fields/0/pattern', code: 'pattern' },
];

describe('definition validation', () => {
  it('accepts the base app', () => {
    const r = validateApp(toRaw(baseApp()));
    expect(r.ok ? [] : r.problems).toEqual([]);
  });

  it.each(cases)('$rule', ({ mutate, file, pointer, code, message }) => {
    const d = baseApp();
    mutate(d);
    const r = validateApp(toRaw(d));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const hit = r.problems.find((p) => p.file === file && p.pointer === pointer);
    expect(hit, JSON.stringify(r.problems, null, 1)).toBeDefined();
    if (code) expect(hit!.code).toBe(code);
    if (message) expect(hit!.message).toMatch(message);
    expect(hit!.message.length).toBeGreaterThan(5);
  });
});

describe('loading app folders', () => {
  const writeApp = (files: Record<string, string>): string => {
    const dir = mkdtempSync(join(tmpdir(), 'crm-app-'));
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(join(dir, name, '..'), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
    return dir;
  };

  it('reports JSON syntax errors and polluting keys with the file name', () => {
    const dir = writeApp({ 'app.json': '{"name":"x","version":"1.0.0"}', 'entities/a.json': '{"name": ', 'entities/b.json': '{"name":"b","fields":[{"name":"t","type":"text","__proto__":{"x":1}}]}' });
    const { problems } = loadApp({ dir });
    expect(problems.map((p) => [p.file, p.code])).toEqual([['entities/a.json', 'parse'], ['entities/b.json', 'parse']]);
    expect(problems[1].pointer).toBe('/fields/0/__proto__');
  });

  it('reports a missing app.json', () => {
    const dir = writeApp({ 'entities/a.json': '{}' });
    expect(loadApp({ dir }).problems[0]).toMatchObject({ file: 'app.json', code: 'missing' });
  });

  it('a bad app never half-starts: createRuntime throws before touching the database', async () => {
    const dir = writeApp({ 'app.json': '{"name":"x","version":"1.0.0"}', 'entities/a.json': '{"name":"a","fields":[{"name":"r","type":"relation","target":"zzz","cardinality":"many-to-one"}]}' });
    await expect(createRuntime({ appDir: dir, databaseUrl: 'sqlite:/nonexistent-dir-for-test/never.sqlite' })).rejects.toBeInstanceOf(DefinitionInvalidError);
  });

  it('accepts the example app and the test fixture', () => {
    for (const dir of ['examples/sales-crm', 'test/fixtures/apps/mini']) {
      const { raw, problems } = loadApp({ dir });
      expect(problems).toEqual([]);
      const r = validateApp(raw);
      expect(r.ok ? [] : r.problems).toEqual([]);
    }
  });
});
