// A running server with authentication on, over the "secure" fixture app, with one user per role
// and an API token each. Used by the access, audit and attack tests.
import { join } from 'node:path';
import { createToken, type TokenScope } from '../../runtime/auth/sessions.js';
import { createUser } from '../../runtime/auth/users.js';
import type { CreateAppOptions } from '../../server/app.js';
import { createTestRuntime, FIXTURES, startTestServer, type TestRuntime, type TestServer } from './testRuntime.js';

export const SECURE_APP = join(FIXTURES, 'apps', 'secure');
export const PASSWORD = 'correct horse battery staple';

export type Who = 'admin' | 'manager' | 'rep1' | 'rep2' | 'rep3' | 'lead' | 'viewer' | 'nobody';

export interface SecureFixture {
  rt: TestRuntime;
  api: TestServer;
  ids: Record<Who, number>;
  tokens: Record<Who, string>;
  emails: Record<Who, string>;
  as(who: Who, method: string, path: string, options?: { body?: unknown; headers?: Record<string, string> }): ReturnType<TestServer['request']>;
  /** As `as`, with a token that also has the "credentials" scope (user administration, passwords). */
  asCredentials(who: Who, method: string, path: string, options?: { body?: unknown; headers?: Record<string, string> }): ReturnType<TestServer['request']>;
  token(who: Who, scopes: TokenScope[]): Promise<string>;
  close(): Promise<void>;
}

export async function startSecureFixture(options: Omit<CreateAppOptions, 'runtime'> = {}): Promise<SecureFixture> {
  const rt = await createTestRuntime({ appDir: SECURE_APP });
  const known = new Set(rt.app.access.roles.keys());
  const k = rt.db.knex;
  const users: [Who, string[], string | null][] = [
    ['admin', ['admin'], null], ['manager', ['manager'], 'east'], ['rep1', ['rep'], 'east'], ['rep2', ['rep'], 'east'],
    ['rep3', ['rep'], 'west'], ['lead', ['team_lead'], 'east'], ['viewer', ['viewer'], null], ['nobody', [], null],
  ];
  const ids = {} as Record<Who, number>;
  const tokens = {} as Record<Who, string>;
  const emails = {} as Record<Who, string>;
  for (const [who, roles, team] of users) {
    emails[who] = `${who}@example.com`;
    ids[who] = await createUser(k, { email: emails[who], name: who, password: PASSWORD, roles, team }, known);
  }
  await k('_users').whereIn('id', [ids.rep1, ids.rep2]).update({ manager: ids.manager });
  const credentialTokens = {} as Record<Who, string>;
  for (const [who] of users) {
    tokens[who] = (await createToken(k, ids[who], { name: 'test', scopes: ['read', 'write', 'export'] })).token;
    credentialTokens[who] = (await createToken(k, ids[who], { name: 'test credentials', scopes: ['read', 'write', 'export', 'credentials'] })).token;
  }
  const api = await startTestServer(rt, { auth: 'required', loginPerIpPerMinute: 1000, ...options });
  return {
    rt, api, ids, tokens, emails,
    as: (who, method, path, opts = {}) => api.request(method, path, { ...opts, headers: { authorization: `Bearer ${tokens[who]}`, ...(opts.headers ?? {}) } }),
    asCredentials: (who, method, path, opts = {}) => api.request(method, path, { ...opts, headers: { authorization: `Bearer ${credentialTokens[who]}`, ...(opts.headers ?? {}) } }),
    token: async (who, scopes) => (await createToken(k, ids[who], { name: 'scoped', scopes })).token,
    close: async () => {
      await api.close();
      await rt.close();
    },
  };
}
