// Stage 3: AppDefinition → frozen CompiledApp. Pure: no IO, compiled once at boot.
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsPkg from 'ajv-formats';
import type { ValidateFunction } from 'ajv';
import type { Entity, Field } from '../definition/types.generated.js';
import type { AppDefinition } from '../definition/validate.js';
import type { Storage } from '../dialect/index.js';
import { BUILTIN_FIELDS, fieldType, type FieldRegistry, type FieldType, type JsonSchema } from '../fields/registry.js';
import { BUILTIN_FUNCTIONS, type FormulaAst, type FormulaFunctions, formulaDependencies, parseFormula } from '../formula/index.js';
import { type CompiledFilter, compileFilter } from '../query/filter.js';
import type { EntityInfo, FieldInfo, FilterOperators, ModelInfo } from '../query/model.js';
import { deepFreeze } from '../json.js';
import { buildModel } from './model.js';
import { type CompiledForm, compileForm } from './compileForm.js';
import { labelText } from './labels.js';
import { isWritable, readSchema, writeSchema } from './recordSchema.js';
import { type CompiledPipeline, compilePipeline } from './compilePipeline.js';
import { type CompiledCondition, compileCondition } from './conditions.js';
import { type Access, compileAccess } from '../auth/access.js';

const addFormats = addFormatsPkg.default;

export interface CompiledFormula { field: string; ast: FormulaAst; deps: string[]; storage: Storage; resultType: string; functions: FormulaFunctions }
export interface CompiledRollup {
  field: string;
  storage: Storage;
  aggregate: 'count' | 'sum' | 'min' | 'max' | 'avg';
  child: string;
  /** child's many-to-one column pointing at this entity */
  inverseColumn: string;
  childColumn: string | null;
  filter: CompiledFilter | null;
}
export interface IncomingRelation { entity: string; field: string; column: string; onDelete: 'restrict' | 'cascade' | 'set-null' }

export interface CompiledEntity {
  name: string;
  table: string;
  label: string;
  def: Entity;
  info: EntityInfo;
  fields: readonly Field[];
  /** Fields with a column of their own, including computed ones. */
  columns: readonly FieldInfo[];
  writable: ReadonlySet<string>;
  manyToMany: readonly FieldInfo[];
  titleField: string | null;
  searchFields: readonly string[];
  matchKeys: readonly string[][];
  formulas: readonly CompiledFormula[];
  rollups: readonly CompiledRollup[];
  /** Rollups on other entities that aggregate this one (recomputed when this one changes). */
  feeds: readonly { parent: string; rollup: string; column: string }[];
  incoming: readonly IncomingRelation[];
  /** Fields that must have a value while the record matches a condition. */
  requiredWhen: readonly { field: string; when: CompiledCondition }[];
  /** Validation rules: the record must match `assert` (when it matches `when`). */
  rules: readonly { name: string; field: string; assert: CompiledCondition; when: CompiledCondition | null; message: Record<string, string> | string | null }[];
  /** Many-to-one fields marked masterDetail: writing this record needs update rights on the target. */
  masters: readonly { field: string; parent: string }[];
  /** Each field's type entry (its value behaviour: normalize, check, defaults, CSV). */
  types: ReadonlyMap<string, FieldType>;
  schemas: { create: JsonSchema; patch: JsonSchema; read: JsonSchema };
  validateCreate: ValidateFunction;
  validatePatch: ValidateFunction;
}

export interface CompiledApp {
  name: string;
  version: string;
  label: string;
  locales: readonly string[];
  defaultLocale: string;
  timezone: string;
  model: ModelInfo;
  entities: ReadonlyMap<string, CompiledEntity>;
  forms: ReadonlyMap<string, Record<string, CompiledForm>>;
  /** Pipelines by entity name, and by pipeline name. */
  pipelines: ReadonlyMap<string, readonly CompiledPipeline[]>;
  pipeline: ReadonlyMap<string, CompiledPipeline>;
  /** The field types this app was compiled with. */
  fields: FieldRegistry;
  /** The roles compiled once into record scopes and field rules (the authorize seam's answers). */
  access: Access;
  definition: AppDefinition;
}

function recordAjv(): Ajv2020 {
  // Record schemas are generated here; a json field's own schema was meta-checked by validateApp.
  const ajv = new Ajv2020({ allErrors: true, strict: false, coerceTypes: false, useDefaults: false, validateSchema: false });
  addFormats(ajv);
  return ajv;
}

function formulaOrder(entity: Entity, formulas: Map<string, CompiledFormula>): CompiledFormula[] {
  const out: CompiledFormula[] = [];
  const done = new Set<string>();
  const visit = (name: string): void => {
    if (done.has(name)) return;
    done.add(name);
    for (const d of formulas.get(name)!.deps) if (formulas.has(d)) visit(d);
    out.push(formulas.get(name)!);
  };
  for (const f of entity.fields) if (formulas.has(f.name)) visit(f.name);
  return out;
}

export interface CompileOptions {
  /** The field types of the runtime: the built-ins and what plugins add (default: the built-ins). */
  fields?: FieldRegistry;
  /** The formula functions of the runtime (default: the built-ins). */
  formulaFunctions?: FormulaFunctions;
  /** Filter operators plugins add (default: none). */
  filterOperators?: FilterOperators;
}

