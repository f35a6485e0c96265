// Definition errors of automations, each with its file and JSON pointer; and the generated schema
// and catalog match the registry.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AUTOMATION_DOCS, AUTOMATION_SCHEMA_FILE, generatedAutomationDocs, generatedAutomationSchema } from '../../runtime/automation/generate.js';
import { loadApp } from '../../runtime/definition/load.js';
import { validateApp } from '../../runtime/definition/validate.js';
import { appWith, type Rule } from './helpers.js';

function problemsOf(rule: Rule): { pointer: string; code: string; message: string }[] {
  const app = appWith([rule]);
  try {
    const result = validateApp(loadApp({ dir: app.dir }).raw);
    return result.ok ? [] : result.problems.map((p) => ({ pointer: p.pointer, code: p.code, message: p.message }));
  } finally {
    app.remove();
  }
}

const base = { name: 'r', trigger: { type: 'record.updated', entity: 'contact' }, nodes: [{ id: 'a', type: 'record.update', config: { values: { note: 'x' } } }] };
const msg = (config: Record<string, unknown>) => ({ ...base, nodes: [{ id: 'a', type: 'message.send', config: { channel: 'test', to: 'x@example.com', body: 'x', ...config } }] });

const cases: { rule: string; def: Rule; pointer: string; message?: RegExp }[] = [
  { rule: 'a misspelt trigger type', def: { ...base, trigger: { type: 'recrod.updatd', entity: 'contact' } }, pointer: '/trigger/type', message: /unknown trigger type "recrod.updatd"/ },
  { rule: 'an unknown node type', def: { ...base, nodes: [{ id: 'a', type: 'send.sms.now', config: {} }] }, pointer: '/nodes/0/type', message: /unknown node type/ },
  { rule: 'a bad trigger config member', def: { ...base, trigger: { type: 'record.updated', entity: 'contact', changedFeilds: ['x'] } }, pointer: '/trigger/changedFeilds' },
  { rule: 'a bad node config member', def: { ...base, nodes: [{ id: 'a', type: 'record.update', config: { valeus: {} } }] }, pointer: '/nodes/0/config/valeus' },
  { rule: 'an unknown entity', def: { ...base, trigger: { type: 'record.created', entity: 'contcat' } }, pointer: '/trigger/entity' },
  { rule: 'an unknown changed field', def: { ...base, trigger: { type: 'record.updated', entity: 'contact', changedFields: ['scroe'] } }, pointer: '/trigger/changedFields/0' },
  { rule: 'a condition on an unknown field', def: { ...base, trigger: { type: 'record.updated', entity: 'contact', condition: { scroe: { gt: 1 } } } }, pointer: '/trigger/condition/scroe' },
  { rule: 'an unknown pipeline', def: { ...base, trigger: { type: 'stage.entered', pipeline: 'salse', stage: 'won' } }, pointer: '/trigger/pipeline' },
  { rule: 'an unknown stage', def: { ...base, trigger: { type: 'stage.entered', pipeline: 'sales', stage: 'wonn' } }, pointer: '/trigger/stage' },
  { rule: 'a date trigger on a text field', def: { ...base, trigger: { type: 'date.relative', entity: 'contact', field: 'name' } }, pointer: '/trigger/field' },
  { rule: 'a bad cron pattern', def: { ...base, trigger: { type: 'cron', schedule: '61 * * * * *' } }, pointer: '/trigger/schedule' },
  { rule: 'an update of an unknown field', def: { ...base, nodes: [{ id: 'a', type: 'record.update', config: { values: { nope: 1 } } }] }, pointer: '/nodes/0/config/values/nope' },
  { rule: 'an update of a computed field', def: { ...base, trigger: { type: 'record.created', entity: 'account' }, nodes: [{ id: 'a', type: 'record.update', config: { values: { lifetime: 1 } } }] }, pointer: '/nodes/0/config/values/lifetime' },
  { rule: 'a target that is not a many-to-one path', def: { ...base, nodes: [{ id: 'a', type: 'record.update', config: { target: 'owner.team', values: { note: 'x' } } }] }, pointer: '/nodes/0/config/target' },
  { rule: 'an unknown channel', def: msg({ channel: 'pigeon' }), pointer: '/nodes/0/config/channel' },
  { rule: 'a template reading an unknown field', def: msg({ body: 'Hi {{record.nmae}}' }), pointer: '/nodes/0/config/body', message: /nmae/ },
  { rule: 'a template reading an unknown root', def: msg({ body: 'Hi {{user.name}}' }), pointer: '/nodes/0/config/body' },
  { rule: 'a template reading a later step', def: { ...base, nodes: [{ id: 'a', type: 'record.update', config: { values: { note: '{{steps.b.output.x}}' } } }, { id: 'b', type: 'record.update', config: { values: { note: 'y' } } }] }, pointer: '/nodes/0/config/values/note' },
  { rule: 'an edge to a missing node', def: { ...base, edges: [{ source: 'a', target: 'zz' }] }, pointer: '/edges/0/target' },
  { rule: 'a condition edge with another label', def: { ...base, nodes: [{ id: 'c', type: 'condition', config: { condition: { score: { gt: 1 } } } }, base.nodes[0]], edges: [{ source: 'c', target: 'a', label: 'yes' }] }, pointer: '/edges/0/label' },
  { rule: 'a cycle', def: { ...base, nodes: [base.nodes[0], { id: 'b', type: 'wait', config: { for: { n: 1, unit: 'day' } } }], edges: [{ source: 'a', target: 'b' }, { source: 'b', target: 'a' }] }, pointer: '/edges/0' },
  { rule: 'a duplicate node id', def: { ...base, nodes: [base.nodes[0], base.nodes[0]] }, pointer: '/nodes/1/id' },
  { rule: 'a wait with neither for nor until', def: { ...base, nodes: [{ id: 'w', type: 'wait', config: {} }] }, pointer: '/nodes/0/config' },
  { rule: 'a button for an unknown role', def: { ...base, trigger: { type: 'manual', entity: 'contact', button: { label: 'Go', roles: ['nobody'] } } }, pointer: '/trigger/button/roles/0' },
  { rule: 'a record node in a rule without a record', def: { ...base, trigger: { type: 'cron', schedule: '0 9 * * *' } }, pointer: '/nodes/0/config/target' },
];

describe('automation definition errors', () => {
  it.each(cases)('should refuse $rule with a pointer at it', ({ def, pointer, message }) => {
    const problems = problemsOf(def);
    expect(problems.map((p) => p.pointer)).toContain(pointer);
    if (message) expect(problems.find((p) => p.pointer === pointer)?.message).toMatch(message);
  });

  it('should accept a correct rule', () => {
    expect(problemsOf({ ...base, trigger: { type: 'stage.entered', pipeline: 'sales', stage: ['won', 'lost'] }, nodes: [{ id: 'a', type: 'record.update', config: { values: { title: '{{record.title}} ({{trigger.before.stage}})' } } }] })).toEqual([]);
  });
});

describe('generated from the registry', () => {
  it('schemas/automation.schema.json is current (run `npm run automation:generate` then `npm run types`)', () => {
    expect(readFileSync(AUTOMATION_SCHEMA_FILE, 'utf8')).toBe(generatedAutomationSchema());
  });

  it('the catalog in docs/automations.md is current (run `npm run automation:generate`)', () => {
    expect(readFileSync(AUTOMATION_DOCS, 'utf8')).toBe(generatedAutomationDocs());
  });
});
