// The app of the computed-backfill tests, in a temporary folder the caller removes: deals with a
// stored formula (the expression given) and their accounts, with or without a rollup counting them.
import { writeTempApp } from '../helpers/testRuntime.js';

export function backfillApp(weighted: string, withCount: boolean): string {
  return writeTempApp({
    'app.json': { name: 'b', version: '1.0.0' },
    'entities/deal.json': { name: 'deal', fields: [
      { name: 'amount', type: 'currency' }, { name: 'probability', type: 'percent' },
      { name: 'weighted', type: 'formula', expression: weighted, resultType: 'currency' },
      { name: 'account', type: 'relation', target: 'account', cardinality: 'many-to-one' },
    ] },
    'entities/account.json': { name: 'account', fields: [
      { name: 'name', type: 'text' },
      { name: 'deals', type: 'relation', target: 'deal', cardinality: 'one-to-many', inverse: 'account' },
      ...(withCount ? [{ name: 'deal_count', type: 'rollup', relation: 'deals', aggregate: 'count' }] : []),
    ] },
  }, 'crm-backfill-');
}
