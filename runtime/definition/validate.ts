// Stage 2: raw JSON → typed AppDefinition, or every problem at once (file + JSON pointer + message).
// Shape comes from ajv against schemas/; meaning from the cross-reference checks below.
import type { App, Automation, Dashboard, Entity, Field, Form, Pipeline, Role, View } from './types.generated.js';
import { ajvProblems, schemaValidator } from './ajv.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsPkg from 'ajv-formats';
import type { ValidateFunction } from 'ajv';
import type { DefinitionProblem, RawApp } from './load.js';
import { BUILTIN_FIELDS, type FieldRegistry, type JsonSchema } from '../fields/registry.js';
import { FormulaError, type FormulaFunctions, formulaDependencies, parseFormula } from '../formula/index.js';
import { buildModel, joinTableName } from '../compile/model.js';
import { checkFilter } from '../query/filter.js';
import { type FilterOperators, SYSTEM_FIELDS } from '../query/model.js';
import { pointerSegment } from '../errors/catalog.js';
import { checkAutomations } from '../automation/compile.js';
import { createAutomationRegistry } from '../automation/registry.js';
import type { AutomationRegistry } from '../automation/types.js';

export interface AppDefinition {
  dir: string;
  app: App;
  entities: Entity[];
  forms: Form[];
  views: View[];
  pipelines: Pipeline[];
  automations: Automation[];
  dashboards: Dashboard[];
  roles: Role[];
  /** "entity:deal" → "entities/deal.json" */
  files: Record<string, string>;
}

export type ValidateResult = { ok: true; app: AppDefinition } | { ok: false; problems: DefinitionProblem[] };

const NUMERIC_STORAGE = new Set(['integer', 'bigint', 'real', 'decimal']);

export interface ValidateOptions {
  /** The field types the app may use: the built-ins and its plugins' (default: the built-ins). */
  fields?: FieldRegistry;
  /** The formula functions (default: the built-ins). */
  formulaFunctions?: FormulaFunctions;
  /** Filter operators plugins add (default: none). */
  filterOperators?: FilterOperators;
  /** The automation triggers, nodes and channels (default: the built-ins). */
  automation?: AutomationRegistry;
  /** Generated definition schemas that replace the files in schemas/ (a registry's field or automation schema). */
  schemas?: Readonly<Record<string, JsonSchema>>;
}

export function validateApp(raw: RawApp, options: ValidateOptions = {}): ValidateResult {
  const fields = options.fields ?? BUILTIN_FIELDS;
  const problems: DefinitionProblem[] = [];
  const def: AppDefinition = { dir: raw.dir, app: { name: 'app', version: '0.0.0' }, entities: [], forms: [], views: [], pipelines: [], automations: [], dashboards: [], roles: [], files: {} };
  let hasApp = false;
  for (const f of raw.files) {
    const validate = schemaValidator(f.kind, options.schemas);
    if (!validate(f.json)) {
      for (const p of ajvProblems(validate.errors)) problems.push({ file: f.file, ...p });
      continue;
    }
    const name = (f.json as { name: string }).name;
    const key = `${f.kind}:${name}`;
    if (f.kind === 'app') {
      def.app = f.json as App;
      hasApp = true;
    } else if (def.files[key]) {
      problems.push({ file: f.file, pointer: '/name', code: 'duplicate', message: `${f.kind} "${name}" is already defined in ${def.files[key]}` });
      continue;
    } else {
      ({ entity: def.entities, form: def.forms, view: def.views, pipeline: def.pipelines, automation: def.automations, dashboard: def.dashboards, role: def.roles } as Record<string, unknown[]>)[f.kind].push(f.json);
    }
    def.files[key] = f.file;
  }
  if (!hasApp && !problems.some((p) => p.file === 'app.json')) problems.push({ file: 'app.json', pointer: '', code: 'missing', message: 'app.json is missing' });
  if (problems.length > 0) return { ok: false, problems };

  checkEntities(def, problems, fields);
  if (problems.length === 0) checkFiltersAndFormulas(def, problems, fields, options.formulaFunctions, options.filterOperators);
  if (problems.length === 0) checkOtherDefinitions(def, problems, fields, options.automation, options.filterOperators);
  if (def.app.timezone) {
    try {
      new Intl.DateTimeFormat('en', { timeZone: def.app.timezone });
    } catch {
      problems.push({ file: 'app.json', pointer: '/timezone', code: 'timezone', message: `unknown time zone "${def.app.timezone}"` });
    }
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, app: def };
}

