// Rows of the engine's tables as typed values (both dialects), and the small writes every part shares.
import type { Knex } from 'knex';
import { decodeValue, type DialectName } from '../dialect/index.js';
import { insertRows } from '../records/statements.js';
import type { Json } from './types.js';

export type RunStatus = 'queued' | 'running' | 'waiting' | 'retrying' | 'succeeded' | 'dead' | 'stopped';
export const RUN_STATUSES: readonly RunStatus[] = ['queued', 'running', 'waiting', 'retrying', 'succeeded', 'dead', 'stopped'];

/** Who a run acts as: the platform, a user by id (manual runs), or the rule's run-as user by e-mail. */
export type RunActor = { kind: 'system' } | { kind: 'user'; id: number } | { kind: 'runAs'; email: string };

export interface ErrorInfo { code: string; message: string; retryable: boolean; errors?: Json }

export interface RunRow {
  id: number;
  automation: string;
  status: RunStatus;
  /** What started the run: the change (before/after/changed), the date occurrence, the webhook body… */
  event: Record<string, Json>;
  entity: string | null;
  recordId: number | null;
  depth: number;
  parentRun: number | null;
  actor: RunActor;
  attempt: number;
  dueAt: string | null;
  leaseOwner: string | null;
  error: ErrorInfo | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  updatedAt: string;
}

export interface StepRow {
  id: number;
  runId: number;
  node: string;
  attempt: number;
  status: 'succeeded' | 'waiting' | 'failed';
  branch: string | null;
  input: Json;
  output: Json;
  error: ErrorInfo | null;
  startedAt: string;
  finishedAt: string | null;
  ms: number | null;
}

const json = (d: DialectName, v: unknown): unknown => decodeValue(d, { kind: 'json' }, v);
const time = (d: DialectName, v: unknown): string | null => (v === null || v === undefined ? null : (decodeValue(d, { kind: 'datetime' }, v) as string));
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

export function decodeRun(d: DialectName, r: Record<string, unknown>): RunRow {
  return {
    id: Number(r.id), automation: String(r.automation), status: r.status as RunStatus, event: (json(d, r.event) ?? {}) as Record<string, Json>,
    entity: (r.entity as string | null) ?? null, recordId: num(r.record_id), depth: Number(r.depth ?? 0), parentRun: num(r.parent_run),
    actor: (json(d, r.actor) ?? { kind: 'system' }) as RunActor, attempt: Number(r.attempt ?? 1), dueAt: time(d, r.due_at),
    leaseOwner: (r.lease_owner as string | null) ?? null, error: (json(d, r.error) as ErrorInfo | null) ?? null,
    createdAt: time(d, r.created_at)!, startedAt: time(d, r.started_at), finishedAt: time(d, r.finished_at), updatedAt: time(d, r.updated_at)!,
  };
}

export function decodeStep(d: DialectName, r: Record<string, unknown>): StepRow {
  return {
    id: Number(r.id), runId: Number(r.run_id), node: String(r.node), attempt: Number(r.attempt), status: r.status as StepRow['status'],
    branch: (r.branch as string | null) ?? null, input: (json(d, r.input) ?? null) as Json, output: (json(d, r.output) ?? null) as Json,
    error: (json(d, r.error) as ErrorInfo | null) ?? null, startedAt: time(d, r.started_at)!, finishedAt: time(d, r.finished_at), ms: r.ms === null || r.ms === undefined ? null : Number(r.ms),
  };
}

export const toJson = (v: unknown): string | null => (v === undefined || v === null ? null : JSON.stringify(v));

/** Inserts rows in chunks (SQLite's bound-variable limit). */
export async function insertChunked(k: Knex, table: string, rows: Record<string, unknown>[], size = 200): Promise<void> {
  await insertRows(k, table, rows, size);
}

/** Reads and writes `_automation_state` (inside whatever transaction `k` is). */
export function stateStore(k: Knex, dialect: DialectName): { get(key: string): Promise<Json | undefined>; set(key: string, value: Json): Promise<void> } {
  return {
    async get(key) {
      const row = (await k('_automation_state').where({ key }).first('value')) as { value: unknown } | undefined;
      return row ? (json(dialect, row.value) as Json) : undefined;
    },
    async set(key, value) {
      await k('_automation_state').insert({ key, value: JSON.stringify(value), updated_at: new Date().toISOString() }).onConflict('key').merge(['value', 'updated_at']);
    },
  };
}

/** `_enable` / `_disable` overrides by rule name. */
export async function loadEnabledOverrides(k: Knex, dialect: DialectName): Promise<Map<string, boolean>> {
  const rows = (await k('_automation_state').where('key', 'like', 'enabled:%').select('key', 'value')) as { key: string; value: unknown }[];
  return new Map(rows.map((r) => [r.key.slice('enabled:'.length), json(dialect, r.value) === true]));
}
