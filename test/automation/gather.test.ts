// A running engine lets changes that trickle in gather (gatherMs) and dispatches them in one round;
// stop() ends the wait at once; state() tells what the loop is doing; CRM_AUTOMATION_GATHER_MS sets it (0: a pass per wake).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_OPTIONS, optionsFromEnv } from '../../runtime/automation/handle.js';
import { type AutoRuntime, automationRuntime, type FakeClock } from './helpers.js';

const ON_CREATE = {
  name: 'welcome', trigger: { type: 'record.created', entity: 'contact' },
  nodes: [{ id: 'send', type: 'message.send', config: { channel: 'test', to: 'ops@example.com', subject: 'new contact', body: '{{record.name}}' } }],
};
/** The wall clock: dispatch stamps its runs with it, so runs of one round share created_at. */
const wallClock = (): FakeClock => ({ now: () => new Date(), set: () => undefined, advance: () => undefined });

describe('the engine gathering changes', () => {
  let a: AutoRuntime | undefined;
  afterEach(async () => {
    await a?.engine.stop();
    await a?.close();
    a = undefined;
  });

  const succeeded = async (n: number): Promise<void> => {
    await vi.waitFor(async () => expect((await a!.runs('welcome')).filter((r) => r.status === 'succeeded')).toHaveLength(n), { timeout: 10_000, interval: 20 });
  };

  /**
   * Five creates one after the other with the engine running and asleep (so no pass is under way
   * when they commit, and the first commit starts the gather); how many rounds dispatched their runs.
   * The poll interval is longer than the test, so only a commit ends the sleep: a poll that ended
   * it between two creates would start a pass that takes the first of them alone.
   */
  async function roundsFor(gatherMs: number): Promise<number> {
    a = await automationRuntime([ON_CREATE], { clock: wallClock(), options: { gatherMs, pollMs: 600_000 } });
    await a.engine.start();
    await vi.waitFor(() => expect(a!.engine.state()).toBe('sleeping'), { timeout: 10_000, interval: 5 });
    for (let i = 0; i < 5; i++) await a.create('contact', { name: `Trickle ${i}` });
    await succeeded(5);
    return new Set((await a.runs('welcome')).map((r) => String(r.created_at))).size;
  }

  it('should dispatch changes that commit within the gather window in one round', async () => {
    expect(await roundsFor(3_000)).toBe(1);
  });

  it('should tell what it is doing: stopped, sleeping, then stopped again', async () => {
    a = await automationRuntime([ON_CREATE], { clock: wallClock(), options: { gatherMs: 10 } });
    expect(a.engine.state()).toBe('stopped');
    await a.engine.start();
    await vi.waitFor(() => expect(a!.engine.state()).toBe('sleeping'), { timeout: 10_000, interval: 5 });
    await a.engine.stop();
    expect(a.engine.state()).toBe('stopped');
  });

  it('should end a gather at once when the engine stops', async () => {
    a = await automationRuntime([ON_CREATE], { clock: wallClock(), options: { gatherMs: 600_000 } });
    await a.engine.start();
    await a.create('contact', { name: 'Waits' });
    await new Promise((resolve) => setImmediate(resolve));
    const t0 = performance.now();
    await a.engine.stop();
    expect(performance.now() - t0).toBeLessThan(5_000);
  });

  it('should read the window from CRM_AUTOMATION_GATHER_MS', () => {
    expect(DEFAULT_OPTIONS.gatherMs).toBe(10);
    expect(optionsFromEnv({ CRM_AUTOMATION_GATHER_MS: '0' }).gatherMs).toBe(0);
    expect(optionsFromEnv({ CRM_AUTOMATION_GATHER_MS: ' 25 ' }).gatherMs).toBe(25);
    expect(optionsFromEnv({ CRM_AUTOMATION_GATHER_MS: 'soon' }).gatherMs).toBeUndefined();
    expect(optionsFromEnv({ CRM_AUTOMATION_GATHER_MS: '-5' }).gatherMs).toBeUndefined();
  });
});
