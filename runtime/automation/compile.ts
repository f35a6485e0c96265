// Automation definitions → checked problems (validate) and frozen compiled rules (compile). The
// graph is a DAG: nodes run in an order where each comes after the nodes leading to it.
import type { CompiledApp } from '../compile/compileApp.js';
import { labelText } from '../compile/labels.js';
import type { Automation } from '../definition/types.generated.js';
import type { AppDefinition } from '../definition/validate.js';
import type { DefinitionProblem } from '../definition/load.js';
import { deepFreeze } from '../json.js';
import { checkFilter } from '../query/filter.js';
import type { ModelInfo } from '../query/model.js';
import { ownFieldsOnly, prepareCondition } from './conditions.js';
import { checkTemplate, templatesIn } from './template.js';
import type { AutomationRegistry, CompiledNode, CompiledRule, Config } from './types.js';

interface RawNode { id: string; type: string; config?: Config }
interface RawEdge { source: string; target: string; label?: string }

/** A rule without `edges` runs its nodes in the order they are listed. */
export const edgesOf = (a: { nodes: readonly { id: string }[]; edges?: readonly RawEdge[] }): RawEdge[] =>
  a.edges ? [...a.edges] : a.nodes.slice(1).map((n, i) => ({ source: a.nodes[i].id, target: n.id }));

/** Topological order of the nodes (Kahn, in file order among equals) and the first edge closing a cycle. */
export function graphOf(nodes: readonly RawNode[], edges: readonly RawEdge[]): { order: string[]; cycleEdge: number | null; ancestors: Map<string, Set<string>> } {
  const ids = nodes.map((n) => n.id);
  const indegree = new Map(ids.map((id) => [id, 0]));
  const valid = edges.map((e, i) => ({ ...e, i })).filter((e) => indegree.has(e.source) && indegree.has(e.target));
  for (const e of valid) indegree.set(e.target, indegree.get(e.target)! + 1);
  const order: string[] = [];
  const ready = ids.filter((id) => indegree.get(id) === 0);
  while (ready.length) {
    const id = ready.shift()!;
    order.push(id);
    for (const e of valid.filter((x) => x.source === id)) {
      indegree.set(e.target, indegree.get(e.target)! - 1);
      if (indegree.get(e.target) === 0) ready.push(e.target);
    }
  }
  const stuck = new Set(ids.filter((id) => !order.includes(id)));
  const cycleEdge = stuck.size ? valid.find((e) => stuck.has(e.source) && stuck.has(e.target))?.i ?? null : null;
  const ancestors = new Map<string, Set<string>>();
  for (const id of order) {
    const set = new Set<string>();
    for (const e of valid.filter((x) => x.target === id)) {
      set.add(e.source);
      for (const a of ancestors.get(e.source) ?? []) set.add(a);
    }
    ancestors.set(id, set);
  }
  return { order, cycleEdge, ancestors };
}

const triggerConfig = (a: Automation): Config => {
  const { type: _type, ...rest } = a.trigger as { type: string } & Config;
  return rest;
};

