// A step's value map is edited as text pairs in the automation editor and stored typed for the
// fields it sets: these values must then pass the server's own check of the rule.
import { describe, expect, it } from 'vitest';
import type { EntityMeta } from '../../studio/src/api/types.js';
import { typedValue, typedValues, valuesAsText, valuesEntity } from '../../studio/src/designer/valueMap.js';

const field = (name: string, type: string, extra: Record<string, unknown> = {}) => ({ name, type, label: name, writable: true, operators: [], ...extra });
const deal = { name: 'deal', label: 'Deal', titleField: 'title', fields: [field('title', 'text'), field('probability', 'percent'), field('won', 'boolean'), field('seats', 'integer'), field('amount', 'currency'), field('tags', 'tags'), field('account', 'relation', { target: 'account', cardinality: 'many-to-one' })] } as unknown as EntityMeta;
const account = { name: 'account', label: 'Account', titleField: 'name', fields: [field('name', 'text'), field('vip', 'boolean'), field('owner', 'user')] } as unknown as EntityMeta;
const metas = new Map([['deal', deal], ['account', account]]);

describe('value maps in the automation editor', () => {
  it.each([
    ['42', 'integer', 42],
    ['-7', 'integer', -7],
    ['4.5', 'integer', '4.5'],
    ['0.25', 'percent', 0.25],
    ['3', 'rating', 3],
    ['true', 'boolean', true],
    ['false', 'boolean', false],
    ['yes', 'boolean', 'yes'],
    ['1200.50', 'currency', '1200.50'],
    ['12', 'text', '12'],
    ['{{record.id}}', 'integer', '{{record.id}}'],
    ['a, b', 'tags', ['a', 'b']],
    ['["a","b"]', 'multiselect', ['a', 'b']],
    ['{"k":1}', 'json', { k: 1 }],
    ['5', 'relation', 5],
  ])('should store %j for a %s field as %j', (text, type, want) => {
    expect(typedValue(text, type, type === 'relation' ? 'many-to-one' : undefined)).toEqual(want);
  });

  it('should show stored values as text and store the text typed again (a round trip keeps them)', () => {
    const stored = { title: 'Call {{record.title}}', seats: 3, won: false, amount: '10.00', tags: ['x'] };
    const text = valuesAsText(stored);
    expect(text).toEqual({ title: 'Call {{record.title}}', seats: '3', won: 'false', amount: '10.00', tags: '["x"]' });
    expect(typedValues(text, deal)).toEqual(stored);
  });

  it('should find the entity a step sets: record.create names it, record.update follows its target path from the trigger', () => {
    expect(valuesEntity({ entity: 'account', values: {} }, 'deal', metas)?.name).toBe('account');
    expect(valuesEntity({ values: {} }, 'deal', metas)?.name).toBe('deal');
    expect(valuesEntity({ target: 'account', values: {} }, 'deal', metas)?.name).toBe('account');
    expect(valuesEntity({ target: 'nowhere', values: {} }, 'deal', metas)).toBeUndefined();
    // a name the entity does not have stays text (the rule check names it)
    expect(typedValues({ vip: 'true', nope: '1' }, account)).toEqual({ vip: true, nope: '1' });
  });
});
