// What a plugin's route handler may do with records: the records layer, as the caller — the same
// access rules, validation, hooks, audit and automations as the REST API, nothing around them.
import type { Ctx } from '../records/context.js';
import { getRecord, listRecords } from '../records/read.js';
import { parseListQuery } from '../records/query.js';
import { hiddenFields, type Runtime } from '../records/runtime.js';
import { visibleEntityOrThrow } from '../records/authorize.js';
import { createAndRead, updateAndRead } from '../records/write.js';
import type { PluginApi } from './types.js';

export function pluginApi(rt: Runtime, ctx: Ctx): PluginApi {
  return {
    async list(entity, query = {}) {
      const e = await visibleEntityOrThrow({ rt, ctx, name: entity });
      return listRecords(rt, { entity: e.name, ctx, query: parseListQuery(rt.app, e, query, (name) => hiddenFields(rt, ctx, name)) });
    },
    async get(entity, id) {
      await visibleEntityOrThrow({ rt, ctx, name: entity });
      return getRecord(rt, { entity, id, ctx });
    },
    async create(entity, data) {
      await visibleEntityOrThrow({ rt, ctx, name: entity });
      return createAndRead(rt, { entity, data, ctx });
    },
    async update(entity, id, data) {
      await visibleEntityOrThrow({ rt, ctx, name: entity });
      return updateAndRead(rt, { entity, id, data, ctx });
    },
  };
}
