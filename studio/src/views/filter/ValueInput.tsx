// The value part of one filter condition, by field type and operator.
import { Group, MultiSelect, NumberInput, SegmentedControl, Select, TagsInput, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { FieldMeta } from '../../api/types';
import { RelationMultiSelect, RelationSelect } from '../../app/RelationSelect';
import { isDecimal, isNumeric, NO_VALUE_OPS } from './filterModel';

interface Props { field: FieldMeta; op: string; value: unknown; onChange: (v: unknown) => void; label: string }

const UNITS = ['day', 'week', 'month', 'year'] as const;

/** A single scalar of the field's type. */
function Scalar({ field, value, onChange, label }: Omit<Props, 'op'>) {
  const { t } = useTranslation();
  const common = { 'aria-label': label, size: 'sm' as const, style: { flex: 1, minWidth: 120 } };
  if (field.type === 'select' || field.type === 'multiselect') {
    return <Select {...common} data={(field.options ?? []).map((o) => ({ value: o.value, label: o.label }))} value={(value as string) ?? null} onChange={(v) => onChange(v ?? undefined)} searchable comboboxProps={{ withinPortal: true }} />;
  }
  if (field.type === 'boolean') {
    return (
      <SegmentedControl
        aria-label={label} size="sm" value={value === false ? 'false' : value === true ? 'true' : ''}
        data={[{ value: 'true', label: t('filter.yes') }, { value: 'false', label: t('filter.no') }]} onChange={(v) => onChange(v === 'true')}
      />
    );
  }
  if (field.type === 'user' || field.target === '_users') {
    const v = value && typeof value === 'object' && '$var' in value ? (value as { $var: string }).$var : '';
    return <Select {...common} data={[{ value: 'user.id', label: t('filter.me') }]} value={v || null} onChange={(x) => onChange(x ? { $var: x } : undefined)} comboboxProps={{ withinPortal: true }} />;
  }
  if (field.type === 'relation' && field.target) {
    return <RelationSelect {...common} target={field.target} value={typeof value === 'number' ? value : null} onChange={(v) => onChange(v ?? undefined)} />;
  }
  if (field.type === 'date') return <TextInput {...common} type="date" value={(value as string) ?? ''} onChange={(e) => onChange(e.currentTarget.value || undefined)} />;
  if (field.type === 'datetime') {
    const local = typeof value === 'string' ? toLocalInput(value) : '';
    return <TextInput {...common} type="datetime-local" value={local} onChange={(e) => onChange(e.currentTarget.value ? new Date(e.currentTarget.value).toISOString() : undefined)} />;
  }
  if (isNumeric(field)) {
    return (
      <NumberInput
        {...common} value={value === undefined || value === null ? '' : Number(value)} hideControls
        onChange={(v) => onChange(v === '' ? undefined : isDecimal(field) ? String(v) : Number(v))}
      />
    );
  }
  return <TextInput {...common} value={(value as string) ?? ''} onChange={(e) => onChange(e.currentTarget.value)} />;
}

function toLocalInput(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function ValueInput({ field, op, value, onChange, label }: Props) {
  const { t } = useTranslation();
  if (NO_VALUE_OPS.has(op)) return null;
  if (op === 'between') {
    const [lo, hi] = Array.isArray(value) ? value : [undefined, undefined];
    return (
      <Group gap={6} wrap="nowrap" style={{ flex: 1 }}>
        <Scalar field={field} value={lo} label={`${label} ${t('filter.from')}`} onChange={(v) => onChange([v, hi])} />
        <Scalar field={field} value={hi} label={`${label} ${t('filter.to')}`} onChange={(v) => onChange([lo, v])} />
      </Group>
    );
  }
  if (op === 'inLast' || op === 'inNext') {
    const v = (value ?? { n: 30, unit: 'day' }) as { n: number; unit: string };
    return (
      <Group gap={6} wrap="nowrap" style={{ flex: 1 }}>
        <NumberInput aria-label={`${label} ${t('filter.count')}`} size="sm" min={1} max={10000} w={90} value={v.n} onChange={(n) => onChange({ ...v, n: Number(n) })} />
        <Select aria-label={`${label} ${t('filter.unit')}`} size="sm" w={110} allowDeselect={false} value={v.unit} data={UNITS.map((u) => ({ value: u, label: t(`filter.units.${u}`) }))} onChange={(u) => onChange({ ...v, unit: u ?? 'day' })} comboboxProps={{ withinPortal: true }} />
      </Group>
    );
  }
  if (op === 'in' || op === 'nin') {
    const list = Array.isArray(value) ? value : [];
    const common = { 'aria-label': label, size: 'sm' as const, style: { flex: 1, minWidth: 160 } };
    if (field.type === 'user' || field.target === '_users') {
      const isTeam = value && typeof value === 'object' && !Array.isArray(value) && (value as { $var?: string }).$var === 'user.teamMembers';
      return <Select {...common} data={[{ value: 'team', label: t('filter.myTeam') }]} value={isTeam ? 'team' : null} onChange={(x) => onChange(x ? { $var: 'user.teamMembers' } : undefined)} comboboxProps={{ withinPortal: true }} />;
    }
    if (field.options) return <MultiSelect {...common} placeholder={list.length ? undefined : t('filter.pickValues')} data={field.options.map((o) => ({ value: o.value, label: o.label }))} value={list as string[]} onChange={onChange} searchable comboboxProps={{ withinPortal: true }} />;
    if (field.type === 'relation' && field.target) return <RelationMultiSelect {...common} target={field.target} value={list as number[]} onChange={onChange} />;
    return (
      <TagsInput
        {...common} placeholder={list.length ? undefined : t('filter.typeValues')} value={list.map(String)}
        onChange={(v) => onChange(isNumeric(field) ? v.map((x) => (isDecimal(field) ? x : Number(x))).filter((x) => x === x) : v)}
      />
    );
  }
  return <Scalar field={field} value={value} label={label} onChange={onChange} />;
}
