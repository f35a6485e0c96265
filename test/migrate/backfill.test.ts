// Stored formulas and rollups follow their definitions: changing an expression or adding a rollup
// recomputes existing rows once.
import { describe, expect, it } from 'vitest';
import { loadAndCompile } from '../../runtime/index.js';
import { migrate } from '../../runtime/migrate/index.js';
import { backfillComputed } from '../../runtime/records/backfill.js';
import { createRecord, getRecord } from '../../runtime/records/index.js';
import { allowAll, asSystem } from '../../runtime/records/context.js';
import { openTestDb } from '../helpers/testRuntime.js';
import { backfillApp } from './backfillApp.js';

describe('computed backfill', () => {
  it('recomputes existing rows when a formula changes or a rollup is added, once', async () => {
    const db = await openTestDb();
    try {
      const ctx = asSystem('test');
      const v1 = loadAndCompile(backfillApp('amount * probability / 100', false)).app;
      await migrate(db, v1);
      await backfillComputed(db, v1);
      const rt1 = { db, app: v1, authorize: allowAll };
      const a = await createRecord(rt1, { entity: 'account', data: { name: 'A' }, ctx });
      const d = await createRecord(rt1, { entity: 'deal', data: { amount: '200.00', probability: '50', account: a }, ctx });
      expect((await getRecord(rt1, { entity: 'deal', id: d, ctx })).weighted).toBe('100.00');

      const v2 = loadAndCompile(backfillApp('amount * probability / 100 * 2', true)).app;
      await migrate(db, v2);
      expect(await backfillComputed(db, v2)).toEqual({ account: 1, deal: 1 });
      const rt2 = { db, app: v2, authorize: allowAll };
      expect((await getRecord(rt2, { entity: 'deal', id: d, ctx })).weighted).toBe('200.00');
      expect((await getRecord(rt2, { entity: 'account', id: a, ctx })).deal_count).toBe(1);
      expect(await backfillComputed(db, v2)).toEqual({});
    } finally {
      await db.cleanup();
    }
  });
});
