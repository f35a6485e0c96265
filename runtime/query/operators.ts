// The filter operator registry of a runtime: plugins' operators by name. The built-in vocabulary
// (docs/filters.md) is the filter compiler's own; an added operator may not reuse one of its words.
import type { FilterOperator, FilterOperators } from './model.js';

const BUILTIN = new Set([
  'eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'nin', 'between', 'contains', 'startsWith', 'endsWith', 'isNull',
  'inLast', 'inNext', 'today', 'thisWeek', 'thisMonth', 'thisQuarter', 'thisYear', 'some', 'every', 'none', 'and', 'or', 'not',
]);
const NAME = /^[a-z][A-Za-z0-9]{0,62}$/;

export function createFilterOperators(list: readonly FilterOperator[]): FilterOperators {
  const out = new Map<string, FilterOperator>();
  for (const op of list) {
    if (!NAME.test(op.name)) throw new Error(`filter operator name "${op.name}" must match ${NAME}`);
    if (BUILTIN.has(op.name)) throw new Error(`filter operator "${op.name}" is a built-in operator`);
    if (out.has(op.name)) throw new Error(`filter operator "${op.name}" is registered twice`);
    if (typeof op.operand !== 'function' || typeof op.where !== 'function' || typeof op.test !== 'function' || !Array.isArray(op.fieldTypes)) {
      throw new Error(`filter operator "${op.name}" needs fieldTypes, operand(), where() and test()`);
    }
    out.set(op.name, op);
  }
  return out;
}
