// Plugins' after-hooks as the automation engine's rules: a plugin with `afterWrite`/`afterDelete`
// becomes the rule `plugin:<name>`, fed by every entity's change log through the outbox like any
// other rule. So an after-hook runs after the commit (a refused write never reaches it), can never
// break the write, is retried with backoff and ends in the dead letter when it keeps failing, and
// shows its runs at GET /api/v1/_automations/plugin:<name>/runs. Delivery is at least once: a
// process killed between the hook's return and the step's record calls it again on restart.
import type { CompiledRule, Json, NodeResult, NodeType, TriggerType } from '../automation/types.js';
import type { Change } from '../records/uow.js';
import type { PluginDefinition } from './types.js';

const KEY = 'plugin.after-hook';

type Rec = Record<string, unknown>;

function hookTrigger(plugin: PluginDefinition): TriggerType {
  const hooks = plugin.hooks!;
  return {
    type: KEY, description: `after-hooks of plugin ${plugin.name}`, source: 'change', configSchema: { type: 'object' },
    entityOf: () => null,
    matches: (_config, change: Change) => (change.action === 'delete' ? Boolean(hooks.afterDelete) : Boolean(hooks.afterWrite)),
    example: null,
  };
}

function hookNode(plugin: PluginDefinition): NodeType {
  const hooks = plugin.hooks!;
  return {
    type: KEY, description: `calls plugin ${plugin.name}'s afterWrite/afterDelete`, configSchema: { type: 'object' },
    effect: () => 'external',
    async run({ trigger, dryRun }): Promise<NodeResult> {
      const entity = String(trigger.entity);
      const id = Number(trigger.id);
      // A dry run has no effects: it says which hook it would call, and does not call it.
      if (dryRun) return { status: 'succeeded', output: { entity, id, wouldCall: trigger.action === 'delete' ? 'afterDelete' : 'afterWrite' } };
      const before = (trigger.before ?? null) as Rec | null;
      if (trigger.action === 'delete') await hooks.afterDelete?.({ entity, id, before: { ...before, id } });
      else {
        const action = trigger.action === 'create' ? 'create' : 'update';
        await hooks.afterWrite?.({ entity, action, id, before: before && { ...before, id }, after: { ...((trigger.after ?? {}) as Rec), id }, changed: ((trigger.changed ?? []) as Json[]).map(String) });
      }
      return { status: 'succeeded', output: { entity, id, action: trigger.action ?? null } };
    },
    example: null,
  };
}

/** The rule of each plugin that has after-hooks (the automation handle has it watch every entity). */
export function afterHookRules(plugins: readonly PluginDefinition[]): CompiledRule[] {
  const rules: CompiledRule[] = [];
  for (const p of plugins) {
    if (!p.hooks?.afterWrite && !p.hooks?.afterDelete) continue;
    rules.push({
      name: `plugin:${p.name}`, label: `Plugin ${p.name}: after-hooks`, enabled: true,
      trigger: { type: hookTrigger(p), config: {}, condition: null, conditionInMemory: true },
      entity: null,
      nodes: [{ id: 'hook', type: hookNode(p), config: {}, prepared: null, incoming: [] }],
      expand: [], runAs: { kind: 'system' }, buttonRoles: [], maxDepth: Number.MAX_SAFE_INTEGER,
      retry: { maxAttempts: 5, backoffMs: 2_000 },
    });
  }
  return rules;
}
