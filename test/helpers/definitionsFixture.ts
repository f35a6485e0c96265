// A server with definitions at runtime over a copy of an app folder (so tests may change its
// files), authentication on, and users: an administrator, two designers and a plain user.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRuntime } from '../../runtime/index.js';
import { openDb, type Db } from '../../runtime/dialect/index.js';
import { type Definitions, openDefinitions } from '../../runtime/definitions/service.js';
import { createToken } from '../../runtime/auth/sessions.js';
import { createUser } from '../../runtime/auth/users.js';
import { MINI_APP, startTestServer, testDbTarget, type TestServer } from './testRuntime.js';

export type Designer = 'admin' | 'designer' | 'designer2' | 'user';

export interface DefinitionsFixture {
  dir: string;
  db: Db;
  defs: Definitions;
  api: TestServer;
  as(who: Designer, method: string, path: string, options?: { body?: unknown; headers?: Record<string, string>; binary?: true }): ReturnType<TestServer['request']>;
  /** Another process on the same database (SQLite in memory: the same connection). */
  secondProcess(): Promise<{ defs: Definitions; close(): Promise<void> }>;
  close(): Promise<void>;
}

export async function startDefinitionsFixture(appDir: string = MINI_APP): Promise<DefinitionsFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'crm-defs-'));
  cpSync(appDir, dir, { recursive: true });
  const target = testDbTarget();
  const db = await openDb({ url: target.url, schema: target.schema });
  const open = (on: Db): Promise<Definitions> => openDefinitions({
    appDir: dir, db: on, pollMs: 0, build: (prepared) => createRuntime({ appDir: dir, databaseUrl: target.url, db: on, prepared }),
  });
  const defs = await open(db);
  const k = db.knex;
  const known = new Set(defs.holder.current().app.access.roles.keys());
  const tokens = {} as Record<Designer, string>;
  for (const [who, roles] of [['admin', ['admin']], ['designer', ['designer']], ['designer2', ['designer']], ['user', []]] as [Designer, string[]][]) {
    const id = await createUser(k, { email: `${who}@example.com`, name: who, password: 'correct horse battery staple', roles }, known);
    tokens[who] = (await createToken(k, id, { name: 'test', scopes: ['read', 'write', 'export'] })).token;
  }
  const api = await startTestServer(defs.holder.current(), { auth: 'required', holder: defs.holder, definitions: defs });
  return {
    dir, db, defs, api,
    as: (who, method, path, opts = {}) => api.request(method, path, { ...opts, headers: { authorization: `Bearer ${tokens[who]}`, ...(opts.headers ?? {}) } }),
    async secondProcess() {
      const other = db.dialect === 'sqlite' ? db : await openDb({ url: target.url, schema: target.schema });
      const second = await open(other);
      return { defs: second, close: async () => { await second.close(); if (other !== db) await other.destroy(); } };
    },
    async close() {
      await api.close();
      await defs.close();
      if (db.dialect === 'postgres' && target.schema) await k.raw('DROP SCHEMA IF EXISTS ?? CASCADE', [target.schema]);
      await db.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
