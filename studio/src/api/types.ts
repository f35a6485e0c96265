// Shapes of the API the studio reads (/api/v1/_meta, records, problems). Kept narrow on purpose:
// only what the screens use.
import type { FilterAst } from '../views/filter/filterModel.js';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  code: string;
  errors?: { pointer: string; code: string; message: string }[];
  requestId?: string;
}

export interface User { id: number; email: string; name: string | null; roles: string[]; team: string | null }

export interface Option { value: string; label: string; color?: string }

export interface FieldMeta {
  name: string;
  type: string;
  label: string;
  description?: string;
  required?: boolean;
  writable: boolean;
  operators: string[];
  options?: Option[];
  target?: string;
  cardinality?: 'many-to-one' | 'one-to-many' | 'many-to-many';
  inverse?: string;
  currency?: string;
  scale?: number;
  resultType?: string;
}

export interface EntityMeta {
  name: string;
  label: string;
  pluralLabel?: string;
  titleField: string;
  searchFields: string[];
  fields: FieldMeta[];
  forms: Record<string, { schema: Record<string, unknown>; uiSchema: Record<string, unknown> }>;
}

export interface ViewMeta {
  name: string;
  entity: string;
  label?: string;
  kind?: 'table' | 'kanban' | 'calendar';
  columns?: string[];
  filter?: FilterAst;
  sort?: string[];
  groupBy?: string;
}

export interface PipelineMeta {
  name: string;
  entity: string;
  field: string;
  label?: string;
  stages: { value: string; probability?: number }[];
}

export interface AppMeta {
  name: string;
  label: string;
  locales: string[];
  defaultLocale: string;
  timezone: string;
  entities: { name: string; label: string; pluralLabel?: string }[];
  forms: { name: string; entity: string; label?: string }[];
  views: ViewMeta[];
  pipelines: PipelineMeta[];
}

/** A record on the wire (§10.3): id, version, system fields and the entity's fields. */
export type RecordData = { id: number; version: number } & Record<string, unknown>;

export interface Page { data: RecordData[]; meta: { nextCursor: string | null; count?: number } }

/** The system fields every entity has; they are not in the entity's field list. */
export const SYSTEM_FIELDS: FieldMeta[] = [
  { name: 'id', type: 'integer', label: 'ID', writable: false, operators: ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'nin', 'between'] },
  { name: 'created_at', type: 'datetime', label: 'Created', writable: false, operators: ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'between', 'isNull', 'inLast', 'inNext', 'today', 'thisWeek', 'thisMonth', 'thisQuarter', 'thisYear'] },
  { name: 'updated_at', type: 'datetime', label: 'Updated', writable: false, operators: ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'between', 'isNull', 'inLast', 'inNext', 'today', 'thisWeek', 'thisMonth', 'thisQuarter', 'thisYear'] },
];
