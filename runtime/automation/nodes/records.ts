// Nodes that write records: update (this record or a related one), create, delete, and add to a
// number (loyalty points). They write through the records layer inside the run's transaction.
import type { Knex } from 'knex';
import type { Entity } from '../../definition/types.generated.js';
import { appError, type ProblemItem } from '../../errors/catalog.js';
import { decimalToScaled, normalizeDecimal, scaledToDecimal } from '../../decimal.js';
import type { WireRecord } from '../../records/codec.js';
import { createForRun, deleteForRun, readForRun, resolveTarget, updateForRun } from '../records.js';
import { entityIn, fieldIn, NAME } from '../triggers/shared.js';
import type { CheckContext, Json, NodeRunArgs, NodeType } from '../types.js';

const TARGET = { type: 'string', pattern: '^(record|[a-z][a-z0-9_]{0,62}(\\.[a-z][a-z0-9_]{0,62}){0,3})$', description: '"record" (default) or a many-to-one path from it, e.g. "account" or "student.guardian".' };
const VALUES = { type: 'object', minProperties: 1, maxProperties: 200, propertyNames: NAME, description: 'Field → value; strings may hold {{templates}}; a string that is one {{tag}} keeps the value\'s type.' };
const NOT_WRITABLE = new Set(['formula', 'rollup', 'autonumber']);

/** The entity a target path leads to from the rule's entity, or a problem. */
export function targetEntity(ctx: CheckContext, target: unknown, at: string, problems: ProblemItem[]): Entity | null {
  if (!ctx.entity) {
    problems.push({ pointer: at, code: 'invalid_reference', message: 'this rule has no record: its trigger is not about one' });
    return null;
  }
  let e = ctx.def.entities.find((x) => x.name === ctx.entity) ?? null;
  const segs = target === undefined || target === 'record' ? [] : String(target).replace(/^record\./, '').split('.');
  for (const seg of segs) {
    const f = e?.fields.find((x) => x.name === seg);
    if (!e || !f || f.type !== 'relation' || f.cardinality !== 'many-to-one') {
      problems.push({ pointer: at, code: 'invalid_reference', message: `"${seg}" is not a many-to-one relation of ${e?.name ?? 'the record'}` });
      return null;
    }
    e = ctx.def.entities.find((x) => x.name === f.target) ?? null;
  }
  return e;
}

function checkValues(e: Entity, values: unknown, at: string, problems: ProblemItem[]): void {
  for (const key of Object.keys((values as Record<string, unknown>) ?? {})) {
    const f = e.fields.find((x) => x.name === key);
    if (!f) problems.push({ pointer: `${at}/${key}`, code: 'unknown_field', message: `"${e.name}" has no field "${key}"` });
    else if (NOT_WRITABLE.has(f.type) || (f.type === 'relation' && f.cardinality === 'one-to-many')) problems.push({ pointer: `${at}/${key}`, code: 'read_only_field', message: `"${e.name}.${key}" is computed and can not be written` });
  }
}

const trxOf = (args: NodeRunArgs): Knex.Transaction => {
  if (!args.trx) throw new Error('a record node runs inside the run\'s transaction');
  return args.trx as Knex.Transaction;
};

async function target(args: NodeRunArgs): Promise<{ entity: string; id: number }> {
  return resolveTarget({ rt: args.rt, trx: trxOf(args), ctx: args.ctx, entity: args.rule.entity, record: args.scope.record, path: args.config.target as string | undefined });
}

const asJson = (rec: WireRecord): Json => JSON.parse(JSON.stringify(rec)) as Json;

export const recordUpdate: NodeType = {
  type: 'record.update',
  description: 'Updates the run\'s record, or a related one through a many-to-one `target` path (`account`, `student.guardian`). Pipeline gates, access scopes and validation apply as for any write.',
  configSchema: { required: ['values'], properties: { target: TARGET, values: VALUES } },
  effect: () => 'db',
  check(config, ctx) {
    const problems: ProblemItem[] = [];
    const e = targetEntity(ctx, config.target, `${ctx.at}/config/target`, problems);
    if (e) checkValues(e, config.values, `${ctx.at}/config/values`, problems);
    return problems;
  },
  async run(args) {
    const t = await target(args);
    const data = args.resolve(args.config.values) as Record<string, unknown>;
    const stored = await updateForRun({ rt: args.rt, trx: trxOf(args), ctx: args.ctx, entity: t.entity, id: t.id, data, loaded: t.entity === args.rule.entity ? args.loaded : null });
    if (t.entity === args.rule.entity && t.id === args.scope.record?.id) args.setRecord(stored);
    return { status: 'succeeded', input: { entity: t.entity, id: t.id, values: data as Json }, output: { entity: t.entity, id: t.id, version: stored.version } };
  },
  example: { id: 'tag_vip', type: 'record.update', config: { values: { vip: true } } },
};

