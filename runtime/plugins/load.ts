// Finding the plugins an app lists (app.json `plugins`) and loading them. A plugin named "sms" is
// the folder plugins/sms/ of the app, or of a folder in CRM_PLUGIN_PATH, or examples/plugins/sms/
// of this package, or the npm package crm-plugin-sms — the first that exists. Its index.js (or
// index.ts, which the compiled server loads from the copy `npm run build` made) default-exports
// definePlugin({...}).
import { existsSync } from 'node:fs';
import { delimiter, isAbsolute, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CODE_ROOT, PACKAGE_ROOT, RUNS_TYPESCRIPT } from '../paths.js';
import { definePlugin, PluginError } from './define.js';
import type { PluginDefinition } from './types.js';

export { PluginError } from './define.js';

/** The plugin folders searched, in order. */
export function pluginDirs(appDir: string): string[] {
  const fromEnv = (process.env.CRM_PLUGIN_PATH ?? '').split(delimiter).filter(Boolean);
  return [join(appDir, 'plugins'), ...fromEnv, join(PACKAGE_ROOT, 'examples', 'plugins')];
}

/**
 * The module to import for `<dir>/index`: index.js or index.mjs as they are; index.ts when
 * TypeScript runs, else the copy `npm run build` compiled into dist/ (code inside this package).
 */
export function moduleFile(dir: string): string | null {
  for (const name of ['index.js', 'index.mjs']) if (existsSync(join(dir, name))) return join(dir, name);
  const source = join(dir, 'index.ts');
  if (!existsSync(source)) return null;
  if (RUNS_TYPESCRIPT) return source;
  const inPackage = relative(PACKAGE_ROOT, dir);
  const compiled = join(CODE_ROOT, inPackage, 'index.js');
  if (!inPackage.startsWith('..') && !isAbsolute(inPackage) && existsSync(compiled)) return compiled;
  throw new PluginError(`${source} is TypeScript, which the compiled server does not load: compile it to index.js (plugins in examples/ are compiled by npm run build)`);
}

async function importDefault(specifier: string): Promise<unknown> {
  const mod = (await import(specifier)) as { default?: unknown };
  return mod.default ?? mod;
}

/** Loads the named plugins, checked by definePlugin; every name must resolve, once. */
export async function loadPlugins({ appDir, names }: { appDir: string; names: readonly string[] }): Promise<PluginDefinition[]> {
  const out: PluginDefinition[] = [];
  for (const name of names) {
    if (out.some((p) => p.name === name)) throw new PluginError(`plugin "${name}" is listed twice in app.json`);
    let found: unknown = undefined;
    for (const dir of pluginDirs(appDir)) {
      const file = moduleFile(join(dir, name));
      if (file) {
        try {
          found = await importDefault(pathToFileURL(file).href);
        } catch (err) {
          throw new PluginError(`plugin "${name}" (${file}) could not be loaded: ${(err as Error).message.split('\n')[0]}`);
        }
        break;
      }
    }
    if (found === undefined) {
      try {
        found = await importDefault(`crm-plugin-${name}`);
      } catch {
        throw new PluginError(`plugin "${name}" was not found (looked in ${pluginDirs(appDir).join(', ')} and for the npm package crm-plugin-${name})`);
      }
    }
    const plugin = definePlugin(found as PluginDefinition);
    if (plugin.name !== name) throw new PluginError(`the plugin found for "${name}" is named "${plugin.name}"`);
    out.push(plugin);
  }
  return out;
}
