// The engine of one process: dispatch the outbox, fire due schedules, claim and advance runs —
// woken right after a commit in this process, by PostgreSQL NOTIFY from other processes, and by a
// poll as the fallback. Tests drive it with `drain()` and an injected clock instead of waiting.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Knex } from 'knex';
import { createActorLoader } from '../auth/actor.js';
import type { Runtime } from '../records/runtime.js';
import { dispatch } from './dispatch.js';
import type { AutomationHandle } from './handle.js';
import { fireDue, syncSchedules } from './scheduler.js';
import { claim, processBatch, releaseRuns, type WorkerDeps } from './worker.js';

export interface Engine {
  /** Runs until stop(): the in-process worker or `crm worker`. */
  start(): Promise<void>;
  /** Stops taking work, lets the current round finish, hands claimed runs back. */
  stop(): Promise<void>;
  /** One pass: dispatch, fire, claim one batch. Returns how much it found. */
  tick(): Promise<number>;
  /** Passes until nothing is due at the clock's "now" (tests, benchmarks). */
  drain(options?: { maxPasses?: number }): Promise<{ passes: number; work: number }>;
  owner: string;
  /**
   * What the running loop is doing: 'working' (a pass), 'gathering' (letting changes that trickle
   * in collect before the next pass), 'sleeping' (nothing to do until a commit or the poll), or
   * 'stopped' (start() not called, or stop() done). For diagnostics and tests.
   */
  state(): EngineState;
}

export type EngineState = 'working' | 'gathering' | 'sleeping' | 'stopped';

export type AutomatedRuntime = Runtime & { automation: AutomationHandle };

export function createEngine({ rt, onError }: { rt: AutomatedRuntime; onError?: (err: unknown) => void }): Engine {
  const handle = rt.automation;
  const owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  let stopping = false;
  let running: Promise<void> | null = null;
  let wakeUp: (() => void) | null = null;
  let woken = false;
  let synced = false;
  let listener: { release(): Promise<void> } | null = null;
  let lastFire = -Infinity;
  let lastClaim = -Infinity;
  /** drain() looks at everything on every pass (tests and benchmarks advance a fake clock between passes). */
  let drainMode = false;
  /** What the running loop does now; state() says 'stopped' whenever no loop runs. */
  let phase: Exclude<EngineState, 'stopped'> = 'working';
  const hasTimedRules = [...handle.rules.values()].some((r) => r.trigger.type.source === 'date' || r.trigger.type.source === 'cron');
  const deps: WorkerDeps = { rt, handle, owner, loader: createActorLoader(rt.db.knex), isStopping: () => stopping };

  const tick = async (): Promise<number> => {
    if (!synced) {
      await syncSchedules({ db: rt.db, handle, app: rt.app });
      synced = true;
    }
    const dispatched = await dispatch({ db: rt.db, handle, owner, limit: handle.options.batchSize });
    // While changes stream in, a pass touches only the outbox and its new runs: schedules are looked
    // at once per poll interval, other due runs (retries, waits, replays) when the outbox is empty
    // and at least once per poll interval.
    const now = Date.now();
    const timed = hasTimedRules && (drainMode || now - lastFire >= handle.options.pollMs);
    if (timed) lastFire = now;
    const fired = timed ? await fireDue({ db: rt.db, handle, app: rt.app }) : 0;
    const claimNow = drainMode || dispatched.count === 0 || now - lastClaim >= handle.options.pollMs;
    if (claimNow) lastClaim = now;
    const claimed = claimNow ? await claim(deps, handle.options.batchSize - dispatched.runs.length) : [];
    const runs = [...dispatched.runs, ...claimed];
    if (runs.length) await processBatch(deps, runs, new Set(dispatched.runs.map((r) => r.id)));
    return dispatched.count + fired + runs.length;
  };

  /**
   * Waits ms. `untilWoken`: a commit (or any wake) ends the wait, and one that came before it means
   * no wait; otherwise commits during the wait are what it waits for. stop() always ends it.
   */
  const pause = (ms: number, untilWoken: boolean): Promise<void> => new Promise((resolve) => {
    if (stopping || (untilWoken && woken)) return resolve();
    const timer = setTimeout(finish, ms);
    function finish(): void {
      clearTimeout(timer);
      if (wakeUp === onWake) wakeUp = null;
      resolve();
    }
    const onWake = (): void => {
      if (untilWoken || stopping) finish();
    };
    wakeUp = onWake;
  });
  const sleep = (ms: number): Promise<void> => {
    phase = 'sleeping';
    return pause(ms, true);
  };
  const gather = (): Promise<void> => {
    phase = 'gathering';
    return handle.options.gatherMs <= 0 || stopping ? new Promise((r) => setImmediate(r)) : pause(handle.options.gatherMs, false);
  };

  const loop = async (): Promise<void> => {
    while (!stopping) {
      woken = false;
      phase = 'working';
      let work = 0;
      try {
        work = await tick();
      } catch (err) {
        onError?.(err);
      }
      // Yield between passes so requests waiting for the database go first. A full batch means more
      // is waiting: the next pass starts at once. Changes that trickle in (a commit wakes the
      // engine) are let gather for gatherMs and taken together: one round's transactions then
      // serve several runs instead of one each.
      if (work >= handle.options.batchSize) await new Promise((r) => setImmediate(r));
      else if (work > 0) await gather();
      else {
        await sleep(handle.options.pollMs);
        if (woken && !stopping) await gather();
      }
    }
  };

  return {
    owner,
    tick,
    state: () => (running ? phase : 'stopped'),
    async drain({ maxPasses = 10_000 } = {}) {
      let passes = 0;
      let work = 0;
      drainMode = true;
      try {
        for (; passes < maxPasses; passes++) {
          const n = await tick();
          work += n;
          if (n === 0) break;
        }
      } finally {
        drainMode = false;
      }
      return { passes, work };
    },
    async start() {
      if (running) return;
      stopping = false;
      handle.setWaker(() => {
        woken = true;
        wakeUp?.();
      });
      if (rt.db.dialect === 'postgres') listener = await listen(rt.db.knex, handle.notifyChannel, () => handle.wake()).catch((err: unknown) => { onError?.(err); return null; });
      running = loop();
    },
    async stop() {
      stopping = true;
      wakeUp?.();
      await running;
      running = null;
      handle.setWaker(null);
      await listener?.release();
      listener = null;
      await releaseRuns(deps);
    },
  };
}

interface PgClient { query(sql: string): Promise<unknown>; on(event: 'notification', fn: () => void): void; removeAllListeners(event: string): void }

/** LISTEN on a connection of its own (outside the pool), so commits in other processes wake this one. */
async function listen(knex: Knex, channel: string, onNotify: () => void): Promise<{ release(): Promise<void> }> {
  const client = (await knex.client.acquireRawConnection()) as PgClient;
  client.on('notification', onNotify);
  await client.query(`LISTEN "${channel}"`);
  return {
    async release() {
      client.removeAllListeners('notification');
      await client.query('UNLISTEN *').catch(() => undefined);
      await knex.client.destroyRawConnection(client);
    },
  };
}
