// The runtime in force, swappable without a restart. A request takes the current generation when it
// starts and gives it back when it ends, so it finishes on the runtime it began on; a replaced
// runtime is closed once its last request is over. Background services (automation engine, stalled
// sweeps) are stopped on the old runtime and started on the new one at the swap.
import type { LiveRuntime } from '../index.js';

export interface Generation {
  readonly rt: LiveRuntime;
  readonly revision: number;
  inFlight: number;
  retired: boolean;
}

/** Starts what runs beside a runtime; returns how to stop it. */
export type Services = (rt: LiveRuntime) => (() => Promise<void> | void);

export interface RuntimeHolder {
  current(): LiveRuntime;
  revision(): number;
  /** The current generation, counted as in use until `leave`. */
  enter(): Generation;
  leave(g: Generation): void;
  swap(next: LiveRuntime, revision: number): Promise<void>;
  /** Starts the services on the current runtime (and on every later one). */
  startServices(services: Services): void;
  /** Stops the services and closes the current runtime (and any still draining). */
  close(): Promise<void>;
}

export function createHolder(initial: LiveRuntime, revision: number): RuntimeHolder {
  let gen: Generation = { rt: initial, revision, inFlight: 0, retired: false };
  let services: Services | null = null;
  let stopServices: (() => Promise<void> | void) | null = null;
  const draining = new Set<Promise<void>>();
  const waiters = new Map<Generation, () => void>();

  const retire = (g: Generation): void => {
    g.retired = true;
    const done = g.inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => waiters.set(g, resolve));
    const closing = done.then(() => g.rt.close()).catch(() => undefined);
    draining.add(closing);
    void closing.finally(() => draining.delete(closing));
  };

  return {
    current: () => gen.rt,
    revision: () => gen.revision,
    enter() {
      gen.inFlight++;
      return gen;
    },
    leave(g) {
      g.inFlight--;
      if (g.retired && g.inFlight === 0) waiters.get(g)?.();
    },
    async swap(next, rev) {
      const old = gen;
      if (stopServices) await stopServices();
      gen = { rt: next, revision: rev, inFlight: 0, retired: false };
      stopServices = services ? services(next) : null;
      retire(old);
    },
    startServices(s) {
      services = s;
      stopServices = s(gen.rt);
    },
    async close() {
      if (stopServices) await stopServices();
      stopServices = null;
      for (const resolve of waiters.values()) resolve();
      await Promise.all(draining);
      await gen.rt.close();
    },
  };
}
