// The record form: rjsf with the Mantine theme, from the compiled form of /_meta/entities/<e>.
// Form rules run live on the values; the server is the one validator (its 422s land at their fields).
import { useMemo } from 'react';
import { Form, Templates } from '@rjsf/mantine';
import type { ErrorSchema, RJSFSchema, UiSchema, WidgetProps } from '@rjsf/utils';
import validator from '@rjsf/validator-ajv8';
import type { EntityMeta, User } from '../api/types';
import { evaluateRule } from './visibility';
import { type FormContext, SectionsTemplate, WIDGETS } from './widgets';

type Values = Record<string, unknown>;

const ThemeInput = Templates.BaseInputTemplate!;
/** The theme's input, always controlled: an empty field is '' rather than null/undefined. */
function BaseInputTemplate(props: WidgetProps) {
  return <ThemeInput {...props} value={props.value ?? ''} />;
}
interface Compiled { schema: Record<string, unknown>; uiSchema: Record<string, unknown> }
interface FieldRules { width?: string; visibleWhen?: unknown; requiredWhen?: unknown }

/** Keys of ui:options that are the platform's, not rjsf's: kept out of the widgets' props. */
const OWN_OPTIONS = ['width', 'visibleWhen', 'requiredWhen', 'target', 'currency'];

/** Split the compiled uiSchema into what rjsf renders and the platform's layout/rules. */
export function prepareForm(form: Compiled) {
  const rules = new Map<string, FieldRules>();
  const uiSchema: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(form.uiSchema)) {
    if (key === 'ui:options') continue;
    if (key.startsWith('ui:') || !value || typeof value !== 'object') {
      uiSchema[key] = value;
      continue;
    }
    const ui = { ...(value as Record<string, unknown>) };
    const options = { ...((ui['ui:options'] ?? {}) as Record<string, unknown>) };
    rules.set(key, { width: options.width as string | undefined, visibleWhen: options.visibleWhen, requiredWhen: options.requiredWhen });
    for (const k of OWN_OPTIONS) delete options[k];
    if (Object.keys(options).length) ui['ui:options'] = options;
    else delete ui['ui:options'];
    uiSchema[key] = ui;
  }
  const sections = (((form.uiSchema['ui:options'] ?? {}) as { sections?: { title?: string; fields: string[] }[] }).sections) ?? [];
  return { uiSchema, rules, sections };
}

/** A form for an entity without a form definition: every writable field, in order. */
export function fallbackForm(entity: EntityMeta): Compiled {
  const properties: Record<string, unknown> = {};
  for (const f of entity.fields.filter((x) => !(x.type === 'relation' && x.cardinality === 'one-to-many'))) {
    properties[f.name] = { title: f.label, ...(f.writable ? {} : { readOnly: true }) };
  }
  return { schema: { type: 'object', properties }, uiSchema: { 'ui:order': Object.keys(properties) } };
}

export function RecordForm({ entity, form, values, onChange, onSubmit, errors, me, formId, readOnly = false }: {
  entity: EntityMeta; form: Compiled; values: Values; onChange: (v: Values) => void; onSubmit: (v: Values) => void;
  errors: ErrorSchema | undefined; me: User | null; formId: string;
  /** Every field shown but not editable (while viewing as a role). */
  readOnly?: boolean;
}) {
  const prepared = useMemo(() => prepareForm(form), [form]);
  const vars = { userId: me?.id ?? null };
  const hidden = new Set([...prepared.rules].filter(([, r]) => r.visibleWhen && !evaluateRule(r.visibleWhen, values, vars)).map(([n]) => n));
  const requiredNow = [...prepared.rules].filter(([n, r]) => !hidden.has(n) && r.requiredWhen && evaluateRule(r.requiredWhen, values, vars)).map(([n]) => n);
  const baseSchema = form.schema as { required?: string[]; properties: Record<string, unknown> };
  const schema = {
    ...baseSchema,
    title: undefined,
    required: [...new Set([...(baseSchema.required ?? []), ...requiredNow])].filter((n) => !hidden.has(n)),
  } as RJSFSchema;
  const fields = useMemo(() => new Map(entity.fields.map((f) => [f.name, f])), [entity]);
  const layout = useMemo(() => new Map([...prepared.rules].map(([n, r]) => [n, { width: r.width }])), [prepared]);
  const context: FormContext = { fields, layout, sections: prepared.sections, hidden, me };
  return (
    <Form
      id={formId} schema={schema} uiSchema={{ ...prepared.uiSchema, 'ui:submitButtonOptions': { norender: true } } as UiSchema}
      formData={values} validator={validator} widgets={WIDGETS} templates={{ ObjectFieldTemplate: SectionsTemplate, BaseInputTemplate }}
      formContext={context}
      // Never invent values: no defaults from `const` options (a select's first choice) or empty objects.
      experimental_defaultFormStateBehavior={{ constAsDefaults: 'never', emptyObjectFields: 'skipDefaults' }}
      noValidate noHtml5Validate showErrorList={false} extraErrors={errors} disabled={readOnly} readonly={readOnly}
      onChange={(e) => onChange((e.formData ?? {}) as Values)} onSubmit={(e) => onSubmit((e.formData ?? {}) as Values)}
    />
  );
}
