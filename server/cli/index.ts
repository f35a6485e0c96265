// `crm` command line: validate, plan, apply, serve, types, seed. Logs go to stderr; results to stdout.
import { Command } from 'commander';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadApp } from '../../runtime/definition/load.js';
import { validateApp } from '../../runtime/definition/validate.js';
import { compileApp } from '../../runtime/compile/compileApp.js';
import { openDb } from '../../runtime/dialect/index.js';
import { applyMigration, describeStep, planFor } from '../../runtime/migrate/index.js';
import { generateAppTypes } from '../../runtime/appTypes.js';
import { backfillComputed } from '../../runtime/records/backfill.js';
import { allowAll } from '../../runtime/records/context.js';
import { isEmpty, loadSeedPlan, runSeed } from '../../runtime/seed.js';
import { readConfig } from '../config.js';
import { isAppError } from '../../runtime/errors/catalog.js';
import { compileAccess } from '../../runtime/auth/access.js';
import { randomPassword } from '../../runtime/auth/passwords.js';
import { createToken, TOKEN_SCOPES, type TokenScope } from '../../runtime/auth/sessions.js';
import { createUser, findUserByEmail, normalizeEmail } from '../../runtime/auth/users.js';
import { workerCommand } from './worker.js';

const out = (s: string): void => void process.stdout.write(`${s}\n`);
const err = (s: string): void => void process.stderr.write(`${s}\n`);

interface Common { app?: string; database?: string }