function checkEntities(def: AppDefinition, problems: DefinitionProblem[], fields: FieldRegistry): void {
  const byName = new Map(def.entities.map((e) => [e.name, e]));
  const tableNames = new Set(def.entities.map((e) => e.name));
  for (const e of def.entities) {
    const file = def.files[`entity:${e.name}`];
    const add = (pointer: string, code: string, message: string): void => void problems.push({ file, pointer, code, message });
    const names = new Map<string, number>();
    e.fields.forEach((f, i) => {
      const at = `/fields/${i}`;
      if ((SYSTEM_FIELDS as readonly string[]).includes(f.name)) add(`${at}/name`, 'reserved', `"${f.name}" is a system field name`);
      if (names.has(f.name)) add(`${at}/name`, 'duplicate', `field "${f.name}" is already defined at /fields/${names.get(f.name)}`);
      names.set(f.name, i);
      const type = fields.get(f.type);
      if (!type) return add(`${at}/type`, 'unknown_type', `unknown field type "${f.type}"`);
      if (type.unavailable) add(`${at}/type`, 'unavailable_type', type.unavailable);
      type.checkDefinition?.(f, (pointer, code, message) => add(`${at}${pointer}`, code, message));
      if (f.renamedFrom && e.fields.some((o) => o.name === f.renamedFrom)) add(`${at}/renamedFrom`, 'duplicate', `"${f.renamedFrom}" is still a field of this entity`);
      checkField(f, at, e, byName, add, fields);
    });
    e.fields.forEach((f, i) => {
      if (f.type === 'relation' && f.cardinality === 'many-to-many') {
        const jt = joinTableName(e.name, f.name);
        if (tableNames.has(jt)) add(`/fields/${i}/name`, 'duplicate', `the join table "${jt}" collides with an entity name`);
        tableNames.add(jt);
      }
    });
    const withColumn = (name: string): boolean => {
      const f = e.fields.find((x) => x.name === name);
      return (SYSTEM_FIELDS as readonly string[]).includes(name) || (!!f && fields.get(f.type)?.storage(f) != null);
    };
    (e.indexes ?? []).forEach((ix, i) => ix.fields.forEach((n, j) => {
      if (!withColumn(n)) add(`/indexes/${i}/fields/${j}`, 'unknown_field', `"${n}" is not a stored field of "${e.name}"`);
    }));
    (e.matchKeys ?? []).forEach((mk, i) => (mk as string[]).forEach((n, j) => {
      if (!withColumn(n)) add(`/matchKeys/${i}/${j}`, 'unknown_field', `"${n}" is not a stored field of "${e.name}"`);
    }));
    if (e.titleField && !e.fields.some((f) => f.name === e.titleField)) add('/titleField', 'unknown_field', `"${e.titleField}" is not a field of "${e.name}"`);
    (e.searchFields ?? []).forEach((n, i) => {
      const f = e.fields.find((x) => x.name === n);
      if (!f || fields.get(f.type)?.storage(f)?.kind !== 'text') add(`/searchFields/${i}`, 'unknown_field', `"${n}" is not a text field of "${e.name}"`);
    });
  }
}

type Add = (pointer: string, code: string, message: string) => void;

const SPECIAL_DEFAULTS: Record<string, unknown> = { date: 'today', datetime: 'now', user: 'currentUser' };
/** validateSchema: whether compile() first checks a schema against the draft's meta-schema —
 *  needed for schemas people write (json fields), not for the ones the field registry makes. */
const newAjv = (validateSchema = true): Ajv2020 => {
  const ajv = new Ajv2020({ strict: false, allErrors: false, logger: false, validateSchema });
  addFormatsPkg.default(ajv);
  return ajv;
};
// Ajv keeps every schema it compiles (validate() with a new object compiles again), so each distinct
// value schema compiles once, in an instance that is renewed when the cache fills up.
let defaultsAjv = newAjv(false);
const defaultValidators = new Map<string, ValidateFunction | null>();
function defaultValidator(schema: JsonSchema): ValidateFunction | null {
  const key = JSON.stringify(schema);
  let validate = defaultValidators.get(key);
  if (validate === undefined) {
    if (defaultValidators.size >= 500) {
      defaultValidators.clear();
      defaultsAjv = newAjv(false);
    }
    try {
      validate = defaultsAjv.compile(schema);
    } catch {
      validate = null; // an unusable schema (a bad pattern) is reported by the field's own check
    }
    defaultValidators.set(key, validate);
  }
  return validate;
}

