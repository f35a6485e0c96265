// What the console shows once the server listens: where it runs, on which database, and how to
// get in — demo logins only if this database holds them, hints that act on this same database.
import type { Knex } from 'knex';
import { verifyPassword } from '../runtime/auth/passwords.js';
import { normalizeEmail, parseUserRow } from '../runtime/auth/users.js';

export interface DemoLogin { email: string; password: string; roles: string }

/**
 * The lines of the demo credentials file that log in to this database. The file is shared by every
 * database started from this folder (and keeps old lines), so each line is checked against the
 * user's stored password hash; for an e-mail listed more than once the newest line that matches wins.
 */
export async function demoLoginsOf(k: Knex, fileText: string | null): Promise<DemoLogin[]> {
  if (!fileText || !(await k.schema.hasTable('_users'))) return [];
  const byEmail = new Map<string, DemoLogin[]>();
  for (const line of fileText.split('\n')) {
    const m = /^(\S+@\S+)\s+(\S+)\s+roles:\s*(.*)$/.exec(line.trim());
    if (!m) continue;
    const email = normalizeEmail(m[1]);
    byEmail.set(email, [{ email, password: m[2], roles: m[3] }, ...(byEmail.get(email) ?? [])]);
  }
  if (byEmail.size === 0) return [];
  const rows = (await k('_users').whereIn('email', [...byEmail.keys()]).where({ status: 'active' }).whereNotNull('password_hash')) as Record<string, unknown>[];
  const found = await Promise.all(rows.map(async (row) => {
    const user = parseUserRow(row);
    for (const candidate of byEmail.get(user.email) ?? []) if (await verifyPassword(candidate.password, user.password_hash)) return candidate;
    return null;
  }));
  return found.filter((x): x is DemoLogin => x !== null).sort((a, b) => a.email.localeCompare(b.email));
}

export interface BannerInfo {
  appLabel: string;
  appDir: string;
  database: string;
  port: number;
  firstEntity: string | null;
  demoLogins: DemoLogin[];
  credentialsFile: string;
  userCount: number;
  /** DATABASE_URL=… CRM_APP=… to put before `npx crm`, or ''. */
  envPrefix: string;
}

export function renderBanner(b: BannerInfo): string {
  const base = `http://localhost:${b.port}`;
  const lines = [
    '',
    `  ${b.appLabel} is running`,
    `  App:       ${b.appDir}`,
    `  Database:  ${b.database}`,
    `  API:       ${base}/api/v1/${b.firstEntity ?? ''}`,
    `  Docs:      ${base}/api/docs`,
  ];
  if (b.demoLogins.length) {
    lines.push(`  Log in with POST ${base}/api/v1/_auth/login {"email", "password"}, as one of these demo users`, `  (kept in ${b.credentialsFile}):`);
    const width = Math.max(...b.demoLogins.map((d) => d.email.length));
    for (const d of b.demoLogins) lines.push(`    ${d.email.padEnd(width)}  ${d.password}   roles: ${d.roles}`);
  } else if (b.userCount === 0) {
    lines.push('  No users yet. Create an administrator (prints the password):', `    ${b.envPrefix}npx crm user add --email you@example.com --roles admin`);
  }
  lines.push('  API token for scripts:', `    ${b.envPrefix}npx crm token --user <email>`, '');
  return lines.join('\n') + '\n';
}

export async function countUsers(k: Knex): Promise<number> {
  if (!(await k.schema.hasTable('_users'))) return 0;
  const [{ n }] = (await k('_users').count({ n: '*' })) as { n: number | string }[];
  return Number(n);
}
