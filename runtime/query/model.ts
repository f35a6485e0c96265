// The slice of the compiled app that the filter compiler and the query layer need.
import type { Storage } from '../dialect/index.js';

export interface RelationInfo {
  target: string;
  cardinality: 'many-to-one' | 'one-to-many' | 'many-to-many';
  /** one-to-many: the child's many-to-one field name and column. */
  inverse?: string;
  inverseColumn?: string;
  /** many-to-many: join table and its two columns. */
  joinTable?: string;
  onDelete?: 'restrict' | 'cascade' | 'set-null';
}

export interface FieldInfo {
  name: string;
  type: string;
  column: string | null;
  storage: Storage | null;
  operators: readonly string[];
  relation?: RelationInfo;
  /** select / multiselect option values. */
  options?: readonly string[];
}

/** A field whose value is a list (multiselect, tags): stored as NULL when empty, read back as []. */
export const isListField = (field: Pick<FieldInfo, 'type'>): boolean => field.type === 'multiselect' || field.type === 'tags';

export interface EntityInfo {
  name: string;
  table: string;
  fields: ReadonlyMap<string, FieldInfo>;
}

export interface ModelInfo {
  entity(name: string): EntityInfo | undefined;
  timezone: string;
  /** Filter operators beyond the built-in vocabulary (plugins'), by name. */
  operators?: FilterOperators;
}

/**
 * A filter operator a plugin adds: `{"mobile": {"carrier": "china_mobile"}}`. It applies to the
 * field types it names; like every operator it is two-valued (an empty value never matches) and
 * has the same meaning in SQL and in memory — `where` and `test` must agree.
 */
export interface FilterOperator {
  name: string;
  description: string;
  /** Field types (by name) whose fields accept it. */
  fieldTypes: readonly string[];
  /** Checks the operand: the value to use, or a message for the caller. */
  operand(value: unknown): { value: unknown } | { error: string };
  /** The condition in SQL, on a non-null column (`column` is qualified; bind values, never splice them). */
  where(args: { qb: import('knex').Knex.QueryBuilder; column: string; operand: unknown; dialect: 'sqlite' | 'postgres' }): void;
  /** The same condition on a stored (wire) value that is not null. */
  test(value: unknown, operand: unknown): boolean;
}

/** Filter operators by name, per runtime. */
export type FilterOperators = ReadonlyMap<string, FilterOperator>;

/** Platform users are a target of `user` fields and dotted paths (owner.email). */
export const USERS_ENTITY: EntityInfo = {
  name: '_users',
  table: '_users',
  fields: new Map<string, FieldInfo>([
    ['id', { name: 'id', type: 'integer', column: 'id', storage: { kind: 'bigint' }, operators: ['eq', 'ne', 'in', 'nin', 'isNull'] }],
    ['email', { name: 'email', type: 'email', column: 'email', storage: { kind: 'text' }, operators: ['eq', 'ne', 'in', 'nin', 'contains', 'startsWith', 'endsWith', 'isNull'] }],
    ['name', { name: 'name', type: 'text', column: 'name', storage: { kind: 'text' }, operators: ['eq', 'ne', 'in', 'nin', 'contains', 'startsWith', 'endsWith', 'isNull'] }],
    ['team', { name: 'team', type: 'text', column: 'team', storage: { kind: 'text' }, operators: ['eq', 'ne', 'in', 'nin', 'isNull'] }],
    ['department', { name: 'department', type: 'text', column: 'department', storage: { kind: 'text' }, operators: ['eq', 'ne', 'in', 'nin', 'isNull'] }],
    ['manager', { name: 'manager', type: 'user', column: 'manager', storage: { kind: 'bigint' }, operators: ['eq', 'ne', 'in', 'nin', 'isNull'], relation: { target: '_users', cardinality: 'many-to-one' } }],
  ]),
};

export const SYSTEM_FIELDS = ['id', 'created_at', 'updated_at', 'created_by', 'updated_by', 'version'] as const;

/** System fields are filterable and sortable like ordinary ones. */
export function systemFieldInfos(): FieldInfo[] {
  const num = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'nin', 'between', 'isNull'];
  const dt = [...num, 'inLast', 'inNext', 'today', 'thisWeek', 'thisMonth', 'thisQuarter', 'thisYear'];
  const userRel: RelationInfo = { target: '_users', cardinality: 'many-to-one' };
  return [
    { name: 'id', type: 'integer', column: 'id', storage: { kind: 'bigint' }, operators: num },
    { name: 'created_at', type: 'datetime', column: 'created_at', storage: { kind: 'datetime' }, operators: dt },
    { name: 'updated_at', type: 'datetime', column: 'updated_at', storage: { kind: 'datetime' }, operators: dt },
    { name: 'created_by', type: 'user', column: 'created_by', storage: { kind: 'bigint' }, operators: ['eq', 'ne', 'in', 'nin', 'isNull'], relation: userRel },
    { name: 'updated_by', type: 'user', column: 'updated_by', storage: { kind: 'bigint' }, operators: ['eq', 'ne', 'in', 'nin', 'isNull'], relation: userRel },
    { name: 'version', type: 'integer', column: 'version', storage: { kind: 'bigint' }, operators: num },
  ];
}
