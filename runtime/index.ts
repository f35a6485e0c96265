// Public surface of the runtime: load → validate → compile → migrate, and the records API.
import { loadApp, type DefinitionProblem } from './definition/load.js';
import { type AppDefinition, validateApp } from './definition/validate.js';
import { type CompiledApp, compileApp } from './compile/compileApp.js';
import { type Db, openDb } from './dialect/index.js';
import { migrate } from './migrate/index.js';
import type { Authorize } from './records/context.js';
import type { Runtime } from './records/runtime.js';
import { backfillComputed } from './records/backfill.js';
import { type Access, compileAccess } from './auth/access.js';
import { type AutomationHandle, type AutomationSetup, attachAutomation } from './automation/index.js';

export type { Runtime } from './records/runtime.js';
export { asSystem, type Ctx } from './records/context.js';
export { AppError, appError, isAppError, CATALOG } from './errors/catalog.js';

export class DefinitionInvalidError extends Error {
  constructor(readonly problems: DefinitionProblem[]) {
    super(`the app definition has ${problems.length} problem(s):\n${problems.map((p) => `  ${p.file}${p.pointer ? ` ${p.pointer}` : ''}: ${p.message}`).join('\n')}`);
  }
}

/** load + validate + compile, pure apart from reading the folder. Throws DefinitionInvalidError. */
export function loadAndCompile(appDir: string): { definition: AppDefinition; app: CompiledApp } {
  const { raw, problems } = loadApp({ dir: appDir });
  if (problems.length) throw new DefinitionInvalidError(problems);
  const result = validateApp(raw);
  if (!result.ok) throw new DefinitionInvalidError(result.problems);
  return { definition: result.app, app: compileApp(result.app) };
}

export interface CreateRuntimeOptions {
  appDir: string;
  databaseUrl: string;
  /** PostgreSQL schema (tests use a random one). */
  pgSchema?: string;
  authorize?: Authorize;
  /** Apply the non-destructive migration at start (default true). */
  migrate?: boolean;
  /** Automation registry extras, engine options and clock (tests inject a fake clock). */
  automation?: AutomationSetup;
}

export type LiveRuntime = Runtime & { access: Access; automation: AutomationHandle; close(): Promise<void>; migration: Awaited<ReturnType<typeof migrate>> | null };

export async function createRuntime(options: CreateRuntimeOptions): Promise<LiveRuntime> {
  const { app } = loadAndCompile(options.appDir);
  const db: Db = await openDb({ url: options.databaseUrl, schema: options.pgSchema });
  try {
    const migration = options.migrate === false ? null : await migrate(db, app);
    if (options.migrate !== false) await backfillComputed(db, app);
    const access = compileAccess(app);
    const automation = attachAutomation({ app, db, setup: options.automation });
    return {
      db, app, access, migration, close: () => db.destroy(),
      ...automation,
      authorize: options.authorize ?? access.authorize,
      fieldRules: access.fieldRules,
    };
  } catch (err) {
    await db.destroy();
    throw err;
  }
}

