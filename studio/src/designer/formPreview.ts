// The form builder's preview: the form document compiled the way the server compiles it
// (runtime/compile/compileForm.ts) from the entity's metadata, so rjsf shows what users will get.
import type { EntityMeta, FieldMeta } from '../api/types';
import { labelOf } from './useDefinitions';

export interface FormItem { field: string; width?: string; help?: unknown; placeholder?: unknown; widget?: string; visibleWhen?: unknown; requiredWhen?: unknown }
export interface FormSection { title?: unknown; fields: FormItem[] }
export interface FormDoc { name: string; entity: string; label?: unknown; sections: FormSection[]; [k: string]: unknown }

const WIDGET: Record<string, string> = {
  currency: 'currency', percent: 'percent', number: 'number', date: 'date', datetime: 'datetime', relation: 'relation', user: 'user', boolean: 'checkbox',
  longtext: 'textarea', richtext: 'textarea', formula: 'readonly', rollup: 'readonly', autonumber: 'readonly', tags: 'tags', json: 'json', rating: 'updown',
};

function valueSchema(f: FieldMeta): Record<string, unknown> {
  const choices = (f.options ?? []).map((o) => ({ const: o.value, title: o.label ?? o.value }));
  switch (f.type) {
    case 'select': return { type: 'string', oneOf: choices };
    case 'multiselect': return { type: 'array', uniqueItems: true, items: { type: 'string', oneOf: choices } };
    case 'boolean': return { type: 'boolean' };
    case 'integer': case 'rating': case 'user': return { type: 'integer' };
    case 'relation': return f.cardinality === 'many-to-many' ? { type: 'array', items: { type: 'integer' } } : { type: 'integer' };
    case 'tags': return { type: 'array', items: { type: 'string' } };
    case 'json': return {};
    default: return { type: 'string' };
  }
}

export function previewForm(doc: FormDoc, entity: EntityMeta, locale: string): { schema: Record<string, unknown>; uiSchema: Record<string, unknown> } {
  const properties: Record<string, unknown> = {};
  const required: string[] = [];
  const uiSchema: Record<string, unknown> = {};
  const order: string[] = [];
  const sections: { title?: string; fields: string[] }[] = [];
  const known = new Map(entity.fields.map((f) => [f.name, f]));
  for (const section of doc.sections) {
    const items = section.fields.filter((i) => known.has(i.field));
    sections.push({ title: section.title ? labelOf(section.title, locale, '') : undefined, fields: items.map((i) => i.field) });
    for (const item of items) {
      const f = known.get(item.field)!;
      properties[f.name] = { ...valueSchema(f), title: f.label, ...(f.writable ? {} : { readOnly: true }) };
      if (f.required && f.writable) required.push(f.name);
      const ui: Record<string, unknown> = {};
      const widget = item.widget ?? WIDGET[f.type];
      if (widget) ui['ui:widget'] = widget;
      if (item.help) ui['ui:help'] = labelOf(item.help, locale, '');
      if (item.placeholder) ui['ui:placeholder'] = labelOf(item.placeholder, locale, '');
      const options: Record<string, unknown> = {};
      if (item.width) options.width = item.width;
      if (item.visibleWhen) options.visibleWhen = item.visibleWhen;
      if (item.requiredWhen) options.requiredWhen = item.requiredWhen;
      if (f.type === 'relation') options.target = f.target;
      if (f.type === 'currency') options.currency = f.currency ?? 'CNY';
      if (Object.keys(options).length) ui['ui:options'] = options;
      if (Object.keys(ui).length) uiSchema[f.name] = ui;
      order.push(f.name);
    }
  }
  uiSchema['ui:order'] = order;
  uiSchema['ui:options'] = { sections };
  return { schema: { type: 'object', properties, ...(required.length ? { required } : {}) }, uiSchema };
}
