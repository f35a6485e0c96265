// Automation test runtimes: the fixture app plus the rules of the test (written to a temporary app
// folder), a fake clock the engine and the schedules read, and an engine driven by drain().
import { cpSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRuntime, type LiveRuntime } from '../../runtime/index.js';
import { createEngine, type Engine, type AutomationSetup } from '../../runtime/automation/index.js';
import { asSystem, type Ctx } from '../../runtime/records/context.js';
import { createRecord, getRecord, updateRecord } from '../../runtime/records/index.js';
import { ROOT, testDbTarget } from '../helpers/testRuntime.js';

export const AUTOMATION_APP = join(ROOT, 'test', 'automation', 'fixtures', 'app');

export interface FakeClock {
  now(): Date;
  set(iso: string): void;
  advance(ms: number): void;
}

export function fakeClock(startIso = '2026-03-01T00:00:00.000Z'): FakeClock {
  let t = Date.parse(startIso);
  return { now: () => new Date(t), set: (iso) => void (t = Date.parse(iso)), advance: (ms) => void (t += ms) };
}

export type Rule = Record<string, unknown> & { name: string };

/** A copy of the fixture app with these rules (and optional extra files) in a temporary folder. */
export function appWith(rules: Rule[], extra: Record<string, unknown> = {}): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'crm-auto-'));
  cpSync(AUTOMATION_APP, dir, { recursive: true });
  mkdirSync(join(dir, 'automations'), { recursive: true });
  for (const r of rules) writeFileSync(join(dir, 'automations', `${r.name}.json`), JSON.stringify(r));
  for (const [file, json] of Object.entries(extra)) writeFileSync(join(dir, file), JSON.stringify(json));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface AutoRuntime {
  rt: LiveRuntime;
  engine: Engine;
  clock: FakeClock;
  sys: Ctx;
  create(entity: string, data: Record<string, unknown>, ctx?: Ctx): Promise<number>;
  update(entity: string, id: number, data: Record<string, unknown>, ctx?: Ctx): Promise<void>;
  get(entity: string, id: number): Promise<Record<string, unknown>>;
  runs(automation?: string): Promise<Record<string, unknown>[]>;
  steps(runId: number): Promise<Record<string, unknown>[]>;
  messages(): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

export async function automationRuntime(rules: Rule[], setup: Omit<AutomationSetup, 'clock'> & { clock?: FakeClock; extraFiles?: Record<string, unknown> } = {}): Promise<AutoRuntime> {
  const app = appWith(rules, setup.extraFiles);
  const clock = setup.clock ?? fakeClock();
  const target = testDbTarget();
  const rt = await createRuntime({ appDir: app.dir, databaseUrl: target.url, pgSchema: target.schema, automation: { ...setup, clock: clock.now } });
  const engine = createEngine({ rt, onError: (err) => { throw err; } });
  const sys = asSystem('automation test', 'api');
  const k = rt.db.knex;
  const json = (v: unknown): unknown => (typeof v === 'string' && /^[[{]/.test(v) ? JSON.parse(v) : v);
  const decode = (row: Record<string, unknown>): Record<string, unknown> => Object.fromEntries(Object.entries(row).map(([key, v]) => [key, ['event', 'actor', 'error', 'input', 'output'].includes(key) ? json(v) : v]));
  return {
    rt, engine, clock, sys,
    create: (entity, data, ctx = sys) => createRecord(rt, { entity, data, ctx }),
    update: (entity, id, data, ctx = sys) => updateRecord(rt, { entity, id, data, ctx }),
    get: (entity, id) => getRecord(rt, { entity, id, ctx: sys }),
    runs: async (automation) => ((await (automation ? k('_automation_runs').where({ automation }) : k('_automation_runs')).orderBy('id')) as Record<string, unknown>[]).map(decode),
    steps: async (runId) => ((await k('_automation_steps').where({ run_id: runId }).orderBy('id')) as Record<string, unknown>[]).map(decode),
    messages: async () => (await k('_test_messages').orderBy('id')) as Record<string, unknown>[],
    close: async () => {
      if (rt.db.dialect === 'postgres') await k.raw('DROP SCHEMA IF EXISTS ?? CASCADE', [rt.db.schema]);
      await rt.close();
      app.remove();
    },
  };
}
