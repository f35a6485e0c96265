// The vocabulary of the automation engine: registry entries (triggers, nodes, channels), compiled
// rules, and what a node receives when it runs. Plugins add entries of these shapes by name.
import type { Knex } from 'knex';
import type { CompiledApp } from '../compile/compileApp.js';
import type { AppDefinition } from '../definition/validate.js';
import type { ProblemItem } from '../errors/catalog.js';
import type { ModelInfo } from '../query/model.js';
import type { CompiledFilter } from '../query/filter.js';
import type { Ctx } from '../records/context.js';
import type { Runtime } from '../records/runtime.js';
import type { Change } from '../records/uow.js';

export type JsonSchema = Record<string, unknown>;
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type Config = Record<string, unknown>;

/** What a definition check can see: the whole app and its field model. */
export interface CheckContext {
  def: AppDefinition;
  model: ModelInfo;
  /** The entity the rule's runs are about (the trigger's), if any. */
  entity: string | null;
  /** JSON pointer of the object being checked (`/trigger`, `/nodes/2`). */
  at: string;
  registry: AutomationRegistry;
}

/**
 * How the engine feeds a trigger: `change` from the write's change log, `date` and `cron` from
 * the schedule table, `event` from code (the webhook route, the manual `_run` route, plugins).
 */
export type TriggerSource = 'change' | 'date' | 'cron' | 'event';

export interface TriggerType {
  type: string;
  description: string;
  source: TriggerSource;
  /** JSON Schema of the trigger object's members besides `type`. */
  configSchema: JsonSchema;
  /** The entity whose record a run is about (templates `{{record.x}}`, node targets), or null. */
  entityOf(config: Config, def: AppDefinition): string | null;
  /** Cross-reference checks beyond the schema: entity and field names, stage values. */
  check?(config: Config, ctx: CheckContext): ProblemItem[];
  /** The config with what it refers to resolved (a pipeline's entity and field), once at compile time. */
  normalize?(config: Config, def: AppDefinition): Config;
  /** For `change` triggers: whether a committed change fires the rule (its condition is checked apart). */
  matches?(config: Config, change: Change): boolean;
  /** A one-line example for the catalog. */
  example: Json;
}

/**
 * Where a node's effect lives. `db`: it writes through the records layer inside the run's
 * transaction, so its effect and its step row commit together (exactly once). `external`: it
 * talks to the outside between transactions and sends an idempotency key (at least once, made
 * idempotent by the receiver). `none`: no effect.
 */
export type Effect = 'none' | 'db' | 'external';

export interface NodeType {
  type: string;
  description: string;
  configSchema: JsonSchema;
  effect(config: Config, registry: AutomationRegistry): Effect;
  /** Labels of the outgoing edges the node chooses between (condition: true/false); absent: every edge is followed. */
  branches?: readonly string[];
  check?(config: Config, ctx: CheckContext): ProblemItem[];
  /** Compiles what the node needs at run time (a condition, a filter) once per rule. */
  prepare?(config: Config, ctx: { app: CompiledApp; entity: string | null }): unknown;
  run(args: NodeRunArgs): Promise<NodeResult>;
  example: Json;
}

export type NodeResult =
  | { status: 'succeeded'; output?: Json; branch?: string; input?: Json }
  | { status: 'waiting'; until: Date; output?: Json; input?: Json };

/** A durable key-value state kept in `_automation_state`, inside the run's transaction. */
export interface StateStore {
  get(key: string): Promise<Json | undefined>;
  set(key: string, value: Json): Promise<void>;
}

