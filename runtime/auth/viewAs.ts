// "View as": an administrator sees the app as one role's users see it — the records, fields,
// _meta, forms and OpenAPI that role is given — without ever acting as them. The principal is
// substituted here, once per request, by the authentication layer; every read then runs through
// the ordinary access rules with the substituted actor, and every write is refused.
//
// Who the view is computed for (so "owner is me" and team scopes have someone to mean):
//   1. the user named by X-CRM-View-As-User, who must be active and hold the role;
//   2. else the first active user holding the role (lowest id);
//   3. else the administrator themself, with that role alone.
// In each case the actor has the viewed role only, never the user's other roles.
import type { Knex } from 'knex';
import { appError, type AppError } from '../errors/catalog.js';
import { type Ctx, viewAsReadOnly } from '../records/context.js';
import type { Access } from './access.js';
import type { ActorLoader } from './actor.js';
import { findUser, type UserRow } from './users.js';

export const VIEW_AS_HEADER = 'x-crm-view-as';
export const VIEW_AS_USER_HEADER = 'x-crm-view-as-user';

const ROLE = /^[a-z][a-z0-9_]{0,62}$/;
const USER_ID = /^[1-9][0-9]{0,14}$/;

/** A problem about the view-as headers; `viewAs.problem` lets a client tell it apart and leave the view. */
const refused = (code: 'FORBIDDEN' | 'MALFORMED_REQUEST', problem: string, detail: string): AppError =>
  appError(code, detail, { members: { viewAs: { problem } } });

const holds = (user: UserRow | null, role: string): user is UserRow => !!user && (user.status ?? 'active') === 'active' && user.roles.includes(role);

/**
 * The context a request runs with when it asks to view the app as `role` (the header's value),
 * optionally as one user of it. Only a signed-in administrator may; anyone else gets 403, an
 * unknown role or user 400. `write` says whether the request would change anything: it is refused.
 */
export async function viewAsContext(args: {
  k: Knex; loader: ActorLoader; access: Access; ctx: Ctx; role: string | undefined; user?: string; write: boolean;
}): Promise<Ctx> {
  const { k, loader, access, ctx, write } = args;
  // Before anything about the role is looked at, so nobody else learns which roles exist.
  if (ctx.actor.kind !== 'user' || !access.isAdmin(ctx)) {
    throw refused('FORBIDDEN', 'not_admin', `only administrators may view the app as a role (${VIEW_AS_HEADER})`);
  }
  if (args.role === undefined) throw refused('MALFORMED_REQUEST', 'unknown_role', `${VIEW_AS_USER_HEADER} needs ${VIEW_AS_HEADER} (the role to view the app as)`);
  const role = args.role.trim();
  if (!ROLE.test(role) || !access.roles.has(role)) {
    throw refused('MALFORMED_REQUEST', 'unknown_role', `${VIEW_AS_HEADER}: there is no role "${role.slice(0, 63)}" (roles: ${[...access.roles.keys()].join(', ')})`);
  }
  let user: UserRow | null = null;
  if (args.user !== undefined) {
    const id = args.user.trim();
    if (!USER_ID.test(id)) throw refused('MALFORMED_REQUEST', 'unknown_user', `${VIEW_AS_USER_HEADER} must be a user id`);
    user = await findUser(k, Number(id));
    if (!holds(user, role)) throw refused('MALFORMED_REQUEST', 'unknown_user', `${VIEW_AS_USER_HEADER}: user ${id} is not an active user with the role "${role}"`);
  } else {
    for (const id of await loader.holders(role)) {
      const candidate = await findUser(k, id);
      if (holds(candidate, role)) {
        user = candidate;
        break;
      }
    }
    user ??= await findUser(k, ctx.actor.id);
  }
  if (write) throw viewAsReadOnly(role);
  const actor = await loader.actorFor({ ...user!, roles: [role] }, ctx.actor.scopes);
  return { ...ctx, actor, viewAs: { role, user: user!.id, by: ctx.actor.id } };
}
