import { describe, expect, it } from 'vitest';
import { decimalToScaled, normalizeDecimal, scaledToDecimal } from '../../runtime/decimal.js';
import { decimalFits } from '../../runtime/records/compute.js';

describe('exact decimals', () => {
  it.each([
    ['12.5', 2, '12.50'], [12.5, 2, '12.50'], ['0.005', 2, '0.01'], ['-0.005', 2, '-0.01'], ['-0.004', 2, '0.00'],
    ['007.10', 1, '7.1'], [0.1 + 0.2, 2, '0.30'], ['99999999999.995', 2, '100000000000.00'], ['1e5', 2, null], ['abc', 2, null], [Number.NaN, 2, null],
  ] as const)('normalizes %s at scale %i to %s', (input, scale, out) => {
    expect(normalizeDecimal(input, scale)).toBe(out);
  });

  it('round-trips through the SQLite scaled-integer form', () => {
    for (const v of ['0.00', '-1.25', '1234567890123.45', '0.01']) expect(scaledToDecimal(decimalToScaled(v, 2), 2)).toBe(v);
    expect(decimalToScaled('60', 0)).toBe(60);
    expect(scaledToDecimal(-5, 2)).toBe('-0.05');
  });
});

describe('stored decimals', () => {
  it('hold at most 15 significant digits, so formula and rollup results beyond are refused', () => {
    expect(decimalFits('9999999999999.99')).toBe(true);
    expect(decimalFits('-0.000001')).toBe(true);
    expect(decimalFits('99999999999999.99')).toBe(false);
    expect(decimalFits('12345678888888822661.12')).toBe(false);
  });
});