/** Every problem of the app's automations, with file and JSON pointer. */
export function checkAutomations({ def, model, registry }: { def: AppDefinition; model: ModelInfo; registry: AutomationRegistry }): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  for (const a of def.automations) {
    const file = def.files[`automation:${a.name}`];
    const add = (p: { pointer: string; code: string; message: string }): void => void problems.push({ file, ...p });
    const trigger = registry.triggers.get(a.trigger.type);
    if (!trigger) {
      add({ pointer: '/trigger/type', code: 'unknown_type', message: `unknown trigger type "${a.trigger.type}"` });
      continue;
    }
    const config = triggerConfig(a);
    const before = problems.length;
    const ctxBase = { def, model, registry, entity: null as string | null };
    for (const p of trigger.check?.(config, { ...ctxBase, at: '/trigger' }) ?? []) add(p);
    if (problems.length > before) continue;
    const entity = trigger.entityOf(config, def);
    if (config.condition !== undefined && entity) for (const p of checkFilter(model, entity, config.condition, '/trigger/condition')) add(p);
    const raw = a.nodes as RawNode[];
    const seen = new Map<string, number>();
    raw.forEach((n, i) => {
      if (seen.has(n.id)) add({ pointer: `/nodes/${i}/id`, code: 'duplicate', message: `node "${n.id}" is already defined at /nodes/${seen.get(n.id)}` });
      seen.set(n.id, i);
    });
    const edges = edgesOf(a as { nodes: RawNode[]; edges?: RawEdge[] });
    edges.forEach((e, i) => {
      for (const end of ['source', 'target'] as const) {
        if (!seen.has(e[end])) add({ pointer: `/edges/${i}/${end}`, code: 'invalid_reference', message: `no node "${e[end]}"` });
      }
      const source = raw.find((n) => n.id === e.source);
      const branches = source ? registry.nodes.get(source.type)?.branches : undefined;
      if (source && e.label !== undefined && !branches?.includes(e.label)) {
        add({ pointer: `/edges/${i}/label`, code: 'invalid_reference', message: branches ? `a ${source.type} node's edges are labelled ${branches.map((b) => `"${b}"`).join(' or ')}` : `a ${source.type} node does not branch: leave the label out` });
      }
    });
    const graph = graphOf(raw, edges);
    if (graph.cycleEdge !== null) add({ pointer: `/edges/${graph.cycleEdge}`, code: 'cycle', message: 'the edges form a cycle: a rule is a graph without loops (repeat with another rule or a schedule)' });
    raw.forEach((n, i) => {
      const type = registry.nodes.get(n.type);
      if (!type) return add({ pointer: `/nodes/${i}/type`, code: 'unknown_type', message: `unknown node type "${n.type}"` });
      const cfg = n.config ?? {};
      for (const p of type.check?.(cfg, { ...ctxBase, entity, at: `/nodes/${i}` }) ?? []) add(p);
      const refs = { model, entity, steps: graph.ancestors.get(n.id) ?? new Set<string>() };
      for (const t of templatesIn(cfg, `/nodes/${i}/config`)) for (const p of checkTemplate(t.template, t.at, refs)) add(p);
    });
  }
  return problems;
}

const DEFAULT_RETRY = { maxAttempts: 5, backoffMs: 10_000 };

/** Compiles the app's automations once (frozen): nodes in run order, conditions and templates prepared. */
export function compileAutomations({ app, registry, maxDepth }: { app: CompiledApp; registry: AutomationRegistry; maxDepth: number }): ReadonlyMap<string, CompiledRule> {
  const def = app.definition;
  const out = new Map<string, CompiledRule>();
  for (const a of def.automations) {
    const type = registry.triggers.get(a.trigger.type)!;
    const config = type.normalize?.(triggerConfig(a), def) ?? triggerConfig(a);
    const entity = type.entityOf(config, def);
    const raw = a.nodes as RawNode[];
    const edges = edgesOf(a as { nodes: RawNode[]; edges?: RawEdge[] });
    const graph = graphOf(raw, edges);
    const expand = new Set<string>();
    const nodes: CompiledNode[] = graph.order.map((id) => {
      const n = raw.find((x) => x.id === id)!;
      const nodeType = registry.nodes.get(n.type)!;
      const cfg = n.config ?? {};
      for (const t of templatesIn(cfg, '')) checkTemplate(t.template, t.at, { model: app.model, entity, steps: new Set() }, expand);
      return {
        id, type: nodeType, config: cfg, prepared: nodeType.prepare?.(cfg, { app, entity }) ?? null,
        incoming: edges.filter((e) => e.target === id).map((e) => ({ source: e.source, label: e.label ?? null })),
      };
    });
    const extra = a as Automation & { runAs?: 'system' | { user: string }; maxDepth?: number; retry?: { maxAttempts?: number; backoffSeconds?: number } };
    const button = (config.button as { roles?: string[] } | undefined)?.roles ?? [];
    out.set(a.name, {
      name: a.name,
      label: labelText(a.label, app.defaultLocale) ?? a.name,
      enabled: a.enabled !== false,
      trigger: {
        type, config,
        condition: config.condition !== undefined && entity ? prepareCondition(app, entity, config.condition).filter : null,
        conditionInMemory: config.condition === undefined || ownFieldsOnly(config.condition),
      },
      entity,
      nodes,
      expand: [...expand],
      runAs: extra.runAs && extra.runAs !== 'system' ? { kind: 'user', email: extra.runAs.user } : { kind: 'system' },
      buttonRoles: button,
      maxDepth: extra.maxDepth ?? maxDepth,
      retry: {
        maxAttempts: extra.retry?.maxAttempts ?? DEFAULT_RETRY.maxAttempts,
        backoffMs: extra.retry?.backoffSeconds !== undefined ? extra.retry.backoffSeconds * 1000 : DEFAULT_RETRY.backoffMs,
      },
    });
  }
  for (const rule of out.values()) {
    Object.freeze(rule.nodes);
    deepFreeze(rule.expand);
    Object.freeze(rule);
  }
  return out;
}
