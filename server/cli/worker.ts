// `crm worker`: the automation engine in a process of its own (the server runs one in-process
// unless CRM_WORKER=off). Several workers may run against one PostgreSQL database; on SQLite they
// take turns on the write lock. SIGTERM finishes the current round and hands claimed runs back.
import { resolve } from 'node:path';
import pino from 'pino';
import { createRuntime } from '../../runtime/index.js';
import { createEngine } from '../../runtime/automation/index.js';
import { readConfig } from '../config.js';

export async function runWorker(opts: { app?: string; database?: string }): Promise<void> {
  const config = readConfig();
  const logger = pino({ level: config.logLevel }, pino.destination(2));
  const rt = await createRuntime({ appDir: resolve(opts.app ?? config.appDir), databaseUrl: opts.database ?? config.databaseUrl });
  const engine = createEngine({ rt, onError: (err) => logger.error({ err }, 'automation engine error') });
  await engine.start();
  logger.info({ owner: engine.owner, rules: rt.automation.rules.size, database: rt.db.dialect }, 'automation worker started');
  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'automation worker stopping: handing claimed runs back');
    await engine.stop();
    await rt.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}
