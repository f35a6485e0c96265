// The records layer's questions to the authorize seam (§10.6): may this caller act on this entity,
// and on which records. Reads and writes both ask here, so neither imports the other for it.
import type { Knex } from 'knex';
import type { CompiledEntity } from '../compile/compileApp.js';
import { appError } from '../errors/catalog.js';
import { type CompiledFilter, compileFilter } from '../query/filter.js';
import { type Action, type AuthorizeResult, type Ctx, filterVars } from './context.js';
import type { Runtime } from './runtime.js';

export type Scope = ((qb: Knex.QueryBuilder) => void) | null;

const ACTIONS: readonly Action[] = ['read', 'create', 'update', 'delete', 'export'];

/** An allowing authorize result as a query condition: null for "every record", else the bound scope. */
export function scopeOf({ rt, ctx, entity, result }: { rt: Runtime; ctx: Ctx; entity: CompiledEntity; result: Exclude<AuthorizeResult, false> }): Scope {
  if (result === true) return null;
  const compiled = typeof (result as CompiledFilter).toKnex === 'function' ? (result as CompiledFilter) : compileFilter(rt.app.model, entity.name, result);
  return compiled.toKnex(filterVars(ctx), rt.db.dialect, entity.table);
}

/** The scope of an action, or the catalog error for a caller without any grant of it. */
export async function authorizeOrThrow({ rt, ctx, entity, action }: { rt: Runtime; ctx: Ctx; entity: CompiledEntity; action: Action }): Promise<Scope> {
  const result = await rt.authorize({ ctx, entity: entity.name, action });
  if (result === false) {
    throw action === 'read' ? appError('NOT_FOUND', `unknown entity "${entity.name}"`) : appError('FORBIDDEN', `you may not ${action === 'updateTo' ? 'update' : action} ${entity.name} records`);
  }
  return scopeOf({ rt, ctx, entity, result });
}

/** The entity by name, for code acting with full knowledge of the app (no caller to hide it from). */
export function entityOrThrow(rt: Runtime, name: string): CompiledEntity {
  const e = rt.app.entities.get(name);
  if (!e) throw appError('NOT_FOUND', `unknown entity "${name}"`);
  return e;
}

/** Whether the caller holds any grant on the entity: without one it does not exist for them. */
export async function entityVisible({ rt, ctx, entity }: { rt: Runtime; ctx: Ctx; entity: string }): Promise<boolean> {
  for (const action of ACTIONS) if ((await rt.authorize({ ctx, entity, action })) !== false) return true;
  return false;
}

/**
 * The entity as the caller may know it: an entity they hold no grant on answers exactly like a
 * name that does not exist, before anything else about the request (its query, body or method)
 * is looked at — so nothing about its fields can be learned from error messages.
 */
export async function visibleEntityOrThrow({ rt, ctx, name }: { rt: Runtime; ctx: Ctx; name: string }): Promise<CompiledEntity> {
  const e = rt.app.entities.get(name);
  if (!e || !(await entityVisible({ rt, ctx, entity: e.name }))) throw appError('NOT_FOUND', `unknown entity "${name.slice(0, 100)}"`);
  return e;
}

/**
 * A create grant. A caller who may not even read the entity gets 404 like for an unknown entity
 * (no existence oracle); one who may read it gets 403.
 */
export async function authorizeCreate({ rt, ctx, entity }: { rt: Runtime; ctx: Ctx; entity: CompiledEntity }): Promise<Scope> {
  if ((await rt.authorize({ ctx, entity: entity.name, action: 'create' })) === false && !(await entityVisible({ rt, ctx, entity: entity.name }))) {
    throw appError('NOT_FOUND', `unknown entity "${entity.name}"`);
  }
  return authorizeOrThrow({ rt, ctx, entity, action: 'create' });
}

/** Whether every id lies inside the scope (ids of rows present in the transaction). */
export async function idsInScope({ trx, entity, ids, scope }: { trx: Knex; entity: CompiledEntity; ids: number[]; scope: Scope }): Promise<number[]> {
  const wanted = [...new Set(ids)].filter((id) => Number.isSafeInteger(id));
  if (wanted.length === 0) return [];
  const qb = trx(entity.table).whereIn(`${entity.table}.id`, wanted);
  if (scope) qb.where((w) => scope(w));
  return (await qb.pluck(`${entity.table}.id`)).map(Number);
}
