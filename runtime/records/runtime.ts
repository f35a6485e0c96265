import type { Knex } from 'knex';
import type { CompiledApp, CompiledEntity } from '../compile/compileApp.js';
import type { Db } from '../dialect/index.js';
import type { Authorize, Ctx } from './context.js';
import type { Change } from './uow.js';

/**
 * Checks a record about to be written, inside the write's transaction, on its values as they will
 * be stored (defaults and formulas applied): throw a catalog error to refuse. Pipelines' stage
 * gates are one. `before` is null for a create.
 */
export type WriteCheck = (args: {
  rt: Runtime; trx: Knex.Transaction; ctx: Ctx; entity: CompiledEntity; before: Record<string, unknown> | null; after: Record<string, unknown>; prefix: string;
}) => Promise<void> | void;

/**
 * Receives the unit of work's changes when it is flushed, inside the write's transaction (after
 * rollups, after the audit rows): the automation outbox and the stage history are such consumers.
 */
export type ChangeConsumer = (args: { rt: Runtime; trx: Knex.Transaction; ctx: Ctx; changes: readonly Change[] }) => Promise<void>;

/** What the records layer needs: the database, the compiled app and the authorize seam. */
export interface Runtime {
  db: Db;
  app: CompiledApp;
  authorize: Authorize;
  /** Hidden and read-only fields per caller and entity (access rules); none when absent. */
  fieldRules?: (args: { ctx: Ctx; entity: string }) => { hidden: ReadonlySet<string>; readOnly: ReadonlySet<string> };
  /** Run on every create and update, in order, before the row is written. */
  writeChecks?: readonly WriteCheck[];
  /** Run on every flush of a unit of work, in order. */
  changeConsumers?: readonly ChangeConsumer[];
}

const NONE: ReadonlySet<string> = new Set();
export const hiddenFields = (rt: Runtime, ctx: Ctx, entity: string): ReadonlySet<string> => rt.fieldRules?.({ ctx, entity }).hidden ?? NONE;
export const readOnlyFields = (rt: Runtime, ctx: Ctx, entity: string): ReadonlySet<string> => rt.fieldRules?.({ ctx, entity }).readOnly ?? NONE;
