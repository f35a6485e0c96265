// The studio's live form rules (visibleWhen / requiredWhen) must agree with the server's
// in-memory predicate of the same filter on the same values (architecture §3: one condition language).
import { describe, expect, it } from 'vitest';
import { loadAndCompile } from '../../runtime/index.js';
import { compileFilter } from '../../runtime/query/filter.js';
import { evaluateRule } from '../../studio/src/forms/visibility.js';
import { ROOT } from '../helpers/testRuntime.js';

const { app } = loadAndCompile(`${ROOT}/examples/sales-crm`);

const RULES: unknown[] = [
  { stage: { eq: 'lost' } },
  { stage: { ne: 'lost' } },
  { stage: { in: ['won', 'lost'] } },
  { stage: { nin: ['won', 'lost'] } },
  { stage: { isNull: true } },
  { stage: { isNull: false } },
  { amount: { gt: '1000' } },
  { amount: { gte: '1000.00' } },
  { amount: { lt: '1000' } },
  { amount: { between: ['500', '5000'] } },
  { probability: { lte: '50' } },
  { title: { contains: 'erp' } },
  { title: { startsWith: 'ERP' } },
  { title: { endsWith: 'rollout' } },
  { expected_close: { gte: '2026-06-01' } },
  { or: [{ stage: { eq: 'won' } }, { amount: { gte: '5000' } }] },
  { and: [{ stage: { ne: 'new' } }, { not: { title: { contains: 'pilot' } } }] },
  { stage: { eq: 'new' }, amount: { gt: '0' } },
  { owner: { eq: { $var: 'user.id' } } },
  { owner: { ne: { $var: 'user.id' } } },
];

const VALUES: Record<string, unknown>[] = [
  {},
  { stage: 'lost', amount: '1000.00', probability: '0', title: 'ERP rollout', expected_close: '2026-06-01', owner: 7 },
  { stage: 'won', amount: '6000.50', probability: '100', title: 'erp pilot', expected_close: '2027-01-15', owner: 8 },
  { stage: 'new', amount: '0.00', probability: '10', title: 'Cloud migration', owner: null },
  { stage: 'negotiation', amount: '999.99', probability: '75', title: 'Security ROLLOUT' },
  { stage: null, amount: null, title: '' },
];

describe('form rules in the browser', () => {
  it('should give the same answer as the server predicate for every rule and value set', () => {
    const user = { id: 7 };
    for (const rule of RULES) {
      const server = compileFilter(app.model, 'deal', rule);
      for (const values of VALUES) {
        const expected = server.test({ id: 1, version: 1, ...values }, { user, now: new Date('2026-05-01T00:00:00Z') });
        expect(evaluateRule(rule, values, { userId: 7 }), `${JSON.stringify(rule)} on ${JSON.stringify(values)}`).toBe(expected);
      }
    }
  });

  it('should treat parts the form can not decide (relation paths, date-relative operators) as satisfied', () => {
    expect(evaluateRule({ 'account.grade': { eq: 'A' } }, {})).toBe(true);
    expect(evaluateRule({ expected_close: { thisMonth: true } }, {})).toBe(true);
    expect(evaluateRule({ and: [{ 'account.grade': { eq: 'A' } }, { stage: { eq: 'won' } }] }, { stage: 'new' })).toBe(false);
  });
});
