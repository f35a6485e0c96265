// Funnel and weighted forecast of a pipeline, over the records the caller may read (their read
// scope and any filter they add are ANDed into every query, §10.8).
import type { Knex } from 'knex';
import type { CompiledPipeline } from '../compile/compilePipeline.js';
import { aggregateValue } from '../dialect/ddl.js';
import { normalizeDecimal, scaledToDecimal } from '../decimal.js';
import { appError } from '../errors/catalog.js';
import { authorizeOrThrow } from '../records/authorize.js';
import { type Ctx, filterVars } from '../records/context.js';
import type { CompiledFilter } from '../query/filter.js';
import type { Runtime } from '../records/runtime.js';

export interface FunnelStage {
  stage: string;
  label: string;
  probability: number | null;
  /** Records now in the stage, and the sum of their value field. */
  count: number;
  value: string | null;
  /** value × probability. */
  weighted: string | null;
  /** Records that have ever been in this stage or a later, not-lost one (from the stage history and where they are now). */
  reached: number;
  /** reached of the next stage ÷ reached of this one (null for the last stage or when nothing reached it). */
  conversion: number | null;
}

export interface ForecastPeriod { period: string; count: number; value: string | null; weighted: string | null; won: string | null }

interface Base { rt: Runtime; pipeline: CompiledPipeline; ctx: Ctx; filter: CompiledFilter | null }

/** The pipeline's records the caller may read, matching the caller's filter. */
async function baseQuery({ rt, pipeline, ctx, filter }: Base): Promise<() => Knex.QueryBuilder> {
  const entity = rt.app.entities.get(pipeline.entity)!;
  const scope = await authorizeOrThrow({ rt, ctx, entity, action: 'read' });
  const t = entity.table;
  return () => {
    const qb = rt.db.knex(t);
    if (scope) qb.where((w) => scope(w));
    if (filter) qb.where((w) => filter.toKnex(filterVars(ctx), rt.db.dialect, t)(w));
    if (pipeline.pipelineField) qb.where(`${t}.${pipeline.pipelineField}`, pipeline.name);
    return qb;
  };
}

function decimalSum(rt: Runtime, pipeline: CompiledPipeline, raw: unknown): { value: string | null; scale: number } {
  const entity = rt.app.entities.get(pipeline.entity)!;
  const storage = pipeline.valueField ? entity.info.fields.get(pipeline.valueField)?.storage : undefined;
  if (!storage) return { value: null, scale: 2 };
  const scale = storage.scale ?? 2;
  if (raw === null || raw === undefined) return { value: normalizeDecimal(0, scale), scale };
  return { value: normalizeDecimal(aggregateValue(rt.db.dialect, raw, storage, 'sum', scaledToDecimal) as string | number, scale), scale };
}

const weight = (value: string | null, percent: number | null, scale: number): string | null =>
  value === null || percent === null ? null : normalizeDecimal((Number(value) * percent) / 100, scale);

export async function funnel(base: Base): Promise<FunnelStage[]> {
  const { rt, pipeline } = base;
  const q = await baseQuery(base);
  const t = pipeline.entity;
  const stageCol = `${t}.${pipeline.field}`;
  const grouped = q().select({ stage: stageCol }).count({ n: '*' }).groupBy(stageCol);
  if (pipeline.valueField) grouped.sum({ v: `${t}.${pipeline.valueField}` });
  const rows = (await grouped) as { stage: string; n: number | string; v?: unknown }[];
  const byStage = new Map(rows.map((r) => [r.stage, r]));
  const open = pipeline.stages.filter((s) => !s.lost);
  const reached: number[] = [];
  for (const s of pipeline.stages) {
    const later = s.lost ? [s.value] : open.filter((o) => o.index >= s.index).map((o) => o.value);
    const history = rt.db.knex('_stage_history').select('record_id').where({ entity: t, pipeline: pipeline.name }).whereIn('to_stage', later);
    const [{ n }] = await q().where((w) => w.whereIn(stageCol, later).orWhereIn(`${t}.id`, history)).countDistinct({ n: `${t}.id` });
    reached.push(Number(n));
  }
  return pipeline.stages.map((s, i) => {
    const row = byStage.get(s.value);
    const { value, scale } = decimalSum(rt, pipeline, row?.v);
    const next = pipeline.stages.slice(i + 1).find((x) => !x.lost);
    return {
      stage: s.value, label: s.label, probability: s.probability, count: Number(row?.n ?? 0), value, weighted: weight(value, s.probability, scale),
      reached: reached[i], conversion: next && !s.lost && reached[i] > 0 ? Math.round((reached[next.index] / reached[i]) * 10_000) / 10_000 : null,
    };
  });
}

