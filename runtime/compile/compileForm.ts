// Form definition → react-jsonschema-form {schema, uiSchema} for one locale.
import type { Entity, Field, Form } from '../definition/types.generated.js';
import type { CompiledPipeline } from './compilePipeline.js';
import { BUILTIN_FIELDS, fieldType, type FieldRegistry, type JsonSchema } from '../fields/registry.js';
import { labelText } from './labels.js';
import { isWritable } from './recordSchema.js';

export interface CompiledForm {
  name: string;
  entity: string;
  title: string;
  schema: JsonSchema;
  uiSchema: Record<string, unknown>;
}

/**
 * When a field is required beyond `required`: its own requiredWhen, and the pipeline stages that
 * need it (as "stage is one of …"), so forms show the rules the server enforces.
 */
function requiredWhenOf(f: Field, pipelines: readonly CompiledPipeline[]): unknown[] {
  const out: unknown[] = [];
  const own = (f as { requiredWhen?: unknown }).requiredWhen;
  if (own !== undefined) out.push(own);
  for (const p of pipelines) {
    const stages = p.stages.filter((s) => s.requiredFields.includes(f.name)).map((s) => s.value);
    if (stages.length === 0) continue;
    const inStage = { [p.field]: { in: stages } };
    out.push(p.pipelineField ? { and: [{ [p.pipelineField]: { eq: p.name } }, inStage] } : inStage);
  }
  return out;
}

export function compileForm({ form, entity, locale, pipelines = [], fields = BUILTIN_FIELDS }: {
  form: Form; entity: Entity; locale: string; pipelines?: readonly CompiledPipeline[]; fields?: FieldRegistry;
}): CompiledForm {
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  const uiSchema: Record<string, unknown> = {};
  const order: string[] = [];
  const sections: { title?: string; fields: string[] }[] = [];
  for (const section of form.sections) {
    sections.push({ title: labelText(section.title, locale), fields: section.fields.map((i) => i.field) });
    for (const item of section.fields) {
      const f = entity.fields.find((x) => x.name === item.field)!;
      const t = fieldType(f.type, fields);
      let value = t.valueSchema(f);
      if (value['x-decimal'] !== undefined) value = { type: 'string', pattern: '^-?\\d+(\\.\\d+)?$' };
      if (f.type === 'select') {
        value = { type: 'string', oneOf: f.options.map((o) => ({ const: o.value, title: labelText(o.label, locale) ?? o.value })) };
      }
      if (f.type === 'multiselect') {
        value = { type: 'array', uniqueItems: true, items: { type: 'string', oneOf: f.options.map((o) => ({ const: o.value, title: labelText(o.label, locale) ?? o.value })) } };
      }
      properties[f.name] = { ...value, title: labelText(f.label, locale) ?? f.name, ...(isWritable(f, fields) ? {} : { readOnly: true }) };
      if (f.required && isWritable(f, fields)) required.push(f.name);
      const ui: Record<string, unknown> = {};
      const widget = item.widget ?? t.formWidget ?? (t.widget !== 'text' ? t.widget : undefined);
      if (widget) ui['ui:widget'] = widget;
      if (item.help) ui['ui:help'] = labelText(item.help, locale);
      if (item.placeholder) ui['ui:placeholder'] = labelText(item.placeholder, locale);
      const options: Record<string, unknown> = {};
      if (item.width) options.width = item.width;
      if (item.visibleWhen) options.visibleWhen = item.visibleWhen;
      const when = [...(item.requiredWhen ? [item.requiredWhen] : []), ...requiredWhenOf(f, pipelines)];
      if (when.length) options.requiredWhen = when.length === 1 ? when[0] : { or: when };
      if (f.type === 'relation') options.target = f.target;
      if (f.type === 'currency') options.currency = f.currency ?? 'CNY';
      if (Object.keys(options).length) ui['ui:options'] = options;
      if (Object.keys(ui).length) uiSchema[f.name] = ui;
      order.push(f.name);
    }
  }
  uiSchema['ui:order'] = order;
  uiSchema['ui:options'] = { sections };
  const title = labelText(form.label, locale) ?? labelText(entity.label, locale) ?? form.name;
  return {
    name: form.name,
    entity: entity.name,
    title,
    schema: { type: 'object', title, properties, ...(required.length ? { required } : {}) },
    uiSchema,
  };
}
