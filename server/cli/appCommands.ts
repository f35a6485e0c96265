// crm commands that need the app compiled: validate, plan, apply, types, seed, user add.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadApp } from '../../runtime/definition/load.js';
import { validateApp } from '../../runtime/definition/validate.js';
import { compileApp, type CompiledApp } from '../../runtime/compile/compileApp.js';
import { type Db, openDb } from '../../runtime/dialect/index.js';
import { applyMigration, describeStep, planFor } from '../../runtime/migrate/index.js';
import { backfillComputed } from '../../runtime/records/backfill.js';
import { allowAll } from '../../runtime/records/context.js';
import { isEmpty, loadSeedPlan, runSeed } from '../../runtime/seed.js';
import { isAppError } from '../../runtime/errors/catalog.js';
import { randomPassword } from '../../runtime/auth/passwords.js';
import { createUser, normalizeEmail } from '../../runtime/auth/users.js';
import { readConfig } from '../config.js';
import { announce, type Common, databaseOf, err, out } from './common.js';

function compiled(opts: Common): { dir: string; app: CompiledApp } {
  const dir = resolve(opts.app ?? readConfig().appDir);
  const { raw, problems } = loadApp({ dir });
  const result = problems.length ? { ok: false as const, problems } : validateApp(raw);
  if (!result.ok) {
    for (const p of result.problems) err(`${p.file}${p.pointer ? ` ${p.pointer}` : ''}: ${p.message} [${p.code}]`);
    err(`${result.problems.length} problem(s) in ${dir}`);
    process.exit(1);
  }
  return { dir, app: compileApp(result.app) };
}

async function withDb<T>(url: string, fn: (db: Db) => Promise<T>): Promise<T> {
  const db = await openDb({ url });
  try {
    return await fn(db);
  } finally {
    await db.destroy();
  }
}

/** A plan of the folder alone does not include the studio's applied edits: say so. */
async function noteOverlay(db: Db): Promise<void> {
  const { hasTables, latestRevisionId } = await import('../../runtime/definitions/store.js');
  const revision = (await hasTables(db.knex)) ? await latestRevisionId(db.knex) : 0;
  if (revision > 0) err(`note: this database has studio edits (definitions revision ${revision}) that this folder does not include; \`crm export <dir>\` writes the effective app`);
}

/** Brings the database up to the app (non-destructive part) before a command writes records or users. */
async function migrated(db: Db, app: CompiledApp): Promise<void> {
  const plan = await planFor(db, app);
  if (plan.steps.length) await applyMigration({ db, plan, app: { name: app.name, version: app.version } });
}

export function validate(opts: Common): void {
  const { dir, app } = compiled(opts);
  out(`ok: ${app.name} ${app.version} (${app.entities.size} entities) in ${dir}`);
}

export async function plan(opts: Common & { destructive?: boolean; json?: boolean }): Promise<void> {
  const { app } = compiled(opts);
  const url = databaseOf(opts);
  announce('planning against', url);
  await withDb(url, async (db) => {
    await noteOverlay(db);
    const p = await planFor(db, app, { destructive: opts.destructive });
    if (opts.json) return out(JSON.stringify(p, null, 2));
    out(p.steps.length ? p.steps.map((s) => `  ${describeStep(s)}`).join('\n') : 'no changes');
    if (p.orphans.length) out(`kept (not in the app any more; drop with --destructive):\n${p.orphans.map((o) => `  ${o}`).join('\n')}`);
  });
}

export async function apply(opts: Common & { destructive?: boolean }): Promise<void> {
  const { app } = compiled(opts);
  const url = databaseOf(opts);
  announce('migrating', url);
  await withDb(url, async (db) => {
    await noteOverlay(db);
    try {
      const p = await planFor(db, app, { destructive: opts.destructive });
      if (p.steps.length === 0) {
        const recomputed = await backfillComputed(db, app, (m) => out(m));
        if (Object.keys(recomputed).length === 0) out('no changes');
        return;
      }
      const result = await applyMigration({ db, plan: p, destructive: opts.destructive, app: { name: app.name, version: app.version } });
      for (const s of result.applied) out(`applied: ${describeStep(s)}`);
      for (const s of result.skipped) out(`skipped: ${describeStep(s)}`);
      await backfillComputed(db, app, (m) => out(m));
    } catch (e) {
      if (!isAppError(e)) throw e;
      err(`refused: ${e.message}`);
      process.exitCode = 1;
    }
  });
}

export async function types(opts: Common & { out?: string }): Promise<void> {
  const { app } = compiled(opts);
  // json-schema-to-typescript (with prettier) is large: loaded only for this command.
  const { generateAppTypes } = await import('../../runtime/appTypes.js');
  const src = await generateAppTypes(app);
  if (!opts.out) return out(src);
  writeFileSync(opts.out, src);
  err(`wrote ${opts.out}`);
}

export async function seed(opts: Common & { force?: boolean }): Promise<void> {
  const { dir, app } = compiled(opts);
  const url = databaseOf(opts);
  announce('seeding', url);
  await withDb(url, async (db) => {
    await migrated(db, app);
    const rt = { db, app, authorize: allowAll };
    if (!opts.force && !(await isEmpty(rt))) {
      err('the database already has data; use --force to upsert the demo rows anyway');
      process.exitCode = 1;
      return;
    }
    const plan = await loadSeedPlan(dir);
    if (!plan) {
      err(`no seed module in ${dir}/seed`);
      process.exitCode = 1;
      return;
    }
    out(JSON.stringify(await runSeed(rt, plan, { onProgress: err })));
  });
}

export async function userAdd(opts: Common & { email: string; name?: string; roles: string; team?: string; department?: string }): Promise<void> {
  const { app } = compiled(opts);
  const url = databaseOf(opts);
  announce('adding the user to', url);
  await withDb(url, async (db) => {
    await migrated(db, app);
    const roles = opts.roles.split(',').map((r) => r.trim()).filter(Boolean);
    const known = new Set(app.access.roles.keys());
    const password = randomPassword();
    try {
      await createUser(db.knex, { email: opts.email, name: opts.name, password, roles, team: opts.team ?? null, department: opts.department ?? null }, known);
    } catch (e) {
      if (!isAppError(e)) throw e;
      err(`refused: ${e.message}${e.errors?.length ? `: ${e.errors.map((x) => `${x.pointer} ${x.message}`).join('; ')}` : ''}`);
      process.exitCode = 1;
      return;
    }
    err(`created ${normalizeEmail(opts.email)} (roles: ${roles.join(', ') || 'none'}); the password is shown once:`);
    out(password);
  });
}

/** The effective app (the folder plus the studio's applied overlay), or the overlay alone, as files. */
export async function exportCommand(target: string, opts: Common & { overlayOnly?: boolean }): Promise<void> {
  const dir = resolve(opts.app ?? readConfig().appDir);
  const url = databaseOf(opts);
  announce('exporting the definitions of', url);
  const { exportApp } = await import('../../runtime/definitions/export.js');
  const { currentOverlay, hasTables } = await import('../../runtime/definitions/store.js');
  await withDb(url, async (db) => {
    const { revision, overlay } = (await hasTables(db.knex)) ? await currentOverlay(db.knex) : { revision: 0, overlay: [] };
    const result = exportApp({ appDir: dir, overlay, out: resolve(target), overlayOnly: opts.overlayOnly });
    for (const f of result.written) out(f);
    for (const f of result.removed) err(`removed by the overlay (no file written): ${f}`);
    err(`exported revision ${revision} (${result.written.length} files) to ${resolve(target)}`);
  });
}