export type Period = 'week' | 'month' | 'quarter' | 'year';

/** The period a day falls into: 2026-12 (month), 2026-Q4, 2026-W49 (ISO week), 2026. */
export function periodOf(day: string, period: Period): string {
  const [y, m] = [Number(day.slice(0, 4)), Number(day.slice(5, 7))];
  if (period === 'year') return String(y);
  if (period === 'month') return day.slice(0, 7);
  if (period === 'quarter') return `${y}-Q${Math.ceil(m / 3)}`;
  const d = new Date(`${day.slice(0, 10)}T00:00:00Z`);
  const dow = (d.getUTCDay() + 6) % 7;
  d.setUTCDate(d.getUTCDate() - dow + 3); // the week's Thursday decides its ISO year
  const first = new Date(Date.UTC(d.getUTCFullYear(), 0, 4));
  const week = 1 + Math.round((d.getTime() - first.getTime()) / 86_400_000 / 7 - ((first.getUTCDay() + 6) % 7) / 7 + 3 / 7);
  return `${d.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

/** Open and won records by the period of their close date: count, value, value weighted by stage probability (won: 100 %). */
export async function forecast(base: Base & { period: Period; from: string; to: string }): Promise<ForecastPeriod[]> {
  const { rt, pipeline } = base;
  if (!pipeline.closeDateField) throw appError('VALIDATION_FAILED', `pipeline "${pipeline.name}" names no closeDateField to forecast by`, { errors: [{ pointer: '/pipeline', code: 'not_forecastable', message: 'set "closeDateField" in the pipeline definition' }] });
  const q = await baseQuery(base);
  const t = pipeline.entity;
  const dateCol = `${t}.${pipeline.closeDateField}`;
  const stageCol = `${t}.${pipeline.field}`;
  const lost = pipeline.stages.filter((s) => s.lost).map((s) => s.value);
  const grouped = q().select({ day: dateCol, stage: stageCol }).count({ n: '*' }).whereNotNull(dateCol)
    .where(dateCol, '>=', base.from).where(dateCol, '<=', base.to).groupBy(dateCol, stageCol);
  if (lost.length) grouped.whereNotIn(stageCol, lost);
  if (pipeline.valueField) grouped.sum({ v: `${t}.${pipeline.valueField}` });
  const rows = (await grouped) as { day: unknown; stage: string; n: number | string; v?: unknown }[];
  const out = new Map<string, { count: number; value: number; weighted: number; won: number }>();
  let scale = 2;
  for (const r of rows) {
    const day = r.day instanceof Date ? r.day.toISOString() : String(r.day);
    const key = periodOf(day, base.period);
    const acc = out.get(key) ?? { count: 0, value: 0, weighted: 0, won: 0 };
    const s = pipeline.stage.get(r.stage);
    const sum = decimalSum(rt, pipeline, r.v);
    scale = sum.scale;
    const v = Number(sum.value ?? 0);
    acc.count += Number(r.n);
    acc.value += v;
    acc.weighted += s?.won ? v : (v * (s?.probability ?? 0)) / 100;
    if (s?.won) acc.won += v;
    out.set(key, acc);
  }
  const dec = (n: number): string | null => (pipeline.valueField ? normalizeDecimal(n, scale) : null);
  return [...out.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([period, a]) => ({ period, count: a.count, value: dec(a.value), weighted: dec(a.weighted), won: dec(a.won) }));
}
