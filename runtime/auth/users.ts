// Platform users: identity normalization, creation, the manager hierarchy and teams.
import type { Knex } from 'knex';
import { isUniqueViolation } from '../dialect/index.js';
import { appError } from '../errors/catalog.js';
import { hashPassword, passwordProblem } from './passwords.js';

/** One canonical form for every database: NFKC, trimmed, lower-cased. */
export function normalizeEmail(email: string): string {
  return email.normalize('NFKC').trim().toLowerCase();
}

const EMAIL_RE = /^[^\s@]{1,64}@[^\s@]{1,255}\.[^\s@]{1,63}$/u;

export interface UserRow {
  id: number;
  email: string;
  name: string | null;
  password_hash: string | null;
  status: string | null;
  roles: string[];
  team: string | null;
  department: string | null;
  manager: number | null;
}

export interface PublicUser { id: number; email: string; name: string | null; status: string; roles: string[]; team: string | null; department: string | null; manager: number | null }

export function toPublicUser(u: UserRow): PublicUser {
  return { id: u.id, email: u.email, name: u.name, status: u.status ?? 'active', roles: u.roles, team: u.team, department: u.department, manager: u.manager };
}

/** The roles column: JSON text on SQLite, jsonb (already parsed) on PostgreSQL. */
const parseRoles = (value: unknown): string[] => (typeof value === 'string' ? (JSON.parse(value) as string[]) : ((value as string[] | null) ?? []));

export function parseUserRow(row: Record<string, unknown>): UserRow {
  const roles = parseRoles(row.roles);
  return {
    id: Number(row.id), email: String(row.email), name: (row.name as string | null) ?? null, password_hash: (row.password_hash as string | null) ?? null,
    status: (row.status as string | null) ?? 'active', roles, team: (row.team as string | null) ?? null, department: (row.department as string | null) ?? null,
    manager: row.manager === null || row.manager === undefined ? null : Number(row.manager),
  };
}

export async function findUserByEmail(k: Knex, email: string): Promise<UserRow | null> {
  const row = await k('_users').where({ email: normalizeEmail(email) }).first();
  return row ? parseUserRow(row) : null;
}

export async function findUser(k: Knex, id: number): Promise<UserRow | null> {
  const row = await k('_users').where({ id }).first();
  return row ? parseUserRow(row) : null;
}

export interface NewUser {
  email: string;
  name?: string;
  password?: string | null;
  roles?: string[];
  team?: string | null;
  department?: string | null;
  manager?: number | null;
}

export async function createUser(k: Knex, user: NewUser, knownRoles: ReadonlySet<string>): Promise<number> {
  const email = normalizeEmail(user.email);
  const errors: { pointer: string; code: string; message: string }[] = [];
  if (!EMAIL_RE.test(email)) errors.push({ pointer: '/email', code: 'format', message: 'must be an e-mail address' });
  for (const [i, r] of (user.roles ?? []).entries()) if (!knownRoles.has(r)) errors.push({ pointer: `/roles/${i}`, code: 'enum', message: `unknown role "${r}"` });
  if (user.password !== undefined && user.password !== null) {
    const p = passwordProblem(user.password);
    if (p) errors.push({ pointer: '/password', code: 'password', message: p });
  }
  if (errors.length) throw appError('VALIDATION_FAILED', 'the user is invalid', { errors });
  if (await k('_users').where({ email }).first('id')) {
    throw appError('UNIQUE_CONFLICT', 'a user with this e-mail exists', { errors: [{ pointer: '/email', code: 'unique', message: 'already taken' }] });
  }
  const now = new Date().toISOString();
  const passwordHash = user.password ? await hashPassword(user.password) : null;
  try {
    const [row] = await k('_users').insert({
      email, name: user.name ?? email.split('@')[0], password_hash: passwordHash, status: 'active',
      roles: JSON.stringify(user.roles ?? []), team: user.team ?? null, department: user.department ?? null, manager: user.manager ?? null,
      created_at: now, updated_at: now,
    }, ['id']);
    return Number((row as { id: number }).id ?? row);
  } catch (err) {
    // Two creations of the same e-mail at once: the check above passed for both, the unique index decides.
    if (isUniqueViolation(err)) throw appError('UNIQUE_CONFLICT', 'a user with this e-mail exists', { errors: [{ pointer: '/email', code: 'unique', message: 'already taken' }] });
    throw err;
  }
}

export interface OrgChart {
  subordinates(id: number): number[];
  teamMembers(team: string | null): number[];
  /** Active users holding a role, by id (the users an administrator may view the app as). */
  holders(role: string): number[];
}

/** Everyone below each user in the manager hierarchy, team membership and role holders, from one scan of users. */
export async function loadOrgChart(k: Knex): Promise<OrgChart> {
  const rows = (await k('_users').select('id', 'manager', 'team', 'roles', 'status').orderBy('id')) as { id: number; manager: number | null; team: string | null; roles: unknown; status: string | null }[];
  const children = new Map<number, number[]>();
  const teams = new Map<string, number[]>();
  const holders = new Map<string, number[]>();
  for (const r of rows) {
    if ((r.status ?? 'active') === 'active') for (const role of parseRoles(r.roles)) holders.set(role, [...(holders.get(role) ?? []), Number(r.id)]);
    if (r.manager !== null) children.set(Number(r.manager), [...(children.get(Number(r.manager)) ?? []), Number(r.id)]);
    if (r.team) teams.set(r.team, [...(teams.get(r.team) ?? []), Number(r.id)]);
  }
  return {
    subordinates(id) {
      const out: number[] = [];
      const seen = new Set<number>([id]);
      const queue = [...(children.get(id) ?? [])];
      while (queue.length) {
        const next = queue.shift()!;
        if (seen.has(next)) continue;
        seen.add(next);
        out.push(next);
        queue.push(...(children.get(next) ?? []));
      }
      return out;
    },
    teamMembers: (team) => (team ? teams.get(team) ?? [] : []),
    holders: (role) => holders.get(role) ?? [],
  };
}
