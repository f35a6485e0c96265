// rjsf widgets by the names the compiled forms use (runtime/compile/compileForm.ts), and the
// section layout. Registered by name so a uiSchema stays plain JSON.
import { Checkbox, NumberInput, Paper, Rating, Select, Stack, TagsInput, Text, Textarea, TextInput, Title } from '@mantine/core';
import type { ObjectFieldTemplateProps, RegistryWidgetsType, WidgetProps } from '@rjsf/utils';
import { useTranslation } from 'react-i18next';
import type { FieldMeta, User } from '../api/types';
import { RelationMultiSelect, RelationSelect } from '../app/RelationSelect';
import { formatText } from '../views/cells';

/** What widgets need beyond rjsf's props: the entity's fields, the layout and the signed-in user. */
export interface FormContext {
  fields: Map<string, FieldMeta>;
  layout: Map<string, { width?: string }>;
  sections: { title?: string; fields: string[] }[];
  hidden: ReadonlySet<string>;
  me: User | null;
}

const errorOf = (p: WidgetProps): string | undefined => (p.rawErrors?.length ? p.rawErrors.join(' ') : undefined);
const fieldOf = (p: WidgetProps): FieldMeta | undefined => (p.registry.formContext as FormContext).fields.get(p.name);
const common = (p: WidgetProps) => ({
  id: p.id, label: p.label, required: p.required, disabled: p.disabled, readOnly: p.readonly, error: errorOf(p),
  description: p.options.description as string | undefined ?? (p.schema.description as string | undefined),
  placeholder: p.placeholder, onBlur: () => p.onBlur(p.id, p.value), onFocus: () => p.onFocus(p.id, p.value),
});

function DecimalWidget(p: WidgetProps) {
  const f = fieldOf(p);
  const suffix = f?.type === 'percent' ? '%' : undefined;
  const prefix = f?.type === 'currency' ? `${f.currency ?? ''} ` : undefined;
  return (
    <NumberInput
      {...common(p)} hideControls thousandSeparator="," decimalScale={f?.scale ?? (f?.type === 'currency' ? 2 : undefined)} prefix={prefix} suffix={suffix}
      value={p.value === undefined || p.value === null ? '' : String(p.value)}
      onChange={(v) => p.onChange(v === '' ? undefined : typeof p.schema.type === 'string' && p.schema.type === 'string' ? String(v) : Number(v))}
    />
  );
}

function RelationWidget(p: WidgetProps) {
  const f = fieldOf(p);
  if (!f?.target) return <TextInput {...common(p)} value={String(p.value ?? '')} readOnly />;
  if (f.cardinality === 'many-to-many') {
    return <RelationMultiSelect {...common(p)} target={f.target} value={Array.isArray(p.value) ? p.value : []} onChange={(v) => p.onChange(v)} />;
  }
  return <RelationSelect {...common(p)} target={f.target} value={typeof p.value === 'number' ? p.value : null} onChange={(v) => p.onChange(v ?? undefined)} />;
}

/** Users: the signed-in user and the current value (the user directory is for administrators). */
function UserWidget(p: WidgetProps) {
  const { t } = useTranslation();
  const me = (p.registry.formContext as FormContext).me;
  const data = [{ value: String(me?.id ?? ''), label: `${me?.name ?? me?.email ?? ''} (${t('filter.me')})` }];
  if (typeof p.value === 'number' && p.value !== me?.id) data.push({ value: String(p.value), label: t('record.user', { id: p.value }) });
  return (
    <Select
      {...common(p)} data={data.filter((d) => d.value)} clearable value={p.value === undefined || p.value === null ? null : String(p.value)}
      onChange={(v) => p.onChange(v ? Number(v) : undefined)} comboboxProps={{ withinPortal: true }}
    />
  );
}

function DateWidget(p: WidgetProps) {
  return <TextInput {...common(p)} type="date" value={(p.value as string) ?? ''} onChange={(e) => p.onChange(e.currentTarget.value || undefined)} />;
}

