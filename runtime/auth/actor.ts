// Builds the request actor from a user: roles, team, department and the people below them, so
// record scopes like "own, team, subordinates" compile to plain SQL with bound ids.
import type { Knex } from 'knex';
import type { Actor } from '../records/context.js';
import type { TokenScope } from './sessions.js';
import { loadOrgChart, type UserRow } from './users.js';

export interface ActorLoader {
  actorFor(user: UserRow, scopes?: TokenScope[]): Promise<Actor>;
  /** Call after users change (manager, team) so scopes see it at once. */
  invalidate(): void;
}

const ORG_TTL_MS = 5_000;

export function createActorLoader(k: Knex): ActorLoader {
  let org: Awaited<ReturnType<typeof loadOrgChart>> | null = null;
  let loadedAt = 0;
  let loading: Promise<Awaited<ReturnType<typeof loadOrgChart>>> | null = null;
  const chart = async () => {
    if (org && Date.now() - loadedAt < ORG_TTL_MS) return org;
    loading ??= loadOrgChart(k).then((o) => {
      org = o;
      loadedAt = Date.now();
      loading = null;
      return o;
    });
    return loading;
  };
  return {
    async actorFor(user, scopes) {
      const o = await chart();
      return {
        kind: 'user', id: user.id, email: user.email, name: user.name ?? undefined, roles: user.roles, team: user.team, department: user.department,
        subordinates: o.subordinates(user.id), teamMembers: o.teamMembers(user.team), ...(scopes ? { scopes } : {}),
      };
    },
    invalidate() {
      org = null;
    },
  };
}
