// Configuration by environment, checked once.
import { resolve } from 'node:path';

export interface Config {
  port: number;
  host: string;
  databaseUrl: string;
  appDir: string;
  seed: boolean;
  logLevel: string;
  credentialsFile: string;
  corsOrigins: string[];
  writesPerIpPerMinute: number;
  loginPerIpPerMinute: number;
  /** A request's headers and body must arrive within this time (slow clients are cut off). */
  requestTimeoutMs: number;
  readsPerUserPerMinute: number;
  readConcurrencyPerUser: number;
}

function wholeNumber(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number, 0 or more (got "${raw.slice(0, 20)}")`);
  return n;
}

const DEFAULT_DATABASE = 'sqlite:./data/crm.sqlite';
const DEFAULT_APP = 'examples/sales-crm';

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number (got "${env.PORT}")`);
  const requestTimeoutMs = Number(env.CRM_REQUEST_TIMEOUT_MS ?? 30_000);
  if (!Number.isInteger(requestTimeoutMs) || requestTimeoutMs < 100) throw new Error(`CRM_REQUEST_TIMEOUT_MS must be a whole number of milliseconds ≥ 100 (got "${env.CRM_REQUEST_TIMEOUT_MS}")`);
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    databaseUrl: env.DATABASE_URL ?? DEFAULT_DATABASE,
    appDir: resolve(env.CRM_APP ?? DEFAULT_APP),
    seed: (env.CRM_SEED ?? 'on').toLowerCase() !== 'off',
    logLevel: env.LOG_LEVEL ?? 'info',
    credentialsFile: resolve(env.CRM_CREDENTIALS_FILE ?? 'data/demo-credentials.txt'),
    corsOrigins: (env.CRM_CORS_ORIGINS ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    writesPerIpPerMinute: Number(env.CRM_WRITE_LIMIT ?? 3000),
    loginPerIpPerMinute: Number(env.CRM_LOGIN_LIMIT ?? 20),
    requestTimeoutMs,
    readsPerUserPerMinute: wholeNumber(env, 'CRM_READ_LIMIT', 6000),
    readConcurrencyPerUser: wholeNumber(env, 'CRM_READ_CONCURRENCY', 2),
  };
}

/**
 * A database URL as people should see it: SQLite files with their absolute path (a relative one
 * depends on the directory a command runs in), PostgreSQL without its password.
 */
export function describeDatabase(url: string): string {
  if (url === ':memory:' || url === 'sqlite::memory:') return 'sqlite::memory: (in memory)';
  if (url.startsWith('sqlite:')) return `sqlite:${resolve(url.slice('sqlite:'.length))}`;
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
  }
}

/**
 * The environment a `crm` command needs to act on the same app and database as this server, as
 * a prefix to paste before the command (empty when both are the defaults). A PostgreSQL password
 * is not repeated on the console.
 */
export function crmEnvPrefix(env: NodeJS.ProcessEnv = process.env): string {
  const parts: string[] = [];
  const url = env.DATABASE_URL;
  if (url && url !== DEFAULT_DATABASE && url !== ':memory:' && url !== 'sqlite::memory:') parts.push(`DATABASE_URL=${shellQuote(describeDatabase(url))}`);
  if (env.CRM_APP && resolve(env.CRM_APP) !== resolve(DEFAULT_APP)) parts.push(`CRM_APP=${shellQuote(resolve(env.CRM_APP))}`);
  return parts.length ? `${parts.join(' ')} ` : '';
}

const shellQuote = (s: string): string => (/^[A-Za-z0-9_:/.@%+=,-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
