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
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number (got "${env.PORT}")`);
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    databaseUrl: env.DATABASE_URL ?? 'sqlite:./data/crm.sqlite',
    appDir: resolve(env.CRM_APP ?? 'examples/sales-crm'),
    seed: (env.CRM_SEED ?? 'on').toLowerCase() !== 'off',
    logLevel: env.LOG_LEVEL ?? 'info',
    credentialsFile: resolve(env.CRM_CREDENTIALS_FILE ?? 'data/demo-credentials.txt'),
    corsOrigins: (env.CRM_CORS_ORIGINS ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    writesPerIpPerMinute: Number(env.CRM_WRITE_LIMIT ?? 3000),
    loginPerIpPerMinute: Number(env.CRM_LOGIN_LIMIT ?? 20),
  };
}