function checkDefault(f: Field, at: string, add: Add, fields: FieldRegistry): void {
  const def = (f as { default?: unknown }).default;
  const type = fields.get(f.type);
  if (def === undefined || SPECIAL_DEFAULTS[f.type] === def || !type || type.unavailable) return;
  if (f.type === 'user') return add(`${at}/default`, 'invalid_default', 'a user field\'s default can only be "currentUser"');
  // A select's default is checked against its options (its type's checkDefinition), with a clearer message: one problem, not two.
  if (f.type === 'select') return;
  const validate = defaultValidator(type.valueSchema(f));
  if (validate && !validate(def)) add(`${at}/default`, 'invalid_default', `the default ${JSON.stringify(def)} is not a valid ${f.type} value`);
}

// One instance checks every json field's schema (compiling the meta-schema once, not per field);
// each checked schema is removed again. A schema with its own $id gets a fresh instance, because
// ajv would keep that id registered.
let schemaCheckAjv: Ajv2020 | null = null;

/** A json field's own schema must compile where the record schema embeds it, or compileApp fails at boot. */
function jsonSchemaProblem(name: string, schema: Record<string, unknown>): string | null {
  const wrapper = { type: 'object', properties: { [name]: { ...schema } } };
  const ajv = JSON.stringify(schema).includes('"$id"') ? newAjv() : (schemaCheckAjv ??= newAjv());
  try {
    ajv.compile(wrapper);
    return null;
  } catch (err) {
    return (err as Error).message.slice(0, 200);
  } finally {
    ajv.removeSchema(wrapper);
  }
}

function checkField(f: Field, at: string, e: Entity, byName: Map<string, Entity>, add: Add, fields: FieldRegistry): void {
  checkDefault(f, at, add, fields);
  switch (f.type) {
    case 'relation': {
      const target = byName.get(f.target);
      if (!target) return add(`${at}/target`, 'unknown_entity', `relation target "${f.target}" is not an entity of this app`);
      if (f.cardinality === 'one-to-many') {
        if (!f.inverse) return add(`${at}/inverse`, 'required', 'a one-to-many relation names its "inverse": the many-to-one field on the target');
        const inv = target.fields.find((x) => x.name === f.inverse);
        if (!inv || inv.type !== 'relation' || inv.cardinality !== 'many-to-one' || inv.target !== e.name) {
          add(`${at}/inverse`, 'invalid_inverse', `"${f.target}.${f.inverse}" must be a many-to-one relation to "${e.name}"`);
        }
      } else if (f.inverse) add(`${at}/inverse`, 'not_allowed', '"inverse" is only for one-to-many relations');
      if (f.onDelete && f.cardinality !== 'many-to-one') add(`${at}/onDelete`, 'not_allowed', '"onDelete" is only for many-to-one relations');
      if (f.masterDetail && f.cardinality !== 'many-to-one') add(`${at}/masterDetail`, 'not_allowed', '"masterDetail" is only for many-to-one relations');
      if (f.cardinality === 'many-to-one' && f.onDelete === 'set-null' && f.required) add(`${at}/onDelete`, 'conflict', 'a required relation can not be set to null: use restrict or cascade');
      return;
    }
    case 'select':
    case 'multiselect': {
      const seen = new Set<string>();
      f.options.forEach((o, i) => {
        if (seen.has(o.value)) add(`${at}/options/${i}/value`, 'duplicate', `option value "${o.value}" appears twice`);
        seen.add(o.value);
      });
      return;
    }
    case 'text':
      if (f.pattern) {
        try {
          new RegExp(f.pattern, 'u');
        } catch {
          add(`${at}/pattern`, 'pattern', 'not a valid regular expression');
        }
      }
      return;
    case 'json': {
      const problem = f.schema ? jsonSchemaProblem(f.name, f.schema) : null;
      if (problem) add(`${at}/schema`, 'invalid_schema', `not a usable JSON Schema: ${problem}`);
      return;
    }
    case 'integer': case 'number': case 'currency': case 'percent':
      if (f.min !== undefined && f.max !== undefined && f.min > f.max) add(`${at}/min`, 'range', '"min" is greater than "max"');
      return;
    default:
      return;
  }
}

