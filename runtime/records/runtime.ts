import type { Knex } from 'knex';
import type { CompiledApp, CompiledEntity } from '../compile/compileApp.js';
import type { Db } from '../dialect/index.js';
import type { Authorize, Ctx } from './context.js';
import type { Change } from './uow.js';
import type { PluginRoute } from '../plugins/types.js';

/**
 * Transforms the caller's body before it is checked (plugins' beforeValidate hooks). Returns the
 * body to use, or nothing to keep it. May throw a catalog error to refuse the write.
 */
export type BeforeValidate = (args: {
  rt: Runtime; ctx: Ctx; entity: CompiledEntity; before: Record<string, unknown> | null; body: Readonly<Record<string, unknown>>;
}) => Promise<Record<string, unknown> | void> | Record<string, unknown> | void;

/** Asked before a record is deleted by a caller (not by a cascade): throw a catalog error to refuse. */
export type BeforeDelete = (args: { rt: Runtime; ctx: Ctx; entity: CompiledEntity; record: Readonly<Record<string, unknown>> }) => Promise<void> | void;

/**
 * Sets values of its own on a record about to be written (after the caller's data is checked and
 * defaults applied, before formulas): returns the fields to set, or nothing. Pipelines stamp when a
 * record entered its stage; plugins' beforeWrite hooks are the same seam. May throw a catalog error.
 */
export type BeforeWrite = (args: {
  rt: Runtime; ctx: Ctx; entity: CompiledEntity; before: Record<string, unknown> | null; data: Readonly<Record<string, unknown>>;
}) => Promise<Record<string, unknown> | void> | Record<string, unknown> | void;

/**
 * Checks a record just written, inside the write's transaction, on its stored values (a condition
 * may follow relations, so it can be asked of the database): throw a catalog error to refuse, and
 * the transaction rolls back. Entity rules and pipeline gates are such checks. `before` is null
 * for a create.
 */
export type WriteCheck = (args: {
  rt: Runtime; trx: Knex.Transaction; ctx: Ctx; entity: CompiledEntity; before: Record<string, unknown> | null; after: Record<string, unknown> & { id: number }; prefix: string;
}) => Promise<void> | void;

/**
 * Receives the unit of work's changes when it is flushed, inside the write's transaction (after
 * rollups, after the audit rows): the automation outbox and the stage history are such consumers.
 */
export type ChangeConsumer = ((args: { rt: Runtime; trx: Knex.Transaction; ctx: Ctx; changes: readonly Change[] }) => Promise<void>) & {
  /**
   * Whether the consumer may act on changes of this entity. A consumer that says no for an entity
   * lets its writes take the one-statement path (fastWrite.ts); one without this answer is taken to
   * act on every entity.
   */
  watches?: (args: { rt: Runtime; entity: string }) => boolean;
};

/** What the records layer needs: the database, the compiled app and the authorize seam. */export interface Runtime {
  db: Db;
  app: CompiledApp;
  authorize: Authorize;
  /** Limits on what one read may cost (runtime/query/budget.ts); the defaults when absent. */
  readBudget?: { filterMaxHops: number };
  /** Hidden and read-only fields per caller and entity (access rules); none when absent. */
  fieldRules?: (args: { ctx: Ctx; entity: string }) => { hidden: ReadonlySet<string>; readOnly: ReadonlySet<string> };
  /** Run on every create and update by a caller, in order, on the body before it is checked. */
  beforeValidate?: readonly BeforeValidate[];
  /** Run before a caller's delete, in order. */
  beforeDelete?: readonly BeforeDelete[];
  /** Run on every create and update, in order, before formulas are computed. */
  beforeWrite?: readonly BeforeWrite[];
  /** Run on every create and update, in order, after the row is written. */
  writeChecks?: readonly WriteCheck[];
  /** Run on every flush of a unit of work, in order. */
  changeConsumers?: readonly ChangeConsumer[];
  /** Routes plugins add under /api/v1/_plugins/<plugin>/ (the server mounts them). */
  pluginRoutes?: readonly { plugin: string; route: PluginRoute }[];
}

const NONE: ReadonlySet<string> = new Set();
export const hiddenFields = (rt: Runtime, ctx: Ctx, entity: string): ReadonlySet<string> => rt.fieldRules?.({ ctx, entity }).hidden ?? NONE;
export const readOnlyFields = (rt: Runtime, ctx: Ctx, entity: string): ReadonlySet<string> => rt.fieldRules?.({ ctx, entity }).readOnly ?? NONE;