function compiled(opts: Common) {
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

const program = new Command('crm').description('Schema-driven CRM platform').showHelpAfterError();
const withCommon = (c: Command): Command => c
  .option('--app <dir>', 'app folder (default: $CRM_APP or examples/sales-crm)')
  .option('--database <url>', 'database URL (default: $DATABASE_URL or sqlite:./data/crm.sqlite)');

withCommon(program.command('validate').description('check an app folder; prints every problem with file and JSON pointer'))
  .action((opts: Common) => {
    const { dir, app } = compiled(opts);
    out(`ok: ${app.name} ${app.version} (${app.entities.size} entities) in ${dir}`);
  });

withCommon(program.command('plan').description('show what apply would change in the database'))
  .option('--destructive', 'include drops of columns/tables the app no longer defines')
  .option('--json', 'print the plan as JSON')
  .action(async (opts: Common & { destructive?: boolean; json?: boolean }) => {
    const { app } = compiled(opts);
    const db = await openDb({ url: opts.database ?? readConfig().databaseUrl });
    try {
      const plan = await planFor(db, app, { destructive: opts.destructive });
      if (opts.json) out(JSON.stringify(plan, null, 2));
      else {
        out(plan.steps.length ? plan.steps.map((s) => `  ${describeStep(s)}`).join('\n') : 'no changes');
        if (plan.orphans.length) out(`kept (not in the app any more; drop with --destructive):\n${plan.orphans.map((o) => `  ${o}`).join('\n')}`);
      }
    } finally {
      await db.destroy();
    }
  });

withCommon(program.command('apply').description('migrate the database to the app, in one transaction'))
  .option('--destructive', 'also drop columns/tables the app no longer defines (data is deleted)')
  .action(async (opts: Common & { destructive?: boolean }) => {
    const { app } = compiled(opts);
    const db = await openDb({ url: opts.database ?? readConfig().databaseUrl });
    try {
      const plan = await planFor(db, app, { destructive: opts.destructive });
      if (plan.steps.length === 0) {
        const recomputed = await backfillComputed(db, app, (m) => out(m));
        if (Object.keys(recomputed).length === 0) out('no changes');
        return;
      }
      const result = await applyMigration({ db, plan, destructive: opts.destructive, app: { name: app.name, version: app.version } });
      for (const s of result.applied) out(`applied: ${describeStep(s)}`);
      for (const s of result.skipped) out(`skipped: ${describeStep(s)}`);
      await backfillComputed(db, app, (m) => out(m));
    } catch (e) {
      if (isAppError(e)) {
        err(`refused: ${e.message}`);
        process.exitCode = 1;
      } else throw e;
    } finally {
      await db.destroy();
    }
  });

withCommon(program.command('types').description('print TypeScript record interfaces for the app'))
  .option('--out <file>', 'write to a file instead of stdout')
  .action(async (opts: Common & { out?: string }) => {
    const { app } = compiled(opts);
    const src = await generateAppTypes(app);
    if (opts.out) {
      writeFileSync(opts.out, src);
      err(`wrote ${opts.out}`);
    } else out(src);
  });

withCommon(program.command('seed').description('load the app\'s demo data (only into an empty database unless --force)'))
  .option('--force', 'upsert the demo rows even when the database has data')
  .action(async (opts: Common & { force?: boolean }) => {
    const { dir, app } = compiled(opts);
    const db = await openDb({ url: opts.database ?? readConfig().databaseUrl });
    try {
      const plan = await planFor(db, app);
      if (plan.steps.length) await applyMigration({ db, plan, app: { name: app.name, version: app.version } });
      const rt = { db, app, authorize: allowAll };
      if (!opts.force && !(await isEmpty(rt))) {
        err('the database already has data; use --force to upsert the demo rows anyway');
        process.exitCode = 1;
        return;
      }
      const seed = await loadSeedPlan(dir);
      if (!seed) {
        err(`no seed module in ${dir}/seed`);
        process.exitCode = 1;
        return;
      }
      const counts = await runSeed(rt, seed, { onProgress: err });
      out(JSON.stringify(counts));
    } finally {
      await db.destroy();
    }
  });

async function withRuntime<T>(opts: Common, fn: (rt: { db: Awaited<ReturnType<typeof openDb>>; app: ReturnType<typeof compiled>['app'] }) => Promise<T>): Promise<T> {
  const { app } = compiled(opts);
  const db = await openDb({ url: opts.database ?? readConfig().databaseUrl });
  try {
    const plan = await planFor(db, app);
    if (plan.steps.length) await applyMigration({ db, plan, app: { name: app.name, version: app.version } });
    return await fn({ db, app });
  } finally {
    await db.destroy();
  }
}

const user = program.command('user').description('manage platform users');
withCommon(user.command('add').description('create a user; prints the generated password (first-run administrator: --roles admin)'))
  .requiredOption('--email <email>', 'e-mail (the login)')
  .option('--name <name>', 'display name')
  .option('--roles <roles>', 'comma-separated role names', '')
  .option('--team <team>', 'team name')
  .option('--department <department>', 'department')
  .action(async (opts: Common & { email: string; name?: string; roles: string; team?: string; department?: string }) => {
    await withRuntime(opts, async ({ db, app }) => {
      const roles = opts.roles.split(',').map((r) => r.trim()).filter(Boolean);
      const known = new Set(compileAccess(app).roles.keys());
      const password = randomPassword();
      try {
        await createUser(db.knex, { email: opts.email, name: opts.name, password, roles, team: opts.team ?? null, department: opts.department ?? null }, known);
      } catch (e) {
        if (isAppError(e)) {
          err(`refused: ${e.message}${e.errors?.length ? `: ${e.errors.map((x) => `${x.pointer} ${x.message}`).join('; ')}` : ''}`);
          process.exitCode = 1;
          return;
        }
        throw e;
      }
      err(`created ${normalizeEmail(opts.email)} (roles: ${roles.join(', ') || 'none'}); the password is shown once:`);
      out(password);
    });
  });

withCommon(program.command('token').description('create an API token for a user and print only the token'))
  .requiredOption('--user <email>', 'the user the token acts as')
  .option('--scopes <scopes>', 'comma-separated: read, write, export', 'read,write,export')
  .option('--name <name>', 'a name to recognise the token by', 'cli')
  .option('--expires-in-days <days>', 'expire after this many days')
  .action(async (opts: Common & { user: string; scopes: string; name: string; expiresInDays?: string }) => {
    await withRuntime(opts, async ({ db }) => {
      const found = await findUserByEmail(db.knex, opts.user);
      if (!found || found.status !== 'active') {
        err(`no active user ${normalizeEmail(opts.user)}`);
        process.exitCode = 1;
        return;
      }
      const scopes = opts.scopes.split(',').map((s) => s.trim()).filter(Boolean);
      if (!scopes.length || !scopes.every((s) => (TOKEN_SCOPES as readonly string[]).includes(s))) {
        err(`scopes are some of ${TOKEN_SCOPES.join(', ')}`);
        process.exitCode = 1;
        return;
      }
      const days = opts.expiresInDays ? Number(opts.expiresInDays) : null;
      const { token } = await createToken(db.knex, found.id, {
        name: opts.name, scopes: scopes as TokenScope[], expiresAt: days ? new Date(Date.now() + days * 86_400_000).toISOString() : null,
      });
      out(token);
    });
  });

withCommon(program.command('serve').description('validate, migrate, seed an empty database and serve the API'))
  .action(async (opts: Common) => {
    if (opts.app) process.env.CRM_APP = opts.app;
    if (opts.database) process.env.DATABASE_URL = opts.database;
    await import('../main.js');
  });

program.addCommand(workerCommand());

await program.parseAsync(process.argv);
