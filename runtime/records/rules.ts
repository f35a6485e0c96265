// An entity's own rules, checked on every write path after the row is written (same transaction):
// fields required while a condition holds (`requiredWhen`) and validation rules (`rules`). A write
// is judged on what it touches: a create on everything, an update on the rules whose fields it
// changed — so records stored before a rule existed can still be edited elsewhere.
import { conditionHolds, isEmptyValue } from '../compile/conditions.js';
import { labelText } from '../compile/labels.js';
import { appError, type ProblemItem } from '../errors/catalog.js';
import { filterVars } from './context.js';
import type { WriteCheck } from './runtime.js';

/** The fields whose stored value differs between two versions (every field for a create). */
export function touchedFields(before: Record<string, unknown> | null, after: Record<string, unknown>): Set<string> {
  if (!before) return new Set(Object.keys(after));
  return new Set(Object.keys(after).filter((k) => JSON.stringify(before[k] ?? null) !== JSON.stringify(after[k] ?? null)));
}

export const entityRulesCheck: WriteCheck = async ({ rt, trx, ctx, entity, before, after, prefix }) => {
  if (entity.requiredWhen.length === 0 && entity.rules.length === 0) return;
  const touched = touchedFields(before, after);
  const vars = filterVars(ctx);
  const holds = (condition: Parameters<typeof conditionHolds>[0]['condition']) =>
    conditionHolds({ condition, record: after, vars, trx, dialect: rt.db.dialect, table: entity.table, id: after.id });
  const problems: ProblemItem[] = [];
  for (const r of entity.requiredWhen) {
    if (!touched.has(r.field) && !r.when.fields.some((f) => touched.has(f))) continue;
    if (isEmptyValue(after[r.field]) && (await holds(r.when))) {
      problems.push({ pointer: `${prefix}/${r.field}`, code: 'required', message: `is required when ${JSON.stringify(r.when.ast)}` });
    }
  }
  for (const rule of entity.rules) {
    const reads = [rule.field, ...rule.assert.fields, ...(rule.when?.fields ?? [])];
    if (!reads.some((f) => touched.has(f))) continue;
    if (rule.when && !(await holds(rule.when))) continue;
    if (await holds(rule.assert)) continue;
    const message = typeof rule.message === 'string' ? rule.message : labelText(rule.message ?? undefined, rt.app.defaultLocale) ?? `must satisfy the rule "${rule.name}"`;
    problems.push({ pointer: `${prefix}/${rule.field}`, code: 'rule', message: `${message} (rule "${rule.name}")` });
  }
  if (problems.length) throw appError('VALIDATION_FAILED', 'the record breaks the rules of its entity', { errors: problems });
};
