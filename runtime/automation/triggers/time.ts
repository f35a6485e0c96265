// Triggers fed by the clock: relative to a record's date field, and cron schedules. Both keep
// their next fire time and the last fire in `_automation_schedule`, so a restart catches up on
// what fell due while the engine was down, once.
import { Cron } from 'croner';
import type { ProblemItem } from '../../errors/catalog.js';
import type { DateSpec } from '../calendar.js';
import type { Config, TriggerType } from '../types.js';
import { DURATION, entityIn, FILTER, fieldIn, NAME } from './shared.js';

const TIME_OF_DAY = { type: 'string', pattern: '^([01]\\d|2[0-3]):[0-5]\\d$' };

export const dateRelative: TriggerType = {
  type: 'date.relative',
  description: 'Fires `before` or `after` a date or datetime field of each record (e.g. 30 days before a renewal), at `at` (HH:MM, for date fields; default 09:00) in the app\'s time zone. `repeat: "yearly"` fires on every anniversary (birthdays; 29 February fires on 28 February in other years). `condition` is checked on the record when it fires. Fires missed while the engine was down are caught up once.',
  source: 'date',
  configSchema: {
    required: ['entity', 'field'],
    properties: { entity: NAME, field: NAME, before: DURATION, after: DURATION, at: TIME_OF_DAY, repeat: { enum: ['yearly'] }, condition: FILTER },
  },
  entityOf: (config) => config.entity as string,
  check(config, ctx) {
    const problems: ProblemItem[] = [];
    if (config.before !== undefined && config.after !== undefined) problems.push({ pointer: `${ctx.at}/after`, code: 'conflict', message: 'give "before" or "after", not both' });
    const e = entityIn(ctx, config.entity, `${ctx.at}/entity`, problems);
    if (!e) return problems;
    if (!fieldIn(e, config.field, `${ctx.at}/field`, problems, (t) => t === 'date' || t === 'datetime', 'date or datetime field')) return problems;
    const type = e.fields.find((f) => f.name === config.field)?.type ?? 'datetime';
    if (type === 'datetime' && config.at !== undefined) problems.push({ pointer: `${ctx.at}/at`, code: 'not_allowed', message: '"at" is for date fields; a datetime field has its own time' });
    return problems;
  },
  example: { type: 'date.relative', entity: 'contact', field: 'birthday', at: '09:00', repeat: 'yearly' },
};

/** The trigger's schedule for the field's type. */
export function dateSpecOf(config: Config, kind: 'date' | 'datetime', timeZone: string): DateSpec {
  const before = config.before as { n: number; unit: DateSpec['offset']['unit'] } | undefined;
  const after = config.after as { n: number; unit: DateSpec['offset']['unit'] } | undefined;
  const offset = before ? { n: -before.n, unit: before.unit } : after ? { n: after.n, unit: after.unit } : { n: 0, unit: 'day' as const };
  return { kind, offset, at: (config.at as string | undefined) ?? '09:00', repeat: config.repeat === 'yearly' ? 'yearly' : 'none', timeZone };
}

export const cron: TriggerType = {
  type: 'cron',
  description: 'Fires on a cron schedule (`schedule`: minute hour day-of-month month day-of-week, croner syntax) in the app\'s time zone. With `entity` (and optionally `condition`), each fire starts one run per matching record (at most 10,000); without, one run with no record.',
  source: 'cron',
  configSchema: { required: ['schedule'], properties: { schedule: { type: 'string', minLength: 9, maxLength: 100 }, entity: NAME, condition: FILTER } },
  entityOf: (config) => (typeof config.entity === 'string' ? config.entity : null),
  check(config, ctx) {
    const problems: ProblemItem[] = [];
    try {
      new Cron(String(config.schedule), { paused: true }).stop();
    } catch (err) {
      problems.push({ pointer: `${ctx.at}/schedule`, code: 'cron', message: (err as Error).message });
    }
    if (config.entity !== undefined) entityIn(ctx, config.entity, `${ctx.at}/entity`, problems);
    else if (config.condition !== undefined) problems.push({ pointer: `${ctx.at}/condition`, code: 'not_allowed', message: 'a condition needs the "entity" whose records it selects' });
    return problems;
  },
  example: { type: 'cron', schedule: '0 9 * * 1', entity: 'deal', condition: { stage: { nin: ['won', 'lost'] } } },
};

/** The next fire time of a cron rule strictly after `after`, or null when the pattern never fires again. */
export function nextCron(schedule: string, timeZone: string, after: Date): Date | null {
  const job = new Cron(schedule, { paused: true, timezone: timeZone });
  try {
    return job.nextRun(after);
  } finally {
    job.stop();
  }
}