function DateTimeWidget(p: WidgetProps) {
  const d = typeof p.value === 'string' ? new Date(p.value) : null;
  const pad = (n: number): string => String(n).padStart(2, '0');
  const local = d && !Number.isNaN(d.getTime()) ? `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}` : '';
  return <TextInput {...common(p)} type="datetime-local" value={local} onChange={(e) => p.onChange(e.currentTarget.value ? new Date(e.currentTarget.value).toISOString() : undefined)} />;
}

function TagsWidget(p: WidgetProps) {
  return <TagsInput {...common(p)} value={Array.isArray(p.value) ? p.value : []} onChange={(v) => p.onChange(v)} />;
}

function ReadonlyWidget(p: WidgetProps) {
  const { i18n, t } = useTranslation();
  const f = fieldOf(p);
  const text = f ? formatText(f, p.value, i18n.language, [t('app.yes'), t('app.no')]) : String(p.value ?? '');
  return (
    <Stack gap={2}>
      <Text size="sm" fw={500} component="span" id={`${p.id}-label`}>{p.label}</Text>
      <Text size="sm" c={text ? undefined : 'dimmed'} aria-labelledby={`${p.id}-label`} py={6}>{text || t('app.none')}</Text>
    </Stack>
  );
}

function RatingWidget(p: WidgetProps) {
  return (
    <Stack gap={4}>
      <Text size="sm" fw={500} component="label" htmlFor={p.id}>{p.label}</Text>
      <Rating id={p.id} value={Number(p.value ?? 0)} onChange={(v) => p.onChange(v)} readOnly={p.readonly} aria-label={p.label} />
      {errorOf(p) && <Text size="xs" c="red">{errorOf(p)}</Text>}
    </Stack>
  );
}

function JsonWidget(p: WidgetProps) {
  return <Textarea {...common(p)} autosize minRows={3} value={p.value === undefined ? '' : JSON.stringify(p.value, null, 2)} readOnly />;
}

function LongTextWidget(p: WidgetProps) {
  return <Textarea {...common(p)} autosize minRows={3} maxRows={12} value={(p.value as string) ?? ''} onChange={(e) => p.onChange(e.currentTarget.value || undefined)} />;
}

function CheckboxWidget(p: WidgetProps) {
  return <Checkbox id={p.id} label={p.label} checked={!!p.value} disabled={p.disabled || p.readonly} error={errorOf(p)} onChange={(e) => p.onChange(e.currentTarget.checked)} mt={28} />;
}

export const WIDGETS: RegistryWidgetsType = {
  relation: RelationWidget, user: UserWidget, currency: DecimalWidget, percent: DecimalWidget, number: DecimalWidget, date: DateWidget,
  datetime: DateTimeWidget, tags: TagsWidget, readonly: ReadonlyWidget, rating: RatingWidget, json: JsonWidget, textarea: LongTextWidget,
  checkbox: CheckboxWidget,
};

/** Sections as cards, fields in a 6-column grid (full / half / third width), rules already applied. */
export function SectionsTemplate(props: ObjectFieldTemplateProps) {
  const ctx = props.registry.formContext as FormContext;
  const byName = new Map(props.properties.map((p) => [p.name, p]));
  const placed = new Set(ctx.sections.flatMap((s) => s.fields));
  const sections = [...ctx.sections, { title: undefined, fields: props.properties.map((p) => p.name).filter((n) => !placed.has(n)) }].filter((s) => s.fields.length);
  return (
    <Stack gap="md">
      {sections.map((s, i) => {
        const visible = s.fields.filter((n) => byName.has(n) && !ctx.hidden.has(n));
        if (visible.length === 0) return null;
        return (
          <Paper key={s.title ?? i} withBorder radius="md" p="md" component="section" aria-label={s.title}>
            {s.title && <Title order={3} size="h5" mb="sm">{s.title}</Title>}
            <div className="form-section-grid">
              {visible.map((n) => <div key={n} className={`w-${ctx.layout.get(n)?.width ?? 'half'}`} data-field={n}>{byName.get(n)!.content}</div>)}
            </div>
          </Paper>
        );
      })}
    </Stack>
  );
}
