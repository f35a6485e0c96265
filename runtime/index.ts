// Public surface of the runtime: load → (plugins) → validate → compile → migrate, and the records API.
import { loadApp, type DefinitionProblem, type RawApp } from './definition/load.js';
import { type AppDefinition, validateApp } from './definition/validate.js';
import { type CompiledApp, compileApp } from './compile/compileApp.js';
import { type Db, openDb } from './dialect/index.js';
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
}

export type LiveRuntime = Runtime & {
  access: Access; automation: AutomationHandle; plugins: readonly PluginDefinition[]; close(): Promise<void>; migration: Awaited<ReturnType<typeof migrate>> | null;
};

export async function createRuntime(options: CreateRuntimeOptions): Promise<LiveRuntime> {
  const { app, plugins } = await prepareApp(options.appDir);
  const db: Db = await openDb({ url: options.databaseUrl, schema: options.pgSchema });
  try {
    const migration = options.migrate === false ? null : await migrate(db, app);
    if (options.migrate !== false) await backfillComputed(db, app);
    const access = app.access;
    const fromPlugins = automationExtras(plugins);
    const given = options.automation?.extras ?? {};
    const extras: RegistryExtras = {
      ...given,
      triggers: [...(fromPlugins.triggers ?? []), ...(given.triggers ?? [])],
      nodes: [...(fromPlugins.nodes ?? []), ...(given.nodes ?? [])],
      channels: [...(fromPlugins.channels ?? []), ...(given.channels ?? [])],
    };
    const automation = attachAutomation({ app, db, setup: { ...options.automation, extras } });
    const hooks = pluginHooks(plugins);
    return {
      db, app, access, migration, plugins, close: () => db.destroy(),
      ...automation,
      ...hooks,
      authorize: options.authorize ?? access.authorize,
      fieldRules: access.fieldRules,
    };
  } catch (err) {
    await db.destroy();
    throw err;
  }
}
