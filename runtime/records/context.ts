// Who is acting, through what, for which request (architecture §10.6), and the authorize seam.
import { randomUUID } from 'node:crypto';
import type { Filter } from '../definition/types.generated.js';
import { type AppError, appError } from '../errors/catalog.js';
import type { CompiledFilter, FilterUser } from '../query/filter.js';

export type Actor =
  | ({ kind: 'user'; roles: string[]; scopes?: ('read' | 'write' | 'export' | 'credentials')[] } & FilterUser)
  | { kind: 'system'; reason: string };
export type Via = 'api' | 'studio' | 'import' | 'automation' | 'cli' | 'seed';
export interface Ctx {
  actor: Actor;
  via: Via;
  requestId: string;
  /**
   * An administrator viewing the app as a role (runtime/auth/viewAs.ts): the actor is the role's
   * user, `by` the administrator. Such a context only reads; the records layer refuses its writes.
   */
  viewAs?: { role: string; user: number; by: number };
  /** How many automation steps led to this write (0 or absent for a write by a person or a tool); a loop limit reads it. */
  depth?: number;
}

/** The one way to act as the platform itself, so every bypass is grep-able. */
export function asSystem(reason: string, via: Via = 'cli', requestId: string = randomUUID()): Ctx {
  return { actor: { kind: 'system', reason }, via, requestId };
}

/**
 * `update` is the scope a record must be in to be changed; `updateTo` the scope it must still be in
 * after the change (a role's `updateTo` grant, or its `update` grant when it names none).
 */
export type Action = 'read' | 'create' | 'update' | 'updateTo' | 'delete' | 'export';
/** true: allowed; false: denied; a filter (AST or compiled once): allowed on the records matching it. */
export type AuthorizeResult = boolean | Filter | CompiledFilter;
export type Authorize = (args: { ctx: Ctx; entity: string; action: Action }) => AuthorizeResult | Promise<AuthorizeResult>;

/** Until access rules exist, everything is allowed. */
export const allowAll: Authorize = () => true;

export const actorId = (ctx: Ctx): number | null => (ctx.actor.kind === 'user' ? ctx.actor.id : null);

export function filterVars(ctx: Ctx): { now: Date; user: FilterUser | null } {
  return { now: new Date(), user: ctx.actor.kind === 'user' ? ctx.actor : null };
}

/** The answer to any write while an administrator views the app as a role: nothing is stored. */
export function viewAsReadOnly(role: string): AppError {
  return appError('FORBIDDEN', `viewing the app as the role "${role}" is read-only: nothing was changed (leave the view to make changes)`, {
    members: { viewAs: { problem: 'read_only', role } },
  });
}
