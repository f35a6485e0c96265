import type { CompiledApp } from '../compile/compileApp.js';
import type { Db } from '../dialect/index.js';
import type { Authorize, Ctx } from './context.js';

/** What the records layer needs: the database, the compiled app and the authorize seam. */
export interface Runtime {
  db: Db;
  app: CompiledApp;
  authorize: Authorize;
  /** Hidden and read-only fields per caller and entity (access rules); none when absent. */
  fieldRules?: (args: { ctx: Ctx; entity: string }) => { hidden: ReadonlySet<string>; readOnly: ReadonlySet<string> };
}

const NONE: ReadonlySet<string> = new Set();
export const hiddenFields = (rt: Runtime, ctx: Ctx, entity: string): ReadonlySet<string> => rt.fieldRules?.({ ctx, entity }).hidden ?? NONE;
export const readOnlyFields = (rt: Runtime, ctx: Ctx, entity: string): ReadonlySet<string> => rt.fieldRules?.({ ctx, entity }).readOnly ?? NONE;
