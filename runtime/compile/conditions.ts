// Conditions (the one filter language) as rules check them: split into the top-level parts that
// are reported one by one, the fields each part reads, and whether it can be decided on the record
// alone (no relation path) or needs the database.
import type { Knex } from 'knex';
import type { DialectName } from '../dialect/index.js';
import { isPlainObject } from '../json.js';
import { type CompiledFilter, compileFilter, type FilterVars } from '../query/filter.js';
import type { ModelInfo } from '../query/model.js';

const QUANTIFIERS = new Set(['some', 'none', 'every']);

/** A condition compiled once, with what a rule needs to report it. */
export interface CompiledCondition {
  ast: unknown;
  filter: CompiledFilter;
  /** Root field names the condition reads (for "did this write touch it?" and the error pointer). */
  fields: readonly string[];
  /** True when the record's own values decide it (no dotted path, no some/none/every). */
  local: boolean;
}

/** The top-level parts of a condition: the items of an `and`, or one part per field of a plain object. */
export function splitConditions(ast: unknown): unknown[] {
  if (!isPlainObject(ast)) return [ast];
  const keys = Object.keys(ast);
  if (keys.length === 1 && keys[0] === 'and' && Array.isArray(ast.and)) return ast.and.flatMap(splitConditions);
  if (keys.length > 1) return keys.map((k) => ({ [k]: ast[k] }));
  return [ast];
}

function walk(ast: unknown, out: { fields: Set<string>; local: boolean }): void {
  if (Array.isArray(ast)) return ast.forEach((x) => walk(x, out));
  if (!isPlainObject(ast)) return;
  for (const [key, value] of Object.entries(ast)) {
    if (key === 'and' || key === 'or' || key === 'not') {
      walk(value, out);
      continue;
    }
    out.fields.add(key.split('.')[0]);
    if (key.includes('.')) out.local = false;
    if (isPlainObject(value) && Object.keys(value).some((op) => QUANTIFIERS.has(op))) out.local = false;
  }
}

export function compileCondition(model: ModelInfo, entity: string, ast: unknown): CompiledCondition {
  const info = { fields: new Set<string>(), local: true };
  walk(ast, info);
  return { ast, filter: compileFilter(model, entity, ast), fields: [...info.fields], local: info.local };
}

/** Whether a stored record meets the condition: in memory when the record decides it, else by a query on its row. */
export async function conditionHolds(args: {
  condition: CompiledCondition; record: Record<string, unknown>; vars: FilterVars; trx: Knex; dialect: DialectName; table: string; id: number;
}): Promise<boolean> {
  const { condition, record, vars, trx, dialect, table, id } = args;
  if (condition.local) return condition.filter.test(record, vars);
  const hit = await trx(table).where(`${table}.id`, id).where((w) => condition.filter.toKnex(vars, dialect, table)(w)).first(`${table}.id`);
  return hit !== undefined;
}

/** A value counts as given when it is not null, not an empty string and not an empty list. */
export const isEmptyValue = (v: unknown): boolean => v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);
