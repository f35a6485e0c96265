// Formulas are parsed into an AST and walked; nothing is ever handed to eval/Function.
import { describe, expect, it } from 'vitest';
import { evaluateFormula, FormulaError, formulaDependencies, parseFormula } from '../../runtime/formula/index.js';

const run = (expr: string, values: Record<string, string | number | boolean | null> = {}): unknown => evaluateFormula(parseFormula(expr), values);

describe('formula evaluation', () => {
  it.each([
    ['amount * probability / 100', { amount: '1000.00', probability: '60' }, 600],
    ['a + b', { a: 1, b: null }, null],
    ['a / b', { a: 1, b: 0 }, null],
    ['10 % 4', {}, 2],
    ['-a', { a: 3 }, -3],
    ['a > 1 && b', { a: 2, b: true }, true],
    ['!a || false', { a: true }, false],
    ['a ? "yes" : "no"', { a: 0 }, 'no'],
    ['IF(x >= 100, "A", IF(x >= 10, "B", "C"))', { x: 50 }, 'B'],
    ['AND(true, 1, "x")', {}, true],
    ['OR(false, 0, "")', {}, false],
    ['NOT(0)', {}, true],
    ['ROUND(2.345, 2)', {}, 2.35],
    ['ROUND(-2.5)', {}, -3],
    ['FLOOR(2.7) + CEIL(2.1) + ABS(-1)', {}, 6],
    ['MIN(3, a, 1)', { a: null }, 1],
    ['MAX(a, b)', { a: '2.50', b: '10' }, 10],
    ['COALESCE(a, b, "z")', { a: null, b: '' }, 'z'],
    ['CONCAT(first, " ", last)', { first: 'Wei', last: null }, 'Wei '],
    ['UPPER(s) + LOWER(s)', { s: 'Ab' }, 'ABab'],
    ['TRIM("  x ")', {}, 'x'],
    ['LEN("上海")', {}, 2],
    ['LEFT("abcdef", 2) + RIGHT("abcdef", 2)', {}, 'abef'],
    ['YEAR(d) * 10000 + MONTH(d) * 100 + DAY(d)', { d: '2026-11-29' }, 20261129],
    ['DAYS(b, a)', { a: '2026-01-01', b: '2026-03-01' }, 59],
    ['ADD_DAYS(d, 3)', { d: '2026-12-30' }, '2027-01-02'],
    ['ISBLANK(a) && ISBLANK(b)', { a: null, b: '' }, true],
    ['a == b', { a: '60', b: 60 }, true],
    ['a != b', { a: 'x', b: 'y' }, true],
  ] as const)('%s', (expr, values, expected) => {
    expect(run(expr, values as Record<string, string | number | boolean | null>)).toEqual(expected);
  });

  it('lists the fields a formula reads', () => {
    expect(formulaDependencies(parseFormula('IF(a > b, CONCAT(c, "x"), d)')).sort()).toEqual(['a', 'b', 'c', 'd']);
  });

  it('a field holding code is data, never evaluated again', () => {
    expect(run('CONCAT(a, "")', { a: 'constructor.constructor("return process")()' })).toBe('constructor.constructor("return process")()');
  });
});

describe('formula sandbox', () => {
  it.each([
    'a.constructor',
    'this',
    'a["constructor"]',
    'constructor.constructor("return process")()',
    '(() => 1)()',
    '[1, 2]',
    'new Date()',
    'process.exit(1)',
    'a = 1',
    'EVAL("1")',
    'IF(1)',
    '`x`',
    '/x/',
  ])('refuses %s', (expr) => {
    expect(() => parseFormula(expr)).toThrow(FormulaError);
  });
});
