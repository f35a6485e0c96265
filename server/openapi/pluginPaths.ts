// Plugins' routes in the API description: each under /api/v1/_plugins/<plugin>/, with the plugin's
// own description; their answers are `{ data }` whose shape the plugin owns.
import type { PluginRoute } from '../../runtime/plugins/types.js';
import { data, json, type Obj, problems } from './shared.js';

export const PLUGIN_TAG = { name: 'plugins', description: 'Routes added by the app\'s plugins (/api/v1/_plugins/<plugin>/…).' };

export function pluginPaths(routes: readonly { plugin: string; route: PluginRoute }[]): Obj {
  const out: Record<string, Obj> = {};
  for (const { plugin, route } of routes) {
    const params = [...route.path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]);
    const path = `/api/v1/_plugins/${plugin}${route.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}')}`;
    const op: Obj = {
      tags: ['plugins'], summary: route.description ?? `${route.method.toUpperCase()} ${route.path} (plugin ${plugin})`,
      operationId: `plugin_${plugin}_${route.method}_${route.path}`.replace(/[^A-Za-z0-9_]/g, '_'),
      ...(params.length ? { parameters: params.map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } })) } : {}),
      ...(route.method === 'get' || route.method === 'delete' ? {} : { requestBody: { required: false, content: { 'application/json': { schema: {} } } } }),
      responses: {
        200: json(data({}), 'What the plugin answers'),
        ...(route.method === 'get' || route.method === 'delete'
          ? problems('NOT_FOUND', 'VALIDATION_FAILED')
          : problems('NOT_FOUND', 'VALIDATION_FAILED', 'UNSUPPORTED_MEDIA_TYPE', 'PAYLOAD_TOO_LARGE', 'MALFORMED_REQUEST')),
      },
    };
    out[path] = { ...(out[path] ?? {}), [route.method]: op };
  }
  return out;
}
