// Pipeline routes for the caller's audience: gated stage moves and stage history on each entity
// with a pipeline, and the pipelines' list, funnel and forecast.
import type { Audience } from '../audience.js';
import { data, json, type Obj, pascal, problems, ref } from './shared.js';

const str = { type: 'string' };
const num = { type: ['number', 'null'] };
const dec = { type: ['string', 'null'], description: 'Exact decimal as a string; null without a value field.' };
const int = { type: 'integer' };

const STAGE_ENTRY = {
  type: 'object', required: ['pipeline', 'from', 'to', 'at', 'actor', 'via', 'timeInFromMs'],
  properties: {
    pipeline: str, from: { type: ['string', 'null'] }, to: str, at: { type: 'string', format: 'date-time' },
    actor: { type: 'object', required: ['kind', 'id'], properties: { kind: str, id: { type: ['integer', 'null'] } } },
    via: str, timeInFromMs: { type: ['integer', 'null'], description: 'How long the record had stayed in `from`.' },
  },
};
const FUNNEL_STAGE = {
  type: 'object', required: ['stage', 'label', 'probability', 'count', 'value', 'weighted', 'reached', 'conversion'],
  properties: { stage: str, label: str, probability: num, count: int, value: dec, weighted: dec, reached: int, conversion: num },
};
const FORECAST_PERIOD = { type: 'object', required: ['period', 'count', 'value', 'weighted', 'won'], properties: { period: str, count: int, value: dec, weighted: dec, won: dec } };

export function pipelinePaths(audience: Audience): Obj {
  const app = audience.app;
  const visible = [...app.pipeline.values()].filter((p) => audience.canRead(p.entity));
  const paths: Obj = {};
  if (visible.length === 0) return paths;
  const filterParam = { name: 'filter', in: 'query', schema: str, description: 'A list filter (JSON) on the pipeline\'s entity: only matching records count.' };
  const nameParam = { name: 'name', in: 'path', required: true, schema: { type: 'string', enum: visible.map((p) => p.name) } };
  paths['/api/v1/_pipelines'] = {
    get: {
      tags: ['pipelines'], summary: 'The pipelines of the entities you may see: stages, gates, transitions', operationId: 'listPipelines',
      responses: { 200: json(data({ type: 'array', items: { type: 'object', required: ['name', 'entity', 'field', 'stages'], properties: { name: str, entity: str, field: str } } }), 'Pipelines'), ...problems() },
    },
  };
  paths['/api/v1/_pipelines/{name}/funnel'] = {
    parameters: [nameParam],
    get: {
      tags: ['pipelines'], summary: 'Per stage: records now in it, their value and weighted value, how many reached it and the conversion onwards (your records only)', operationId: 'pipelineFunnel',
      parameters: [filterParam],
      responses: { 200: json(data({ type: 'array', items: FUNNEL_STAGE }), 'The funnel'), ...problems('NOT_FOUND') },
    },
  };
  paths['/api/v1/_pipelines/{name}/forecast'] = {
    parameters: [nameParam],
    get: {
      tags: ['pipelines'], summary: 'Open and won records by period of their close date: value, value weighted by stage probability, won value (your records only)', operationId: 'pipelineForecast',
      parameters: [
        filterParam,
        { name: 'period', in: 'query', schema: { type: 'string', enum: ['week', 'month', 'quarter', 'year'], default: 'month' } },
        { name: 'from', in: 'query', schema: { type: 'string', format: 'date' } },
        { name: 'to', in: 'query', schema: { type: 'string', format: 'date' } },
      ],
      responses: {
        200: json(data({ type: 'array', items: FORECAST_PERIOD }, { meta: { type: 'object', required: ['period', 'from', 'to'], properties: { period: str, from: str, to: str } } }), 'The forecast'),
        ...problems('NOT_FOUND', 'VALIDATION_FAILED'),
      },
    },
  };
  for (const entity of new Set(visible.map((p) => p.entity))) {
    const P = pascal(entity);
    const names = visible.filter((p) => p.entity === entity).map((p) => p.name);
    const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } };
    paths[`/api/v1/${entity}/{id}/_transition`] = {
      parameters: [idParam],
      post: {
        tags: [entity], summary: `Move a ${entity} to another stage of its pipeline, with other fields set in the same write (gated like a PATCH of the stage)`, operationId: `transition${P}`,
        parameters: [{ name: 'If-Match', in: 'header', schema: str }],
        requestBody: {
          required: true,
          content: { 'application/json': { schema: { type: 'object', required: ['pipeline', 'to'], additionalProperties: false, properties: { pipeline: { type: 'string', enum: names }, to: str, data: { type: 'object' } } } } },
        },
        responses: {
          200: json(data(ref(P)), 'Moved', { ETag: { schema: str } }),
          ...problems('NOT_FOUND', 'METHOD_NOT_ALLOWED', 'UNIQUE_CONFLICT', 'PRECONDITION_FAILED', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE', 'VALIDATION_FAILED', 'PIPELINE_GATE'),
        },
      },
    };
    paths[`/api/v1/${entity}/{id}/_stages`] = {
      parameters: [idParam],
      get: {
        tags: [entity], summary: `The ${entity}'s stage history, oldest first`, operationId: `stages${P}`,
        responses: {
          200: json(data({ type: 'array', items: STAGE_ENTRY }, { meta: { type: 'object', required: ['current'], properties: { current: { type: ['object', 'null'] } } } }), 'Stage moves'),
          ...problems('NOT_FOUND', 'METHOD_NOT_ALLOWED'),
        },
      },
    };
  }
  return paths;
}

export const PIPELINE_TAG = { name: 'pipelines', description: 'Pipelines: funnel and weighted forecast' };
