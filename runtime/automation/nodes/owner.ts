// Assign an owner: round-robin or least-loaded among the active users of a team, a role, or a
// list. The round-robin position is kept in `_automation_state` and moved in the run's
// transaction, so two workers never hand out the same turn and a restart does not reset it.
import type { Knex } from 'knex';
import { appError, type ProblemItem } from '../../errors/catalog.js';
import { checkFilter, compileFilter, type CompiledFilter } from '../../query/filter.js';
import { filterVars } from '../../records/context.js';
import { normalizeEmail } from '../../auth/users.js';
import { resolveTarget, updateForRun } from '../records.js';
import { FILTER, fieldIn, NAME } from '../triggers/shared.js';
import type { NodeRunArgs, NodeType } from '../types.js';
import { targetEntity } from './records.js';

interface Candidate { id: number; email: string }

async function candidates(k: Knex, config: Record<string, unknown>): Promise<Candidate[]> {
  const rows = (await k('_users').where('status', 'active').orderBy('id').select('id', 'email', 'roles', 'team')) as { id: number; email: string; roles: unknown; team: string | null }[];
  const emails = (config.users as string[] | undefined)?.map(normalizeEmail);
  return rows.filter((u) => {
    const roles = (typeof u.roles === 'string' ? JSON.parse(u.roles) : u.roles) as string[] | null;
    if (config.team !== undefined && u.team !== config.team) return false;
    if (config.role !== undefined && !(roles ?? []).includes(String(config.role))) return false;
    return !emails || emails.includes(u.email);
  }).map((u) => ({ id: Number(u.id), email: u.email }));
}

async function leastLoaded(args: NodeRunArgs, entity: string, field: string, list: Candidate[]): Promise<Candidate> {
  const k = args.trx!;
  const open = args.prepared as CompiledFilter | null;
  const qb = k(entity).whereIn(field, list.map((c) => c.id)).groupBy(field).select(field).count({ n: '*' });
  if (open) qb.where(open.toKnex(filterVars(args.ctx), args.rt.db.dialect, entity));
  const counts = new Map(((await qb) as Record<string, unknown>[]).map((r) => [Number(r[field]), Number(r.n)]));
  return list.reduce((best, c) => ((counts.get(c.id) ?? 0) < (counts.get(best.id) ?? 0) ? c : best), list[0]);
}

export const ownerAssign: NodeType = {
  type: 'owner.assign',
  description: 'Sets a user field (`field`, default `owner`) of the run\'s record (or `target`) to the next user: `round-robin` in turn, or `least-loaded` (fewest records of that entity already assigned, counting only those matching `openRecords`). Candidates are the active users of `team`, of `role`, and/or in `users` (e-mails), in id order.',
  configSchema: {
    required: ['strategy'],
    properties: {
      strategy: { enum: ['round-robin', 'least-loaded'] },
      target: { type: 'string', pattern: '^(record|[a-z][a-z0-9_]{0,62}(\\.[a-z][a-z0-9_]{0,62}){0,3})$' },
      field: NAME,
      team: { type: 'string', minLength: 1, maxLength: 100 },
      role: NAME,
      users: { type: 'array', minItems: 1, maxItems: 500, items: { type: 'string', format: 'email' } },
      openRecords: FILTER,
    },
  },
  effect: () => 'db',
  check(config, ctx) {
    const problems: ProblemItem[] = [];
    const e = targetEntity(ctx, config.target, `${ctx.at}/config/target`, problems);
    if (!e) return problems;
    fieldIn(e, config.field ?? 'owner', `${ctx.at}/config/field`, problems, (t) => t === 'user', 'user field');
    if (config.openRecords !== undefined) problems.push(...checkFilter(ctx.model, e.name, config.openRecords, `${ctx.at}/config/openRecords`));
    return problems;
  },
  prepare: (config, { app, entity }) => {
    if (config.openRecords === undefined || !entity) return null;
    let e = app.entities.get(entity);
    for (const seg of (config.target && config.target !== 'record' ? String(config.target).split('.') : [])) e = app.entities.get(e?.info.fields.get(seg)?.relation?.target ?? '');
    return e ? compileFilter(app.model, e.name, config.openRecords) : null;
  },
  async run(args) {
    const trx = args.trx as Knex.Transaction;
    const t = await resolveTarget({ rt: args.rt, trx, ctx: args.ctx, entity: args.rule.entity, record: args.scope.record, path: args.config.target as string | undefined });
    const field = (args.config.field as string | undefined) ?? 'owner';
    const list = await candidates(trx, args.config);
    if (list.length === 0) throw appError('VALIDATION_FAILED', 'no active user matches the assignment (team, role, users)');
    let chosen: Candidate;
    if (args.config.strategy === 'least-loaded') chosen = await leastLoaded(args, t.entity, field, list);
    else {
      const key = `round-robin:${args.rule.name}:${args.nodeId}`;
      const last = Number((await args.state.get(key)) ?? 0);
      chosen = list.find((c) => c.id > last) ?? list[0];
      await args.state.set(key, chosen.id);
    }
    const stored = await updateForRun({ rt: args.rt, trx, ctx: args.ctx, entity: t.entity, id: t.id, data: { [field]: chosen.id } });
    if (t.entity === args.rule.entity && t.id === args.scope.record?.id) args.setRecord(stored);
    return { status: 'succeeded', input: { ...t, field, strategy: String(args.config.strategy), candidates: list.length }, output: { user: chosen.id, email: chosen.email } };
  },
  example: { id: 'assign', type: 'owner.assign', config: { strategy: 'round-robin', role: 'sales_rep' } },
};
