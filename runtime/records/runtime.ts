import type { CompiledApp } from '../compile/compileApp.js';
import type { Db } from '../dialect/index.js';
import type { Authorize } from './context.js';

/** What the records layer needs: the database, the compiled app and the authorize seam. */
export interface Runtime {
  db: Db;
  app: CompiledApp;
  authorize: Authorize;
}
