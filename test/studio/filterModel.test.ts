// The visual filter builder writes the one filter AST: every complete condition, nothing half-typed.
import { describe, expect, it } from 'vitest';
import { loadAndCompile } from '../../runtime/index.js';
import { compileFilter } from '../../runtime/query/filter.js';
import { builderOperators, countConditions, defaultValue, type FilterNode, type Group, toAst } from '../../studio/src/views/filter/filterModel.js';
import { problemToErrorSchema } from '../../studio/src/forms/problemToErrorSchema.js';
import { sumDecimals } from '../../studio/src/views/decimal.js';
import { ROOT } from '../helpers/testRuntime.js';

const { app } = loadAndCompile(`${ROOT}/examples/sales-crm`);
const cond = (path: string, op: string, value?: unknown): FilterNode => ({ kind: 'cond', id: `${path}${op}`, path, op, value });
const group = (join: 'and' | 'or', items: FilterNode[]): Group => ({ kind: 'group', id: `g${items.length}${join}`, join, items });

describe('filter builder model', () => {
  it('should write each operator kind in the API form, and the server should accept it', () => {
    const cases: [FilterNode, unknown][] = [
      [cond('stage', 'in', ['won', 'lost']), { stage: { in: ['won', 'lost'] } }],
      [cond('stage', 'isNull'), { stage: { isNull: true } }],
      [cond('stage', 'notNull'), { stage: { isNull: false } }],
      [cond('amount', 'between', ['10', '20']), { amount: { between: ['10', '20'] } }],
      [cond('expected_close', 'inLast', { n: 30, unit: 'day' }), { expected_close: { inLast: { n: 30, unit: 'day' } } }],
      [cond('expected_close', 'thisQuarter'), { expected_close: { thisQuarter: true } }],
      [cond('owner', 'eq', { $var: 'user.id' }), { owner: { eq: { $var: 'user.id' } } }],
      [cond('owner', 'in', { $var: 'user.teamMembers' }), { owner: { in: { $var: 'user.teamMembers' } } }],
      [cond('account.grade', 'ne', 'C'), { 'account.grade': { ne: 'C' } }],
      [{ kind: 'quant', id: 'q', path: 'orders', q: 'some', group: group('and', [cond('status', 'eq', 'paid')]) }, { orders: { some: { status: { eq: 'paid' } } } }],
      [{ kind: 'quant', id: 'q', path: 'orders', q: 'none', group: group('and', []) }, { orders: { none: { id: { isNull: false } } } }],
    ];
    for (const [node, ast] of cases) {
      expect(toAst(node)).toEqual(ast);
      expect(() => compileFilter(app.model, 'deal', ast)).not.toThrow();
    }
  });

  it('should leave out half-filled conditions and flatten single-item groups', () => {
    const tree = group('and', [cond('stage', 'eq', undefined), cond('', '', undefined), cond('amount', 'between', ['1', undefined]), group('or', [cond('stage', 'eq', 'won')])]);
    expect(toAst(tree)).toEqual({ stage: { eq: 'won' } });
    expect(countConditions(tree)).toBe(1);
    expect(toAst(group('or', []))).toBeNull();
    expect(toAst(group('or', [cond('stage', 'eq', 'won'), cond('stage', 'eq', 'lost')]))).toEqual({ or: [{ stage: { eq: 'won' } }, { stage: { eq: 'lost' } }] });
  });

  it('should offer the field operators with "is not empty" split out, and no quantifiers', () => {
    expect(builderOperators({ name: 'stage', type: 'select', label: 'Stage', writable: true, operators: ['eq', 'ne', 'in', 'nin', 'isNull'] }))
      .toEqual(['eq', 'ne', 'in', 'nin', 'isNull', 'notNull']);
    expect(builderOperators({ name: 'orders', type: 'relation', label: 'Orders', writable: true, operators: ['some', 'every', 'none'] })).toEqual([]);
  });

  it('should keep what still fits when the operator changes', () => {
    expect(defaultValue('in', 'won')).toEqual(['won']);
    expect(defaultValue('eq', ['won', 'lost'])).toBe('won');
    expect(defaultValue('isNull', 'won')).toBeUndefined();
    expect(defaultValue('between', '5')).toEqual([undefined, undefined]);
  });
});

describe('422 pointers to form errors', () => {
  it('should place each error at its field and keep the rest apart', () => {
    const { errorSchema, unplaced } = problemToErrorSchema({
      type: 'about:blank', title: 'Validation failed', status: 422, code: 'VALIDATION_FAILED',
      errors: [
        { pointer: '/amount', code: 'minimum', message: 'must be >= 0' },
        { pointer: '/amount', code: 'format', message: 'not a number' },
        { pointer: '/lines/0/qty', code: 'required', message: 'required' },
        { pointer: '/a~1b', code: 'x', message: 'escaped' },
        { pointer: '', code: 'x', message: 'whole record' },
      ],
    });
    expect(errorSchema).toEqual({ amount: { __errors: ['must be >= 0', 'not a number'] }, lines: { 0: { qty: { __errors: ['required'] } } }, 'a/b': { __errors: ['escaped'] } });
    expect(unplaced).toEqual(['whole record']);
  });
});

describe('column totals', () => {
  it('should add decimal strings exactly', () => {
    expect(sumDecimals(['0.10', '0.20', null, '1000000000000.01', '-0.31'])).toBe('1000000000000.00');
    expect(sumDecimals([])).toBe('0');
    expect(sumDecimals(['5', '2.5'])).toBe('7.5');
  });
});
