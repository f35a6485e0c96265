// Calendar math for date-relative filter operators, in the app's time zone (no library needed:
// Intl gives the zone offset, dates are handled as YYYY-MM-DD strings).
export type Unit = 'day' | 'week' | 'month' | 'year';

/** The calendar date of an instant in a time zone. */
export function localDate(now: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(now);
  const get = (t: string): string => parts.find((p) => p.type === t)?.value ?? '00';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

function offsetMs(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
  }).formatToParts(new Date(instant));
  const get = (t: string): number => Number(parts.find((p) => p.type === t)?.value ?? 0);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour') % 24, get('minute'), get('second'));
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/** The instant a local calendar date starts in a time zone, as ISO. */
export function startOfLocalDay(date: string, timeZone: string): string {
  const [y, m, d] = date.split('-').map(Number);
  const guess = Date.UTC(y, m - 1, d);
  let instant = guess - offsetMs(guess, timeZone);
  instant = guess - offsetMs(instant, timeZone);
  return new Date(instant).toISOString();
}

function parts(date: string): [number, number, number] {
  const [y, m, d] = date.split('-').map(Number);
  return [y, m, d];
}
// Dates and instants stay inside what the wire format and both databases hold (years 0001–9999):
// "inNext 10000 years" ends at the end of 9999, "inLast 10000 years" starts with year 1.
const MIN_MS = Date.parse('0001-01-01T00:00:00.000Z');
const MAX_MS = Date.parse('9999-12-31T23:59:59.999Z');
const clampedIso = (ms: number): string => new Date(Number.isNaN(ms) ? MAX_MS : Math.min(MAX_MS, Math.max(MIN_MS, ms))).toISOString();
/** Midnight UTC of a (possibly overflowing) y-m-d; setUTCFullYear, unlike Date.UTC, keeps years 0–99. */
const utcMs = (y: number, m: number, d: number): number => new Date(0).setUTCFullYear(y, m - 1, d);
const fmt = (y: number, m: number, d: number): string => clampedIso(utcMs(y, m, d)).slice(0, 10);
const daysInMonth = (y: number, m: number): number => new Date(utcMs(y, m + 1, 0)).getUTCDate();

/** A real calendar date YYYY-MM-DD of the years 0001–9999 (PostgreSQL has no year 0; no 2026-02-30). */
export function isStorableDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return y >= 1 && mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

/** An instant (epoch ms) both databases store: 0001-01-01T00:00:00.000Z to 9999-12-31T23:59:59.999Z. */
export const isStorableInstant = (ms: number): boolean => ms >= MIN_MS && ms <= MAX_MS;

/** The calendar day n units after a date (month ends clamped: Jan 31 + 1 month = Feb 28/29), unclamped. */
function shiftDate(date: string, n: number, unit: Unit): [number, number, number] {
  const [y, m, d] = parts(date);
  switch (unit) {
    case 'day': return [y, m, d + n];
    case 'week': return [y, m, d + 7 * n];
    case 'month': {
      const total = y * 12 + (m - 1) + n;
      const ny = Math.floor(total / 12);
      const nm = total - ny * 12 + 1;
      return [ny, nm, Math.min(d, daysInMonth(ny, nm))];
    }
    case 'year': return [y + n, m, Math.min(d, daysInMonth(y + n, m))];
  }
}

export function addToDate(date: string, n: number, unit: Unit): string {
  return fmt(...shiftDate(date, n, unit));
}

export function addToInstant(iso: string, n: number, unit: Unit): string {
  const t = new Date(iso).getTime();
  if (unit === 'day') return clampedIso(t + n * 86_400_000);
  if (unit === 'week') return clampedIso(t + n * 7 * 86_400_000);
  const day = new Date(t).toISOString().slice(0, 10);
  return clampedIso(utcMs(...shiftDate(day, n, unit)) + (t - Date.parse(`${day}T00:00:00.000Z`)));
}

export type Period = 'today' | 'thisWeek' | 'thisMonth' | 'thisQuarter' | 'thisYear';

/** First and last calendar day (inclusive) of the period containing `today`. */
export function periodDates(period: Period, today: string): [string, string] {
  const [y, m, d] = parts(today);
  switch (period) {
    case 'today': return [today, today];
    case 'thisWeek': {
      const dow = (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7; // Monday = 0
      return [fmt(y, m, d - dow), fmt(y, m, d - dow + 6)];
    }
    case 'thisMonth': return [fmt(y, m, 1), fmt(y, m, daysInMonth(y, m))];
    case 'thisQuarter': {
      const q0 = Math.floor((m - 1) / 3) * 3 + 1;
      return [fmt(y, q0, 1), fmt(y, q0 + 2, daysInMonth(y, q0 + 2))];
    }
    case 'thisYear': return [fmt(y, 1, 1), fmt(y, 12, 31)];
  }
}