function checkFiltersAndFormulas(def: AppDefinition, problems: DefinitionProblem[], fields: FieldRegistry, functions?: FormulaFunctions, operators?: FilterOperators): void {
  const model = buildModel(def.entities, def.app.timezone ?? 'UTC', fields, operators);
  const byName = new Map(def.entities.map((e) => [e.name, e]));
  for (const e of def.entities) {
    const file = def.files[`entity:${e.name}`];
    const add = (pointer: string, code: string, message: string): void => void problems.push({ file, pointer, code, message });
    const deps = new Map<string, string[]>();
    e.fields.forEach((f, i) => {
      const at = `/fields/${i}`;
      if (f.type === 'formula') {
        try {
          const names = formulaDependencies(parseFormula(f.expression, functions));
          for (const n of names) {
            const ref = e.fields.find((x) => x.name === n);
            if (!ref && !(SYSTEM_FIELDS as readonly string[]).includes(n)) add(`${at}/expression`, 'unknown_field', `the formula uses "${n}", which is not a field of "${e.name}"`);
            else if (ref && fields.get(ref.type)?.storage(ref) == null) add(`${at}/expression`, 'invalid_reference', `"${n}" has no value of its own (to-many relation); use a rollup`);
          }
          deps.set(f.name, names);
        } catch (err) {
          add(`${at}/expression`, 'formula', err instanceof FormulaError ? err.message : String(err));
        }
      }
      if (f.type === 'rollup') {
        const rel = e.fields.find((x) => x.name === f.relation);
        if (!rel || rel.type !== 'relation' || rel.cardinality !== 'one-to-many') {
          return add(`${at}/relation`, 'invalid_reference', `"${f.relation}" must be a one-to-many relation of "${e.name}"`);
        }
        const child = byName.get(rel.target)!;
        if (f.aggregate !== 'count') {
          const cf = child.fields.find((x) => x.name === f.field);
          if (!f.field || !cf) return add(`${at}/field`, 'unknown_field', `"${rel.target}" has no field "${f.field ?? ''}" to ${f.aggregate}`);
          if (!NUMERIC_STORAGE.has(fields.get(cf.type)?.storage(cf)?.kind ?? '')) {
            add(`${at}/field`, 'invalid_reference', `"${rel.target}.${f.field}" is not numeric`);
          }
        }
        if (f.filter) for (const p of checkFilter(model, rel.target, f.filter, `${at}/filter`)) problems.push({ file, ...p });
      }
    });
    // formula cycles (depth-first with colours)
    const state = new Map<string, 1 | 2>();
    const visit = (name: string, trail: string[]): void => {
      if (state.get(name) === 2) return;
      if (state.get(name) === 1) {
        const i = e.fields.findIndex((x) => x.name === trail[0]);
        add(`/fields/${i}/expression`, 'cycle', `formula cycle: ${[...trail.slice(trail.indexOf(name)), name].join(' → ')}`);
        return;
      }
      state.set(name, 1);
      for (const d of deps.get(name) ?? []) if (deps.has(d)) visit(d, [...trail, name]);
      state.set(name, 2);
    };
    for (const name of deps.keys()) if (!state.has(name)) visit(name, []);
  }
}