export interface NodeRunArgs {
  config: Config;
  /** What `prepare` returned for this node. */
  prepared: unknown;
  nodeId: string;
  rule: CompiledRule;
  runId: number;
  /** The event that started the run: type, entity, id and, for changes, action, before, after, changed. */
  trigger: Readonly<Record<string, Json>>;
  /** The run's records runtime, bound to the run's transaction for `db` nodes. */
  rt: Runtime;
  trx: Knex | null;
  /** The run's actor, `via: automation`, depth + 1. */
  ctx: Ctx;
  /** The run's record (templates see the whole scope through resolve/render). */
  scope: Pick<TemplateScope, 'record'>;
  /** Renders templated values: a string that is one `{{tag}}` keeps the value's type. */
  resolve(value: unknown, options?: { html?: boolean }): unknown;
  render(template: string, options?: { html?: boolean }): string;
  channels: ReadonlyMap<string, ChannelType>;
  now: Date;
  idempotencyKey: string;
  state: StateStore;
  /** Dry runs: external effects are recorded, never sent. */
  dryRun: DryRunRecorder | null;
  /** The run's record as read for the run, when it can stand for the current row of a write (system actor, nothing expanded). */
  loaded: Record<string, unknown> | null;
  /** The run's record changed (a node updated it): later nodes and templates see the new values. */
  setRecord(record: Record<string, unknown>): void;
  /** Operator options (SSRF allow-list, timeouts). */
  options: EngineOptions;
}

export interface DryRunRecorder {
  messages: Json[];
  webhooks: Json[];
}

/** `{{record.x}}`, `{{trigger.before.x}}`, `{{steps.<id>.output.x}}`, `{{now}}`, `{{today}}`, `{{run.id}}`. */
export interface TemplateScope {
  record: Record<string, unknown> | null;
  trigger: Record<string, unknown>;
  steps: Record<string, { output: Json }>;
  /** The run's time, ISO 8601 UTC. */
  now: string;
  /** The calendar date in the app's time zone, YYYY-MM-DD (for date fields). */
  today: string;
  run: { id: number; automation: string; attempt: number };
}

export interface ChannelMessage { to: string; subject?: string; body: string; html: boolean }

export interface ChannelType {
  name: string;
  description: string;
  /** Whether bodies are HTML: template variables are then HTML-escaped. */
  html: boolean;
  /** Sent inside the step's transaction (the test channel stores the message in the database). */
  transactional: boolean;
  send(args: { message: ChannelMessage; idempotencyKey: string; trx: Knex | null; automation: string; runId: number }): Promise<{ id: string }>;
}

export interface AutomationRegistry {
  triggers: ReadonlyMap<string, TriggerType>;
  nodes: ReadonlyMap<string, NodeType>;
  channels: ReadonlyMap<string, ChannelType>;
}

export interface CompiledNode {
  id: string;
  type: NodeType;
  config: Config;
  prepared: unknown;
  /** Incoming edges: source node and the branch label it must have taken (null: any). */
  incoming: { source: string; label: string | null }[];
}

export interface CompiledRule {
  name: string;
  label: string;
  /** As the definition says; `_enable`/`_disable` override it at run time. */
  enabled: boolean;
  trigger: { type: TriggerType; config: Config; condition: CompiledFilter | null; conditionInMemory: boolean };
  entity: string | null;
  /** Nodes in an order where every node comes after the nodes that lead to it. */
  nodes: CompiledNode[];
  /** Relations to expand on the run's record for templates (`account` for `{{record.account.name}}`). */
  expand: string[];
  runAs: { kind: 'system' } | { kind: 'user'; email: string };
  /** Roles whose users may start the rule from a record (manual trigger with a button). */
  buttonRoles: readonly string[];
  maxDepth: number;
  retry: { maxAttempts: number; backoffMs: number };
}

export interface EngineOptions {
  /** Runs claimed per round (default 100). */
  batchSize: number;
  /** How long a claimed run stays with its worker without a renewal (default 60 s). */
  leaseMs: number;
  /** Idle poll interval when nothing wakes the engine (default 1 s). */
  pollMs: number;
  /**
   * How long changes that trickle in may gather before a pass takes them together (default 10 ms;
   * 0: a pass per wake). Adds at most this much to the time from a commit to its rule's effect.
   */
  gatherMs: number;
  /** Default loop limit: the automation depth a run may have (default 5). */
  maxDepth: number;
  /** Addresses or CIDRs outgoing webhooks may reach although not public (CRM_WEBHOOK_ALLOW). */
  webhookAllow: readonly string[];
  /** DNS resolution for outgoing webhooks (tests inject one). */
  resolve?: (hostname: string) => Promise<{ address: string; family: number }[]>;
}

export type Clock = () => Date;
