// kill -9 of a `crm worker` process in the middle of its runs, several times, then a clean finish:
// every run's visible effects (a points increment, a test-channel message, a field update) exist
// exactly once — an effect and its step row commit together, and a dead worker's lease runs out
// so another process continues where the runs stopped. SQLite file (the process-level test; the
// PostgreSQL claim path is covered by the two-workers test in durability.test.ts).
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../runtime/dialect/index.js';
import { createRuntime } from '../../runtime/index.js';
import { asSystem } from '../../runtime/records/context.js';
import { bulkUpsert } from '../../runtime/records/index.js';
import { ROOT } from '../helpers/testRuntime.js';
import { appWith } from './helpers.js';

const TSX_LOADER = pathToFileURL(join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
const N = 240;
const DISABLED = Boolean(process.env.TEST_DATABASE_URL);

function startWorker(appDir: string, databaseUrl: string): { child: ChildProcess; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', TSX_LOADER, join(ROOT, 'server', 'cli', 'index.ts'), 'worker', '--app', appDir, '--database', databaseUrl], {
    cwd: ROOT, env: { ...process.env, CRM_AUTOMATION_LEASE_MS: '1500', CRM_AUTOMATION_BATCH: '15', CRM_AUTOMATION_POLL_MS: '100', LOG_LEVEL: 'warn' }, stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr!.on('data', () => undefined);
  return { child, exited: new Promise((done) => child.once('exit', (code) => done(code))) };
}

/** Waits (polling the database, bounded) until the condition holds. */
async function until(what: string, check: () => Promise<boolean>, timeoutMs = 120_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.skipIf(DISABLED)('kill -9 of a worker mid-run', () => {
  const app = appWith([{
    name: 'activate', trigger: { type: 'field.changed', entity: 'contact', field: 'status', to: 'active' },
    nodes: [
      { id: 'points', type: 'number.increment', config: { field: 'points', by: 1 } },
      { id: 'hello', type: 'message.send', config: { channel: 'test', to: '{{record.email}}', body: 'Welcome {{record.name}}' } },
      { id: 'mark', type: 'record.update', config: { values: { note: 'welcomed' } } },
    ],
  }]);
  const file = join(app.dir, 'crash.db');
  const url = `sqlite:${file}`;
  let db: Db;
  const count = async (sql: () => Promise<{ n: unknown }[]>): Promise<number> => Number((await sql())[0].n);

  beforeAll(async () => {
    const rt = await createRuntime({ appDir: app.dir, databaseUrl: url });
    const ctx = asSystem('crash test', 'api');
    const records = Array.from({ length: N }, (_, i) => ({ name: `C${i}`, email: `c${i}@example.com` }));
    await bulkUpsert(rt, { entity: 'contact', matchKey: ['email'], records, ctx });
    await bulkUpsert(rt, { entity: 'contact', matchKey: ['email'], records: records.map((r) => ({ ...r, status: 'active' })), ctx });
    expect(Number((await rt.db.knex('_outbox').count({ n: '*' }))[0].n)).toBe(N);
    await rt.close();
    db = await openDb({ url });
  }, 60_000);
  afterAll(async () => {
    await db?.destroy();
    app.remove();
  });

  it('every job\'s visible effects happen exactly once across three SIGKILLs and a restart', async () => {
    const succeeded = () => count(() => db.knex('_automation_runs').where({ status: 'succeeded' }).count({ n: '*' }) as Promise<{ n: unknown }[]>);
    for (const at of [20, 90, 160]) {
      const w = startWorker(app.dir, url);
      await until(`${at} runs done`, async () => (await succeeded()) >= at);
      w.child.kill('SIGKILL');
      await w.exited;
    }
    const last = startWorker(app.dir, url);
    await until('every run done', async () => (await succeeded()) === N && (await count(() => db.knex('_outbox').count({ n: '*' }) as Promise<{ n: unknown }[]>)) === 0);
    last.child.kill('SIGTERM');
    expect(await last.exited).toBe(0);

    const contacts = (await db.knex('contact').select('id', 'points', 'note')) as { id: number; points: number; note: string }[];
    expect(contacts).toHaveLength(N);
    expect(contacts.filter((c) => Number(c.points) !== 1 || c.note !== 'welcomed')).toEqual([]);
    const messages = (await db.knex('_test_messages').select('run_id')) as { run_id: number }[];
    expect(messages).toHaveLength(N);
    expect(new Set(messages.map((m) => Number(m.run_id))).size).toBe(N);
    const runs = (await db.knex('_automation_runs').select('id', 'status', 'lease_owner')) as { id: number; status: string; lease_owner: string | null }[];
    expect(runs).toHaveLength(N);
    expect(runs.every((r) => r.status === 'succeeded' && r.lease_owner === null)).toBe(true);
    const steps = (await db.knex('_automation_steps').where({ status: 'succeeded' }).select('run_id', 'node').count({ n: '*' }).groupBy('run_id', 'node')) as { n: unknown }[];
    expect(steps).toHaveLength(N * 3);
    expect(steps.every((s) => Number(s.n) === 1)).toBe(true);
    const audits = await count(() => db.knex('_audit').where({ entity: 'contact', action: 'update', via: 'automation' }).count({ n: '*' }) as Promise<{ n: unknown }[]>);
    expect(audits).toBe(N * 2);
  }, 300_000);
});
