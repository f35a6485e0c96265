// How a field's value reads in a cell, a card or the timeline: one formatter per field type.
import { Badge, Group } from '@mantine/core';
import type { FieldMeta, RecordData } from '../api/types';
import { isNumeric } from './filter/filterModel';

const OPTION_COLORS = ['indigo', 'teal', 'grape', 'orange', 'cyan', 'pink', 'violet', 'blue', 'red', 'green'];

/** The column's value on a row: related records arrive expanded ({id, name, …}). */
export function titleOf(value: unknown, titleField = 'name'): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object' && !Array.isArray(value)) {
    const v = value as Record<string, unknown>;
    return String(v[titleField] ?? v.name ?? v.email ?? `#${v.id}`);
  }
  return `#${String(value)}`;
}

export function formatNumber(value: unknown, field: FieldMeta, locale: string): string {
  if (value === null || value === undefined || value === '') return '';
  const n = Number(value);
  if (!Number.isFinite(n)) return String(value);
  const t = field.type === 'formula' || field.type === 'rollup' ? field.resultType ?? 'number' : field.type;
  if (t === 'currency') {
    try {
      return new Intl.NumberFormat(locale, { style: 'currency', currency: field.currency ?? 'CNY', maximumFractionDigits: 2 }).format(n);
    } catch {
      return n.toFixed(2);
    }
  }
  if (t === 'percent') return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(n)}%`;
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 6 }).format(n);
}

export function formatDate(value: unknown, type: string, locale: string): string {
  if (typeof value !== 'string' || !value) return '';
  if (type === 'date') {
    const [y, m, d] = value.split('-').map(Number);
    return new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', day: 'numeric' }).format(new Date(y, m - 1, d));
  }
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? value : new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(d);
}

export function optionColor(field: FieldMeta, value: string): string {
  const i = (field.options ?? []).findIndex((o) => o.value === value);
  return OPTION_COLORS[(i < 0 ? 0 : i) % OPTION_COLORS.length];
}

/** Plain text for a value (CSV-like; used by the timeline and titles). */
export function formatText(field: FieldMeta, value: unknown, locale: string, yesNo: [string, string] = ['Yes', 'No']): string {
  if (value === null || value === undefined || value === '') return '';
  if (field.type === 'boolean') return value ? yesNo[0] : yesNo[1];
  if (field.type === 'select') return field.options?.find((o) => o.value === value)?.label ?? String(value);
  if (field.type === 'multiselect' || field.type === 'tags') {
    return (Array.isArray(value) ? value : []).map((v) => field.options?.find((o) => o.value === v)?.label ?? String(v)).join(', ');
  }
  if (field.type === 'date' || field.type === 'datetime') return formatDate(value, field.type, locale);
  if (field.type === 'relation' || field.type === 'user') {
    if (Array.isArray(value)) return value.map((v) => titleOf(v)).join(', ');
    return titleOf(value);
  }
  if (isNumeric(field)) return formatNumber(value, field, locale);
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

export function CellValue({ field, value, locale, yesNo }: { field: FieldMeta; value: unknown; locale: string; yesNo: [string, string] }) {
  if (value === null || value === undefined || value === '') return null;
  if (field.type === 'select') {
    const label = field.options?.find((o) => o.value === value)?.label ?? String(value);
    const color = optionColor(field, String(value));
    // Shade 9 darkened keeps the text above 4.5:1 on the light badge for every palette colour.
    return <Badge variant="light" color={color} style={{ color: `color-mix(in srgb, var(--mantine-color-${color}-9) 70%, black)` }} radius="sm" tt="none" fw={500}>{label}</Badge>;
  }
  if (field.type === 'multiselect' || field.type === 'tags') {
    const list = Array.isArray(value) ? (value as string[]) : [];
    return (
      <Group gap={4} wrap="nowrap">
        {list.slice(0, 3).map((v) => <Badge key={v} variant="outline" color="gray" c="gray.8" radius="sm" tt="none" fw={500}>{field.options?.find((o) => o.value === v)?.label ?? v}</Badge>)}
        {list.length > 3 && <Badge variant="transparent" color="gray">+{list.length - 3}</Badge>}
      </Group>
    );
  }
  if (field.type === 'boolean') return <span aria-label={value ? yesNo[0] : yesNo[1]}>{value ? '✓' : '–'}</span>;
  if (field.type === 'rating') return <span aria-label={String(value)} style={{ color: 'var(--mantine-color-yellow-6)' }}>{'★'.repeat(Number(value))}</span>;
  if (field.type === 'email') return <a href={`mailto:${String(value)}`}>{String(value)}</a>;
  if (field.type === 'url' && /^https?:\/\//i.test(String(value))) return <a href={String(value)} target="_blank" rel="noopener noreferrer">{String(value)}</a>;
  return <span className="text">{formatText(field, value, locale, yesNo)}</span>;
}

/** The record's display title (its title field, or #id). */
export const recordTitle = (r: RecordData | undefined, titleField: string): string => (r ? String(r[titleField] ?? '') || `#${r.id}` : '');
