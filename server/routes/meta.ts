// _meta: what the studio and clients need to know about the live app, through the authorize seam.
import { Router } from 'express';
import type { CompiledEntity } from '../../runtime/compile/compileApp.js';
import { labelText } from '../../runtime/compile/labels.js';
import { appError } from '../../runtime/errors/catalog.js';
import { hiddenFields, type Runtime } from '../../runtime/records/runtime.js';
import { isViewVisible, visibleColumns } from '../../runtime/records/query.js';
import { ctxOf } from '../http/context.js';
import type { Ctx } from '../../runtime/records/context.js';
import { schemasFor } from '../openapi.js';

export async function visibleEntities(rt: Runtime, ctx: Ctx): Promise<CompiledEntity[]> {
  const out: CompiledEntity[] = [];
  for (const e of rt.app.entities.values()) if ((await rt.authorize({ ctx, entity: e.name, action: 'read' })) !== false) out.push(e);
  return out;
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

function describeEntity(rt: Runtime, e: CompiledEntity, locale: string, ctx: Ctx): Record<string, unknown> {
  const rules = rt.fieldRules?.({ ctx, entity: e.name });
  const hidden = rules?.hidden ?? new Set<string>();
  return {
    name: e.name,
    label: labelText(e.def.label, locale) ?? e.name,
    pluralLabel: labelText(e.def.pluralLabel, locale),
    titleField: e.titleField,
    searchFields: e.searchFields,
    matchKeys: e.matchKeys,
    fields: e.fields.filter((f) => !hidden.has(f.name)).map((f) => {
      const info = e.info.fields.get(f.name)!;
      const { label, description, ...settings } = f as unknown as Record<string, unknown>;
      return {
        ...settings,
        label: labelText(f.label, locale) ?? f.name,
        ...(description ? { description: labelText(f.description, locale) } : {}),
        ...(f.type === 'select' || f.type === 'multiselect' ? { options: f.options.map((o) => ({ ...o, label: labelText(o.label, locale) ?? o.value })) } : {}),
        writable: e.writable.has(f.name) && !rules?.readOnly.has(f.name),
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
    const entities = await visibleEntities(rt, ctxOf(res));
    const names = new Set(entities.map((e) => e.name));
    const hiddenFor = (entity: string): ReadonlySet<string> => hiddenFields(rt, ctxOf(res), entity);
    res.json({
      data: {
        name: rt.app.name, label: labelText(rt.app.definition.app.label, locale) ?? rt.app.name, version: rt.app.version,
        locales: rt.app.locales, defaultLocale: rt.app.defaultLocale, timezone: rt.app.timezone,
        entities: entities.map((e) => ({ name: e.name, label: labelText(e.def.label, locale) ?? e.name, pluralLabel: labelText(e.def.pluralLabel, locale) })),
        forms: rt.app.definition.forms.filter((f) => names.has(f.entity)).map((f) => ({ name: f.name, entity: f.entity, label: labelText(f.label, locale) })),
        views: rt.app.definition.views.filter((v) => names.has(v.entity) && isViewVisible(rt.app, v, hiddenFor))
          .map(({ $schema: _s, ...v }) => ({ ...v, ...(v.columns ? { columns: visibleColumns(rt.app, v, hiddenFor) } : {}), label: labelText(v.label, locale) })),
        pipelines: rt.app.definition.pipelines.filter((p) => names.has(p.entity)).map(({ $schema: _s, ...p }) => ({ ...p, label: labelText(p.label, locale) })),
      },
    });
  });
  r.get('/entities/:name', async (req, res) => {
    onlyLocale(req.query as Record<string, unknown>);
    const locale = localeOf(rt, req.query.locale);
    const e = (await visibleEntities(rt, ctxOf(res))).find((x) => x.name === req.params.name);
    if (!e) throw appError('NOT_FOUND', `unknown entity "${req.params.name}"`);
    const rules = rt.fieldRules?.({ ctx: ctxOf(res), entity: e.name });
    const hidden = rules?.hidden ?? new Set<string>();
    const forms = Object.fromEntries([...rt.app.forms].filter(([, f]) => f[locale].entity === e.name).map(([name, f]) => {
      const { schema, uiSchema } = f[locale];
      const props = Object.fromEntries(Object.entries(schema.properties as Record<string, Record<string, unknown>>).filter(([k]) => !hidden.has(k))
        .map(([k, v]) => [k, rules?.readOnly.has(k) ? { ...v, readOnly: true } : v]));
      const order = (uiSchema['ui:order'] as string[]).filter((k) => !hidden.has(k));
      return [name, { schema: { ...schema, properties: props, ...(schema.required ? { required: (schema.required as string[]).filter((k) => !hidden.has(k) && !rules?.readOnly.has(k)) } : {}) }, uiSchema: { ...uiSchema, 'ui:order': order } }];
    }));
    res.json({ data: { ...describeEntity(rt, e, locale, ctxOf(res)), schemas: schemasFor(e, rules), forms } });
  });
  return r;
}
