// Public surface of the automation engine (runtime/automation): the per-runtime handle and its
// outbox consumer, the engine, and the operations the API and the CLI call.
import type { CompiledApp } from '../compile/compileApp.js';
import type { Db } from '../dialect/index.js';
import type { ChangeConsumer } from '../records/runtime.js';
import { type AutomationHandle, createAutomationHandle } from './handle.js';
import { outboxConsumer } from './outbox.js';
import type { RegistryExtras } from './registry.js';
import type { Clock, CompiledRule, EngineOptions } from './types.js';

export type { AutomationHandle } from './handle.js';
export { createEngine, type Engine, type AutomatedRuntime } from './engine.js';
export type { RegistryExtras } from './registry.js';
export type { Clock, EngineOptions } from './types.js';

export interface AutomationSetup {
  extras?: RegistryExtras;
  options?: Partial<EngineOptions>;
  clock?: Clock;
  /** Rules fed by every entity's changes (plugins' after-hooks, runtime/plugins/afterHooks.ts). */
  everyEntity?: readonly CompiledRule[];
}

/** What createRuntime adds to a runtime: the handle, and the outbox as a change consumer. */
export function attachAutomation({ app, db, setup = {} }: { app: CompiledApp; db: Db; setup?: AutomationSetup }): { automation: AutomationHandle; changeConsumers: ChangeConsumer[] } {
  const automation = createAutomationHandle({ app, db, extras: setup.extras, options: setup.options, clock: setup.clock, everyEntity: setup.everyEntity });
  return { automation, changeConsumers: [outboxConsumer(automation)] };
}
