// Parts of the one write path that its full form (write.ts) and its one-statement form
// (fastWrite.ts) share: reference checks, unique conflicts, the caller's field rules.
import type { Knex } from 'knex';
import type { CompiledEntity } from '../compile/compileApp.js';
import { isUniqueViolation, uniqueViolationColumns } from '../dialect/index.js';
import { appError, type ProblemItem } from '../errors/catalog.js';
import type { Ctx } from './context.js';
import { hiddenFields, readOnlyFields, type Runtime } from './runtime.js';
import { type Scope, scopeOf } from './authorize.js';
import type { UnitOfWork } from './uow.js';

/** Related records must exist and be readable by the caller: a record out of scope is "not found". */
export async function checkReferences({ trx, rt, entity, data, prefix, uow }: { trx: Knex.Transaction; rt: Runtime; entity: CompiledEntity; data: Record<string, unknown>; prefix: string; uow: UnitOfWork }): Promise<void> {
  const problems: ProblemItem[] = [];
  for (const [name, value] of Object.entries(data)) {
    const f = entity.info.fields.get(name);
    if (!f?.relation || value === null || value === undefined) continue;
    const table = f.relation.target;
    const target = rt.app.entities.get(table);
    let scope: Scope = null;
    if (target) {
      const result = await rt.authorize({ ctx: uow.ctx, entity: target.name, action: 'read' });
      if (result === false) {
        problems.push({ pointer: `${prefix}/${name}`, code: 'not_found', message: `no ${table} with id ${JSON.stringify(value)}` });
        continue;
      }
      scope = scopeOf({ rt, ctx: uow.ctx, entity: target, result });
    }
    const ids = (Array.isArray(value) ? (value as number[]) : [value as number]).filter((id) => !uow.known.has(`${table}:${id}`));
    if (ids.length === 0) continue;
    // Ids beyond the safe integer range exist nowhere; PostgreSQL would fail on them (bigint range) where SQLite answers.
    const queryable = ids.filter((id) => Number.isSafeInteger(id));
    const lookup = trx(table).whereIn(`${table}.id`, queryable);
    if (scope) lookup.where((w) => scope!(w));
    const found = queryable.length ? (await lookup.pluck(`${table}.id`)).map(Number) : [];
    for (const id of found) uow.known.add(`${table}:${id}`);
    const missing = ids.filter((id) => !found.includes(id));
    if (missing.length) problems.push({ pointer: `${prefix}/${name}`, code: 'not_found', message: `no ${table === '_users' ? 'user' : table} with id ${missing.join(', ')}` });
  }
  if (problems.length) throw appError('VALIDATION_FAILED', 'the record refers to records that do not exist', { errors: problems });
}

/**
 * A unique index refused the write. The answer names the fields, never the value or the record
 * holding it, and is the same whether or not the caller may read that record (docs/security.md).
 */
export function uniqueConflict(err: unknown, entity: CompiledEntity, prefix: string): unknown {
  if (!isUniqueViolation(err)) return err;
  const cols = uniqueViolationColumns(err).filter((c) => entity.info.fields.has(c));
  return takenError(entity, cols, prefix);
}

export const takenError = (entity: CompiledEntity, fields: readonly string[], prefix: string) =>
  appError('UNIQUE_CONFLICT', `the ${fields.join(' + ') || 'unique value'} of this ${entity.name} is already taken`, {
    errors: fields.map((c) => ({ pointer: `${prefix}/${c}`, code: 'unique', message: 'is already taken' })),
  });

export const rulesOf = (rt: Runtime, ctx: Ctx, entity: CompiledEntity) => ({ hidden: hiddenFields(rt, ctx, entity.name), readOnly: readOnlyFields(rt, ctx, entity.name), system: ctx.actor.kind === 'system' });

/** The stored values of a record as the change log keeps them: its fields, no system fields. */
export const fieldValues = (entity: CompiledEntity, rec: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(entity.fields.filter((f) => f.name in rec).map((f) => [f.name, rec[f.name]]));

