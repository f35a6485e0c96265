// Demo users get random passwords on the first start, printed and kept in data/ (mode 0600);
// never a fixed well-known password.
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Knex } from 'knex';
import { hashPassword, randomPassword } from './passwords.js';
import { parseUserRow } from './users.js';

export async function ensureDemoCredentials(k: Knex, file: string): Promise<string | null> {
  const rows = (await k('_users').whereNull('password_hash').where({ status: 'active' }).orderBy('id')) as Record<string, unknown>[];
  const lines: string[] = [];
  for (const row of rows) {
    const user = parseUserRow(row);
    const password = randomPassword();
    await k('_users').where({ id: user.id }).update({ password_hash: await hashPassword(password), updated_at: new Date().toISOString() });
    lines.push(`${user.email.padEnd(30)} ${password}   roles: ${user.roles.join(', ') || '-'}`);
  }
  if (lines.length) {
    mkdirSync(dirname(file), { recursive: true });
    const previous = existsSync(file) ? readFileSync(file, 'utf8') : '# Demo logins (generated on first start; change them in production)\n';
    writeFileSync(file, previous + lines.join('\n') + '\n', { mode: 0o600 });
    chmodSync(file, 0o600);
  }
  return existsSync(file) ? readFileSync(file, 'utf8') : null;
}
