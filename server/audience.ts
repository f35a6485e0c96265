// Who a description is for. Every description of the app a caller receives — the OpenAPI
// document, /api/docs, _meta, forms, views, dashboards — is computed from the caller's Audience:
// the entities they may read, and per entity the fields hidden from them. Fields of an entity the
// caller may not read count as hidden too, so no path through a relation can name them.
import type { CompiledApp, CompiledEntity } from '../runtime/compile/compileApp.js';
import type { Filter } from '../runtime/definition/types.generated.js';
import type { ModelInfo } from '../runtime/query/model.js';
import { compileFilter } from '../runtime/query/filter.js';
import type { Ctx } from '../runtime/records/context.js';
import { restrictModel } from '../runtime/records/query.js';
import type { Runtime } from '../runtime/records/runtime.js';

export interface FieldRules { hidden: ReadonlySet<string>; readOnly: ReadonlySet<string> }

export interface Audience {
  app: CompiledApp;
  /** The entities the caller may read, in the app's order. */
  entities: CompiledEntity[];
  canRead(entity: string): boolean;
  rules(entity: string): FieldRules;
  /** Hidden fields of an entity; every field when the entity is not readable. */
  hidden(entity: string): ReadonlySet<string>;
  /** The filter model without hidden fields. */
  model: ModelInfo;
  /** Whether a condition names only fields the caller can see (if not, it must not be shown). */
  admits(entity: string, filter: Filter | undefined): boolean;
}

const NONE: FieldRules = { hidden: new Set(), readOnly: new Set() };

function build(app: CompiledApp, readable: ReadonlySet<string>, rulesOf: (entity: string) => FieldRules): Audience {
  const rulesCache = new Map<string, FieldRules>();
  const rules = (entity: string): FieldRules => {
    let hit = rulesCache.get(entity);
    if (!hit) rulesCache.set(entity, (hit = readable.has(entity) ? rulesOf(entity) : { hidden: new Set(app.entities.get(entity)?.info.fields.keys() ?? []), readOnly: new Set() }));
    return hit;
  };
  const hidden = (entity: string): ReadonlySet<string> => rules(entity).hidden;
  const model = restrictModel(app.model, hidden);
  return {
    app,
    entities: [...app.entities.values()].filter((e) => readable.has(e.name)),
    canRead: (entity) => readable.has(entity),
    rules,
    hidden,
    model,
    admits(entity, filter) {
      if (filter === undefined) return true;
      try {
        compileFilter(model, entity, filter);
        return true;
      } catch {
        return false;
      }
    },
  };
}

/** The description as the platform itself sees it: everything. */
export function everything(app: CompiledApp): Audience {
  return build(app, new Set(app.entities.keys()), () => NONE);
}

export async function audienceOf(rt: Runtime, ctx: Ctx): Promise<Audience> {
  const readable = new Set<string>();
  for (const e of rt.app.entities.values()) if ((await rt.authorize({ ctx, entity: e.name, action: 'read' })) !== false) readable.add(e.name);
  return build(rt.app, readable, (entity) => rt.fieldRules?.({ ctx, entity }) ?? NONE);
}
