// Public surface of the runtime: load → (plugins) → validate → compile → migrate, and the records API.
import { loadApp, type DefinitionProblem, type RawApp } from './definition/load.js';
import { type AppDefinition, validateApp } from './definition/validate.js';
import { type CompiledApp, compileApp } from './compile/compileApp.js';
import { type Db, openDb, optimize, type OpenDbOptions } from './dialect/index.js';
import { migrate } from './migrate/index.js';
import type { Authorize } from './records/context.js';
import type { Runtime } from './records/runtime.js';
import { backfillComputed } from './records/backfill.js';
import type { Access } from './auth/access.js';
import { type AutomationHandle, type AutomationSetup, attachAutomation } from './automation/index.js';
import { createAutomationRegistry, type RegistryExtras } from './automation/registry.js';
import { automationSchema } from './automation/schema.js';
import type { ChannelType, NodeType, TriggerType } from './automation/types.js';
import { loadPlugins, PluginError } from './plugins/load.js';
import { pluginHooks, pluginRegistries } from './plugins/registries.js';
import type { PluginDefinition } from './plugins/types.js';
import { filterMaxHopsSetting } from './query/budget.js';
import { ensureCredentialEpoch } from './auth/credentialCache.js';

export type { Runtime } from './records/runtime.js';
export { asSystem, type Ctx } from './records/context.js';
export { AppError, appError, isAppError, CATALOG } from './errors/catalog.js';
export { definePlugin } from './plugins/define.js';
export type { PluginDefinition } from './plugins/types.js';

export class DefinitionInvalidError extends Error {
  constructor(readonly problems: DefinitionProblem[]) {
    super(`the app definition has ${problems.length} problem(s):\n${problems.map((p) => `  ${p.file}${p.pointer ? ` ${p.pointer}` : ''}: ${p.message}`).join('\n')}`);
  }
}

export interface PreparedApp { definition: AppDefinition; app: CompiledApp; plugins: readonly PluginDefinition[] }

/** The plugin names app.json lists (its shape is checked with the rest of the app). */
function pluginNames(raw: RawApp): string[] {
  const json = raw.files.find((f) => f.kind === 'app')?.json as { plugins?: unknown } | undefined;
  return Array.isArray(json?.plugins) ? json.plugins.filter((n): n is string => typeof n === 'string') : [];
}

/** What plugins add to the automation registry (triggers, node types, channels). */
export function automationExtras(plugins: readonly PluginDefinition[]): RegistryExtras {
  return {
    triggers: plugins.flatMap((p) => (p.triggers ?? []) as TriggerType[]),
    nodes: plugins.flatMap((p) => (p.actions ?? []) as NodeType[]),
    channels: plugins.flatMap((p) => (p.channels ?? []) as ChannelType[]),
  };
}

/**
 * validate + compile with the given (already loaded) plugins: their field types, formula
 * functions, triggers, actions and channels take part in validation like built-ins.
 */
function compileRaw(raw: RawApp, plugins: readonly PluginDefinition[]): PreparedApp {
  const listed = pluginNames(raw);
  const missing = listed.filter((n) => !plugins.some((p) => p.name === n));
  if (missing.length) throw new DefinitionInvalidError(missing.map((n) => ({ file: 'app.json', pointer: `/plugins/${listed.indexOf(n)}`, code: 'plugin', message: `plugin "${n}" is not loaded (load the app with prepareApp or createRuntime)` })));
  const { fields, formulaFunctions, schemas } = pluginRegistries(plugins);
  const extras = automationExtras(plugins);
  const withAutomation = (extras.triggers?.length || extras.nodes?.length || extras.channels?.length) ? createAutomationRegistry(extras) : undefined;
  const allSchemas = withAutomation ? { ...schemas, 'automation.schema.json': automationSchema(withAutomation) } : schemas;
  const result = validateApp(raw, { fields, formulaFunctions, automation: withAutomation, schemas: allSchemas });
  if (!result.ok) throw new DefinitionInvalidError(result.problems);
  return { definition: result.app, app: compileApp(result.app, { fields, formulaFunctions }), plugins };
}

/**
 * load + validate + compile, pure apart from reading the folder, for an app whose plugins are
 * already loaded (none for most apps). Throws DefinitionInvalidError.
 */
export function loadAndCompile(appDir: string, plugins: readonly PluginDefinition[] = []): PreparedApp {
  const { raw, problems } = loadApp({ dir: appDir });
  if (problems.length) throw new DefinitionInvalidError(problems);
  return compileRaw(raw, plugins);
}

/** load + the plugins app.json lists + validate + compile. Throws DefinitionInvalidError. */
export async function prepareApp(appDir: string): Promise<PreparedApp> {
  const { raw, problems } = loadApp({ dir: appDir });
  if (problems.length) throw new DefinitionInvalidError(problems);
  return prepareRawApp(appDir, raw);
}

