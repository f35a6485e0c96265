// The automation engine's platform tables. The migration planner creates them like every other
// platform table; each index serves one query of the engine (named where it is used).
import type { DesiredColumn, DesiredTable } from '../migrate/desired.js';

const col = (name: string, kind: DesiredColumn['storage']['kind']): DesiredColumn => ({ name, storage: { kind } });
const ix = (table: string, columns: string[], unique = false): { name: string; columns: string[]; unique: boolean } =>
  ({ name: `${unique ? 'ux' : 'ix'}_${table}__${columns.join('__')}`, columns, unique });

export const AUTOMATION_TABLES: DesiredTable[] = [
  {
    // Written in the triggering write's transaction; the dispatcher turns rows into runs and deletes them.
    name: '_outbox', kind: 'platform',
    columns: [
      col('automation', 'text'), col('event', 'text'), col('entity', 'text'), col('record_id', 'bigint'), col('payload', 'json'),
      col('depth', 'integer'), col('parent_run', 'bigint'), col('actor', 'json'), col('request_id', 'text'), col('created_at', 'datetime'),
    ],
    indexes: [],
  },
  {
    // due_at: when a worker may take the run (queued, waiting, retrying, or a running run whose lease ran out); null when settled.
    name: '_automation_runs', kind: 'platform',
    columns: [
      col('automation', 'text'), col('status', 'text'), col('event', 'json'), col('entity', 'text'), col('record_id', 'bigint'),
      col('depth', 'integer'), col('parent_run', 'bigint'), col('actor', 'json'), col('attempt', 'integer'), col('due_at', 'datetime'),
      col('lease_owner', 'text'), col('error', 'json'), col('created_at', 'datetime'), col('started_at', 'datetime'),
      col('finished_at', 'datetime'), col('updated_at', 'datetime'),
    ],
    indexes: [ix('_automation_runs', ['due_at']), ix('_automation_runs', ['automation', 'status']), ix('_automation_runs', ['status'])],
  },
  {
    name: '_automation_steps', kind: 'platform',
    columns: [
      col('run_id', 'bigint'), col('node', 'text'), col('attempt', 'integer'), col('status', 'text'), col('branch', 'text'), col('input', 'json'),
      col('output', 'json'), col('error', 'json'), col('started_at', 'datetime'), col('finished_at', 'datetime'), col('ms', 'real'),
    ],
    indexes: [ix('_automation_steps', ['run_id'])],
  },
  {
    // One row per date-relative rule and record, or per cron rule (record_id 0): the next fire time and the ledger of the last one fired.
    name: '_automation_schedule', kind: 'platform',
    columns: [col('automation', 'text'), col('record_id', 'bigint'), col('due_at', 'datetime'), col('due_key', 'text'), col('fired_key', 'text'), col('updated_at', 'datetime')],
    indexes: [ix('_automation_schedule', ['automation', 'record_id'], true), ix('_automation_schedule', ['due_at'])],
  },
  {
    // Durable engine state: enabled overrides, round-robin positions, schedule fingerprints.
    name: '_automation_state', kind: 'platform',
    columns: [col('key', 'text'), col('value', 'json'), col('updated_at', 'datetime')],
    indexes: [ix('_automation_state', ['key'], true)],
  },
  {
    // Messages kept by the "test" channel, written with the step that sent them.
    name: '_test_messages', kind: 'platform',
    columns: [
      col('idempotency_key', 'text'), col('automation', 'text'), col('run_id', 'bigint'), col('recipient', 'text'), col('subject', 'text'),
      col('body', 'text'), col('html', 'boolean'), col('created_at', 'datetime'),
    ],
    indexes: [ix('_test_messages', ['idempotency_key'], true)],
  },
];
