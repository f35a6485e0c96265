// Plugins' routes at /api/v1/_plugins/<plugin>/<path>: behind the same authentication, CSRF check,
// token scopes and rate limits as every API route; the handler returns the answer's `data` and
// throws catalog errors (appError) for problem answers, so a plugin cannot answer a 500 with a
// stack or set headers of its own. An error that is not a catalog error is logged and answered
// as INTERNAL without its message.
import { Router, type Request } from 'express';
import { pluginApi } from '../../runtime/plugins/api.js';
import type { Runtime } from '../../runtime/records/runtime.js';
import { optionalJsonBody } from '../http/body.js';
import { ctxOf } from '../http/context.js';

export function pluginRoutes(rt: Runtime): Router {
  const r = Router();
  for (const { plugin, route } of rt.pluginRoutes ?? []) {
    {
      const path = `/${plugin}${route.path}`;
      const handlers = route.method === 'get' || route.method === 'delete' ? [] : optionalJsonBody();
      r[route.method](path, ...handlers, async (req: Request, res) => {
        const ctx = ctxOf(res);
        const data = await route.handler({ params: { ...req.params } as Record<string, string>, query: { ...req.query }, body: req.body, ctx, api: pluginApi(rt, ctx) });
        res.json({ data: data ?? null });
      });
    }
  }
  return r;
}
