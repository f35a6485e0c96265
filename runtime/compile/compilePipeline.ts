// Pipelines compiled once: stage order, allowed transitions, required fields, gates split into the
// conditions that are reported one by one, and the fields the funnel and forecast read.
import type { Entity, Pipeline } from '../definition/types.generated.js';
import type { ModelInfo } from '../query/model.js';
import { type CompiledCondition, compileCondition, splitConditions } from './conditions.js';
import { labelText } from './labels.js';

export interface CompiledStage {
  value: string;
  index: number;
  label: string;
  /** Percent chance of winning, for the weighted forecast (null: not set). */
  probability: number | null;
  requiredFields: readonly string[];
  gate: readonly CompiledCondition[];
  rotDays: number | null;
  won: boolean;
  lost: boolean;
}

export interface CompiledPipeline {
  name: string;
  label: string;
  entity: string;
  /** The select field holding the stage. */
  field: string;
  /** With several pipelines on one entity: the field whose value names the record's pipeline. */
  pipelineField: string | null;
  valueField: string | null;
  closeDateField: string | null;
  enteredAtField: string | null;
  stalledField: string | null;
  stages: readonly CompiledStage[];
  stage: ReadonlyMap<string, CompiledStage>;
  /** Stage → stages it may move to; null when any move is allowed. */
  transitions: ReadonlyMap<string, ReadonlySet<string>> | null;
}

export function compilePipeline(p: Pipeline, entity: Entity, model: ModelInfo, locale: string): CompiledPipeline {
  const field = entity.fields.find((f) => f.name === p.field);
  const options = field?.type === 'select' ? field.options : [];
  const stages = p.stages.map((s, index): CompiledStage => ({
    value: s.value,
    index,
    label: labelText(s.label, locale) ?? labelText(options.find((o) => o.value === s.value)?.label, locale) ?? s.value,
    probability: s.probability ?? null,
    requiredFields: s.requiredFields ?? [],
    gate: s.gate ? splitConditions(s.gate).map((c) => compileCondition(model, entity.name, c)) : [],
    rotDays: s.rotDays ?? null,
    won: s.won ?? false,
    lost: s.lost ?? false,
  }));
  return {
    name: p.name,
    label: labelText(p.label, locale) ?? p.name,
    entity: entity.name,
    field: p.field,
    pipelineField: p.pipelineField ?? null,
    valueField: p.valueField ?? null,
    closeDateField: p.closeDateField ?? null,
    enteredAtField: p.enteredAtField ?? null,
    stalledField: p.stalledField ?? null,
    stages,
    stage: new Map(stages.map((s) => [s.value, s])),
    transitions: p.transitions ? new Map(Object.entries(p.transitions).map(([from, to]) => [from, new Set(to ?? [])])) : null,
  };
}

/** The pipeline a record follows: the one its pipeline field names, or the entity's only one on that stage field. */
export function pipelineOf(pipelines: readonly CompiledPipeline[], record: Record<string, unknown>): CompiledPipeline | null {
  for (const p of pipelines) {
    if (p.pipelineField === null || record[p.pipelineField] === p.name) return p;
  }
  return null;
}
