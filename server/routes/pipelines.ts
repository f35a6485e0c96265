// Pipelines over HTTP: gated stage moves, a record's stage history, funnel and forecast.
import { Router, type Request } from 'express';
import { appError } from '../../runtime/errors/catalog.js';
import { funnel, forecast, type Period } from '../../runtime/pipelines/analytics.js';
import { stageHistory } from '../../runtime/pipelines/history.js';
import { transition } from '../../runtime/pipelines/operations.js';
import { visibleEntityOrThrow } from '../../runtime/records/authorize.js';
import { parseListQuery } from '../../runtime/records/query.js';
import { getRecord } from '../../runtime/records/read.js';
import { hiddenFields, type Runtime } from '../../runtime/records/runtime.js';
import type { Ctx } from '../../runtime/records/context.js';
import { BODY_LIMIT, jsonBody } from '../http/body.js';
import { ctxOf } from '../http/context.js';

const parseId = (raw: string): number => {
  if (!/^[1-9]\d{0,15}$/.test(raw) || !Number.isSafeInteger(Number(raw))) throw appError('NOT_FOUND', `no record with id "${raw.slice(0, 40)}"`);
  return Number(raw);
};
const only = (req: Request, allowed: string[]): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(req.query)) {
    if (!allowed.includes(key)) throw appError('INVALID_QUERY', `unknown query parameter "${key}"`, { errors: [{ pointer: `/${key}`, code: 'unknown_parameter', message: `allowed: ${allowed.join(', ') || 'none'}` }] });
    if (typeof value !== 'string') throw appError('INVALID_QUERY', `"${key}" is given once`, { errors: [{ pointer: `/${key}`, code: 'invalid', message: 'give it once' }] });
    out[key] = value;
  }
  return out;
};
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A pipeline the caller may see (its entity is visible to them), and their filter on it. */
async function pipelineFor(rt: Runtime, ctx: Ctx, name: string, rawFilter: string | undefined) {
  const p = rt.app.pipeline.get(name);
  if (!p) throw appError('NOT_FOUND', `no pipeline "${name.slice(0, 100)}"`);
  const entity = await visibleEntityOrThrow({ rt, ctx, name: p.entity }).catch(() => {
    throw appError('NOT_FOUND', `no pipeline "${name.slice(0, 100)}"`);
  });
  const filter = rawFilter === undefined ? null : parseListQuery(rt.app, entity, { filter: rawFilter }, (e) => hiddenFields(rt, ctx, e)).filter;
  return { pipeline: p, filter };
}

export function pipelineRoutes(rt: Runtime): Router {
  const r = Router();
  r.get('/_pipelines', async (req, res) => {
    only(req, []);
    const ctx = ctxOf(res);
    const out = [];
    for (const p of rt.app.pipeline.values()) {
      if (!(await visibleEntityOrThrow({ rt, ctx, name: p.entity }).then(() => true, () => false))) continue;
      out.push({
        name: p.name, label: p.label, entity: p.entity, field: p.field, pipelineField: p.pipelineField, valueField: p.valueField, closeDateField: p.closeDateField,
        enteredAtField: p.enteredAtField, stalledField: p.stalledField,
        stages: p.stages.map((s) => ({ value: s.value, label: s.label, probability: s.probability, requiredFields: s.requiredFields, gate: s.gate.map((g) => g.ast), rotDays: s.rotDays, won: s.won, lost: s.lost })),
        transitions: p.transitions ? Object.fromEntries([...p.transitions].map(([from, to]) => [from, [...to]])) : null,
      });
    }
    res.json({ data: out });
  });
  r.get('/_pipelines/:name/funnel', async (req, res) => {
    const q = only(req, ['filter']);
    const ctx = ctxOf(res);
    const { pipeline, filter } = await pipelineFor(rt, ctx, String(req.params.name), q.filter);
    res.json({ data: await funnel({ rt, pipeline, ctx, filter }) });
  });
  r.get('/_pipelines/:name/forecast', async (req, res) => {
    const q = only(req, ['filter', 'period', 'from', 'to']);
    const ctx = ctxOf(res);
    const { pipeline, filter } = await pipelineFor(rt, ctx, String(req.params.name), q.filter);
    const period = (q.period ?? 'month') as Period;
    if (!['week', 'month', 'quarter', 'year'].includes(period)) throw appError('INVALID_QUERY', '"period" is week, month, quarter or year', { errors: [{ pointer: '/period', code: 'enum', message: 'week, month, quarter or year' }] });
    const today = new Date().toISOString().slice(0, 10);
    const from = q.from ?? `${today.slice(0, 7)}-01`;
    const to = q.to ?? `${Number(today.slice(0, 4)) + 1}${today.slice(4, 7)}-01`;
    for (const [key, v] of [['from', from], ['to', to]] as const) {
      if (!DAY.test(v) || Number.isNaN(Date.parse(v))) throw appError('INVALID_QUERY', `"${key}" is a date (YYYY-MM-DD)`, { errors: [{ pointer: `/${key}`, code: 'format', message: 'YYYY-MM-DD' }] });
    }
    res.json({ data: await forecast({ rt, pipeline, ctx, filter, period, from, to }), meta: { period, from, to } });
  });
  r.post('/:entity/:id/_transition', ...jsonBody(BODY_LIMIT), async (req, res) => {
    const ctx = ctxOf(res);
    const entity = await visibleEntityOrThrow({ rt, ctx, name: String(req.params.entity) });
    only(req, []);
    const h = req.headers['if-match'];
    const rec = await transition(rt, { entity: entity.name, id: parseId(String(req.params.id)), body: req.body, ctx, ifMatch: typeof h === 'string' ? h : undefined });
    res.setHeader('ETag', `"${rec.version}"`).json({ data: rec });
  });
  r.get('/:entity/:id/_stages', async (req, res) => {
    const ctx = ctxOf(res);
    const entity = await visibleEntityOrThrow({ rt, ctx, name: String(req.params.entity) });
    const id = parseId(String(req.params.id));
    await getRecord(rt, { entity: entity.name, id, ctx });
    only(req, []);
    if (!rt.app.pipelines.has(entity.name)) throw appError('NOT_FOUND', `${entity.name} has no pipeline`);
    const { entries, current } = await stageHistory(rt, entity.name, id);
    res.json({ data: entries, meta: { current } });
  });
  r.all(['/:entity/:id/_transition', '/:entity/:id/_stages'], async (req, res) => {
    await visibleEntityOrThrow({ rt, ctx: ctxOf(res), name: String(req.params.entity) });
    throw appError('METHOD_NOT_ALLOWED', `${req.method} is not supported here`);
  });
  return r;
}
