// API tokens and sessions resolved once, then served from memory, with exact revocation.
//  - In this process: the write side calls invalidateCredentials(k, { userId }) right after it
//    revokes a token, ends a session, changes a password, suspends a user or changes their roles;
//    the user's entries are gone before the response is sent. A lookup that was already running
//    when that happened is not cached (the generation it started in is over).
//  - Across processes (and for changes made by anything that does not call it: the CLI, SQL by
//    hand): triggers on _users, _tokens and _sessions bump a one-row epoch; a process reads it at
//    most once per CHECK_MS before trusting its cache, and forgets everything when it moved.
//    So a change in another process is honoured within CHECK_MS (1 s) on both dialects.
//  - An entry lives at most MAX_AGE_MS (60 s) and never past the credential's own expiry; the
//    lookup after that refreshes last_seen_at / last_used_at exactly as before caching.
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import type { Db } from '../dialect/index.js';
import { type Resolved, resolveSession, resolveToken } from './sessions.js';

export const CREDENTIAL_CACHE = { maxAgeMs: 60_000, checkMs: 1_000, maxEntries: 10_000 } as const;
export const EPOCH_TABLE = '_credential_epoch';

interface Entry { resolved: Resolved; userId: number; until: number }

export interface CredentialCache {
  token(secret: string): Promise<Resolved | null>;
  session(secret: string): Promise<Resolved | null>;
  /** Called after every invalidation (this process or the epoch), e.g. to drop cached org charts. */
  onChange(listener: () => void): void;
}

interface State extends CredentialCache {
  forgetUser(userId: number | null): void;
}

const caches = new WeakMap<Knex, State>();
const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

/**
 * Forgets every cached credential of the user (all users when userId is null) in this process,
 * at once. Call it after the change is committed, with the writer knex of the runtime
 * (`rt.db.knex`): token revoked, session ended (logout), password changed or reset, user
 * suspended, roles or other user fields changed.
 */
export function invalidateCredentials(k: Knex, change: { userId: number | null }): void {
  caches.get(k)?.forgetUser(change.userId);
}

/** The cache of this database handle (one per runtime, shared by every app built on it). */
export function credentialCache(db: Db): CredentialCache {
  let cache = caches.get(db.knex);
  if (!cache) caches.set(db.knex, (cache = createCache(db)));
  return cache;
}

function createCache(db: Db): State {
  const entries = new Map<string, Entry>();
  const listeners: (() => void)[] = [];
  let generation = 0;
  let epoch: number | null = null;
  let checkedAt = 0;
  let checking: Promise<void> | null = null;

  const forgetAll = (): void => {
    generation++;
    entries.clear();
    for (const l of listeners) l();
  };

  /** Reads the epoch if the last read is older than CHECK_MS; a failed read trusts nothing. */
  const checkEpoch = async (): Promise<void> => {
    if (Date.now() - checkedAt < CREDENTIAL_CACHE.checkMs) return;
    checking ??= (async () => {
      try {
        const started = Date.now();
        const row = (await db.lookup(EPOCH_TABLE).where({ id: 1 }).first('n')) as { n: number | string } | undefined;
        const n = row ? Number(row.n) : null;
        if (n === null || n !== epoch) forgetAll();
        epoch = n;
        checkedAt = n === null ? 0 : started;
      } catch {
        forgetAll();
        checkedAt = 0;
      } finally {
        checking = null;
      }
    })();
    await checking;
  };

  const lookup = async (kind: 't' | 's', secret: string, resolve: (k: Knex, s: string) => Promise<Resolved | null>): Promise<Resolved | null> => {
    await checkEpoch();
    const key = `${kind}:${sha256(secret)}`;
    const now = Date.now();
    const hit = entries.get(key);
    if (hit && hit.until > now) return hit.resolved;
    if (hit) entries.delete(key);
    const startedIn = generation;
    const resolved = await resolve(db.knex, secret);
    // Only cache what was read after the last invalidation, and only while the epoch is known.
    if (resolved && startedIn === generation && epoch !== null) {
      if (entries.size >= CREDENTIAL_CACHE.maxEntries) entries.delete(entries.keys().next().value as string);
      const until = Math.min(Date.now() + CREDENTIAL_CACHE.maxAgeMs, resolved.expiresAt ?? Number.POSITIVE_INFINITY);
      entries.set(key, { resolved, userId: resolved.user.id, until });
    }
    return resolved;
  };

  return {
    token: (secret) => lookup('t', secret, resolveToken),
    session: (secret) => lookup('s', secret, resolveSession),
    onChange: (listener) => void listeners.push(listener),
    forgetUser(userId) {
      if (userId === null) return forgetAll();
      generation++;
      for (const [key, e] of entries) if (e.userId === userId) entries.delete(key);
      for (const l of listeners) l();
    },
  };
}

