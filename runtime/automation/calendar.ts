// When a date-relative rule fires for a record: the date (or datetime) field, shifted by the
// rule's offset, at the rule's time of day, in the app's time zone; yearly for anniversaries
// (29 February falls on 28 February in other years). Pure: the caller passes "now".

export interface DateSpec {
  /** Type of the anchor field. */
  kind: 'date' | 'datetime';
  /** Signed offset: negative is "before". */
  offset: { n: number; unit: 'minute' | 'hour' | 'day' | 'week' };
  /** Time of day for date fields, HH:MM in the app's time zone. */
  at: string;
  repeat: 'none' | 'yearly';
  timeZone: string;
}

export interface Occurrence {
  /** The occurrence the fire belongs to (the anchor's date for that year): the ledger's key. */
  key: string;
  due: Date;
}

// Building an Intl.DateTimeFormat costs far more than using one: one per zone and shape, kept.
const formats = new Map<string, Intl.DateTimeFormat>();
const format = (key: 'offset' | 'local', timeZone: string): Intl.DateTimeFormat => {
  const k = `${key}|${timeZone}`;
  let f = formats.get(k);
  if (!f) {
    f = key === 'offset'
      ? new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' })
      : new Intl.DateTimeFormat('en-CA', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
    formats.set(k, f);
  }
  return f;
};

function zoneOffsetMs(instant: number, timeZone: string): number {
  const parts = format('offset', timeZone).formatToParts(new Date(instant));
  const get = (t: string): number => Number(parts.find((p) => p.type === t)?.value ?? 0);
  const asUtc = new Date(0).setUTCFullYear(get('year'), get('month') - 1, get('day')) + ((get('hour') % 24) * 3600 + get('minute') * 60 + get('second')) * 1000;
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/** The instant a local wall-clock time has in a time zone (the later one in a DST gap's repair). */
export function localToInstant(date: string, time: string, timeZone: string): number {
  const [y, m, d] = date.split('-').map(Number);
  const [hh, mm] = time.split(':').map(Number);
  const wall = new Date(0).setUTCFullYear(y, m - 1, d) + (hh * 60 + mm) * 60_000;
  let instant = wall - zoneOffsetMs(wall, timeZone);
  instant = wall - zoneOffsetMs(instant, timeZone);
  return instant;
}

/** Calendar date and HH:MM of an instant in a time zone. */
export function instantToLocal(instant: number, timeZone: string): { date: string; time: string } {
  const parts = format('local', timeZone).formatToParts(new Date(instant));
  const get = (t: string): string => parts.find((p) => p.type === t)?.value ?? '00';
  return { date: `${get('year')}-${get('month')}-${get('day')}`, time: `${get('hour') === '24' ? '00' : get('hour')}:${get('minute')}` };
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
const isLeap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/** The anniversary of a date in a year; 29 February becomes 28 February in other years. */
export function anniversary(date: string, year: number): string {
  const [, m, d] = date.split('-').map(Number);
  const day = m === 2 && d === 29 && !isLeap(year) ? 28 : d;
  return `${pad(year, 4)}-${pad(m)}-${pad(day)}`;
}

function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const t = new Date(0);
  t.setUTCFullYear(y, m - 1, d + days);
  return `${pad(t.getUTCFullYear(), 4)}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
}

const UNIT_MS = { minute: 60_000, hour: 3_600_000 } as const;

/** The fire time of one occurrence of the anchor (a date, or a datetime's local date and time). */
function fireTime(spec: DateSpec, date: string, time: string): number {
  const { n, unit } = spec.offset;
  if (unit === 'day' || unit === 'week') return localToInstant(addDays(date, unit === 'week' ? n * 7 : n), time, spec.timeZone);
  return localToInstant(date, time, spec.timeZone) + n * UNIT_MS[unit];
}

/**
 * The occurrence to schedule for an anchor value. `initial`: the anchor was just set (record
 * saved, rule added) — a one-time fire whose time has passed still fires while the anchor itself
 * lies ahead (a reminder "30 days before" for a date 10 days away fires at once); otherwise only
 * fire times after `now` count. Occurrences whose key was already fired are skipped, so a fire is
 * never repeated. null: nothing left to fire.
 */
export function nextOccurrence(spec: DateSpec, anchor: unknown, now: Date, firedKey: string | null, initial: boolean): Occurrence | null {
  if (typeof anchor !== 'string' || anchor === '') return null;
  const local = spec.kind === 'date' ? { date: anchor.slice(0, 10), time: spec.at } : instantToLocal(Date.parse(anchor), spec.timeZone);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(local.date)) return null;
  const t = now.getTime();
  if (spec.repeat === 'none') {
    const key = spec.kind === 'date' ? local.date : new Date(Date.parse(anchor)).toISOString();
    if (key === firedKey) return null;
    const due = spec.kind === 'date' ? fireTime(spec, local.date, local.time) : Date.parse(anchor) + spec.offset.n * (spec.offset.unit === 'minute' ? 60_000 : spec.offset.unit === 'hour' ? 3_600_000 : spec.offset.unit === 'day' ? 86_400_000 : 604_800_000);
    if (due > t) return { key, due: new Date(due) };
    const anchorAt = spec.kind === 'date' ? localToInstant(local.date, spec.at, spec.timeZone) : Date.parse(anchor);
    return initial && anchorAt > t ? { key, due: new Date(t) } : null;
  }
  const year = Number(instantToLocal(t, spec.timeZone).date.slice(0, 4));
  for (let y = year - 1; y <= year + 2; y++) {
    if (y < 1 || y > 9999) continue;
    const key = anniversary(local.date, y);
    const due = fireTime(spec, key, local.time);
    if (due > t && key !== firedKey && (firedKey === null || key > firedKey)) return { key, due: new Date(due) };
  }
  return null;
}
