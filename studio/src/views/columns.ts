// Which columns a list shows and which `fields` it asks the API for.
import type { EntityMeta, FieldMeta } from '../api/types';
import { SYSTEM_FIELDS } from '../api/types';

export interface Column { path: string; field: FieldMeta; label: string; width: number; numeric: boolean }

const WIDTH: Record<string, number> = {
  boolean: 90, rating: 110, integer: 110, number: 120, currency: 140, percent: 100, date: 130, datetime: 180, select: 150,
  user: 160, relation: 200, email: 220, phone: 150, autonumber: 120, longtext: 280,
};

const listable = (f: FieldMeta): boolean => !(f.type === 'relation' && f.cardinality === 'one-to-many') && f.type !== 'json';

/** The field a column path names (`account.name` names account's name field when the target is known). */
export function fieldOf(entity: EntityMeta, path: string, targets: Map<string, EntityMeta> | null): FieldMeta | undefined {
  const [first, rest] = [path.split('.')[0], path.split('.').slice(1)];
  const f = entity.fields.find((x) => x.name === first) ?? SYSTEM_FIELDS.find((x) => x.name === first);
  if (!f || rest.length === 0) return f;
  const target = f.target ? targets?.get(f.target) : undefined;
  return target?.fields.find((x) => x.name === rest[0]);
}

/** Without a view: the title first (it links to the record, and is what a phone shows), then the next fields. */
export function defaultColumns(entity: EntityMeta): string[] {
  return [entity.titleField, ...entity.fields.filter((f) => listable(f) && f.name !== entity.titleField).slice(0, 7).map((f) => f.name)];
}

export function toColumns(entity: EntityMeta, paths: string[], targets: Map<string, EntityMeta> | null): Column[] {
  const out: Column[] = [];
  for (const path of paths) {
    const field = fieldOf(entity, path, targets);
    if (!field || !listable(field)) continue;
    const label = path.includes('.') ? `${entity.fields.find((f) => f.name === path.split('.')[0])?.label ?? ''} › ${field.label}` : field.label;
    const numeric = ['integer', 'number', 'currency', 'percent'].includes(field.type === 'formula' || field.type === 'rollup' ? field.resultType ?? 'number' : field.type);
    out.push({ path, field, label, numeric, width: path === entity.titleField ? 240 : WIDTH[field.type] ?? 170 });
  }
  return out;
}

/** The columns a list shows: the user's choice, else the view's, else the first fields; the title first. */
export function listColumns(entity: EntityMeta, view: { columns?: string[] } | null, chosen: string[] | null, targets: Map<string, EntityMeta> | null): Column[] {
  const paths = chosen ?? view?.columns ?? defaultColumns(entity);
  return toColumns(entity, paths.includes(entity.titleField) ? paths : [entity.titleField, ...paths], targets);
}

/** The many-to-one targets whose title fields the list needs. */
export const relationTargets = (entity: EntityMeta): string[] => entity.fields.filter((f) => f.type === 'relation' && f.cardinality === 'many-to-one').map((f) => f.target!);

export const columnsStorageKey = (entity: string, view: string | null | undefined): string => `crm.columns.${entity}.${view ?? '_all'}`;

/** `fields=` for the list request: relations trimmed to their target's title, users to their name. */
export function fieldsParam(entity: EntityMeta, columns: Column[], targets: Map<string, EntityMeta> | null): string {
  const out = new Set<string>([entity.titleField]);
  for (const c of columns) {
    if (c.path.includes('.')) out.add(c.path);
    else if (c.field.type === 'user') out.add(`${c.path}.name`);
    else if (c.field.type === 'relation' && c.field.cardinality === 'many-to-one') out.add(`${c.path}.${targets?.get(c.field.target!)?.titleField ?? 'id'}`);
    else out.add(c.path);
  }
  return [...out].join(',');
}

/** The value of a column on a row (dotted paths read the expanded record). */
export function valueAt(row: Record<string, unknown>, path: string): unknown {
  let v: unknown = row;
  for (const step of path.split('.')) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[step] : undefined;
  return v;
}
