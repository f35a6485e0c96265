// The one layout of a form as react-jsonschema-form {schema, uiSchema}: sections, order, widgets,
// help, placeholders, widths and the visibility/required-if rules. Pure and free of runtime
// imports, so the server's compiler (compileForm.ts) and the studio's live preview build exactly
// the same thing from what each knows about the fields.

export interface LayoutItem { field: string; width?: string; help?: unknown; placeholder?: unknown; widget?: string; visibleWhen?: unknown; requiredWhen?: unknown }
export interface LayoutSection { title?: unknown; fields: readonly LayoutItem[] }

/** What the layout needs to know of one field. */
export interface LayoutField {
  name: string;
  /** The JSON Schema of the field's value, choices already localized. */
  value: Record<string, unknown>;
  title: string;
  writable: boolean;
  required: boolean;
  /** The widget the field's type asks for, when the form item names none. */
  widget?: string;
  /** A relation's target entity; a currency field's currency. */
  target?: string;
  currency?: string;
  /** Further "required when" rules (the pipeline stages that need the field). */
  requiredWhen?: readonly unknown[];
}

export function layoutForm(sections: readonly LayoutSection[], fieldOf: (name: string) => LayoutField | undefined, text: (label: unknown) => string | undefined): {
  properties: Record<string, Record<string, unknown>>; required: string[]; uiSchema: Record<string, unknown>;
} {
  const properties: Record<string, Record<string, unknown>> = {};
  const required: string[] = [];
  const uiSchema: Record<string, unknown> = {};
  const order: string[] = [];
  const titles: { title?: string; fields: string[] }[] = [];
  for (const section of sections) {
    const items = section.fields.map((item) => ({ item, f: fieldOf(item.field) })).filter((x): x is { item: LayoutItem; f: LayoutField } => x.f !== undefined);
    titles.push({ title: section.title ? text(section.title) : undefined, fields: items.map((x) => x.f.name) });
    for (const { item, f } of items) {
      properties[f.name] = { ...f.value, title: f.title, ...(f.writable ? {} : { readOnly: true }) };
      if (f.required && f.writable) required.push(f.name);
      const ui: Record<string, unknown> = {};
      const widget = item.widget ?? f.widget;
      if (widget) ui['ui:widget'] = widget;
      if (item.help) ui['ui:help'] = text(item.help);
      if (item.placeholder) ui['ui:placeholder'] = text(item.placeholder);
      const options: Record<string, unknown> = {};
      if (item.width) options.width = item.width;
      if (item.visibleWhen) options.visibleWhen = item.visibleWhen;
      const when = [...(item.requiredWhen ? [item.requiredWhen] : []), ...(f.requiredWhen ?? [])];
      if (when.length) options.requiredWhen = when.length === 1 ? when[0] : { or: when };
      if (f.target !== undefined) options.target = f.target;
      if (f.currency !== undefined) options.currency = f.currency;
      if (Object.keys(options).length) ui['ui:options'] = options;
      if (Object.keys(ui).length) uiSchema[f.name] = ui;
      order.push(f.name);
    }
  }
  uiSchema['ui:order'] = order;
  uiSchema['ui:options'] = { sections: titles };
  return { properties, required, uiSchema };
}
