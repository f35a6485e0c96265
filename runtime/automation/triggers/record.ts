// Triggers fed by the change log of each committed write: a record created, updated or deleted,
// a field changing value, a pipeline stage entered or left. Derived changes (rollup recomputes,
// cascades, set-null) are changes like any other, so a rollup crossing a threshold fires rules.
import type { Pipeline } from '../../definition/types.generated.js';
import type { ProblemItem } from '../../errors/catalog.js';
import type { Change } from '../../records/uow.js';
import type { CheckContext, Config, TriggerType } from '../types.js';
import { entityIn, FILTER, fieldIn, NAME, SCALAR_OR_LIST, valueMatches } from './shared.js';

const entityCheck = (config: Config, ctx: CheckContext): ProblemItem[] => {
  const problems: ProblemItem[] = [];
  entityIn(ctx, config.entity, `${ctx.at}/entity`, problems);
  return problems;
};
const entityOf = (config: Config): string | null => (typeof config.entity === 'string' ? config.entity : null);

export const recordCreated: TriggerType = {
  type: 'record.created',
  description: 'A record of the entity was created (by anyone: the API, an import, another rule). `condition` is checked on the new record.',
  source: 'change',
  configSchema: { required: ['entity'], properties: { entity: NAME, condition: FILTER } },
  entityOf,
  check: entityCheck,
  matches: (_config, change) => change.action === 'create',
  example: { type: 'record.created', entity: 'lead', condition: { owner: { isNull: true } } },
};

export const recordUpdated: TriggerType = {
  type: 'record.updated',
  description: 'A record was changed. With `changedFields`, only when one of those fields changed value. `condition` is checked on the record after the change. Rollup recomputes count as changes.',
  source: 'change',
  configSchema: {
    required: ['entity'],
    properties: { entity: NAME, changedFields: { type: 'array', minItems: 1, maxItems: 100, uniqueItems: true, items: NAME }, condition: FILTER },
  },
  entityOf,
  check(config, ctx) {
    const problems: ProblemItem[] = [];
    const e = entityIn(ctx, config.entity, `${ctx.at}/entity`, problems);
    if (e) (config.changedFields as string[] | undefined ?? []).forEach((f, i) => fieldIn(e, f, `${ctx.at}/changedFields/${i}`, problems));
    return problems;
  },
  matches: (config, change) => change.action === 'update' && (!config.changedFields || (config.changedFields as string[]).some((f) => change.changed.includes(f))),
  example: { type: 'record.updated', entity: 'deal', changedFields: ['amount'], condition: { amount: { gte: 100000 } } },
};

export const recordDeleted: TriggerType = {
  type: 'record.deleted',
  description: 'A record was deleted (also by a cascade). `condition` is checked on the record as it was; `{{trigger.before.x}}` reads its last values.',
  source: 'change',
  configSchema: { required: ['entity'], properties: { entity: NAME, condition: FILTER } },
  entityOf,
  check: entityCheck,
  matches: (_config, change) => change.action === 'delete',
  example: { type: 'record.deleted', entity: 'deal' },
};

export const fieldChanged: TriggerType = {
  type: 'field.changed',
  description: 'One field of a record changed value, optionally `from` and/or `to` given values (one value or a list).',
  source: 'change',
  configSchema: { required: ['entity', 'field'], properties: { entity: NAME, field: NAME, from: SCALAR_OR_LIST, to: SCALAR_OR_LIST, condition: FILTER } },
  entityOf,
  check(config, ctx) {
    const problems: ProblemItem[] = [];
    const e = entityIn(ctx, config.entity, `${ctx.at}/entity`, problems);
    if (e) fieldIn(e, config.field, `${ctx.at}/field`, problems);
    return problems;
  },
  matches: (config, change) => {
    const field = config.field as string;
    return change.action === 'update' && change.changed.includes(field) && valueMatches(config.from, change.before?.[field]) && valueMatches(config.to, change.after?.[field]);
  },
  example: { type: 'field.changed', entity: 'lead', field: 'status', to: 'qualified' },
};

