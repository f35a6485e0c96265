// GET /api/v1/_meta/registry: every field type, automation trigger, node and channel the running
// app may use, with the JSON Schema of its settings; the studio builds its settings forms from it.
import { Router, type Request } from 'express';
import { appError } from '../../runtime/errors/catalog.js';
import { fieldDefinitionSchema } from '../../runtime/fields/registry.js';
import type { AutomationHandle } from '../../runtime/automation/handle.js';
import { createAutomationRegistry } from '../../runtime/automation/registry.js';
import type { Runtime } from '../../runtime/records/runtime.js';

export function describeRegistry(rt: Runtime & { automation?: AutomationHandle }): Record<string, unknown> {
  const registry = rt.app.fields;
  const variants = (fieldDefinitionSchema(registry).oneOf ?? []) as Record<string, unknown>[];
  const automation = rt.automation?.registry ?? createAutomationRegistry();
  return {
    fieldTypes: [...registry.values()].map((t, i) => ({
      type: t.type, title: t.settings.title, description: t.settings.description, configSchema: variants[i],
      widget: t.widget, writable: t.writable, operators: [...t.operators],
    })),
    triggers: [...automation.triggers.values()].map((t) => ({ type: t.type, description: t.description, source: t.source, configSchema: t.configSchema, example: t.example })),
    nodes: [...automation.nodes.values()].map((n) => ({ type: n.type, description: n.description, configSchema: n.configSchema, branches: n.branches ? [...n.branches] : null, example: n.example })),
    channels: [...automation.channels.values()].map((c) => ({ name: c.name, description: c.description, html: c.html })),
  };
}

export function registryRoute(rt: Runtime): Router {
  const r = Router();
  r.get('/registry', (req: Request, res) => {
    const key = Object.keys(req.query as Record<string, unknown>)[0];
    if (key !== undefined) throw appError('INVALID_QUERY', `unknown query parameter "${key.slice(0, 50)}"`, { errors: [{ pointer: `/${key.slice(0, 50)}`, code: 'unknown_parameter', message: 'allowed: none' }] });
    res.json({ data: describeRegistry(rt) });
  });
  return r;
}