export function compileApp(def: AppDefinition, options: CompileOptions = {}): CompiledApp {
  const fields = options.fields ?? BUILTIN_FIELDS;
  const functions = options.formulaFunctions ?? BUILTIN_FUNCTIONS;
  const timezone = def.app.timezone ?? 'UTC';
  const model = buildModel(def.entities, timezone, fields, options.filterOperators);
  const ajv = recordAjv();
  const locales = def.app.locales ?? ['en'];
  const defaultLocale = def.app.defaultLocale ?? locales[0];
  const entities = new Map<string, CompiledEntity>();
  const feeds = new Map<string, { parent: string; rollup: string; column: string }[]>();
  const incoming = new Map<string, IncomingRelation[]>();
  for (const e of def.entities) {
    for (const f of e.fields) {
      if (f.type === 'relation' && f.cardinality === 'many-to-one') {
        const list = incoming.get(f.target) ?? [];
        list.push({ entity: e.name, field: f.name, column: f.name, onDelete: f.onDelete ?? (f.required ? 'restrict' : 'set-null') });
        incoming.set(f.target, list);
      }
    }
  }
  for (const e of def.entities) {
    const info = model.infos.get(e.name)!;
    const formulas = new Map<string, CompiledFormula>();
    const rollups: CompiledRollup[] = [];
    for (const f of e.fields) {
      const storage = fieldType(f.type, fields).storage(f);
      if (f.type === 'formula' && storage) {
        const ast = parseFormula(f.expression, functions);
        formulas.set(f.name, { field: f.name, ast, deps: formulaDependencies(ast), storage, resultType: f.resultType, functions });
      }
      if (f.type === 'rollup' && storage) {
        const rel = e.fields.find((x) => x.name === f.relation) as Extract<Field, { type: 'relation' }>;
        rollups.push({
          field: f.name, storage, aggregate: f.aggregate, child: rel.target, inverseColumn: rel.inverse!,
          childColumn: f.field ?? null,
          filter: f.filter ? compileFilter(model, rel.target, f.filter) : null,
        });
        const list = feeds.get(rel.target) ?? [];
        list.push({ parent: e.name, rollup: f.name, column: rel.inverse! });
        feeds.set(rel.target, list);
      }
    }
    const create = writeSchema(e, 'create', { locale: defaultLocale, fields });
    const patch = writeSchema(e, 'patch', { locale: defaultLocale, fields });
    const titleField = e.titleField ?? e.fields.find((f) => f.type === 'text')?.name ?? null;
    entities.set(e.name, {
      name: e.name,
      table: e.name,
      label: labelText(e.label, defaultLocale) ?? e.name,
      def: e,
      info,
      fields: e.fields,
      columns: [...info.fields.values()].filter((f) => f.column && !['id', 'created_at', 'updated_at', 'created_by', 'updated_by', 'version'].includes(f.name)),
      writable: new Set(e.fields.filter((f) => isWritable(f, fields)).map((f) => f.name)),
      manyToMany: [...info.fields.values()].filter((f) => f.relation?.cardinality === 'many-to-many'),
      titleField,
      searchFields: e.searchFields ?? (titleField ? [titleField] : []),
      matchKeys: (e.matchKeys ?? []) as string[][],
      formulas: formulaOrder(e, formulas),
      rollups,
      feeds: [],
      incoming: [],
      requiredWhen: e.fields.flatMap((f) => {
        const when = (f as { requiredWhen?: unknown }).requiredWhen;
        return when === undefined ? [] : [{ field: f.name, when: compileCondition(model, e.name, when) }];
      }),
      rules: (e.rules ?? []).map((r) => ({
        name: r.name, field: r.field, assert: compileCondition(model, e.name, r.assert), when: r.when ? compileCondition(model, e.name, r.when) : null,
        message: (r.message as Record<string, string> | string | undefined) ?? null,
      })),
      masters: e.fields.flatMap((f) => (f.type === 'relation' && f.cardinality === 'many-to-one' && f.masterDetail ? [{ field: f.name, parent: f.target }] : [])),
      types: new Map(e.fields.map((f) => [f.name, fieldType(f.type, fields)])),
      schemas: { create, patch, read: readSchema(e, defaultLocale, fields) },
      validateCreate: ajv.compile(create),
      validatePatch: ajv.compile(patch),
    });
  }
  for (const [name, ce] of entities) {
    (ce as { feeds: CompiledEntity['feeds'] }).feeds = feeds.get(name) ?? [];
    (ce as { incoming: CompiledEntity['incoming'] }).incoming = incoming.get(name) ?? [];
  }
  const pipelines = new Map<string, CompiledPipeline[]>();
  for (const p of def.pipelines) {
    const cp = compilePipeline(p, def.entities.find((x) => x.name === p.entity)!, model, defaultLocale);
    pipelines.set(p.entity, [...(pipelines.get(p.entity) ?? []), cp]);
  }
  const forms = new Map<string, Record<string, CompiledForm>>();
  for (const form of def.forms) {
    const entity = def.entities.find((x) => x.name === form.entity)!;
    forms.set(form.name, Object.fromEntries(locales.map((l) => [l, compileForm({ form, entity, locale: l, pipelines: pipelines.get(entity.name), fields })])));
  }
  const compiled: Omit<CompiledApp, 'access'> & { access?: Access } = {
    name: def.app.name,
    version: def.app.version,
    label: labelText(def.app.label, defaultLocale) ?? def.app.name,
    locales,
    defaultLocale,
    timezone,
    model,
    entities,
    forms,
    fields,
    pipelines,
    pipeline: new Map([...pipelines.values()].flat().map((p) => [p.name, p])),
    definition: def,
  };
  // Freeze the data parts; validators and compiled filters are functions and stay callable.
  deepFreeze(def);
  for (const ce of entities.values()) {
    Object.freeze(ce);
    deepFreeze(ce.schemas);
  }
  compiled.access = compileAccess(compiled as CompiledApp);
  return Object.freeze(compiled as CompiledApp);
}
