// `crm` command line. Logs and problems go to stderr, only the command's result to stdout. Each
// command imports what it needs when it runs, so `crm --help` and `crm token` never load the
// definition compiler (ajv) or the migration planner.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { PACKAGE_ROOT } from '../../runtime/paths.js';
import type { Common } from './common.js';

const version = (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const appCommands = () => import('./appCommands.js');

const program = new Command('crm').description('Schema-driven CRM platform').version(version).showHelpAfterError();
const withCommon = (c: Command): Command => c
  .option('--app <dir>', 'app folder (default: $CRM_APP or examples/sales-crm)')
  .option('--database <url>', 'database URL (default: $DATABASE_URL or sqlite:./data/crm.sqlite)');

withCommon(program.command('validate').description('check an app folder; prints every problem with file and JSON pointer'))
  .action(async (opts: Common) => (await appCommands()).validate(opts));

withCommon(program.command('plan').description('show what apply would change in the database'))
  .option('--destructive', 'include drops of columns/tables the app no longer defines')
  .option('--json', 'print the plan as JSON')
  .action(async (opts: Common & { destructive?: boolean; json?: boolean }) => (await appCommands()).plan(opts));

withCommon(program.command('apply').description('migrate the database to the app, in one transaction'))
  .option('--destructive', 'also drop columns/tables the app no longer defines (data is deleted)')
  .action(async (opts: Common & { destructive?: boolean }) => (await appCommands()).apply(opts));

withCommon(program.command('export').description('write the effective app (the folder plus the studio\'s applied edits) as an app folder'))
  .argument('<dir>', 'the folder to write')
  .option('--overlay-only', 'write only the documents the studio changed')
  .action(async (dir: string, opts: Common & { overlayOnly?: boolean }) => (await appCommands()).exportCommand(dir, opts));

withCommon(program.command('types').description('print TypeScript record interfaces for the app'))
  .option('--out <file>', 'write to a file instead of stdout')
  .action(async (opts: Common & { out?: string }) => (await appCommands()).types(opts));

withCommon(program.command('seed').description('load the app\'s demo data (only into an empty database unless --force)'))
  .option('--force', 'upsert the demo rows even when the database has data')
  .action(async (opts: Common & { force?: boolean }) => (await appCommands()).seed(opts));

const user = program.command('user').description('manage platform users');
withCommon(user.command('add').description('create a user; prints the generated password (first-run administrator: --roles admin)'))
  .requiredOption('--email <email>', 'e-mail (the login)')
  .option('--name <name>', 'display name')
  .option('--roles <roles>', 'comma-separated role names', '')
  .option('--team <team>', 'team name')
  .option('--department <department>', 'department')
  .action(async (opts: Common & { email: string; name?: string; roles: string; team?: string; department?: string }) => (await appCommands()).userAdd(opts));

withCommon(program.command('token').description('create an API token for a user and print only the token'))
  .requiredOption('--user <email>', 'the user the token acts as')
  .option('--scopes <scopes>', 'comma-separated: read, write, export, credentials', 'read,write,export')
  .option('--name <name>', 'a name to recognise the token by', 'cli')
  .option('--expires-in-days <days>', 'expire after this many days')
  .action(async (opts: Common & { user: string; scopes: string; name: string; expiresInDays?: string }) => (await import('./tokenCommand.js')).token(opts));

withCommon(program.command('worker').description('run the automation engine (outbox, schedules, runs) until SIGTERM; the server runs one itself unless CRM_WORKER=off'))
  .action(async (opts: Common) => (await import('./worker.js')).runWorker(opts));

withCommon(program.command('serve').description('validate, migrate, seed an empty database and serve the API (what npm start runs)'))
  .action(async (opts: Common) => {
    if (opts.app) process.env.CRM_APP = opts.app;
    if (opts.database) process.env.DATABASE_URL = opts.database;
    await import('../main.js');
  });

await program.parseAsync(process.argv);