function checkOtherDefinitions(def: AppDefinition, problems: DefinitionProblem[], fields: FieldRegistry, automation?: AutomationRegistry, operators?: FilterOperators): void {
  const model = buildModel(def.entities, def.app.timezone ?? 'UTC', fields, operators);
  const byName = new Map(def.entities.map((e) => [e.name, e]));
  const entityOf = (file: string, pointer: string, name: string | undefined): Entity | undefined => {
    if (name === undefined) return undefined;
    const e = byName.get(name);
    if (!e) problems.push({ file, pointer, code: 'unknown_entity', message: `"${name}" is not an entity of this app` });
    return e;
  };
  const filter = (file: string, entity: string, ast: unknown, at: string): void => {
    for (const p of checkFilter(model, entity, ast, at)) problems.push({ file, ...p });
  };
  for (const e of def.entities) {
    const file = def.files[`entity:${e.name}`];
    e.fields.forEach((f, i) => {
      const when = (f as { requiredWhen?: unknown }).requiredWhen;
      if (when !== undefined) filter(file, e.name, when, `/fields/${i}/requiredWhen`);
    });
    const ruleNames = new Set<string>();
    (e.rules ?? []).forEach((r, i) => {
      if (ruleNames.has(r.name)) problems.push({ file, pointer: `/rules/${i}/name`, code: 'duplicate', message: `another rule is named "${r.name}"` });
      ruleNames.add(r.name);
      if (!e.fields.some((f) => f.name === r.field)) problems.push({ file, pointer: `/rules/${i}/field`, code: 'unknown_field', message: `"${e.name}" has no field "${r.field}"` });
      filter(file, e.name, r.assert, `/rules/${i}/assert`);
      if (r.when) filter(file, e.name, r.when, `/rules/${i}/when`);
    });
  }
  for (const form of def.forms) {
    const file = def.files[`form:${form.name}`];
    const e = entityOf(file, '/entity', form.entity);
    if (!e) continue;
    const seen = new Set<string>();
    form.sections.forEach((s, i) => s.fields.forEach((item, j) => {
      const at = `/sections/${i}/fields/${j}`;
      const f = e.fields.find((x) => x.name === item.field);
      if (!f) problems.push({ file, pointer: `${at}/field`, code: 'unknown_field', message: `"${e.name}" has no field "${item.field}"` });
      if (seen.has(item.field)) problems.push({ file, pointer: `${at}/field`, code: 'duplicate', message: `"${item.field}" is already on this form` });
      seen.add(item.field);
      if (item.visibleWhen) filter(file, e.name, item.visibleWhen, `${at}/visibleWhen`);
      if (item.requiredWhen) filter(file, e.name, item.requiredWhen, `${at}/requiredWhen`);
    }));
  }
  for (const view of def.views) {
    const file = def.files[`view:${view.name}`];
    const e = entityOf(file, '/entity', view.entity);
    if (!e) continue;
    const info = model.entity(e.name)!;
    (view.columns ?? []).forEach((c, i) => {
      if (!info.fields.has(c.split('.')[0])) problems.push({ file, pointer: `/columns/${i}`, code: 'unknown_field', message: `"${e.name}" has no field "${c}"` });
    });
    (view.sort ?? []).forEach((s, i) => {
      const f = info.fields.get(s.replace(/^-/, ''));
      if (!f || !f.column) problems.push({ file, pointer: `/sort/${i}`, code: 'unknown_field', message: `"${s}" is not a sortable field of "${e.name}"` });
    });
    if (view.groupBy && !info.fields.get(view.groupBy)?.column) problems.push({ file, pointer: '/groupBy', code: 'unknown_field', message: `"${view.groupBy}" is not a stored field of "${e.name}"` });
    if (view.filter) filter(file, e.name, view.filter, '/filter');
  }
  const pipelinesByEntity = new Map<string, Pipeline[]>();
  for (const p of def.pipelines) {
    const file = def.files[`pipeline:${p.name}`];
    const e = entityOf(file, '/entity', p.entity);
    if (!e) continue;
    pipelinesByEntity.set(e.name, [...(pipelinesByEntity.get(e.name) ?? []), p]);
    const f = e.fields.find((x) => x.name === p.field);
    if (!f || f.type !== 'select') {
      problems.push({ file, pointer: '/field', code: 'invalid_reference', message: `"${p.field}" must be a select field of "${e.name}"` });
      continue;
    }
    const fieldOf = (key: 'pipelineField' | 'valueField' | 'closeDateField' | 'enteredAtField' | 'stalledField', types: string[], what: string): void => {
      const name = p[key];
      if (name === undefined) return;
      const x = e.fields.find((y) => y.name === name);
      const type = x?.type === 'formula' ? x.resultType : x?.type;
      if (!x || !types.includes(type ?? '')) problems.push({ file, pointer: `/${key}`, code: 'invalid_reference', message: `"${name}" must be ${what} field of "${e.name}"` });
    };
    fieldOf('pipelineField', ['select'], 'a select');
    fieldOf('valueField', ['currency', 'number', 'integer', 'percent'], 'a number or currency');
    fieldOf('closeDateField', ['date', 'datetime'], 'a date');
    fieldOf('enteredAtField', ['datetime'], 'a datetime');
    fieldOf('stalledField', ['boolean'], 'a boolean');
    if (p.stalledField && !p.enteredAtField) problems.push({ file, pointer: '/stalledField', code: 'required', message: 'a stalled state needs "enteredAtField" (when the record entered its stage)' });
    if (p.stalledField && !p.stages.some((s) => s.rotDays)) problems.push({ file, pointer: '/stalledField', code: 'required', message: 'no stage sets "rotDays", so nothing would ever stall' });
    if (p.pipelineField) {
      const sel = e.fields.find((y) => y.name === p.pipelineField);
      if (sel?.type === 'select' && !sel.options.some((o) => o.value === p.name)) problems.push({ file, pointer: '/pipelineField', code: 'invalid_reference', message: `"${e.name}.${p.pipelineField}" has no option "${p.name}" naming this pipeline` });
    }
    const values = new Set<string>();
    p.stages.forEach((s, i) => {
      if (values.has(s.value)) problems.push({ file, pointer: `/stages/${i}/value`, code: 'duplicate', message: `stage "${s.value}" is listed twice` });
      values.add(s.value);
      if (!f.options.some((o) => o.value === s.value)) problems.push({ file, pointer: `/stages/${i}/value`, code: 'invalid_reference', message: `"${s.value}" is not an option of "${e.name}.${f.name}"` });
      (s.requiredFields ?? []).forEach((n, j) => {
        if (!e.fields.some((x) => x.name === n)) problems.push({ file, pointer: `/stages/${i}/requiredFields/${j}`, code: 'unknown_field', message: `"${e.name}" has no field "${n}"` });
      });
      if (s.gate) filter(file, e.name, s.gate, `/stages/${i}/gate`);
      if (s.rotDays && !p.stalledField) problems.push({ file, pointer: `/stages/${i}/rotDays`, code: 'not_allowed', message: '"rotDays" needs the pipeline\'s "stalledField"' });
    });
    for (const [from, targets] of Object.entries(p.transitions ?? {})) {
      if (!values.has(from)) problems.push({ file, pointer: `/transitions/${pointerSegment(from)}`, code: 'invalid_reference', message: `"${from}" is not a stage of this pipeline` });
      (targets ?? []).forEach((to, j) => {
        if (!values.has(to)) problems.push({ file, pointer: `/transitions/${pointerSegment(from)}/${j}`, code: 'invalid_reference', message: `"${to}" is not a stage of this pipeline` });
      });
    }
  }
  for (const [entity, list] of pipelinesByEntity) {
    if (list.length < 2) continue;
    for (const p of list) {
      const others = list.filter((o) => o !== p && o.field === p.field);
      if (others.length && (!p.pipelineField || others.some((o) => o.pipelineField !== p.pipelineField))) {
        problems.push({ file: def.files[`pipeline:${p.name}`], pointer: '/pipelineField', code: 'required', message: `"${entity}" has several pipelines on "${p.field}": each names the same "pipelineField" that says which one a record follows` });
      }
    }
  }
  problems.push(...checkAutomations({ def, model, registry: automation ?? createAutomationRegistry() }));
  for (const role of def.roles) {
    const file = def.files[`role:${role.name}`];
    for (const [name, perm] of Object.entries(role.permissions ?? {})) {
      if (!perm) continue;
      const at = `/permissions/${name === '*' ? '*' : name}`;
      const e = name === '*' ? undefined : entityOf(file, at, name);
      if (name !== '*' && !e) continue;
      if (perm.updateTo !== undefined && (perm.update === undefined || perm.update === false)) {
        problems.push({ file, pointer: `${at}/updateTo`, code: 'conflict', message: '"updateTo" narrows an update grant; this role has none for the entity' });
      }
      for (const action of ['read', 'create', 'update', 'updateTo', 'delete', 'export'] as const) {
        const grant = perm[action];
        if (grant && typeof grant === 'object') {
          if (name === '*') problems.push({ file, pointer: `${at}/${action}`, code: 'invalid_scope', message: 'a record scope names fields, so it belongs to one entity, not "*"' });
          else filter(file, name, grant, `${at}/${action}`);
        }
      }
      for (const kind of ['hidden', 'readOnly'] as const) {
        (perm[kind] ?? []).forEach((f, i) => {
          if (e && !e.fields.some((x) => x.name === f)) problems.push({ file, pointer: `${at}/${kind}/${i}`, code: 'unknown_field', message: `"${name}" has no field "${f}"` });
          if (!e) problems.push({ file, pointer: `${at}/${kind}/${i}`, code: 'invalid_scope', message: 'field rules belong to one entity, not "*"' });
        });
      }
    }
  }
  for (const d of def.dashboards) {
    const file = def.files[`dashboard:${d.name}`];
    d.widgets.forEach((w, i) => {
      const e = entityOf(file, `/widgets/${i}/entity`, w.entity);
      if (e && w.filter) filter(file, e.name, w.filter, `/widgets/${i}/filter`);
    });
  }
}
