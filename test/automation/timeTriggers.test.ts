// Clock-driven triggers with a fake clock: yearly birthdays (29 February too) in the app's time
// zone, reminders before a date, catch-up after downtime without a second fire, cron schedules.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anniversary, nextOccurrence } from '../../runtime/automation/calendar.js';
import { type AutoRuntime, automationRuntime, fakeClock } from './helpers.js';

const msg = (name: string, trigger: Record<string, unknown>) => ({
  name, trigger, nodes: [{ id: 'send', type: 'message.send', config: { channel: 'test', to: '{{record.email}}', subject: name, body: '{{record.name}} {{trigger.occurrence}}' } }],
});

describe('calendar', () => {
  it('should place 29 February on 28 February in years without it', () => {
    expect(anniversary('2000-02-29', 2027)).toBe('2027-02-28');
    expect(anniversary('2000-02-29', 2028)).toBe('2028-02-29');
  });

  it('should compute a 09:00 fire in the app\'s time zone (Asia/Shanghai is UTC+8)', () => {
    const spec = { kind: 'date' as const, offset: { n: 0, unit: 'day' as const }, at: '09:00', repeat: 'yearly' as const, timeZone: 'Asia/Shanghai' };
    expect(nextOccurrence(spec, '1990-03-05', new Date('2026-03-01T00:00:00Z'), null, true)).toEqual({ key: '2026-03-05', due: new Date('2026-03-05T01:00:00Z') });
  });
});

