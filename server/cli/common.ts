// What every crm command shares: its --app/--database options, output streams, the database it uses.
import { readConfig, describeDatabase } from '../config.js';

export interface Common { app?: string; database?: string }

export const out = (s: string): void => void process.stdout.write(`${s}\n`);
export const err = (s: string): void => void process.stderr.write(`${s}\n`);

export const databaseOf = (opts: Common): string => opts.database ?? readConfig().databaseUrl;

/** One stderr line naming the database a command writes to, so nobody writes to the wrong one. */
export function announce(verb: string, url: string): void {
  err(`crm: ${verb} ${describeDatabase(url)}`);
}
