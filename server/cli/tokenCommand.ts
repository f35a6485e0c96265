// crm token: one query and one insert. It needs neither the app definition nor a migration, so it
// answers fast enough to sit inside $(…) in a script.
import { openDb } from '../../runtime/dialect/index.js';
import { createToken, TOKEN_SCOPES, type TokenScope } from '../../runtime/auth/sessions.js';
import { findUserByEmail, normalizeEmail } from '../../runtime/auth/users.js';
import { describeDatabase } from '../config.js';
import { announce, type Common, databaseOf, err, out } from './common.js';

export async function token(opts: Common & { user: string; scopes: string; name: string; expiresInDays?: string }): Promise<void> {
  const scopes = opts.scopes.split(',').map((s) => s.trim()).filter(Boolean);
  if (!scopes.length || !scopes.every((s) => (TOKEN_SCOPES as readonly string[]).includes(s))) {
    err(`scopes are some of ${TOKEN_SCOPES.join(', ')}`);
    process.exitCode = 1;
    return;
  }
  const days = opts.expiresInDays === undefined ? null : Number(opts.expiresInDays);
  if (days !== null && (!Number.isInteger(days) || days < 1 || days > 3650)) {
    err('--expires-in-days is a whole number from 1 to 3650');
    process.exitCode = 1;
    return;
  }
  const url = databaseOf(opts);
  const db = await openDb({ url });
  try {
    if (!(await db.knex.schema.hasTable('_users'))) {
      err(`${describeDatabase(url)} has no users yet: start the server on it once (npm start), or create one with crm user add`);
      process.exitCode = 1;
      return;
    }
    const found = await findUserByEmail(db.knex, opts.user);
    if (!found || found.status !== 'active') {
      err(`no active user ${normalizeEmail(opts.user)} in ${describeDatabase(url)}`);
      process.exitCode = 1;
      return;
    }
    announce('storing the token in', url);
    const { token: secret } = await createToken(db.knex, found.id, {
      name: opts.name, scopes: scopes as TokenScope[], expiresAt: days ? new Date(Date.now() + days * 86_400_000).toISOString() : null,
    });
    out(secret);
  } finally {
    await db.destroy();
  }
}
