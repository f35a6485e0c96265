// Nodes that steer a run: a condition choosing the `true` or `false` edges, and a durable wait.
import { appError, type ProblemItem } from '../../errors/catalog.js';
import { checkFilter } from '../../query/filter.js';
import { filterVars } from '../../records/context.js';
import { conditionHolds, type PreparedCondition, prepareCondition } from '../conditions.js';
import { DURATION, FILTER } from '../triggers/shared.js';
import type { NodeType } from '../types.js';

export const condition: NodeType = {
  type: 'condition',
  description: 'Tests the run\'s record against `condition` (the filter language; dotted paths read related records) and follows the outgoing edges labelled `"true"` or `"false"`; unlabelled edges are always followed.',
  configSchema: { required: ['condition'], properties: { condition: FILTER } },
  effect: () => 'none',
  branches: ['true', 'false'],
  check(config, ctx) {
    if (!ctx.entity) return [{ pointer: `${ctx.at}/config/condition`, code: 'invalid_reference', message: 'this rule has no record to test: its trigger is not about one' }];
    return checkFilter(ctx.model, ctx.entity, config.condition, `${ctx.at}/config/condition`) as ProblemItem[];
  },
  prepare: (config, { app, entity }) => (entity ? prepareCondition(app, entity, config.condition) : null),
  async run(args) {
    const cond = args.prepared as PreparedCondition | null;
    if (!cond || !args.scope.record) throw appError('VALIDATION_FAILED', 'this run has no record to test');
    const holds = await conditionHolds({ cond, record: args.scope.record, vars: filterVars(args.ctx), k: args.trx ?? args.rt.db.knex, dialect: args.rt.db.dialect });
    return { status: 'succeeded', branch: String(holds), output: { result: holds } };
  },
  example: { id: 'big_deal', type: 'condition', config: { condition: { amount: { gte: 100000 } } } },
};

const UNIT_MS = { minute: 60_000, hour: 3_600_000, day: 86_400_000, week: 604_800_000 } as const;

export const wait: NodeType = {
  type: 'wait',
  description: 'Parks the run durably `for` a duration, or `until` a datetime ({{template}}, e.g. `{{record.expected_close}}`); a restart does not lose it. A time in the past continues at once.',
  configSchema: { properties: { for: DURATION, until: { type: 'string', minLength: 1, maxLength: 200 } } },
  effect: () => 'none',
  check(config, ctx) {
    if ((config.for === undefined) === (config.until === undefined)) return [{ pointer: `${ctx.at}/config`, code: 'required', message: 'a wait names "for" (a duration) or "until" (a datetime), one of them' }];
    return [];
  },
  async run(args) {
    let until: number;
    if (args.config.for) {
      const d = args.config.for as { n: number; unit: keyof typeof UNIT_MS };
      until = args.now.getTime() + d.n * UNIT_MS[d.unit];
    } else {
      const text = String(args.resolve(args.config.until) ?? '');
      until = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text);
      if (Number.isNaN(until)) throw appError('VALIDATION_FAILED', `"until" is not a date or datetime: ${JSON.stringify(text.slice(0, 60))}`);
    }
    const iso = new Date(until).toISOString();
    if (until <= args.now.getTime() || args.dryRun) return { status: 'succeeded', output: { until: iso } };
    return { status: 'waiting', until: new Date(until), output: { until: iso } };
  },
  example: { id: 'two_days', type: 'wait', config: { for: { n: 2, unit: 'day' } } },
};
