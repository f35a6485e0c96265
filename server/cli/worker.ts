// `crm worker`: the automation engine in a process of its own (the server runs one in-process
// unless CRM_WORKER=off). Several workers may run against one PostgreSQL database; on SQLite they
// take turns on the write lock. SIGTERM finishes the current round and hands claimed runs back.
// Definitions applied from the studio are picked up like a server does (CRM_DEFINITIONS_POLL_MS):
// the engine is stopped on the old runtime and started on the new one.
import { resolve } from 'node:path';
import pino from 'pino';
import { createRuntime } from '../../runtime/index.js';
import { createEngine } from '../../runtime/automation/index.js';
import { openDb } from '../../runtime/dialect/index.js';
import { openDefinitions } from '../../runtime/definitions/service.js';
import { readConfig } from '../config.js';

export async function runWorker(opts: { app?: string; database?: string }): Promise<void> {
  const config = readConfig();
  const logger = pino({ level: config.logLevel }, pino.destination(2));
  const appDir = resolve(opts.app ?? config.appDir);
  const databaseUrl = opts.database ?? config.databaseUrl;
  const db = await openDb({ url: databaseUrl });
  const defs = await openDefinitions({
    appDir, db, build: (prepared) => createRuntime({ appDir, databaseUrl, db, prepared }),
    onError: (err) => logger.error({ err }, 'picking up a definitions revision failed'),
  });
  defs.holder.startServices((rt) => {
    const engine = createEngine({ rt, onError: (err) => logger.error({ err }, 'automation engine error') });
    void engine.start().then(() => logger.info({ owner: engine.owner, rules: rt.automation.rules.size, database: rt.db.dialect, revision: defs.holder.revision() }, 'automation worker started'), (err: unknown) => logger.error({ err }, 'automation engine did not start'));
    return () => engine.stop();
  });
  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'automation worker stopping: handing claimed runs back');
    await defs.close();
    await db.destroy();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}