/** The plugins the (already loaded, perhaps overlaid) documents list + validate + compile. */
export async function prepareRawApp(appDir: string, raw: RawApp): Promise<PreparedApp> {
  const names = pluginNames(raw);
  let plugins: PluginDefinition[];
  try {
    plugins = await loadPlugins({ appDir, names });
  } catch (err) {
    if (!(err instanceof PluginError)) throw err;
    throw new DefinitionInvalidError([{ file: 'app.json', pointer: '/plugins', code: 'plugin', message: err.message }]);
  }
  return compileRaw(raw, plugins);
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
  /** Database settings beyond the URL (read pool, statement timeout); defaults from the environment. */
  dbOptions?: Omit<OpenDbOptions, 'url' | 'schema'>;
  /** Relation hops one filter may chain (default CRM_FILTER_MAX_HOPS, else 3). */
  filterMaxHops?: number;
  /** Recomputing stored formulas/rollups after a definition change: before createRuntime returns
   *  ('wait', the default), or after, while the runtime serves ('background'; see `backfill`). */
  backfill?: 'wait' | 'background';
  /** Progress lines of that recompute. */
  onBackfillProgress?: (msg: string) => void;
  /** An app already prepared (e.g. the folder with the studio's overlay) instead of reading appDir. */
  prepared?: PreparedApp;
  /** A database the caller owns and keeps open (a runtime swapped for another shares it). */
  db?: Db;
}

export type LiveRuntime = Runtime & {
  access: Access;
  automation: AutomationHandle;
  plugins: readonly PluginDefinition[];
  close(): Promise<void>;
  migration: Awaited<ReturnType<typeof migrate>> | null;
  /** Settles when the recompute of stored formulas/rollups is over: rows rewritten per entity. */
  backfill: Promise<Record<string, number>>;
};

/** Tables a migration created or indexed: PostgreSQL analyzes them at once (autovacuum would, later). */
function migratedTables(migration: Awaited<ReturnType<typeof migrate>> | null): string[] {
  const steps = (migration?.applied ?? []) as { op: string; table?: string }[];
  return [...new Set(steps.filter((s) => (s.op === 'createTable' || s.op === 'createIndex' || s.op === 'addColumn') && s.table).map((s) => s.table!))];
}

const OPTIMIZE_EVERY_MS = 3 * 3600_000;

/** Planner statistics stay fresh while the server runs (SQLite's recommendation: every few hours). */
function optimizePeriodically(db: Db): () => void {
  if (db.dialect !== 'sqlite') return () => undefined;
  const timer = setInterval(() => void optimize(db).catch(() => undefined), OPTIMIZE_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}

/** The automation registry extras: what the plugins add, then what the caller gives. */
function mergedExtras(plugins: readonly PluginDefinition[], given: RegistryExtras = {}): RegistryExtras {
  const fromPlugins = automationExtras(plugins);
  return {
    ...given,
    triggers: [...(fromPlugins.triggers ?? []), ...(given.triggers ?? [])],
    nodes: [...(fromPlugins.nodes ?? []), ...(given.nodes ?? [])],
    channels: [...(fromPlugins.channels ?? []), ...(given.channels ?? [])],
  };
}

export async function createRuntime(options: CreateRuntimeOptions): Promise<LiveRuntime> {
  const { app, plugins } = options.prepared ?? await prepareApp(options.appDir);
  const readBudget = { filterMaxHops: filterMaxHopsSetting(options.filterMaxHops) };
  const ownsDb = !options.db;
  const db: Db = options.db ?? await openDb({ ...options.dbOptions, url: options.databaseUrl, schema: options.pgSchema });
  try {
    const migration = options.migrate === false ? null : await migrate(db, app);
    let backfill: Promise<Record<string, number>> = Promise.resolve({});
    let closing = false;
    if (options.migrate !== false) {
      await ensureCredentialEpoch(db);
      await optimize(db, migratedTables(migration));
      const run = (): Promise<Record<string, number>> => backfillComputed(db, app, { onProgress: options.onBackfillProgress, isCancelled: () => closing });
      if (options.backfill === 'background') {
        backfill = new Promise((resolve) => setImmediate(resolve)).then(run);
        // A failure is logged by the caller through `backfill`; it must not become an unhandled rejection.
        backfill.catch(() => undefined);
      } else backfill = Promise.resolve(await run());
    }
    const access = app.access;
    const automation = attachAutomation({ app, db, setup: { ...options.automation, extras: mergedExtras(plugins, options.automation?.extras) } });
    const stopOptimizing = optimizePeriodically(db);
    return {
      db, app, access, migration, backfill, plugins,
      ...automation,
      ...pluginHooks(plugins),
      close: async () => {
        closing = true;
        stopOptimizing();
        await backfill.catch(() => undefined);
        if (ownsDb) await db.destroy();
      },
      authorize: options.authorize ?? access.authorize, readBudget,
      fieldRules: access.fieldRules,
    };
  } catch (err) {
    if (ownsDb) await db.destroy();
    throw err;
  }
}
