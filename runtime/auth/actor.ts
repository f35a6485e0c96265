// Builds the request actor from a user: roles, team, department and the people below them, so
// record scopes like "own, team, subordinates" compile to plain SQL with bound ids. Resolves API
// tokens and sessions through the in-process credential cache (credentialCache.ts).
import type { Db } from '../dialect/index.js';
import type { Actor } from '../records/context.js';
import type { Knex } from 'knex';
import { type CredentialCache, credentialCache } from './credentialCache.js';
import { type Resolved, resolveSession, resolveToken, type TokenScope } from './sessions.js';
import { loadOrgChart, type UserRow } from './users.js';

export { invalidateCredentials } from './credentialCache.js';

export interface ActorLoader {
  actorFor(user: UserRow, scopes?: TokenScope[]): Promise<Actor>;
  /** The active user behind an API token / a session secret, or null. Cached with exact revocation. */
  resolveToken(secret: string): Promise<Resolved | null>;
  resolveSession(secret: string): Promise<Resolved | null>;
  /** Active users holding a role, by id (from the same cached scan as the org chart). */
  holders(role: string): Promise<number[]>;
  /** Call after users change (manager, team) so scopes see it at once. */
  invalidate(): void;
}

const ORG_TTL_MS = 5_000;

/** From a Db, credentials are cached; from a bare knex (tools, tests) every lookup reads the database. */
export function createActorLoader(source: Db | Knex): ActorLoader {
  const k = typeof source === 'function' ? source : source.knex;
  const credentials: Pick<CredentialCache, 'token' | 'session' | 'onChange'> = typeof source === 'function'
    ? { token: (s) => resolveToken(k, s), session: (s) => resolveSession(k, s), onChange: () => undefined }
    : credentialCache(source);
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
  // Whatever changed a credential may have changed a manager or a team too.
  credentials.onChange(() => {
    org = null;
  });
  return {
    async actorFor(user, scopes) {
      const o = await chart();
      return {
        kind: 'user', id: user.id, email: user.email, name: user.name ?? undefined, roles: user.roles, team: user.team, department: user.department,
        subordinates: o.subordinates(user.id), teamMembers: o.teamMembers(user.team), ...(scopes ? { scopes } : {}),
      };
    },
    holders: async (role) => (await chart()).holders(role),
    resolveToken: (secret) => credentials.token(secret),
    resolveSession: (secret) => credentials.session(secret),
    invalidate() {
      org = null;
    },
  };
}
