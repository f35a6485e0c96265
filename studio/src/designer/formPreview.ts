// The form builder's preview: the form document laid out by the server's own layout
// (runtime/compile/formLayout.ts) from the entity's metadata, so rjsf shows what users will get.
import { layoutForm, type LayoutItem, type LayoutSection } from '../../../runtime/compile/formLayout';
import type { EntityMeta, FieldMeta } from '../api/types';
import { labelOf } from './useDefinitions';

export type FormItem = LayoutItem;
export interface FormSection extends LayoutSection { fields: FormItem[] }
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
  const known = new Map(entity.fields.map((f) => [f.name, f]));
  const { properties, required, uiSchema } = layoutForm(doc.sections, (name) => {
    const f = known.get(name);
    if (!f) return undefined;
    return {
      name: f.name, value: valueSchema(f), title: f.label, writable: f.writable, required: f.required === true, widget: WIDGET[f.type],
      target: f.type === 'relation' ? f.target : undefined, currency: f.type === 'currency' ? f.currency ?? 'CNY' : undefined,
    };
  }, (label) => labelOf(label, locale, ''));
  return { schema: { type: 'object', properties, ...(required.length ? { required } : {}) }, uiSchema };
}
