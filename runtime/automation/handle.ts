// What a runtime carries for automations: the registry, the compiled rules, which entities each
// rule watches, the clock, and the little state shared by the outbox and the engine of one
// runtime (enabled overrides, the engine's wake-up). One per runtime, never process-global.
import type { Knex } from 'knex';
import type { CompiledApp } from '../compile/compileApp.js';
import type { Db } from '../dialect/index.js';
import { compileAutomations } from './compile.js';
import { createAutomationRegistry, type RegistryExtras } from './registry.js';
import { loadEnabledOverrides } from './store.js';
import type { AutomationRegistry, Clock, CompiledRule, EngineOptions } from './types.js';

export interface AutomationHandle {
  registry: AutomationRegistry;
  rules: ReadonlyMap<string, CompiledRule>;
  /** entity → rules fed by its changes (`change`) and rules scheduled on its dates (`date`). */
  watch: ReadonlyMap<string, { change: CompiledRule[]; date: CompiledRule[] }>;
  options: EngineOptions;
  clock: Clock;
  isEnabled(name: string): boolean;
  /** Re-reads the `_enable`/`_disable` overrides when they are older than `maxAgeMs` (0: always). */
  refreshOverrides(k: Knex, maxAgeMs?: number): Promise<void>;
  setOverride(name: string, enabled: boolean): void;
  /** Wakes this process's engine (after a commit that enqueued work); a no-op without one. */
  wake(): void;
  setWaker(fn: (() => void) | null): void;
  /** PostgreSQL LISTEN/NOTIFY channel of this database schema. */
  notifyChannel: string;
}

export const DEFAULT_OPTIONS: EngineOptions = { batchSize: 100, leaseMs: 60_000, pollMs: 1_000, gatherMs: 10, maxDepth: 5, webhookAllow: [] };

export function optionsFromEnv(env: NodeJS.ProcessEnv = process.env): Partial<EngineOptions> {
  const n = (name: string): number | undefined => (env[name] !== undefined && Number.isFinite(Number(env[name])) && Number(env[name]) > 0 ? Number(env[name]) : undefined);
  const out: Partial<EngineOptions> = {};
  const maxDepth = n('CRM_AUTOMATION_MAX_DEPTH');
  const leaseMs = n('CRM_AUTOMATION_LEASE_MS');
  const pollMs = n('CRM_AUTOMATION_POLL_MS');
  const batchSize = n('CRM_AUTOMATION_BATCH');
  if (maxDepth) out.maxDepth = Math.min(20, Math.floor(maxDepth));
  if (leaseMs) out.leaseMs = leaseMs;
  if (pollMs) out.pollMs = pollMs;
  if (batchSize) out.batchSize = Math.min(1000, Math.floor(batchSize));
  const gather = env.CRM_AUTOMATION_GATHER_MS;
  if (gather !== undefined && /^\d{1,4}$/.test(gather.trim())) out.gatherMs = Number(gather.trim());
  if (env.CRM_WEBHOOK_ALLOW) out.webhookAllow = env.CRM_WEBHOOK_ALLOW.split(',').map((s) => s.trim()).filter(Boolean);
  return out;
}

/**
 * `everyEntity`: compiled rules that watch the changes of every entity (plugins' after-hooks),
 * named apart from the app's rules (`plugin:<name>`).
 */
export function createAutomationHandle({ app, db, extras, options, clock, everyEntity = [] }: { app: CompiledApp; db: Db; extras?: RegistryExtras; options?: Partial<EngineOptions>; clock?: Clock; everyEntity?: readonly CompiledRule[] }): AutomationHandle {
  const registry = createAutomationRegistry(extras);
  const opts: EngineOptions = { ...DEFAULT_OPTIONS, ...optionsFromEnv(), ...options };
  const rules = new Map(compileAutomations({ app, registry, maxDepth: opts.maxDepth }));
  for (const rule of everyEntity) rules.set(rule.name, rule);
  const watch = new Map<string, { change: CompiledRule[]; date: CompiledRule[] }>();
  const watchOf = (entity: string): { change: CompiledRule[]; date: CompiledRule[] } => {
    const w = watch.get(entity) ?? { change: [], date: [] };
    watch.set(entity, w);
    return w;
  };
  for (const rule of rules.values()) {
    const source = rule.trigger.type.source;
    if ((source !== 'change' && source !== 'date') || !rule.entity) continue;
    watchOf(rule.entity)[source].push(rule);
  }
  for (const rule of everyEntity) for (const entity of app.entities.keys()) watchOf(entity).change.push(rule);
  let overrides = new Map<string, boolean>();
  let loadedAt = -Infinity;
  let waker: (() => void) | null = null;
  return {
    registry, rules, watch, options: opts, clock: clock ?? (() => new Date()),
    isEnabled: (name) => overrides.get(name) ?? rules.get(name)?.enabled ?? false,
    async refreshOverrides(k, maxAgeMs = 2_000) {
      if (Date.now() - loadedAt < maxAgeMs) return;
      overrides = await loadEnabledOverrides(k, db.dialect);
      loadedAt = Date.now();
    },
    setOverride(name, enabled) {
      overrides = new Map(overrides).set(name, enabled);
    },
    wake: () => waker?.(),
    setWaker(fn) {
      waker = fn;
    },
    notifyChannel: `crm_automation_${db.schema}`.toLowerCase().replace(/[^a-z0-9_]/g, '_').slice(0, 63),
  };
}
