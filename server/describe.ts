// The app's definitions as one audience may see them (_meta): views, pipelines, dashboards, forms
// and entity descriptions without any hidden field. What can not be shown without naming one is
// left out: a column, a sort key or a required field goes; a condition (view filter, stage gate,
// form visibleWhen/requiredWhen, rollup filter) goes; a view grouped or filtered by a hidden field,
// a dashboard widget over one, and a pipeline of a hidden field go as a whole.
import type { CompiledEntity } from '../runtime/compile/compileApp.js';
import type { CompiledForm } from '../runtime/compile/compileForm.js';
import type { Dashboard, Filter, Pipeline, View } from '../runtime/definition/types.generated.js';
import type { FieldInfo } from '../runtime/query/model.js';
import type { Audience } from './audience.js';

type Obj = Record<string, unknown>;

/** Whether a field path (`stage`, `account.name`, `owner.email`) names only fields the audience sees. */
export function pathVisible(a: Audience, entity: string, path: string): boolean {
  let current: string | null = entity;
  for (const segment of path.replace(/^-/, '').split('.')) {
    if (current === null) return false;
    const info: FieldInfo | undefined = a.model.entity(current)?.fields.get(segment);
    if (!info) return false;
    current = info.relation ? info.relation.target : null;
  }
  return true;
}

export function viewFor(a: Audience, v: View): Omit<View, '$schema'> | null {
  const { $schema: _schema, ...view } = v;
  if (!a.canRead(v.entity) || !a.admits(v.entity, v.filter) || (v.groupBy && !pathVisible(a, v.entity, v.groupBy))) return null;
  return {
    ...view,
    ...(v.columns ? { columns: v.columns.filter((c) => pathVisible(a, v.entity, c)) } : {}),
    ...(v.sort ? { sort: v.sort.filter((s) => pathVisible(a, v.entity, s)) } : {}),
  };
}

export function pipelineFor(a: Audience, p: Pipeline): Omit<Pipeline, '$schema'> | null {
  const { $schema: _schema, ...pipeline } = p;
  if (!a.canRead(p.entity) || !pathVisible(a, p.entity, p.field)) return null;
  return {
    ...pipeline,
    stages: p.stages.map(({ gate, requiredFields, ...stage }) => ({
      ...stage,
      ...(requiredFields ? { requiredFields: requiredFields.filter((f) => pathVisible(a, p.entity, f)) } : {}),
      ...(gate && a.admits(p.entity, gate as Filter) ? { gate } : {}),
    })),
  } as Omit<Pipeline, '$schema'>;
}

/** Every string inside a widget's measure that names a field of its entity must be visible. */
function measureVisible(a: Audience, e: CompiledEntity | undefined, measure: unknown): boolean {
  if (!e || measure === null || typeof measure !== 'object') return true;
  return Object.values(measure as Obj).every((v) => (typeof v === 'string' ? !e.info.fields.has(v.split('.')[0]) || pathVisible(a, e.name, v) : measureVisible(a, e, v)));
}

export function dashboardFor(a: Audience, d: Dashboard): Omit<Dashboard, '$schema'> | null {
  const { $schema: _schema, ...dashboard } = d;
  const widgets = d.widgets.filter((w) => a.canRead(w.entity) && a.admits(w.entity, w.filter as Filter | undefined)
    && (!w.groupBy || pathVisible(a, w.entity, w.groupBy)) && measureVisible(a, a.app.entities.get(w.entity), w.measure));
  return widgets.length || d.widgets.length === 0 ? { ...dashboard, widgets } : null;
}

export function formFor(a: Audience, form: CompiledForm): { schema: Obj; uiSchema: Obj } {
  const { hidden, readOnly } = a.rules(form.entity);
  const { schema, uiSchema } = form;
  const properties = Object.fromEntries(Object.entries(schema.properties as Record<string, Obj>).filter(([k]) => !hidden.has(k))
    .map(([k, v]) => [k, readOnly.has(k) ? { ...v, readOnly: true } : v]));
  const ui: Obj = {};
  for (const [key, value] of Object.entries(uiSchema)) {
    if (key.startsWith('ui:') || hidden.has(key)) continue;
    const item = { ...(value as Obj) };
    const options = item['ui:options'] as Obj | undefined;
    if (options) {
      const kept = Object.fromEntries(Object.entries(options).filter(([k, v]) => (k !== 'visibleWhen' && k !== 'requiredWhen') || a.admits(form.entity, v as Filter)));
      if (Object.keys(kept).length) item['ui:options'] = kept;
      else delete item['ui:options'];
    }
    if (Object.keys(item).length) ui[key] = item;
  }
  const sections = (((uiSchema['ui:options'] as Obj | undefined)?.sections ?? []) as { title?: string; fields: string[] }[])
    .map((s) => ({ ...s, fields: s.fields.filter((f) => !hidden.has(f)) })).filter((s) => s.fields.length);
  return {
    schema: { ...schema, properties, ...(schema.required ? { required: (schema.required as string[]).filter((k) => !hidden.has(k) && !readOnly.has(k)) } : {}) },
    uiSchema: { ...ui, 'ui:order': (uiSchema['ui:order'] as string[]).filter((k) => !hidden.has(k)), 'ui:options': { ...(uiSchema['ui:options'] as Obj), sections } },
  };
}

/** A field's own settings, without those that would name a hidden field (formula, rollup, inverse). */
export function fieldSettingsFor(a: Audience, e: CompiledEntity, settings: Obj): Obj {
  const hidden = a.hidden(e.name);
  const out = { ...settings };
  if (out.type === 'formula') {
    const deps = e.formulas.find((f) => f.field === out.name)?.deps ?? [];
    if (deps.some((d) => hidden.has(d))) delete out.expression;
  }
  if (out.type === 'rollup') {
    const rollup = e.rollups.find((r) => r.field === out.name);
    const child = rollup?.child ?? '';
    if (hidden.has(String(out.relation)) || !a.canRead(child)) {
      delete out.relation;
      delete out.field;
      delete out.filter;
    } else {
      if (typeof out.field === 'string' && !pathVisible(a, child, out.field)) delete out.field;
      if (out.filter && !a.admits(child, out.filter as Filter)) delete out.filter;
    }
  }
  if (out.type === 'relation' && typeof out.inverse === 'string' && !pathVisible(a, String(out.target), out.inverse)) delete out.inverse;
  return out;
}
