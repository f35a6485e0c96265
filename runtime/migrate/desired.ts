// CompiledApp → the tables, columns and indexes the database should have.
import { createHash } from 'node:crypto';
import type { CompiledApp } from '../compile/compileApp.js';
import { joinTableName } from '../compile/model.js';
import type { Storage } from '../dialect/index.js';

export interface DesiredColumn { name: string; storage: Storage; references?: string; renamedFrom?: string }
export interface DesiredIndex { name: string; columns: string[]; unique: boolean }
export interface DesiredTable {
  name: string;
  kind: 'entity' | 'join' | 'platform';
  renamedFrom?: string;
  /** Further names the table may still have, tried after renamedFrom (a join table whose entity and field were renamed at different times). */
  formerNames?: string[];
  columns: DesiredColumn[];
  indexes: DesiredIndex[];
}

export const SYSTEM_COLUMNS: DesiredColumn[] = [
  { name: 'created_at', storage: { kind: 'datetime' } },
  { name: 'updated_at', storage: { kind: 'datetime' } },
  { name: 'created_by', storage: { kind: 'bigint' } },
  { name: 'updated_by', storage: { kind: 'bigint' } },
  { name: 'version', storage: { kind: 'bigint' } },
];

export function indexName(prefix: 'ix' | 'ux', table: string, columns: string[]): string {
  const name = `${prefix}_${table}__${columns.join('__')}`;
  if (name.length <= 63) return name;
  return `${name.slice(0, 54)}_${createHash('sha1').update(name).digest('hex').slice(0, 8)}`;
}

export const PLATFORM_TABLES: DesiredTable[] = [
  {
    name: '_users', kind: 'platform',
    columns: [
      { name: 'email', storage: { kind: 'text' } },
      { name: 'name', storage: { kind: 'text' } },
      { name: 'created_at', storage: { kind: 'datetime' } },
    ],
    indexes: [{ name: 'ux__users__email', columns: ['email'], unique: true }],
  },
];

export function desiredTables(app: CompiledApp): DesiredTable[] {
  const out: DesiredTable[] = [...PLATFORM_TABLES];
  for (const e of app.entities.values()) {
    const columns: DesiredColumn[] = [];
    const indexes = new Map<string, DesiredIndex>();
    const addIndex = (cols: string[], unique: boolean): void => {
      const name = indexName(unique ? 'ux' : 'ix', e.table, cols);
      if (!indexes.has(name)) indexes.set(name, { name, columns: cols, unique });
    };
    for (const f of e.def.fields) {
      const info = e.info.fields.get(f.name)!;
      if (!info.storage || !info.column) continue;
      const references = info.relation?.cardinality === 'many-to-one' ? info.relation.target : undefined;
      columns.push({ name: info.column, storage: info.storage, references, renamedFrom: f.renamedFrom });
      if (f.unique) addIndex([info.column], true);
      else if (f.index || references) addIndex([info.column], false);
    }
    for (const ix of e.def.indexes ?? []) addIndex(ix.fields, ix.unique ?? false);
    for (const mk of e.matchKeys) addIndex(mk, true);
    out.push({ name: e.table, kind: 'entity', renamedFrom: e.def.renamedFrom, columns: [...columns, ...SYSTEM_COLUMNS], indexes: [...indexes.values()] });
    for (const m of e.manyToMany) {
      const jt = m.relation!.joinTable!;
      // the join table is named after entity and field: renaming either renames it (links kept).
      // A renamedFrom may stay in the files after its migration, so every old/new combination is a candidate.
      const fieldFrom = e.def.fields.find((f) => f.name === m.name)?.renamedFrom;
      const former = [...new Set([
        joinTableName(e.def.renamedFrom ?? e.name, fieldFrom ?? m.name),
        joinTableName(e.name, fieldFrom ?? m.name),
        joinTableName(e.def.renamedFrom ?? e.name, m.name),
      ])].filter((n) => n !== jt);
      out.push({
        name: jt, kind: 'join', renamedFrom: former[0], formerNames: former.slice(1),
        columns: [
          { name: 'source_id', storage: { kind: 'bigint' }, references: e.table },
          { name: 'target_id', storage: { kind: 'bigint' }, references: m.relation!.target },
        ],
        indexes: [{ name: indexName('ix', jt, ['target_id']), columns: ['target_id'], unique: false }],
      });
    }
  }
  return out;
}
