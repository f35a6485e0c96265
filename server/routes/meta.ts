// _meta: what the studio and clients need to know about the live app, through the authorize seam.
import { Router } from 'express';
import type { CompiledEntity } from '../../runtime/compile/compileApp.js';
import { labelText } from '../../runtime/compile/labels.js';
import { appError } from '../../runtime/errors/catalog.js';
import type { Runtime } from '../../runtime/records/runtime.js';
import { ctxOf } from '../http/context.js';
import type { Ctx } from '../../runtime/records/context.js';
import { type Audience, audienceOf } from '../audience.js';
import { dashboardFor, fieldSettingsFor, formFor, pipelineFor, viewFor } from '../describe.js';
import { schemasFor } from '../openapi.js';

/** The entities the caller may read. */
export async function visibleEntities(rt: Runtime, ctx: Ctx): Promise<CompiledEntity[]> {
  return (await audienceOf(rt, ctx)).entities;
}

/** Only ?locale= is understood here; anything else is refused like on the record routes (§10.2). */
function onlyLocale(query: Record<string, unknown>): void {
  for (const key of Object.keys(query)) {
    if (key !== 'locale') throw appError('INVALID_QUERY', `unknown query parameter "${key}"`, { errors: [{ pointer: `/${key}`, code: 'unknown_parameter', message: 'allowed: locale' }] });
  }
}

function localeOf(rt: Runtime, raw: unknown): string {
  if (raw === undefined) return rt.app.defaultLocale;
  if (typeof raw !== 'string' || !rt.app.locales.includes(raw)) {
    throw appError('INVALID_QUERY', `locale must be one of ${rt.app.locales.join(', ')}`, { errors: [{ pointer: '/locale', code: 'invalid', message: 'unknown locale' }] });
  }
  return raw;
}

function describeEntity(a: Audience, e: CompiledEntity, locale: string): Record<string, unknown> {
  const { hidden, readOnly } = a.rules(e.name);
  return {
    name: e.name,
    label: labelText(e.def.label, locale) ?? e.name,
    pluralLabel: labelText(e.def.pluralLabel, locale),
    titleField: e.titleField && !hidden.has(e.titleField) ? e.titleField : null,
    searchFields: e.searchFields.filter((f) => !hidden.has(f)),
    matchKeys: e.matchKeys.filter((k) => k.every((f) => !hidden.has(f))),
    fields: e.fields.filter((f) => !hidden.has(f.name)).map((f) => {
      const info = e.info.fields.get(f.name)!;
      const { label, description, ...settings } = f as unknown as Record<string, unknown>;
      return {
        ...fieldSettingsFor(a, e, settings),
        label: labelText(f.label, locale) ?? f.name,
        ...(description ? { description: labelText(f.description, locale) } : {}),
        ...(f.type === 'select' || f.type === 'multiselect' ? { options: f.options.map((o) => ({ ...o, label: labelText(o.label, locale) ?? o.value })) } : {}),
        writable: e.writable.has(f.name) && !readOnly.has(f.name),
        operators: info.operators,
      };
    }),
  };
}

export function metaRoutes(rt: Runtime): Router {
  const r = Router();
  r.get('/app', async (req, res) => {
    onlyLocale(req.query as Record<string, unknown>);
    const locale = localeOf(rt, req.query.locale);
    const a = await audienceOf(rt, ctxOf(res));
    const def = rt.app.definition;
    const labelled = <T extends { label?: unknown }>(x: T | null): (T & { label: string | undefined }) | null => (x ? { ...x, label: labelText(x.label as Parameters<typeof labelText>[0], locale) } : null);
    const present = <T>(x: T | null): x is T => x !== null;
    res.json({
      data: {
        name: rt.app.name, label: labelText(def.app.label, locale) ?? rt.app.name, version: rt.app.version,
        locales: rt.app.locales, defaultLocale: rt.app.defaultLocale, timezone: rt.app.timezone,
        entities: a.entities.map((e) => ({ name: e.name, label: labelText(e.def.label, locale) ?? e.name, pluralLabel: labelText(e.def.pluralLabel, locale) })),
        forms: def.forms.filter((f) => a.canRead(f.entity)).map((f) => ({ name: f.name, entity: f.entity, label: labelText(f.label, locale) })),
        views: def.views.map((v) => labelled(viewFor(a, v))).filter(present),
        pipelines: def.pipelines.map((p) => labelled(pipelineFor(a, p))).filter(present),
        dashboards: (def.dashboards ?? []).map((d) => labelled(dashboardFor(a, d))).filter(present)
          .map((d) => ({ ...d, widgets: d.widgets.map((w) => ({ ...w, ...(w.title ? { title: labelText(w.title, locale) } : {}) })) })),
      },
    });
  });
  r.get('/entities/:name', async (req, res) => {
    onlyLocale(req.query as Record<string, unknown>);
    const locale = localeOf(rt, req.query.locale);
    const a = await audienceOf(rt, ctxOf(res));
    const e = a.entities.find((x) => x.name === req.params.name);
    if (!e) throw appError('NOT_FOUND', `unknown entity "${req.params.name}"`);
    const forms = Object.fromEntries([...rt.app.forms].filter(([, f]) => f[locale].entity === e.name).map(([name, f]) => [name, formFor(a, f[locale])]));
    res.json({ data: { ...describeEntity(a, e, locale), schemas: schemasFor(e, a.rules(e.name)), forms } });
  });
  return r;
}
