// Stage moves are judged on every write path (PATCH, bulk, import, automations, _transition): the
// move must be an allowed transition, and the record must have the target stage's required fields
// and meet its gate. Every unmet condition is one errors[] item at its field (422 PIPELINE_GATE).
// While a record stays in a stage, a write may not clear what the stage requires.
import { type CompiledPipeline, type CompiledStage, pipelineOf } from '../compile/compilePipeline.js';
import { conditionHolds, isEmptyValue } from '../compile/conditions.js';
import { appError, type ProblemItem } from '../errors/catalog.js';
import { filterVars } from '../records/context.js';
import { touchedFields } from '../records/rules.js';
import type { BeforeWrite, WriteCheck } from '../records/runtime.js';

const quote = (s: CompiledStage | string): string => `"${typeof s === 'string' ? s : s.value}"`;

/** Whether the write moves the record into a stage (a create with a stage is a move, from nowhere). */
function moved(p: CompiledPipeline, before: Record<string, unknown> | null, after: Record<string, unknown>): boolean {
  if (!before) return after[p.field] !== null && after[p.field] !== undefined;
  if (p.pipelineField && before[p.pipelineField] !== after[p.pipelineField]) return true;
  return before[p.field] !== after[p.field];
}

export const pipelineGateCheck: WriteCheck = async ({ rt, trx, ctx, entity, before, after, prefix }) => {
  const pipelines = rt.app.pipelines.get(entity.name);
  if (!pipelines) return;
  const p = pipelineOf(pipelines, after);
  if (!p) return;
  const to = p.stage.get(String(after[p.field]));
  if (!to) return;
  const isMove = moved(p, before, after);
  const touched = isMove ? null : touchedFields(before, after);
  const problems: ProblemItem[] = [];
  const from = before && (!p.pipelineField || before[p.pipelineField] === after[p.pipelineField]) ? (before[p.field] as string | null) : null;
  if (isMove && from !== null && from !== undefined && p.transitions) {
    const allowed = p.transitions.get(from);
    if (!allowed?.has(to.value)) {
      const list = allowed && allowed.size ? [...allowed].map(quote).join(', ') : 'no other stage';
      problems.push({ pointer: `${prefix}/${p.field}`, code: 'transition', message: `a ${entity.name} in stage ${quote(from)} can move to ${list}, not to ${quote(to)}` });
    }
  }
  for (const f of to.requiredFields) {
    if (touched && !touched.has(f)) continue;
    if (isEmptyValue(after[f])) problems.push({ pointer: `${prefix}/${f}`, code: 'required', message: `is required in stage ${quote(to)}` });
  }
  const vars = filterVars(ctx);
  for (const condition of to.gate) {
    if (touched && !condition.fields.some((f) => touched.has(f))) continue;
    if (await conditionHolds({ condition, record: after, vars, trx, dialect: rt.db.dialect, table: entity.table, id: after.id })) continue;
    problems.push({ pointer: `${prefix}/${condition.fields[0] ?? p.field}`, code: 'gate', message: `must meet ${JSON.stringify(condition.ast)} in stage ${quote(to)}` });
  }
  if (problems.length) {
    throw appError('PIPELINE_GATE', isMove ? `the ${entity.name} can not enter stage ${quote(to)} (pipeline "${p.name}")` : `the ${entity.name} no longer meets what stage ${quote(to)} requires (pipeline "${p.name}")`, { errors: problems });
  }
};

/** Stamps when a record entered its stage, and clears its stalled mark, whenever it moves. */
export const pipelineStamps: BeforeWrite = ({ rt, entity, before, data }) => {
  const pipelines = rt.app.pipelines.get(entity.name);
  if (!pipelines) return;
  const after = { ...(before ?? {}), ...data };
  const p = pipelineOf(pipelines, after);
  if (!p || !moved(p, before, after)) return;
  const set: Record<string, unknown> = {};
  if (p.enteredAtField) set[p.enteredAtField] = new Date().toISOString();
  if (p.stalledField) set[p.stalledField] = false;
  return set;
};
