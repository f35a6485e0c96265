// The only file that listens: env → validate → migrate → (seed) → serve, with graceful shutdown.
// First, so that it applies while the other modules load.
import { tuneHeapForServing } from './memory.js';
import pino from 'pino';
import { relative } from 'node:path';
import { createRuntime, DefinitionInvalidError, type LiveRuntime } from '../runtime/index.js';
import { describeStep } from '../runtime/migrate/index.js';
import { isEmpty, loadSeedPlan, runSeed } from '../runtime/seed.js';
import { ensureDemoCredentials } from '../runtime/auth/demo.js';
import { createApp } from './app.js';
import { swappableApp } from './swappable.js';
import { openDb, type Db } from '../runtime/dialect/index.js';
import { type Definitions, openDefinitions } from '../runtime/definitions/service.js';
import type { Services } from '../runtime/definitions/holder.js';
import { type Config, crmEnvPrefix, describeDatabase, readConfig } from './config.js';
import { countUsers, demoLoginsOf, renderBanner } from './banner.js';
import { createHttpServer } from './http/server.js';
import { createEngine } from '../runtime/automation/index.js';
import { startStalledSweeps } from '../runtime/pipelines/operations.js';

/** A path relative to the working directory when it is inside it, else absolute. */
const shortPath = (path: string): string => {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') ? rel : path;
};

const fail = (message: string): never => {
  process.stderr.write(`${message}\n`);
  process.exit(1);
};

let config: Config;
try {
  config = readConfig();
} catch (err) {
  fail((err as Error).message);
}
const logger = pino({ level: config!.logLevel });

let definitions: Definitions;
let db: Db;
try {
  // One database for every runtime generation: an apply from the studio swaps the runtime over it.
  db = await openDb({ url: config!.databaseUrl });
  definitions = await openDefinitions({
    appDir: config!.appDir, db,
    // Stored formulas/rollups whose definitions changed are recomputed while the server already serves.
    build: (prepared) => createRuntime({ appDir: config!.appDir, databaseUrl: config!.databaseUrl, db, prepared, backfill: 'background', onBackfillProgress: (msg) => logger.info(msg) }),
    onError: (err) => logger.error({ err }, 'picking up a definitions revision failed'),
  });
} catch (err) {
  fail(err instanceof DefinitionInvalidError ? err.message : `could not start: ${(err as Error).message}`);
}
const defs = definitions!;
const rt: LiveRuntime = defs.holder.current();
rt.backfill.catch((err: unknown) => logger.error({ err }, 'recomputing stored formulas/rollups failed; they are recomputed on the next start'));
const cfg = config!;
// Every step at debug level; a first start creates dozens of tables and must not bury the banner.
const applied = rt.migration?.applied ?? [];
for (const step of applied) logger.debug({ step: describeStep(step) }, 'migrated');
if (applied.length) logger.info({ steps: applied.length }, 'migrated the database to the app (LOG_LEVEL=debug lists the steps)');
for (const step of rt.migration?.skipped ?? []) logger.warn({ step: describeStep(step) }, 'skipped destructive step (run `crm apply --destructive`)');

if (cfg.seed && (await isEmpty(rt))) {
  try {
    const plan = await loadSeedPlan(cfg.appDir);
    if (plan) {
      logger.info('empty database: loading the demo data (a few thousand rows, takes a little while)');
      const started = Date.now();
      const counts = await runSeed(rt, plan);
      logger.info({ counts, ms: Date.now() - started }, 'loaded demo data (set CRM_SEED=off to start empty)');
    }
  } catch (err) {
    logger.warn({ err: (err as Error).message }, 'no demo data loaded');
  }
}

const credentialsText = cfg.seed ? await ensureDemoCredentials(rt.db.knex, cfg.credentialsFile) : null;
const demoLogins = await demoLoginsOf(rt.db.knex, credentialsText);
const userCount = await countUsers(rt.db.knex);

// What runs beside each runtime generation, restarted on the new one when definitions are applied:
// the automation engine (unless CRM_WORKER=off; then `crm worker` runs it elsewhere) and the
// pipelines' stalled sweep (records stalled in their stage, rotDays, every 10 minutes).
const services: Services = (current) => {
  const engine = process.env.CRM_WORKER === 'off' ? null : createEngine({ rt: current, onError: (err) => logger.error({ err }, 'automation engine error') });
  void engine?.start();
  const stopSweeps = startStalledSweeps(current, { onError: (err) => logger.error({ err }, 'stalled sweep failed') });
  return async () => {
    stopSweeps();
    await engine?.stop();
  };
};

let ready = false;
const app = swappableApp({
  holder: defs.holder,
  build: (current) => createApp({
    runtime: current, logger, isReady: () => ready, corsOrigins: cfg.corsOrigins, definitions: defs,
    writesPerIpPerMinute: cfg.writesPerIpPerMinute, loginPerIpPerMinute: cfg.loginPerIpPerMinute,
    readsPerUserPerMinute: cfg.readsPerUserPerMinute, readConcurrencyPerUser: cfg.readConcurrencyPerUser,
  }),
});
const server = createHttpServer(app, { requestTimeoutMs: cfg.requestTimeoutMs });
server.once('error', (err: NodeJS.ErrnoException) => {
  const hint = err.code === 'EADDRINUSE' ? `port ${cfg.port} is in use; set PORT=… to another port (PORT=${cfg.port + 1} npm start)`
    : err.code === 'EACCES' ? `port ${cfg.port} needs more privileges; set PORT=… to a port above 1023`
      : err.code === 'EADDRNOTAVAIL' ? `HOST=${cfg.host} is not an address of this machine`
        : `could not listen on ${cfg.host}:${cfg.port}: ${err.message}`;
  void defs.close().then(() => db!.destroy()).finally(() => fail(hint));
});
server.listen(cfg.port, cfg.host, () => {
  ready = true;
  tuneHeapForServing();
  defs.holder.startServices(services);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : cfg.port;
  logger.info({ port, app: rt.app.name, database: rt.db.dialect }, 'listening');
  process.stderr.write(renderBanner({
    appLabel: rt.app.label, appDir: shortPath(cfg.appDir), database: describeDatabase(cfg.databaseUrl), port,
    firstEntity: [...rt.app.entities.keys()][0] ?? null, demoLogins, credentialsFile: shortPath(cfg.credentialsFile),
    userCount, envPrefix: crmEnvPrefix(),
  }));
});

let stopping = false;
const shutdown = (signal: string): void => {
  if (stopping) return;
  stopping = true;
  ready = false;
  logger.info({ signal }, 'shutting down');
  const force = setTimeout(() => process.exit(1), 10_000);
  force.unref();
  server.close(async () => {
    await defs.close();
    await db!.destroy();
    process.exit(0);
  });
  server.closeIdleConnections();
};
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
// npm forwards SIGTERM/SIGINT only to the process it started (npm start's script execs the server
// so that is the server, not a shell), and nothing when npm itself is killed. Under npm, a server
// whose parent went away stops as if it had got the signal. (Only under npm: `nohup node
// bin/crm.js serve &` must outlive the shell that started it.)
if (process.env.npm_lifecycle_event) {
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) shutdown('parent process exited');
  }, 200).unref();
}
