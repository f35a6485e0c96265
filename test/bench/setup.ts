// Shared by run.ts and layers.ts: the bench runtime on a fresh database, seeded with the
// deterministic contacts, an admin API token, and the clean-up.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { createRuntime, type LiveRuntime } from '../../runtime/index.js';
import { createToken } from '../../runtime/auth/sessions.js';
import { createUser } from '../../runtime/auth/users.js';
import { encodeValue } from '../../runtime/dialect/index.js';
import { contact } from './data.js';

export const APP_DIR = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'app');
const BATCH = 500;

export interface BenchDb {
  rt: LiveRuntime;
  /** Human-readable: which database and where. */
  where: string;
  seedMs: number;
  dispose(): Promise<void>;
}

/** A fresh database (a SQLite file in a temp dir, or a new schema of pgUrl) with `rows` contacts. */
export async function openBenchDb(rows: number, pgUrl: string): Promise<BenchDb> {
  const tempDir = pgUrl ? null : mkdtempSync(join(tmpdir(), 'crm-bench-'));
  const databaseUrl = pgUrl || `sqlite:${join(tempDir!, 'bench.db')}`;
  const pgSchema = pgUrl ? `bench_${randomBytes(5).toString('hex')}` : undefined;
  const where = pgUrl ? `PostgreSQL ${pgUrl.replace(/\/\/([^:@/]*):[^@]*@/, '//$1:***@')}, schema ${pgSchema}` : `SQLite file ${databaseUrl.slice('sqlite:'.length)}`;
  const dispose = async (rt?: LiveRuntime): Promise<void> => {
    if (rt) {
      if (pgSchema) await rt.db.knex.raw('DROP SCHEMA IF EXISTS ?? CASCADE', [pgSchema]).catch((err: unknown) => console.error(`could not drop schema ${pgSchema}:`, err));
      await rt.close();
    }
    if (tempDir) rmSync(tempDir, { recursive: true, force: true });
  };
  let rt: LiveRuntime | undefined;
  try {
    rt = await createRuntime({ appDir: APP_DIR, databaseUrl, pgSchema });
    const knex = rt.db.knex;
    const dialect = rt.db.dialect;
    const t0 = performance.now();
    // Straight into the table the runtime's migration created: one transaction, batches of 500.
    await knex.transaction(async (trx) => {
      const ts = new Date().toISOString();
      for (let start = 1; start <= rows; start += BATCH) {
        const batch = [];
        for (let i = start; i < Math.min(start + BATCH, rows + 1); i++) {
          const c = contact(i);
          batch.push({ ...c, lifetime_value: encodeValue(dialect, { kind: 'decimal', scale: 2 }, c.lifetime_value), created_at: ts, updated_at: ts, created_by: null, updated_by: null, version: 1 });
        }
        await trx('contact').insert(batch);
      }
    });
    if (rt.db.dialect === 'postgres') await knex.raw('ANALYZE ??', ['contact']);
    const seedMs = performance.now() - t0;
    const [{ n, lo, hi }] = (await knex('contact').select(knex.raw('count(*) as n, min(id) as lo, max(id) as hi'))) as { n: number | string; lo: number | string; hi: number | string }[];
    if (Number(n) !== rows || Number(lo) !== 1 || Number(hi) !== rows) throw new Error(`seeding left ${n} rows with ids ${lo}..${hi}; expected 1..${rows}`);
    const live = rt;
    return { rt: live, where, seedMs, dispose: () => dispose(live) };
  } catch (err) {
    await dispose(rt);
    throw err;
  }
}

/** An active admin user and an API token for it (read, write, export). */
export async function adminToken(rt: LiveRuntime): Promise<string> {
  const userId = await createUser(rt.db.knex, { email: 'bench@bench.example', name: 'bench', roles: ['admin'] }, new Set(['admin']));
  const { token } = await createToken(rt.db.knex, userId, { name: 'bench', scopes: ['read', 'write', 'export'] });
  return token;
}