const pipelineOf = (config: Config, pipelines: readonly Pipeline[]): Pipeline | undefined => pipelines.find((p) => p.name === config.pipeline);

/** A stage trigger names a pipeline, or the entity and its select field. */
const stageSchema = {
  properties: { pipeline: NAME, entity: NAME, field: NAME, stage: { anyOf: [{ type: 'string' }, { type: 'array', minItems: 1, maxItems: 100, items: { type: 'string' } }] }, condition: FILTER },
};

function stageCheck(config: Config, ctx: CheckContext): ProblemItem[] {
  const problems: ProblemItem[] = [];
  let entityName = config.entity;
  let fieldName = config.field;
  if (config.pipeline !== undefined) {
    const p = pipelineOf(config, ctx.def.pipelines);
    if (!p) return [{ pointer: `${ctx.at}/pipeline`, code: 'unknown_pipeline', message: `"${String(config.pipeline)}" is not a pipeline of this app` }];
    if (config.entity !== undefined || config.field !== undefined) problems.push({ pointer: `${ctx.at}/pipeline`, code: 'conflict', message: 'name either the pipeline or the entity and field' });
    entityName = p.entity;
    fieldName = p.field;
  } else if (config.entity === undefined || config.field === undefined) {
    return [{ pointer: `${ctx.at}/pipeline`, code: 'required', message: 'a stage trigger names a "pipeline", or an "entity" and its select "field"' }];
  }
  const e = entityIn(ctx, entityName, `${ctx.at}/entity`, problems);
  if (!e || !fieldIn(e, fieldName, `${ctx.at}/field`, problems, (t) => t === 'select', 'select field')) return problems;
  const options = new Set((e.fields.find((f) => f.name === fieldName) as { options: { value: string }[] }).options.map((o) => o.value));
  const stages = config.stage === undefined ? [] : Array.isArray(config.stage) ? (config.stage as string[]) : [config.stage as string];
  stages.forEach((s, i) => {
    if (!options.has(s)) problems.push({ pointer: Array.isArray(config.stage) ? `${ctx.at}/stage/${i}` : `${ctx.at}/stage`, code: 'invalid_reference', message: `"${s}" is not a stage of ${e.name}.${String(fieldName)}` });
  });
  return problems;
}

function stageNormalize(config: Config, def: { pipelines: Pipeline[] }): Config {
  const p = pipelineOf(config, def.pipelines);
  return p ? { ...config, entity: p.entity, field: p.field } : config;
}

const inStages = (config: Config, value: unknown): boolean => config.stage === undefined ? value !== null && value !== undefined : valueMatches(config.stage, value);

export const stageEntered: TriggerType = {
  type: 'stage.entered',
  description: 'A record entered a stage (its pipeline field took one of the `stage` values, or any value when `stage` is absent), by any write path; a record created in the stage enters it too.',
  source: 'change',
  configSchema: stageSchema,
  entityOf: (config, def) => stageNormalize(config, def).entity as string,
  check: stageCheck,
  normalize: stageNormalize,
  matches: (config, change: Change) => {
    const field = config.field as string;
    if (change.action === 'create') return inStages(config, change.after?.[field]);
    return change.action === 'update' && change.changed.includes(field) && inStages(config, change.after?.[field]);
  },
  example: { type: 'stage.entered', pipeline: 'sales', stage: 'won' },
};

export const stageLeft: TriggerType = {
  type: 'stage.left',
  description: 'A record left a stage (its pipeline field changed away from one of the `stage` values).',
  source: 'change',
  configSchema: stageSchema,
  entityOf: (config, def) => stageNormalize(config, def).entity as string,
  check: stageCheck,
  normalize: stageNormalize,
  matches: (config, change: Change) => {
    const field = config.field as string;
    return change.action === 'update' && change.changed.includes(field) && inStages(config, change.before?.[field]);
  },
  example: { type: 'stage.left', pipeline: 'sales', stage: 'negotiation' },
};
