// Conditions of rules and condition nodes: the one filter language, compiled once. A condition on
// the record's own fields is tested in memory; one that follows relations (`account.grade`, `some`)
// asks the database about the record's row, so it sees related records as they are.
import type { Knex } from 'knex';
import type { CompiledApp } from '../compile/compileApp.js';
import type { DialectName } from '../dialect/index.js';
import { isPlainObject } from '../json.js';
import { type CompiledFilter, compileFilter, type FilterVars } from '../query/filter.js';

export interface PreparedCondition { filter: CompiledFilter; inMemory: boolean; entity: string }

/** Whether a filter reads only the record's own fields (no dotted paths, no some/every/none). */
export function ownFieldsOnly(ast: unknown): boolean {
  if (Array.isArray(ast)) return ast.every(ownFieldsOnly);
  if (!isPlainObject(ast)) return true;
  return Object.entries(ast).every(([k, v]) => {
    if (k === 'and' || k === 'or' || k === 'not') return ownFieldsOnly(v);
    if (k.includes('.')) return false;
    return !(isPlainObject(v) && ('some' in v || 'every' in v || 'none' in v));
  });
}

export function prepareCondition(app: CompiledApp, entity: string, ast: unknown): PreparedCondition {
  return { filter: compileFilter(app.model, entity, ast), inMemory: ownFieldsOnly(ast), entity };
}

/** Tests a record (wire form, with its id) against a prepared condition. */
export async function conditionHolds({ cond, record, vars, k, dialect }: { cond: PreparedCondition; record: Record<string, unknown>; vars: FilterVars; k: Knex; dialect: DialectName }): Promise<boolean> {
  if (cond.inMemory || typeof record.id !== 'number') return cond.filter.test(record, vars);
  const hit = await k(cond.entity).where(`${cond.entity}.id`, record.id).where(cond.filter.toKnex(vars, dialect, cond.entity)).first('id');
  return hit !== undefined;
}
