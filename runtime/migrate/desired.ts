// CompiledApp → the tables, columns and indexes the database should have.
import { createHash } from 'node:crypto';
import type { CompiledApp } from '../compile/compileApp.js';
import { joinTableName } from '../compile/model.js';
import type { Storage } from '../dialect/index.js';
import { AUTOMATION_TABLES } from '../automation/tables.js';

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

const col = (name: string, kind: DesiredColumn['storage']['kind'], references?: string): DesiredColumn => ({ name, storage: { kind }, ...(references ? { references } : {}) });

/** The platform's own tables: users and their sessions, API tokens, login throttling, the audit log. */
export const PLATFORM_TABLES: DesiredTable[] = [
  {
    name: '_users', kind: 'platform',
    columns: [
      col('email', 'text'), col('name', 'text'), col('password_hash', 'text'), col('status', 'text'), col('roles', 'json'),
      col('team', 'text'), col('department', 'text'), col('manager', 'bigint', '_users'), col('created_at', 'datetime'), col('updated_at', 'datetime'),
    ],
    indexes: [{ name: 'ux__users__email', columns: ['email'], unique: true }, { name: 'ix__users__manager', columns: ['manager'], unique: false }],
  },
  {
    name: '_sessions', kind: 'platform',
    columns: [col('token_hash', 'text'), col('user_id', 'bigint', '_users'), col('csrf', 'text'), col('created_at', 'datetime'), col('last_seen_at', 'datetime'), col('expires_at', 'datetime')],
    indexes: [{ name: 'ux__sessions__token_hash', columns: ['token_hash'], unique: true }, { name: 'ix__sessions__user_id', columns: ['user_id'], unique: false }],
  },
  {
    name: '_tokens', kind: 'platform',
    columns: [
      col('token_hash', 'text'), col('user_id', 'bigint', '_users'), col('name', 'text'), col('scopes', 'json'), col('created_at', 'datetime'),
      col('expires_at', 'datetime'), col('last_used_at', 'datetime'), col('revoked_at', 'datetime'),
    ],
    indexes: [{ name: 'ux__tokens__token_hash', columns: ['token_hash'], unique: true }, { name: 'ix__tokens__user_id', columns: ['user_id'], unique: false }],
  },
  {
    name: '_login_failures', kind: 'platform',
    columns: [col('key', 'text'), col('failures', 'integer'), col('locked_until', 'datetime'), col('updated_at', 'datetime')],
    indexes: [{ name: 'ux__login_failures__key', columns: ['key'], unique: true }],
  },
  {
    name: '_audit', kind: 'platform',
    columns: [
      col('at', 'datetime'), col('actor_kind', 'text'), col('actor_id', 'bigint'), col('via', 'text'), col('request_id', 'text'), col('reason', 'text'),
      col('entity', 'text'), col('record_id', 'bigint'), col('action', 'text'), col('changed', 'json'), col('before', 'json'), col('after', 'json'),
      col('cause', 'json'),
    ],
    indexes: [
      { name: 'ix__audit__entity__record_id', columns: ['entity', 'record_id'], unique: false },
      { name: 'ix__audit__actor_id', columns: ['actor_id'], unique: false },
    ],
  },
  {
    // who moved a record from which stage to which, when, and how long it had stayed (pipelines)
    name: '_stage_history', kind: 'platform',
    columns: [
      col('entity', 'text'), col('record_id', 'bigint'), col('pipeline', 'text'), col('from_stage', 'text'), col('to_stage', 'text'), col('at', 'datetime'),
      col('actor_kind', 'text'), col('actor_id', 'bigint'), col('via', 'text'), col('request_id', 'text'), col('from_ms', 'bigint'),
    ],
    indexes: [
      { name: 'ix__stage_history__entity__record_id', columns: ['entity', 'record_id'], unique: false },
      { name: 'ix__stage_history__pipeline__to_stage', columns: ['pipeline', 'to_stage'], unique: false },
    ],
  },
  // Definitions edited at runtime (runtime/definitions): applied overlays, one row per revision, and
  // each designer's unapplied drafts. Documents are kept as text so their key order survives.
  {
    name: '_definition_revisions', kind: 'platform',
    columns: [col('at', 'datetime'), col('author_id', 'bigint'), col('message', 'text'), col('action', 'text'), col('overlay', 'text')],
    indexes: [],
  },
  {
    name: '_definition_drafts', kind: 'platform',
    columns: [
      col('author_id', 'bigint'), col('kind', 'text'), col('name', 'text'), col('document', 'text'), col('etag', 'text'),
      col('based_on', 'text'), col('base_hash', 'text'), col('updated_at', 'datetime'),
    ],
    indexes: [{ name: 'ux__definition_drafts__author_id__kind__name', columns: ['author_id', 'kind', 'name'], unique: true }],
  },
];

export function desiredTables(app: CompiledApp): DesiredTable[] {
  const out: DesiredTable[] = [...PLATFORM_TABLES, ...AUTOMATION_TABLES];
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
