// Studio sessions and API tokens: random secrets handed out once, stored only as SHA-256 hashes.
import { createHash, randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { parseUserRow, type UserRow } from './users.js';

export const SESSION_IDLE_MS = 12 * 3600_000;
export const SESSION_MAX_MS = 7 * 24 * 3600_000;
/**
 * What an API token may do on top of its user's roles: `read` (GET), `write` (record writes),
 * `export` (CSV export) and `credentials` (change the password, revoke tokens, manage users).
 * `credentials` is never given by default: a leaked token must not be able to lock its owner out.
 */
export const TOKEN_SCOPES = ['read', 'write', 'export', 'credentials'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');
const secret = (prefix: string): string => `${prefix}_${randomBytes(32).toString('base64url')}`;

export async function createSession(k: Knex, userId: number): Promise<{ token: string; csrf: string }> {
  const token = secret('crms');
  const csrf = randomBytes(24).toString('base64url');
  const now = new Date();
  await k('_sessions').insert({
    token_hash: sha256(token), user_id: userId, csrf, created_at: now.toISOString(), last_seen_at: now.toISOString(),
    expires_at: new Date(now.getTime() + SESSION_MAX_MS).toISOString(),
  });
  return { token, csrf };
}

export interface Resolved {
  user: UserRow; csrf?: string; scopes?: TokenScope[]; sessionHash?: string; tokenId?: number;
  /** When the credential stops working on its own (ms since epoch), if it does: caches must not outlive it. */
  expiresAt?: number;
}

/** The active user behind a session secret, or null (unknown, expired, idle too long, user suspended). */
export async function resolveSession(k: Knex, token: string): Promise<Resolved | null> {
  if (!token.startsWith('crms_') || token.length > 100) return null;
  const hash = sha256(token);
  const row = await k('_sessions').join('_users', '_users.id', '_sessions.user_id').where('_sessions.token_hash', hash)
    .first('_users.*', '_sessions.csrf as __csrf', '_sessions.last_seen_at as __seen', '_sessions.expires_at as __exp');
  if (!row) return null;
  const now = Date.now();
  const seen = new Date(row.__seen as string).getTime();
  if (new Date(row.__exp as string).getTime() < now || seen + SESSION_IDLE_MS < now) {
    await k('_sessions').where({ token_hash: hash }).delete();
    return null;
  }
  const user = parseUserRow(row);
  if (user.status !== 'active') return null;
  if (now - seen > 60_000) await k('_sessions').where({ token_hash: hash }).update({ last_seen_at: new Date(now).toISOString() });
  return { user, csrf: String(row.__csrf), sessionHash: hash, expiresAt: Math.min(new Date(row.__exp as string).getTime(), seen + SESSION_IDLE_MS) };
}

export async function deleteSession(k: Knex, token: string): Promise<void> {
  await k('_sessions').where({ token_hash: sha256(token) }).delete();
}

export async function createToken(k: Knex, userId: number, opts: { name: string; scopes: TokenScope[]; expiresAt?: string | null }): Promise<{ id: number; token: string }> {
  const token = secret('crmt');
  const [row] = await k('_tokens').insert({
    token_hash: sha256(token), user_id: userId, name: opts.name, scopes: JSON.stringify(opts.scopes), created_at: new Date().toISOString(),
    expires_at: opts.expiresAt ?? null,
  }, ['id']);
  return { id: Number((row as { id: number }).id ?? row), token };
}

export async function resolveToken(k: Knex, token: string): Promise<Resolved | null> {
  if (!token.startsWith('crmt_') || token.length > 100) return null;
  const hash = sha256(token);
  const row = await k('_tokens').join('_users', '_users.id', '_tokens.user_id').where('_tokens.token_hash', hash).whereNull('_tokens.revoked_at')
    .first('_users.*', '_tokens.id as __tid', '_tokens.scopes as __scopes', '_tokens.expires_at as __exp', '_tokens.last_used_at as __used');
  if (!row) return null;
  if (row.__exp && new Date(row.__exp as string).getTime() < Date.now()) return null;
  const user = parseUserRow(row);
  if (user.status !== 'active') return null;
  const scopes = (typeof row.__scopes === 'string' ? JSON.parse(row.__scopes) : row.__scopes) as TokenScope[];
  if (!row.__used || Date.now() - new Date(row.__used as string).getTime() > 60_000) {
    await k('_tokens').where({ id: row.__tid }).update({ last_used_at: new Date().toISOString() });
  }
  return { user, scopes, tokenId: Number(row.__tid), ...(row.__exp ? { expiresAt: new Date(row.__exp as string).getTime() } : {}) };
}

/** Logout everywhere: every session and every API token of the user stops working at once. */
export async function revokeAll(k: Knex, userId: number): Promise<void> {
  await k('_sessions').where({ user_id: userId }).delete();
  await k('_tokens').where({ user_id: userId }).whereNull('revoked_at').update({ revoked_at: new Date().toISOString() });
}

// ---- guess throttling: keyed by the normalized e-mail, whether or not the account exists ----
// Shared by login and password change, so a stolen session can not guess around the login lockout.

export const LOCKOUT = { failures: 5, lockMs: 15 * 60_000 };

const rowsOf = (result: unknown): Record<string, unknown>[] => (Array.isArray(result) ? result : (result as { rows: Record<string, unknown>[] }).rows);

/**
 * Reserves one guess for `key` in a single upsert statement (never read-modify-write), before the
 * password is checked: parallel guesses each get their own number, so at most `LOCKOUT.failures`
 * of them are ever checked per window, however many arrive at once. A lock in force is not
 * extended by further attempts; an expired lock or a quiet window starts the count again.
 * Returns the guess's number, or the time until which the key is locked.
 */
export async function reserveAttempt(k: Knex, key: string): Promise<{ attempt: number; lockedUntil: Date | null }> {
  const now = new Date();
  const at = now.toISOString();
  const windowStart = new Date(now.getTime() - LOCKOUT.lockMs).toISOString();
  const t = '"_login_failures"';
  const result = await k.raw(
    `INSERT INTO ${t} ("key", "failures", "locked_until", "updated_at") VALUES (?, 1, NULL, ?)
     ON CONFLICT ("key") DO UPDATE SET
       "failures" = CASE WHEN ${t}."locked_until" > ? THEN ${t}."failures"
                         WHEN ${t}."locked_until" IS NOT NULL OR ${t}."updated_at" < ? THEN 1
                         ELSE ${t}."failures" + 1 END,
       "updated_at" = CASE WHEN ${t}."locked_until" > ? THEN ${t}."updated_at" ELSE ? END,
       "locked_until" = CASE WHEN ${t}."locked_until" > ? THEN ${t}."locked_until" ELSE NULL END
     RETURNING "failures", "locked_until"`,
    [key, at, at, windowStart, at, at, at],
  );
  const row = rowsOf(result)[0];
  const until = row.locked_until ? new Date(row.locked_until as string) : null;
  if (until && until.getTime() > now.getTime()) return { attempt: Number(row.failures), lockedUntil: until };
  const attempt = Number(row.failures);
  // Guesses beyond the limit are refused unchecked; the lock itself starts when a checked guess fails.
  return { attempt, lockedUntil: attempt > LOCKOUT.failures ? new Date(now.getTime() + LOCKOUT.lockMs) : null };
}

/** A reserved guess was wrong: the guess that reaches the limit locks the key. */
export async function recordFailure(k: Knex, key: string, attempt: number): Promise<void> {
  if (attempt < LOCKOUT.failures) return;
  await k('_login_failures').where({ key }).update({ locked_until: new Date(Date.now() + LOCKOUT.lockMs).toISOString() });
}

export async function clearFailures(k: Knex, key: string): Promise<void> {
  await k('_login_failures').where({ key }).delete();
}
