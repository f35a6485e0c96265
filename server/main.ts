// The only file that listens: env → validate → migrate → (seed) → serve, with graceful shutdown.
import { createServer } from 'node:http';
import pino from 'pino';
import { createRuntime, DefinitionInvalidError } from '../runtime/index.js';
import { describeStep } from '../runtime/migrate/index.js';
import { isEmpty, loadSeedPlan, runSeed } from '../runtime/seed.js';
import { createApp } from './app.js';
import { readConfig } from './config.js';
import { ensureDemoCredentials } from '../runtime/auth/demo.js';
import { createEngine } from '../runtime/automation/index.js';

const config = readConfig();
const logger = pino({ level: config.logLevel });

let runtime;
try {
  runtime = await createRuntime({ appDir: config.appDir, databaseUrl: config.databaseUrl });
} catch (err) {
  if (err instanceof DefinitionInvalidError) {
    process.stderr.write(`${err.message}\n`);
  } else {
    process.stderr.write(`could not start: ${(err as Error).message}\n`);
  }
  process.exit(1);
}
for (const step of runtime.migration?.applied ?? []) logger.info({ step: describeStep(step) }, 'migrated');
for (const step of runtime.migration?.skipped ?? []) logger.warn({ step: describeStep(step) }, 'skipped destructive step (run `crm apply --destructive`)');

if (config.seed && (await isEmpty(runtime))) {
  const plan = await loadSeedPlan(config.appDir);
  if (plan) {
    logger.info('empty database: loading the demo data (a few thousand rows, takes a little while)');
    const started = Date.now();
    const counts = await runSeed(runtime, plan);
    logger.info({ counts, ms: Date.now() - started }, 'loaded demo data (set CRM_SEED=off to start empty)');
  }
}

let credentials: string | null = null;
if (config.seed) credentials = await ensureDemoCredentials(runtime.db.knex, config.credentialsFile);

// The automation engine runs in this process unless CRM_WORKER=off (then `crm worker` runs it elsewhere).
const engine = process.env.CRM_WORKER === 'off' ? null : createEngine({ rt: runtime, onError: (err) => logger.error({ err }, 'automation engine error') });

let ready = false;
const app = createApp({
  runtime, logger, isReady: () => ready, corsOrigins: config.corsOrigins,
  writesPerIpPerMinute: config.writesPerIpPerMinute, loginPerIpPerMinute: config.loginPerIpPerMinute,
});
// URLs carry JSON filters of up to 16 KB: allow headers a little larger than Node's 16 KB default.
const server = createServer({ maxHeaderSize: 64 * 1024 }, app).listen(config.port, config.host, () => {
  ready = true;
  void engine?.start();
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  logger.info({ port, app: runtime.app.name, database: runtime.db.dialect }, 'listening');
  const login = credentials
    ? `  Log in: POST http://localhost:${port}/api/v1/_auth/login {"email", "password"} with one of these\n  (kept in ${config.credentialsFile}):\n${credentials.split('\n').filter((l) => l && !l.startsWith('#')).map((l) => `    ${l}`).join('\n')}\n`
    : '  Create an administrator: npx crm user add --email you@example.com --roles admin\n';
  process.stderr.write(`\n  ${runtime.app.label} is running\n  API:  http://localhost:${port}/api/v1/${[...runtime.app.entities.keys()][0] ?? ''}\n  Docs: http://localhost:${port}/api/docs\n${login}  API token for scripts: npx crm token --user <email>\n\n`);
});
server.requestTimeout = 30_000;

let stopping = false;
const shutdown = (signal: string): void => {
  if (stopping) return;
  stopping = true;
  ready = false;
  logger.info({ signal }, 'shutting down');
  const force = setTimeout(() => process.exit(1), 10_000);
  force.unref();
  server.close(async () => {
    await engine?.stop();
    await runtime.close();
    process.exit(0);
  });
  server.closeIdleConnections();
};
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
