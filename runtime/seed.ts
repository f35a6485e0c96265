// Demo data: a seed module describes rows that refer to each other by match key, never by id.
import { existsSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Knex } from 'knex';
import { encodeValue } from './dialect/index.js';
import { isPlainObject } from './json.js';
import { bulkUpsert } from './records/write.js';
import { asSystem, type Ctx } from './records/context.js';
import { normalizeEmail } from './auth/users.js';
import type { Runtime } from './records/runtime.js';
import { CODE_ROOT, PACKAGE_ROOT, RUNS_TYPESCRIPT } from './paths.js';

export interface SeedBatch { entity: string; matchKey: string[]; records: Record<string, unknown>[] }
export interface SeedUserPlan { email: string; name: string; roles?: string[]; team?: string; department?: string; managerEmail?: string }
export interface SeedPlan { users: SeedUserPlan[]; batches: SeedBatch[] }

/**
 * The app's seed module: seed/index.js, or seed/index.ts. The compiled server has no TypeScript
 * loader, so it runs the copy of an example's seed that `npm run build` put into dist/; a
 * TypeScript seed elsewhere must be compiled to seed/index.js first.
 */
export function seedModulePath(appDir: string): string | null {
  for (const name of ['seed/index.js', 'seed/index.mjs']) if (existsSync(join(appDir, name))) return join(appDir, name);
  const source = join(appDir, 'seed', 'index.ts');
  if (!existsSync(source)) return null;
  if (RUNS_TYPESCRIPT) return source;
  const inPackage = relative(PACKAGE_ROOT, appDir);
  const compiled = join(CODE_ROOT, inPackage, 'seed', 'index.js');
  if (!inPackage.startsWith('..') && !isAbsolute(inPackage) && existsSync(compiled)) return compiled;
  throw new Error(`${source} is TypeScript, which the compiled server does not load: compile it to seed/index.js (apps in examples/ are compiled by npm run build)`);
}

export async function loadSeedPlan(appDir: string): Promise<SeedPlan | null> {
  const path = seedModulePath(appDir);
  if (!path) return null;
  const mod = (await import(pathToFileURL(path).href)) as { default: () => SeedPlan | Promise<SeedPlan> };
  return mod.default();
}

/** True when no entity table holds a row: the state in which the demo seed runs. */
export async function isEmpty(rt: Runtime): Promise<boolean> {
  for (const e of rt.app.entities.values()) if (await rt.db.knex(e.table).first('id')) return false;
  return true;
}

/** Creates the plan's users that do not exist yet (without a password: see demo credentials). */
export async function upsertUsers(k: Knex, users: SeedUserPlan[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const now = new Date().toISOString();
  for (const u of users) {
    const email = normalizeEmail(u.email);
    const hit = (await k('_users').where({ email }).first('id')) as { id: number } | undefined;
    if (hit) out.set(email, Number(hit.id));
    else {
      const [row] = await k('_users').insert({
        email, name: u.name, status: 'active', roles: JSON.stringify(u.roles ?? []), team: u.team ?? null, department: u.department ?? null,
        created_at: now, updated_at: now,
      }, ['id']);
      out.set(email, Number((row as { id: number }).id ?? row));
    }
  }
  for (const u of users) {
    if (!u.managerEmail) continue;
    const manager = out.get(normalizeEmail(u.managerEmail));
    if (manager !== undefined) await k('_users').where({ id: out.get(normalizeEmail(u.email)) }).whereNull('manager').update({ manager });
  }
  return out;
}

export async function runSeed(rt: Runtime, plan: SeedPlan, options: { ctx?: Ctx; onProgress?: (msg: string) => void } = {}): Promise<Record<string, number>> {
  const ctx = options.ctx ?? asSystem('demo seed', 'seed');
  const users = await upsertUsers(rt.db.knex, plan.users);
  const lookups = new Map<string, Map<string, number>>();
  const lookup = async (entity: string, match: Record<string, unknown>): Promise<number> => {
    const fields = Object.keys(match).sort();
    const key = `${entity}|${fields.join(',')}`;
    let map = lookups.get(key);
    if (!map) {
      map = new Map();
      const e = rt.app.entities.get(entity);
      if (!e) throw new Error(`seed refers to unknown entity "${entity}"`);
      const rows = (await rt.db.knex(e.table).select('id', ...fields)) as Record<string, unknown>[];
      for (const r of rows) map.set(JSON.stringify(fields.map((f) => r[f])), Number(r.id));
      lookups.set(key, map);
    }
    const e = rt.app.entities.get(entity)!;
    const wanted = JSON.stringify(fields.map((f) => encodeValue(rt.db.dialect, e.info.fields.get(f)!.storage!, match[f])));
    const id = map.get(wanted);
    if (id === undefined) throw new Error(`seed: no ${entity} with ${wanted}`);
    return id;
  };
  const resolve = async (entity: string, value: unknown): Promise<unknown> => {
    if (Array.isArray(value)) return Promise.all(value.map((v) => resolve(entity, v)));
    if (!isPlainObject(value)) return value;
    if (typeof value.$user === 'string') {
      const id = users.get(value.$user.toLowerCase());
      if (id === undefined) throw new Error(`seed: unknown user ${value.$user}`);
      return id;
    }
    if (isPlainObject(value.$match)) return lookup(entity, value.$match);
    return value;
  };
  const counts: Record<string, number> = {};
  for (const batch of plan.batches) {
    const e = rt.app.entities.get(batch.entity);
    if (!e) throw new Error(`seed batch for unknown entity "${batch.entity}"`);
    const records: Record<string, unknown>[] = [];
    for (const rec of batch.records) {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(rec)) {
        const target = e.info.fields.get(k)?.relation?.target;
        out[k] = target && target !== '_users' ? await resolve(target, v) : await resolve(batch.entity, v);
      }
      records.push(out);
    }
    for (let i = 0; i < records.length; i += 1000) {
      await bulkUpsert(rt, { entity: batch.entity, matchKey: batch.matchKey, records: records.slice(i, i + 1000), ctx });
    }
    counts[batch.entity] = (counts[batch.entity] ?? 0) + records.length;
    for (const key of [...lookups.keys()]) if (key.startsWith(`${batch.entity}|`)) lookups.delete(key);
    options.onProgress?.(`${batch.entity}: ${records.length}`);
  }
  return counts;
}
