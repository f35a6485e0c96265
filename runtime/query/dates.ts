// Calendar math for date-relative filter operators, in the app's time zone (no library needed:
// Intl gives the zone offset, dates are handled as YYYY-MM-DD strings).
export type Unit = 'day' | 'week' | 'month' | 'year';

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

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
const fmt = (y: number, m: number, d: number): string => {
  const t = new Date(Date.UTC(y, m - 1, d));
  return `${pad(t.getUTCFullYear(), 4)}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
};
const daysInMonth = (y: number, m: number): number => new Date(Date.UTC(y, m, 0)).getUTCDate();

export function addToDate(date: string, n: number, unit: Unit): string {
  const [y, m, d] = parts(date);
  switch (unit) {
    case 'day': return fmt(y, m, d + n);
    case 'week': return fmt(y, m, d + 7 * n);
    case 'month': {
      const total = y * 12 + (m - 1) + n;
      const ny = Math.floor(total / 12);
      const nm = (total % 12) + 1;
      return fmt(ny, nm, Math.min(d, daysInMonth(ny, nm)));
    }
    case 'year': return fmt(y + n, m, Math.min(d, daysInMonth(y + n, m)));
  }
}

export function addToInstant(iso: string, n: number, unit: Unit): string {
  const t = new Date(iso);
  if (unit === 'day') return new Date(t.getTime() + n * 86_400_000).toISOString();
  if (unit === 'week') return new Date(t.getTime() + n * 7 * 86_400_000).toISOString();
  const datePart = t.toISOString().slice(0, 10);
  return `${addToDate(datePart, n, unit)}${t.toISOString().slice(10)}`;
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
