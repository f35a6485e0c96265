// Access rules from role definitions, compiled once per role set into record scopes (SQL via the
// filter compiler) and field rules. This is what the records layer's authorize seam asks.
import type { CompiledApp } from '../compile/compileApp.js';
import type { Filter, Role } from '../definition/types.generated.js';
import { type CompiledFilter, compileFilter } from '../query/filter.js';
import type { Action, AuthorizeResult, Ctx } from '../records/context.js';

export interface FieldRules { hidden: ReadonlySet<string>; readOnly: ReadonlySet<string> }
export const NO_FIELD_RULES: FieldRules = { hidden: new Set(), readOnly: new Set() };

const SCOPE_OF_ACTION: Record<Action, 'read' | 'write' | 'export'> = { read: 'read', create: 'write', update: 'write', updateTo: 'write', delete: 'write', export: 'export' };

export interface Access {
  authorize(args: { ctx: Ctx; entity: string; action: Action }): AuthorizeResult;
  fieldRules(args: { ctx: Ctx; entity: string }): FieldRules;
  explain(args: { ctx: Ctx; entity: string }): { action: Action; allowed: boolean | 'scoped'; because: string[]; scope?: Filter }[];
  roles: ReadonlyMap<string, Role>;
  isAdmin(ctx: Ctx): boolean;
  /** Administrators and designers: may manage automations and definitions (designers do not manage users). */
  isDesigner(ctx: Ctx): boolean;
}

/**
 * Built-in "designer": reads every record and manages automations and definitions (enable,
 * disable, dry-run, replay, read runs), but gets none of an administrator's user management and
 * writes records only as other roles of theirs allow.
 */
export const DESIGNER_ROLE: Role = { name: 'designer', label: { en: 'Designer', 'zh-CN': '设计者' }, permissions: { '*': { read: true } } };

/** Compiled once per app, by compileApp (CompiledApp.access). */
export function compileAccess(app: Pick<CompiledApp, 'model' | 'definition'>): Access {
  // "admin" always exists, so a fresh install has someone who may do everything.
  const roles = new Map<string, Role>([['admin', { name: 'admin', label: { en: 'Administrator', 'zh-CN': '管理员' }, admin: true }], ['designer', DESIGNER_ROLE], ...app.definition.roles.map((r) => [r.name, r] as [string, Role])]);
  const cache = new Map<string, AuthorizeResult>();
  const fieldCache = new Map<string, FieldRules>();
  const rolesOf = (ctx: Ctx): Role[] => (ctx.actor.kind === 'user' ? ctx.actor.roles.map((r) => roles.get(r)).filter((r): r is Role => !!r) : []);
  const isAdmin = (ctx: Ctx): boolean => ctx.actor.kind === 'system' || rolesOf(ctx).some((r) => r.admin);
  const permOf = (role: Role, entity: string) => role.permissions?.[entity] ?? role.permissions?.['*'];

  const grantFor = (list: Role[], entity: string, action: Action): { result: AuthorizeResult; because: string[]; scopes: Filter[] } => {
    const because: string[] = [];
    const scopes: Filter[] = [];
    for (const role of list) {
      if (role.admin) return { result: true, because: [`role "${role.name}" is an administrator`], scopes: [] };
      const perm = permOf(role, entity);
      // updateTo: the states a record may be changed into; the update scope unless the role says otherwise.
      const grant = action === 'updateTo' ? (perm?.update === undefined || perm.update === false ? perm?.update : perm.updateTo ?? perm.update) : perm?.[action];
      if (grant === true) return { result: true, because: [`role "${role.name}" may ${action} every ${entity}`], scopes: [] };
      if (grant && typeof grant === 'object') {
        scopes.push(grant as Filter);
        because.push(`role "${role.name}" may ${action} the ${entity} records in its scope`);
      }
    }
    if (scopes.length === 0) return { result: false, because: [list.length ? `no role of yours (${list.map((r) => r.name).join(', ')}) grants ${action} on ${entity}` : 'you have no role'], scopes };
    const ast = scopes.length === 1 ? scopes[0] : ({ or: scopes } as Filter);
    return { result: compileFilter(app.model, entity, ast), because, scopes };
  };

  return {
    roles,
    isAdmin,
    isDesigner: (ctx) => isAdmin(ctx) || (ctx.actor.kind === 'user' && ctx.actor.roles.includes('designer')),
    authorize({ ctx, entity, action }) {
      if (ctx.actor.kind === 'system') return true;
      const scopes = ctx.actor.scopes;
      if (scopes && !scopes.includes(SCOPE_OF_ACTION[action])) return false;
      const key = `${[...ctx.actor.roles].sort().join(',')}|${entity}|${action}`;
      let hit = cache.get(key);
      if (hit === undefined) {
        hit = grantFor(rolesOf(ctx), entity, action).result;
        cache.set(key, hit);
      }
      return hit;
    },
    fieldRules({ ctx, entity }) {
      if (ctx.actor.kind === 'system') return NO_FIELD_RULES;
      const key = `${[...ctx.actor.roles].sort().join(',')}|${entity}`;
      let hit = fieldCache.get(key);
      if (!hit) {
        const granting = rolesOf(ctx).filter((r) => r.admin || permOf(r, entity)?.read);
        if (granting.length === 0 || granting.some((r) => r.admin)) hit = NO_FIELD_RULES;
        else {
          const sets = granting.map((r) => new Set(permOf(r, entity)?.hidden ?? []));
          const ro = granting.map((r) => new Set([...(permOf(r, entity)?.hidden ?? []), ...(permOf(r, entity)?.readOnly ?? [])]));
          const intersect = (list: Set<string>[]): Set<string> => new Set([...list[0]].filter((x) => list.every((s) => s.has(x))));
          hit = { hidden: intersect(sets), readOnly: intersect(ro) };
        }
        fieldCache.set(key, hit);
      }
      return hit;
    },
    explain({ ctx, entity }) {
      const list = rolesOf(ctx);
      return (['read', 'create', 'update', 'updateTo', 'delete', 'export'] as const).map((action) => {
        if (ctx.actor.kind === 'system') return { action, allowed: true, because: ['the platform itself'] };
        const tokenScopes = ctx.actor.scopes;
        if (tokenScopes && !tokenScopes.includes(SCOPE_OF_ACTION[action])) return { action, allowed: false, because: [`the API token lacks the "${SCOPE_OF_ACTION[action]}" scope`] };
        const g = grantFor(list, entity, action);
        return {
          action,
          allowed: g.result === true ? true : g.result === false ? false : 'scoped',
          because: g.because,
          ...(g.scopes.length ? { scope: (g.scopes.length === 1 ? g.scopes[0] : { or: g.scopes }) as Filter } : {}),
        };
      });
    },
  };
}

export type { CompiledFilter };
