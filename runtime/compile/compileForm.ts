// Form definition → react-jsonschema-form {schema, uiSchema} for one locale.
import type { Entity, Field, Form } from '../definition/types.generated.js';
import type { CompiledPipeline } from './compilePipeline.js';
import { BUILTIN_FIELDS, fieldType, type FieldRegistry, type JsonSchema } from '../fields/registry.js';
import { labelText } from './labels.js';
import { isWritable } from './recordSchema.js';
import { layoutForm } from './formLayout.js';

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
  const { properties, required, uiSchema } = layoutForm(form.sections, (name) => {
    const f = entity.fields.find((x) => x.name === name)!;
    const t = fieldType(f.type, fields);
    let value = t.valueSchema(f);
    if (value['x-decimal'] !== undefined) value = { type: 'string', pattern: '^-?\\d+(\\.\\d+)?$' };
    if (f.type === 'select') {
      value = { type: 'string', oneOf: f.options.map((o) => ({ const: o.value, title: labelText(o.label, locale) ?? o.value })) };
    }
    if (f.type === 'multiselect') {
      value = { type: 'array', uniqueItems: true, items: { type: 'string', oneOf: f.options.map((o) => ({ const: o.value, title: labelText(o.label, locale) ?? o.value })) } };
    }
    return {
      name: f.name, value, title: labelText(f.label, locale) ?? f.name, writable: isWritable(f, fields), required: f.required === true,
      widget: t.formWidget ?? (t.widget !== 'text' ? t.widget : undefined), requiredWhen: requiredWhenOf(f, pipelines),
      target: f.type === 'relation' ? f.target : undefined, currency: f.type === 'currency' ? f.currency ?? 'CNY' : undefined,
    };
  }, (label) => labelText(label as Parameters<typeof labelText>[0], locale));
  const title = labelText(form.label, locale) ?? labelText(entity.label, locale) ?? form.name;
  return {
    name: form.name,
    entity: entity.name,
    title,
    schema: { type: 'object', title, properties, ...(required.length ? { required } : {}) },
    uiSchema,
  };
}
