// The runtime holder: requests finish on the runtime they started on; a replaced runtime is closed
// once its last request is over; background services move to the new runtime at the swap.
import { describe, expect, it } from 'vitest';
import type { LiveRuntime } from '../../runtime/index.js';
import { createHolder } from '../../runtime/definitions/holder.js';

function fakeRuntime(name: string): LiveRuntime & { closed: boolean } {
  const rt = { name, closed: false, close: async () => { rt.closed = true; } };
  return rt as unknown as LiveRuntime & { closed: boolean };
}

const settled = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('runtime holder', () => {
  it('a request in flight keeps the old runtime open until it ends; new requests get the new one', async () => {
    const a = fakeRuntime('a');
    const b = fakeRuntime('b');
    const holder = createHolder(a, 0);
    const inFlight = holder.enter();
    await holder.swap(b, 1);
    expect(holder.current()).toBe(b);
    expect(holder.revision()).toBe(1);
    expect(inFlight.rt).toBe(a);
    await settled();
    expect(a.closed).toBe(false);
    const next = holder.enter();
    expect(next.rt).toBe(b);
    holder.leave(inFlight);
    await settled();
    expect(a.closed).toBe(true);
    holder.leave(next);
    await holder.close();
    expect(b.closed).toBe(true);
  });

  it('a runtime with no request in flight is closed at the swap', async () => {
    const a = fakeRuntime('a');
    const holder = createHolder(a, 0);
    await holder.swap(fakeRuntime('b'), 1);
    await settled();
    expect(a.closed).toBe(true);
  });

  it('background services are stopped on the old runtime and started on the new one', async () => {
    const a = fakeRuntime('a');
    const b = fakeRuntime('b');
    const log: string[] = [];
    const holder = createHolder(a, 0);
    holder.startServices((rt) => {
      const name = (rt as unknown as { name: string }).name;
      log.push(`start ${name}`);
      return () => void log.push(`stop ${name}`);
    });
    await holder.swap(b, 1);
    await holder.close();
    expect(log).toEqual(['start a', 'stop a', 'start b', 'stop b']);
  });
});
