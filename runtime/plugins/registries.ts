// A runtime's registries and hooks from its plugins: the built-ins plus what each plugin adds,
// keyed by name (a name twice is an error naming both plugins).
import { createFieldRegistry, type FieldRegistry, fieldDefinitionSchema, BUILTIN_FIELDS, type JsonSchema } from '../fields/registry.js';
import { BUILTIN_FUNCTIONS, createFormulaFunctions, type FormulaFunctions } from '../formula/index.js';
import type { BeforeDelete, BeforeValidate, BeforeWrite } from '../records/runtime.js';
import { PluginError } from './define.js';
import { createFilterOperators } from '../query/operators.js';
import type { FilterOperators } from '../query/model.js';
import type { PluginDefinition, PluginRoute } from './types.js';

export interface PluginRegistries {
  fields: FieldRegistry;
  formulaFunctions: FormulaFunctions;
  filterOperators?: FilterOperators;
  /** Generated definition schemas replacing files of schemas/ when plugins add types. */
  schemas?: Record<string, JsonSchema>;
}

function owners<T>(plugins: readonly PluginDefinition[], pick: (p: PluginDefinition) => readonly T[] | undefined, key: (t: T) => string, kind: string): T[] {
  const seen = new Map<string, string>();
  const out: T[] = [];
  for (const p of plugins) {
    for (const entry of pick(p) ?? []) {
      const k = key(entry);
      if (seen.has(k)) throw new PluginError(`${kind} "${k}" is added by both plugin "${seen.get(k)}" and plugin "${p.name}"`);
      seen.set(k, p.name);
      out.push(entry);
    }
  }
  return out;
}

export function pluginRegistries(plugins: readonly PluginDefinition[]): PluginRegistries {
  if (plugins.length === 0) return { fields: BUILTIN_FIELDS, formulaFunctions: BUILTIN_FUNCTIONS };
  const fieldTypes = owners(plugins, (p) => p.fieldTypes, (t) => t.type, 'field type');
  const functions = owners(plugins, (p) => p.formulaFunctions, (f) => f.name, 'formula function');
  const operators = owners(plugins, (p) => p.filterOperators, (o) => o.name, 'filter operator');
  let fields: FieldRegistry;
  let formulaFunctions: FormulaFunctions;
  let filterOperators: FilterOperators | undefined;
  try {
    fields = fieldTypes.length ? createFieldRegistry(fieldTypes) : BUILTIN_FIELDS;
    formulaFunctions = functions.length ? createFormulaFunctions(functions) : BUILTIN_FUNCTIONS;
    filterOperators = operators.length ? createFilterOperators(operators) : undefined;
  } catch (err) {
    throw new PluginError(`a plugin adds a name the platform already has, or a malformed entry: ${(err as Error).message}`);
  }
  return { fields, formulaFunctions, ...(filterOperators ? { filterOperators } : {}), ...(fieldTypes.length ? { schemas: { 'field.schema.json': fieldDefinitionSchema(fields) } } : {}) };
}

/** The plugins' before-hooks as the records layer's seams, in the order the app lists the plugins. */
export function pluginHooks(plugins: readonly PluginDefinition[]): { beforeValidate: BeforeValidate[]; beforeWrite: BeforeWrite[]; beforeDelete: BeforeDelete[] } {
  const beforeValidate: BeforeValidate[] = [];
  const beforeWrite: BeforeWrite[] = [];
  const beforeDelete: BeforeDelete[] = [];
  for (const p of plugins) {
    const h = p.hooks;
    if (!h) continue;
    if (h.beforeValidate) {
      const hook = h.beforeValidate;
      beforeValidate.push(({ entity, before, body, ctx }) => hook({ entity: entity.name, action: before ? 'update' : 'create', body, before, ctx }));
    }
    if (h.beforeWrite) {
      const hook = h.beforeWrite;
      beforeWrite.push(({ entity, before, data, ctx }) => hook({ entity: entity.name, action: before ? 'update' : 'create', data, before, ctx }));
    }
    if (h.beforeDelete) {
      const hook = h.beforeDelete;
      beforeDelete.push(({ entity, record, ctx }) => hook({ entity: entity.name, record, ctx }));
    }
  }
  return { beforeValidate, beforeWrite, beforeDelete };
}

/** The plugins' routes, each with the plugin whose prefix it is mounted under. */
export function pluginRouteList(plugins: readonly PluginDefinition[]): { plugin: string; route: PluginRoute }[] {
  return plugins.flatMap((p) => (p.routes ?? []).map((route) => ({ plugin: p.name, route })));
}