/**
 * The epoch row and the triggers that move it on every change that can end or alter a
 * credential. Idempotent; runs at start after the migration (the platform tables exist then).
 * Columns that change on every use (last_seen_at, last_used_at) do not fire them.
 */
export async function ensureCredentialEpoch(db: Db): Promise<void> {
  if (db.dialect === 'sqlite') {
    const bump = `BEGIN UPDATE "${EPOCH_TABLE}" SET "n" = "n" + 1 WHERE "id" = 1; END`;
    await db.knex.raw(`CREATE TABLE IF NOT EXISTS "${EPOCH_TABLE}" ("id" integer PRIMARY KEY, "n" integer NOT NULL)`);
    await db.knex.raw(`INSERT OR IGNORE INTO "${EPOCH_TABLE}" ("id", "n") VALUES (1, 0)`);
    for (const [name, event] of [
      ['users_update', 'UPDATE ON "_users"'], ['users_delete', 'DELETE ON "_users"'],
      ['tokens_update', 'UPDATE OF "revoked_at", "expires_at", "scopes", "user_id" ON "_tokens"'], ['tokens_delete', 'DELETE ON "_tokens"'],
      ['sessions_update', 'UPDATE OF "expires_at", "csrf", "user_id" ON "_sessions"'], ['sessions_delete', 'DELETE ON "_sessions"'],
    ]) {
      await db.knex.raw(`CREATE TRIGGER IF NOT EXISTS "crm_credentials_${name}" AFTER ${event} ${bump}`);
    }
    return;
  }
  await db.knex.transaction(async (trx) => {
    // Two processes starting at once would race on the DDL: the same lock as migrations.
    await trx.raw('SELECT pg_advisory_xact_lock(?)', [4_242_001]);
    await trx.raw(`CREATE TABLE IF NOT EXISTS ?? ("id" integer PRIMARY KEY, "n" bigint NOT NULL)`, [EPOCH_TABLE]);
    await trx.raw(`INSERT INTO ?? ("id", "n") VALUES (1, 0) ON CONFLICT DO NOTHING`, [EPOCH_TABLE]);
    const fn = `${db.schema}.crm_credentials_bump`;
    await trx.raw(`CREATE OR REPLACE FUNCTION ${quoteQualified(fn)}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN UPDATE ${quoteQualified(`${db.schema}.${EPOCH_TABLE}`)} SET "n" = "n" + 1 WHERE "id" = 1; RETURN NULL; END $$`);
    for (const [name, event, table] of [
      ['users', 'UPDATE OR DELETE', '_users'],
      ['tokens', 'UPDATE OF "revoked_at", "expires_at", "scopes", "user_id" OR DELETE', '_tokens'],
      ['sessions', 'UPDATE OF "expires_at", "csrf", "user_id" OR DELETE', '_sessions'],
    ]) {
      await trx.raw(`CREATE OR REPLACE TRIGGER "crm_credentials_${name}" AFTER ${event} ON ?? FOR EACH STATEMENT EXECUTE FUNCTION ${quoteQualified(fn)}()`, [table]);
    }
  });
}

const quoteQualified = (name: string): string => name.split('.').map((p) => `"${p.replace(/"/g, '""')}"`).join('.');
