import { describe, expect, it } from 'vitest';
import { decimalToScaled, normalizeDecimal, scaledToDecimal } from '../../runtime/decimal.js';

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
