// Orchestrates snapshot → plan → apply for a compiled app.
import type { CompiledApp } from '../compile/compileApp.js';
import type { Db } from '../dialect/index.js';
import { introspect } from '../dialect/introspect.js';
import { applyMigration, type ApplyResult, ensureInfrastructure } from './apply.js';
import { desiredTables } from './desired.js';
import { orphans, type Plan, planMigration } from './plan.js';

export { applyMigration, ensureInfrastructure } from './apply.js';
export { describeStep, planMigration, hashSnapshot, isSafeCast, type Plan, type Step } from './plan.js';
export { desiredTables } from './desired.js';

export async function planFor(db: Db, app: CompiledApp, options: { destructive?: boolean } = {}): Promise<Plan & { orphans: string[] }> {
  await ensureInfrastructure(db);
  const snapshot = await introspect(db);
  const desired = desiredTables(app);
  const plan = planMigration({ snapshot, desired, dialect: db.dialect, destructive: options.destructive });
  return { ...plan, orphans: options.destructive ? [] : orphans({ snapshot, desired }) };
}

export async function migrate(db: Db, app: CompiledApp, options: { destructive?: boolean } = {}): Promise<ApplyResult & { plan: Plan }> {
  const plan = await planFor(db, app, options);
  const result = plan.steps.length
    ? await applyMigration({ db, plan, destructive: options.destructive, app: { name: app.name, version: app.version } })
    : { applied: [], skipped: [] };
  return { ...result, plan };
}