describe('date-relative and cron triggers', () => {
  let a: AutoRuntime;
  const clock = fakeClock('2026-02-20T00:00:00.000Z');
  beforeAll(async () => {
    a = await automationRuntime([
      msg('birthday', { type: 'date.relative', entity: 'contact', field: 'birthday', at: '09:00', repeat: 'yearly', condition: { status: { ne: 'lost' } } }),
      msg('renewal', { type: 'date.relative', entity: 'contact', field: 'renewal_on', before: { n: 30, unit: 'day' } }),
      msg('callback', { type: 'date.relative', entity: 'contact', field: 'callback_at', before: { n: 15, unit: 'minute' } }),
      { name: 'weekly', trigger: { type: 'cron', schedule: '0 9 * * 1', entity: 'contact', condition: { status: { eq: 'active' } } }, nodes: [{ id: 'bump', type: 'number.increment', config: { field: 'points' } }] },
    ], { clock });
  });
  afterAll(() => a.close());

  const subjects = async (name: string): Promise<string[]> => (await a.messages()).filter((m) => m.subject === name).map((m) => String(m.body));

  it('should greet on every birthday at 09:00 local time, once per year', async () => {
    await a.create('contact', { name: 'Leap', email: 'leap@example.com', birthday: '2000-02-29' });
    await a.create('contact', { name: 'March', email: 'march@example.com', birthday: '1990-03-05' });
    await a.engine.drain();
    clock.set('2026-02-28T00:59:00.000Z'); // 08:59 in Shanghai
    await a.engine.drain();
    expect(await subjects('birthday')).toEqual([]);
    clock.set('2026-02-28T01:00:00.000Z');
    await a.engine.drain();
    await a.engine.drain();
    expect(await subjects('birthday')).toEqual(['Leap 2026-02-28']);
    clock.set('2026-03-05T01:00:00.000Z');
    await a.engine.drain();
    expect(await subjects('birthday')).toEqual(['Leap 2026-02-28', 'March 2026-03-05']);
  });

  it('should catch up a fire missed while the engine was down, once, and schedule the next year', async () => {
    // The engine "was down" from 4 March to 10 April: the 2026 fire of a 20 March birthday is caught up once.
    const id = await a.create('contact', { name: 'Spring', email: 'spring@example.com', birthday: '1985-03-20' });
    clock.set('2026-04-10T12:00:00.000Z');
    await a.engine.drain();
    await a.engine.drain();
    expect(await subjects('birthday')).toContain('Spring 2026-03-20');
    expect((await subjects('birthday')).filter((s) => s.startsWith('Spring'))).toHaveLength(1);
    const row = await a.rt.db.knex('_automation_schedule').where({ automation: 'birthday', record_id: id }).first();
    expect(row).toMatchObject({ fired_key: '2026-03-20', due_key: '2027-03-20' });
    // editing an unrelated field or re-saving the same birthday never fires 2026 again
    await a.update('contact', id, { birthday: '1985-03-20', note: 'x' });
    await a.engine.drain();
    expect((await subjects('birthday')).filter((s) => s.startsWith('Spring'))).toHaveLength(1);
  });

  it('should fire 29 February birthdays on 28 February in a non-leap year and on 29 February in a leap year', async () => {
    clock.set('2027-02-28T01:00:00.000Z');
    await a.engine.drain();
    clock.set('2028-02-29T01:00:00.000Z');
    await a.engine.drain();
    expect((await subjects('birthday')).filter((s) => s.startsWith('Leap'))).toEqual(['Leap 2026-02-28', 'Leap 2027-02-28', 'Leap 2028-02-29']);
  });

  it('should not greet when the condition fails at fire time', async () => {
    clock.set('2028-03-01T00:00:00.000Z');
    const id = await a.create('contact', { name: 'Lost', email: 'lost@example.com', birthday: '1970-03-03', status: 'active' });
    await a.update('contact', id, { status: 'lost' });
    clock.set('2028-03-03T02:00:00.000Z');
    await a.engine.drain();
    expect(await subjects('birthday')).not.toContain('Lost 2028-03-03');
  });

  it('should remind 30 days before a date, also at once for a date saved inside the window, and not again after a re-save', async () => {
    clock.set('2028-04-01T00:00:00.000Z');
    await a.create('contact', { name: 'Far', email: 'far@example.com', renewal_on: '2028-06-15' });
    const near = await a.create('contact', { name: 'Near', email: 'near@example.com', renewal_on: '2028-04-20' });
    await a.create('contact', { name: 'Past', email: 'past@example.com', renewal_on: '2028-03-01' });
    await a.engine.drain();
    expect(await subjects('renewal')).toEqual(['Near 2028-04-20']);
    await a.update('contact', near, { renewal_on: '2028-04-20', note: 'again' });
    await a.engine.drain();
    clock.set('2028-05-16T01:00:00.000Z');
    await a.engine.drain();
    expect(await subjects('renewal')).toEqual(['Near 2028-04-20', 'Far 2028-06-15']);
  });

  it('should fire minutes before a datetime, and move when the datetime moves', async () => {
    clock.set('2028-06-01T00:00:00.000Z');
    const id = await a.create('contact', { name: 'Call', email: 'call@example.com', callback_at: '2028-06-01T10:00:00.000Z' });
    await a.update('contact', id, { callback_at: '2028-06-01T12:00:00.000Z' });
    clock.set('2028-06-01T09:50:00.000Z');
    await a.engine.drain();
    expect(await subjects('callback')).toEqual([]);
    clock.set('2028-06-01T11:45:00.000Z');
    await a.engine.drain();
    expect(await subjects('callback')).toEqual(['Call 2028-06-01T12:00:00.000Z']);
  });

  it('should run a cron rule once per due time for each matching record, catching up once after downtime', async () => {
    await a.rt.db.knex('contact').update({ status: 'new' });
    const active = await a.create('contact', { name: 'Active', status: 'active' });
    clock.set('2028-06-05T00:59:00.000Z'); // Monday 08:59 Shanghai
    await a.engine.drain();
    const before = Number((await a.get('contact', active)).points);
    clock.set('2028-06-05T01:00:00.000Z');
    await a.engine.drain();
    expect((await a.get('contact', active)).points).toBe(before + 1);
    clock.set('2028-06-26T05:00:00.000Z'); // three Mondays later: one catch-up fire, not three
    await a.engine.drain();
    expect((await a.get('contact', active)).points).toBe(before + 2);
    expect((await a.runs('weekly')).every((r) => r.record_id === active)).toBe(true);
  });
});
