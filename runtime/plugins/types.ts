// What a plugin is (architecture §7): a plain object whose entries are added to the runtime's
// registries by name — field types, formula functions, automation triggers, actions (nodes) and
// channels — plus hooks from a closed list and transport-free routes. No setup function, no
// lifecycle class: a plugin can only add entries, never reach into the platform.
import type { FieldType } from '../fields/types.js';
import type { FilterOperator } from '../query/model.js';
import type { Ctx } from '../records/context.js';
import type { ChannelType, NodeType, TriggerType } from '../automation/types.js';

/** A formula function: a name in capitals, its arity, and a pure function of its arguments. */
export interface FormulaFunction {
  name: string;
  min: number;
  max: number;
  description?: string;
  run(args: (number | string | boolean | null)[]): number | string | boolean | null;
}

export type HookAction = 'create' | 'update';

/**
 * Hooks, closed list. Before-hooks run inside the write's transaction: they may return values to
 * set (or a transformed body) and may throw a catalog error (`appError`) to refuse the write.
 * After-hooks run after the commit, from the automation outbox: they can never break the write,
 * and they see each change once.
 */
export interface PluginHooks {
  /** The caller's body, before it is checked: return a transformed body (or nothing). */
  beforeValidate?(args: { entity: string; action: HookAction; body: Readonly<Record<string, unknown>>; before: Readonly<Record<string, unknown>> | null; ctx: Ctx }): Record<string, unknown> | void | Promise<Record<string, unknown> | void>;
  /** The checked values about to be stored: return values to set as well (or nothing). */
  beforeWrite?(args: { entity: string; action: HookAction; data: Readonly<Record<string, unknown>>; before: Readonly<Record<string, unknown>> | null; ctx: Ctx }): Record<string, unknown> | void | Promise<Record<string, unknown> | void>;
  /** A record about to be deleted by the caller (not by a cascade): throw to refuse. */
  beforeDelete?(args: { entity: string; record: Readonly<Record<string, unknown>>; ctx: Ctx }): void | Promise<void>;
  /** After a committed create or update (also of changes that follow from one, such as rollups). */
  afterWrite?(args: { entity: string; action: HookAction; id: number; before: Record<string, unknown> | null; after: Record<string, unknown>; changed: string[] }): void | Promise<void>;
  /** After a committed delete. */
  afterDelete?(args: { entity: string; id: number; before: Record<string, unknown> }): void | Promise<void>;
}

/** A route: mounted at /api/v1/_plugins/<plugin>/<path>, behind the same authentication. */
export interface PluginRoute {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** Express-style path below the plugin's prefix, e.g. "/stats" or "/deals/:id/score". */
  path: string;
  description?: string;
  /** Returns the response's `data`; throws `appError` for problem answers. */
  handler(args: { params: Record<string, string>; query: Record<string, unknown>; body: unknown; ctx: Ctx; api: PluginApi }): unknown | Promise<unknown>;
}

/** What a route or hook may use of the platform: the records layer, as the caller. */
export interface PluginApi {
  list(entity: string, query?: Record<string, string>): Promise<{ data: Record<string, unknown>[]; meta: { nextCursor: string | null; count?: number } }>;
  get(entity: string, id: number): Promise<Record<string, unknown>>;
  create(entity: string, data: Record<string, unknown>): Promise<Record<string, unknown>>;
  update(entity: string, id: number, data: Record<string, unknown>): Promise<Record<string, unknown>>;
}

export interface PluginDefinition {
  /** Matches the name in app.json `plugins` (lower-case, digits, dashes). */
  name: string;
  version: string;
  description?: string;
  /** The platform versions it works with, e.g. { platform: ">=0.1.0" } or "^0.1.0". */
  requires?: { platform?: string };
  fieldTypes?: readonly FieldType[];
  /** Filter operators (e.g. `{"mobile": {"carrier": "china_mobile"}}`) for the field types they name. */
  filterOperators?: readonly FilterOperator[];
  formulaFunctions?: readonly FormulaFunction[];
  /** Automation registry entries (docs/automations.md, docs/plugins.md): trigger types, node types, message channels. */
  triggers?: readonly TriggerType[];
  actions?: readonly NodeType[];
  channels?: readonly ChannelType[];
  hooks?: PluginHooks;
  routes?: readonly PluginRoute[];
  /** Studio widgets by name (a form widget name a field or form item can refer to); reserved for the studio's builders. */
  widgets?: Readonly<Record<string, { description: string }>>;
}
