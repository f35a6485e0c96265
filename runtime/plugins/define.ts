// definePlugin: checks a plugin's shape once, where it is written, so a mistake names the plugin
// and the entry instead of surfacing later as a broken registry.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../paths.js';
import type { PluginDefinition } from './types.js';

const NAME = /^[a-z][a-z0-9-]{0,62}$/;
const FUNCTION_NAME = /^[A-Z][A-Z0-9_]{0,62}$/;
const HOOKS = new Set(['beforeValidate', 'beforeWrite', 'beforeDelete', 'afterWrite', 'afterDelete']);
const METHODS = new Set(['get', 'post', 'put', 'patch', 'delete']);
const KEYS = new Set(['name', 'version', 'description', 'requires', 'fieldTypes', 'filterOperators', 'formulaFunctions', 'triggers', 'actions', 'channels', 'hooks', 'routes', 'widgets']);

export class PluginError extends Error {}

export const PLATFORM_VERSION = (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

const parts = (v: string): number[] => v.split('.').map((x) => Number.parseInt(x, 10) || 0);
const compare = (a: number[], b: number[]): number => {
  for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) - (b[i] ?? 0);
  return 0;
};

/** Whether `version` satisfies a range: `>=x.y.z`, `^x.y.z` (same major; same minor while the major is 0), or an exact version. */
export function satisfies(version: string, range: string): boolean {
  const v = parts(version);
  const m = /^(>=|\^)?\s*(\d+(?:\.\d+){0,2})$/.exec(range.trim());
  if (!m) throw new PluginError(`unsupported version range "${range}" (use >=x.y.z or ^x.y.z)`);
  const r = parts(m[2]);
  if (m[1] === '>=') return compare(v, r) >= 0;
  if (m[1] === '^') return compare(v, r) >= 0 && v[0] === r[0] && (r[0] !== 0 || v[1] === r[1]);
  return compare(v, r) === 0;
}

export function definePlugin<T extends PluginDefinition>(plugin: T): T {
  const fail = (what: string): never => {
    throw new PluginError(`plugin "${String(plugin?.name)}": ${what}`);
  };
  if (!plugin || typeof plugin !== 'object') throw new PluginError('a plugin is an object: definePlugin({ name, version, … })');
  if (typeof plugin.name !== 'string' || !NAME.test(plugin.name)) fail('"name" is lower-case letters, digits and dashes');
  if (typeof plugin.version !== 'string' || !/^\d+\.\d+\.\d+/.test(plugin.version)) fail('"version" is x.y.z');
  for (const key of Object.keys(plugin)) if (!KEYS.has(key)) fail(`unknown entry "${key}" (allowed: ${[...KEYS].join(', ')})`);
  const range = plugin.requires?.platform;
  if (range !== undefined && !satisfies(PLATFORM_VERSION, range)) fail(`needs platform ${range}, this is ${PLATFORM_VERSION}`);
  for (const t of plugin.fieldTypes ?? []) {
    if (!t || typeof t.type !== 'string' || typeof t.storage !== 'function' || typeof t.valueSchema !== 'function' || !t.settings) fail('a field type needs type, settings, storage() and valueSchema()');
  }
  for (const f of plugin.formulaFunctions ?? []) {
    if (!FUNCTION_NAME.test(f.name) || typeof f.run !== 'function' || !(f.min >= 0 && f.max >= f.min)) fail(`formula function "${f.name}" needs an UPPER_CASE name, min ≤ max and run()`);
  }
  for (const key of Object.keys(plugin.hooks ?? {})) {
    if (!HOOKS.has(key)) fail(`unknown hook "${key}" (hooks: ${[...HOOKS].join(', ')})`);
    if (typeof (plugin.hooks as Record<string, unknown>)[key] !== 'function') fail(`hook "${key}" must be a function`);
  }
  for (const r of plugin.routes ?? []) {
    if (!METHODS.has(r.method) || typeof r.path !== 'string' || !r.path.startsWith('/') || typeof r.handler !== 'function') fail(`a route needs method (${[...METHODS].join(', ')}), a path starting with "/" and handler()`);
  }
  return Object.freeze(plugin);
}