export const recordCreate: NodeType = {
  type: 'record.create',
  description: 'Creates a record of `entity` with `values` (e.g. a follow-up activity for the run\'s record). `{{steps.<id>.output.id}}` is the new record\'s id.',
  configSchema: { required: ['entity', 'values'], properties: { entity: NAME, values: VALUES } },
  effect: () => 'db',
  check(config, ctx) {
    const problems: ProblemItem[] = [];
    const e = entityIn(ctx, config.entity, `${ctx.at}/config/entity`, problems);
    if (e) checkValues(e, config.values, `${ctx.at}/config/values`, problems);
    return problems;
  },
  async run(args) {
    const data = args.resolve(args.config.values) as Record<string, unknown>;
    const created = await createForRun({ rt: args.rt, trx: trxOf(args), ctx: args.ctx, entity: args.config.entity as string, data });
    return { status: 'succeeded', input: { entity: args.config.entity as string, values: data as Json }, output: { id: created.id, record: asJson(created) } };
  },
  example: { id: 'follow_up', type: 'record.create', config: { entity: 'activity', values: { subject: 'Call {{record.name}}', type: 'call', due_date: '{{today}}', account: '{{record.id}}' } } },
};

export const recordDelete: NodeType = {
  type: 'record.delete',
  description: 'Deletes the run\'s record or a related one (`target`). Restrict relations and access rules apply.',
  configSchema: { properties: { target: TARGET } },
  effect: () => 'db',
  check(config, ctx) {
    const problems: ProblemItem[] = [];
    targetEntity(ctx, config.target, `${ctx.at}/config/target`, problems);
    return problems;
  },
  async run(args) {
    const t = await target(args);
    await deleteForRun({ rt: args.rt, trx: trxOf(args), ctx: args.ctx, entity: t.entity, id: t.id });
    return { status: 'succeeded', input: t, output: t };
  },
  example: { id: 'remove', type: 'record.delete', config: {} },
};

const NUMERIC = new Set(['integer', 'number', 'currency', 'percent']);

export const numberIncrement: NodeType = {
  type: 'number.increment',
  description: 'Adds `by` (default 1; negative subtracts; may be a {{template}}) to a number field of the run\'s record or a related one, e.g. loyalty points. The read and the write happen in the run\'s transaction, so concurrent increments are not lost.',
  configSchema: { required: ['field'], properties: { target: TARGET, field: NAME, by: { type: ['number', 'string'] } } },
  effect: () => 'db',
  check(config, ctx) {
    const problems: ProblemItem[] = [];
    const e = targetEntity(ctx, config.target, `${ctx.at}/config/target`, problems);
    if (e) fieldIn(e, config.field, `${ctx.at}/config/field`, problems, (t) => NUMERIC.has(t), 'number field');
    return problems;
  },
  async run(args) {
    const t = await target(args);
    const trx = trxOf(args);
    const field = args.config.field as string;
    const entity = args.rt.app.entities.get(t.entity)!;
    const scale = entity.info.fields.get(field)?.storage?.scale ?? 0;
    const by = args.resolve(args.config.by ?? 1);
    const byNorm = normalizeDecimal(by as string | number, scale);
    if (byNorm === null) throw appError('VALIDATION_FAILED', `"by" must be a number (got ${JSON.stringify(by)})`);
    const rec = await readForRun({ rt: args.rt, trx, ctx: args.ctx, entity: t.entity, id: t.id });
    if (!rec || !(field in rec)) throw appError('NOT_FOUND', `no ${t.entity} with id ${t.id}`);
    const isDecimal = entity.info.fields.get(field)?.storage?.kind === 'decimal';
    const current = rec[field] ?? 0;
    const next = isDecimal
      ? scaledToDecimal(decimalToScaled(normalizeDecimal(current as string, scale) ?? '0', scale) + decimalToScaled(byNorm, scale), scale)
      : Number(current) + Number(byNorm);
    const stored = await updateForRun({ rt: args.rt, trx, ctx: args.ctx, entity: t.entity, id: t.id, data: { [field]: next } });
    if (t.entity === args.rule.entity && t.id === args.scope.record?.id) args.setRecord(stored);
    return { status: 'succeeded', input: { ...t, field, by: byNorm }, output: { ...t, value: stored[field] as Json } };
  },
  example: { id: 'points', type: 'number.increment', config: { target: 'primary_contact', field: 'loyalty_points', by: '{{record.points_earned}}' } },
};

