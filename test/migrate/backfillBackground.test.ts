// A formula/rollup definition change on a large table: the server starts serving at once and the
// recompute runs beside it in batches, with progress lines; writes served meanwhile are never
// overwritten with stale values; a stop mid-way leaves the work for the next start.
import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createRuntime, type LiveRuntime } from '../../runtime/index.js';
import { updateRecord, getRecord } from '../../runtime/records/index.js';
import { asSystem } from '../../runtime/records/context.js';
import { encodeValue } from '../../runtime/dialect/index.js';
import { PG_URL } from '../helpers/testRuntime.js';
import { backfillApp } from './backfillApp.js';

const ROWS = 3_000;
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function appDir(weighted: string, withCount = true): string {
  const dir = backfillApp(weighted, withCount);
  dirs.push(dir);
  return dir;
}

/** One database (a SQLite file or a PostgreSQL schema) that several runtimes open in turn. */
function database(): { url: string; pgSchema?: string; drop(rt: LiveRuntime): Promise<void> } {
  if (PG_URL) {
    const pgSchema = `t_${randomBytes(6).toString('hex')}`;
    return { url: PG_URL, pgSchema, drop: async (rt) => void (await rt.db.knex.raw('DROP SCHEMA IF EXISTS ?? CASCADE', [pgSchema])) };
  }
  const dir = mkdtempSync(join(tmpdir(), 'crm-backfill-db-'));
  dirs.push(dir);
  return { url: `sqlite:${join(dir, 'db.sqlite')}`, drop: async () => undefined };
}

/** Version 1 of the app with ROWS deals at amount 100, probability 50, over 10 accounts. */
async function seeded(target: ReturnType<typeof database>): Promise<void> {
  const rt = await createRuntime({ appDir: appDir('amount * probability / 100', false), databaseUrl: target.url, pgSchema: target.pgSchema });
  const ts = new Date().toISOString();
  const sys = { created_at: ts, updated_at: ts, version: 1 };
  const deal = rt.app.entities.get('deal')!;
  const enc = (field: string, v: string): unknown => encodeValue(rt.db.dialect, deal.info.fields.get(field)!.storage!, v);
  await rt.db.knex.batchInsert('account', Array.from({ length: 10 }, (_, i) => ({ name: `a${i}`, ...sys })), 100);
  const accounts = ((await rt.db.knex('account').select('id')) as { id: number }[]).map((r) => Number(r.id));
  await rt.db.knex.batchInsert('deal', Array.from({ length: ROWS }, (_, i) => ({
    amount: enc('amount', '100'), probability: enc('probability', '50'), weighted: enc('weighted', '50'), account: accounts[i % 10], ...sys,
  })), 500);
  await rt.close();
}

describe('recomputing stored values in the background', () => {
  it('should serve while it runs, report progress, and keep writes made meanwhile', async () => {
    const target = database();
    await seeded(target);
    const lines: string[] = [];
    const rt = await createRuntime({ appDir: appDir('amount * probability / 100 * 2'), databaseUrl: target.url, pgSchema: target.pgSchema, backfill: 'background', onBackfillProgress: (m) => lines.push(m) });
    try {
      const ctx = asSystem('test');
      const last = Number(((await rt.db.knex('deal').max({ m: 'id' })) as { m: number }[])[0].m);
      // Served before the recompute reaches this row (it walks by id from the start).
      await updateRecord(rt, { entity: 'deal', id: last, data: { amount: '10.00' }, ctx });
      expect((await getRecord(rt, { entity: 'deal', id: last, ctx })).weighted).toBe('10.00');
      const done = await rt.backfill;
      expect(done.deal).toBe(ROWS - 1);
      expect((await getRecord(rt, { entity: 'deal', id: last, ctx })).weighted).toBe('10.00');
      expect((await getRecord(rt, { entity: 'deal', id: last - 1, ctx })).weighted).toBe('100.00');
      const account = ((await rt.db.knex('account').first('id')) as { id: number }).id;
      expect((await getRecord(rt, { entity: 'account', id: Number(account), ctx })).deal_count).toBe(ROWS / 10);
      expect(lines.some((l) => /deal: \d+ of 3000 rows \(\d+ %\)/.test(l))).toBe(true);
      expect(lines.at(-1)).toMatch(/^recomputed (deal|account): \d+ of \d+ rows changed/);
    } finally {
      await target.drop(rt);
      await rt.close();
    }
  }, 120_000);

  it('should stop at close and start over on the next start', async () => {
    const target = database();
    await seeded(target);
    const app = appDir('amount * probability / 100 * 3');
    const first = await createRuntime({ appDir: app, databaseUrl: target.url, pgSchema: target.pgSchema, backfill: 'background' });
    await first.close();
    expect(await first.backfill).not.toHaveProperty('deal');
    const again = await createRuntime({ appDir: app, databaseUrl: target.url, pgSchema: target.pgSchema });
    try {
      expect(await again.backfill).toHaveProperty('deal');
      const ctx = asSystem('test');
      const id = Number(((await again.db.knex('deal').min({ m: 'id' })) as { m: number }[])[0].m);
      expect((await getRecord(again, { entity: 'deal', id, ctx })).weighted).toBe('150.00');
    } finally {
      await target.drop(again);
      await again.close();
    }
  }, 120_000);
});
