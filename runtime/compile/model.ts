// Entity definitions → the field/relation model shared by validation, the filter compiler and
// the records layer. Pure.
import { createHash } from 'node:crypto';
import type { Entity, Field } from '../definition/types.generated.js';
import { BUILTIN_FIELDS, fieldType, type FieldRegistry } from '../fields/registry.js';
import { type EntityInfo, type FieldInfo, type FilterOperators, type ModelInfo, systemFieldInfos, USERS_ENTITY } from '../query/model.js';

export function joinTableName(entity: string, field: string): string {
  const name = `${entity}__${field}`;
  if (name.length <= 63) return name;
  return `${name.slice(0, 54)}_${createHash('sha1').update(name).digest('hex').slice(0, 8)}`;
}

export function fieldInfo(entity: Entity, field: Field, entities: ReadonlyMap<string, Entity>, fields: FieldRegistry = BUILTIN_FIELDS): FieldInfo {
  const t = fieldType(field.type, fields);
  const storage = t.unavailable ? null : t.storage(field);
  const info: FieldInfo = { name: field.name, type: field.type, column: storage ? field.name : null, storage, operators: t.operators };
  if (field.type === 'relation') {
    const ops = field.cardinality === 'many-to-one' ? ['eq', 'ne', 'in', 'nin', 'isNull'] : ['some', 'every', 'none'];
    info.operators = ops;
    info.relation = { target: field.target, cardinality: field.cardinality, onDelete: field.onDelete ?? (field.cardinality === 'many-to-one' ? (field.required ? 'restrict' : 'set-null') : undefined) };
    if (field.cardinality === 'one-to-many') {
      info.relation.inverse = field.inverse;
      const child = entities.get(field.target);
      const inv = child?.fields.find((f) => f.name === field.inverse);
      info.relation.inverseColumn = inv?.name;
    }
    if (field.cardinality === 'many-to-many') info.relation.joinTable = joinTableName(entity.name, field.name);
  }
  if (field.type === 'user') info.relation = { target: '_users', cardinality: 'many-to-one', onDelete: 'set-null' };
  if (field.type === 'select' || field.type === 'multiselect') info.options = field.options.map((o) => o.value);
  if (field.type === 'formula' || field.type === 'rollup') {
    const base = storage?.kind === 'text' ? ['eq', 'ne', 'in', 'nin', 'contains', 'startsWith', 'endsWith', 'isNull']
      : storage?.kind === 'boolean' ? ['eq', 'ne', 'isNull']
        : storage?.kind === 'date' ? fieldType('date').operators
          : fieldType('integer').operators;
    info.operators = base;
  }
  return info;
}

export function entityInfo(entity: Entity, entities: ReadonlyMap<string, Entity>, registry: FieldRegistry = BUILTIN_FIELDS): EntityInfo {
  const fields = new Map<string, FieldInfo>();
  for (const s of systemFieldInfos()) fields.set(s.name, s);
  for (const f of entity.fields) fields.set(f.name, fieldInfo(entity, f, entities, registry));
  return { name: entity.name, table: entity.name, fields };
}

export function buildModel(entities: readonly Entity[], timezone: string, fields: FieldRegistry = BUILTIN_FIELDS, operators?: FilterOperators): ModelInfo & { infos: Map<string, EntityInfo> } {
  const byName = new Map(entities.map((e) => [e.name, e]));
  const infos = new Map<string, EntityInfo>();
  for (const e of entities) infos.set(e.name, entityInfo(e, byName, fields));
  if (operators?.size) {
    for (const info of infos.values()) {
      for (const f of info.fields.values()) {
        const extra = [...operators.values()].filter((op) => op.fieldTypes.includes(f.type)).map((op) => op.name);
        if (extra.length) f.operators = [...f.operators, ...extra];
      }
    }
  }
  return {
    infos,
    timezone,
    operators,
    entity: (name) => (name === '_users' ? USERS_ENTITY : infos.get(name)),
  };
}
