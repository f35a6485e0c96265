// Query-string → a checked list query (§4): filter, sort, limit, cursor, fields, expand, q, count.
import type { CompiledApp, CompiledEntity } from '../compile/compileApp.js';
import { appError, type ProblemItem } from '../errors/catalog.js';
import { type CompiledFilter, compileFilter, FILTER_LIMITS, FilterError } from '../query/filter.js';
import { findBadText, isBadText, nfcStrings, parseJsonSafe, UnsafeJsonError } from '../json.js';
import type { EntityInfo, FieldInfo, ModelInfo } from '../query/model.js';
import type { StorageKind } from '../dialect/index.js';
import type { Filter, View } from '../definition/types.generated.js';

export interface SortKey { field: string; column: string; desc: boolean }
export interface ListQuery {
  filter: CompiledFilter | null;
  sort: SortKey[];
  limit: number;
  cursor: unknown[] | null;
  fields: string[] | null;
  expand: string[];
  q: string | null;
  count: boolean;
}
export interface ReadQuery { fields: string[] | null; expand: string[] }
/** Hidden fields per entity for the caller: they do not exist as far as the query is concerned. */
export type HiddenFor = (entity: string) => ReadonlySet<string>;
const NOTHING_HIDDEN: HiddenFor = () => new Set();

/** The model as the caller may see it: hidden fields are unknown to filters. */
export function restrictModel(model: ModelInfo, hiddenFor: HiddenFor): ModelInfo {
  const cache = new Map<string, EntityInfo | undefined>();
  return {
    timezone: model.timezone,
    operators: model.operators,
    entity(name) {
      if (cache.has(name)) return cache.get(name);
      const e = model.entity(name);
      const hidden = hiddenFor(name);
      const out = e && hidden.size ? { ...e, fields: new Map([...e.fields].filter(([k]) => !hidden.has(k))) } : e;
      cache.set(name, out);
      return out;
    },
  };
}

export const LIST_PARAMS = ['filter', 'sort', 'limit', 'cursor', 'fields', 'expand', 'q', 'count', 'view'];
export const MAX_LIMIT = 500;
export const MAX_EXPAND_DEPTH = 3;

const bad = (pointer: string, code: string, message: string): never => {
  throw appError('INVALID_QUERY', message, { errors: [{ pointer, code, message }] });
};

function single(raw: Record<string, unknown>, name: string): string | undefined {
  const v = raw[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') bad(`/${name}`, 'type', `"${name}" must be given once, as a plain value`);
  return v as string;
}

export function parseReadQuery(app: CompiledApp, entity: CompiledEntity, raw: Record<string, unknown>, hiddenFor: HiddenFor = NOTHING_HIDDEN, allowed = ['fields', 'expand']): ReadQuery {
  for (const key of Object.keys(raw)) if (!allowed.includes(key)) bad(`/${key}`, 'unknown_parameter', `unknown query parameter "${key}"; allowed: ${allowed.join(', ')}`);
  const expand = parseExpand(app, entity, single(raw, 'expand'), hiddenFor);
  const fieldsRaw = single(raw, 'fields');
  let fields: string[] | null = null;
  if (fieldsRaw !== undefined) {
    fields = fieldsRaw.split(',').map((s) => s.trim()).filter(Boolean);
    if (fields.length === 0 || fields.length > 200) bad('/fields', 'invalid', '"fields" lists 1 to 200 field names');
    for (const f of fields) {
      const path = f.split('.');
      checkPath(app, entity, path, '/fields', true, hiddenFor);
      if (path.length > 1 && !expand.some((e) => e === path.slice(0, -1).join('.') || e.startsWith(path.slice(0, -1).join('.') + '.'))) {
        expand.push(path.slice(0, -1).join('.'));
      }
    }
  }
  return { fields, expand };
}

function checkPath(app: CompiledApp, entity: CompiledEntity, path: string[], pointer: string, lastMayBeScalar: boolean, hiddenFor: HiddenFor): void {
  let current: CompiledEntity | undefined = entity;
  for (let i = 0; i < path.length; i++) {
    const info: FieldInfo | undefined = current && !hiddenFor(current.name).has(path[i]) ? current.info.fields.get(path[i]) : undefined;
    const last = i === path.length - 1;
    if (!info || (!info.column && !info.relation)) bad(pointer, 'unknown_field', `"${path.slice(0, i + 1).join('.')}" is not a field of "${current?.name ?? '?'}"`);
    if (last) {
      if (!lastMayBeScalar && !info!.relation) bad(pointer, 'not_expandable', `"${path.join('.')}" is not a relation`);
      return;
    }
    if (!info!.relation) bad(pointer, 'not_expandable', `"${path.slice(0, i + 1).join('.')}" is not a relation`);
    current = info!.relation!.target === '_users' ? undefined : app.entities.get(info!.relation!.target);
    if (!current && i + 1 < path.length && !['id', 'email', 'name'].includes(path[i + 1])) bad(pointer, 'unknown_field', `users have the fields id, email, name`);
    if (!current) return;
  }
}

function parseExpand(app: CompiledApp, entity: CompiledEntity, raw: string | undefined, hiddenFor: HiddenFor): string[] {
  if (raw === undefined) return [];
  const items = raw.split(',').map((s) => s.trim()).filter(Boolean);
  if (items.length > 20) bad('/expand', 'invalid', 'at most 20 expand paths');
  for (const item of items) {
    const path = item.split('.');
    if (path.length > MAX_EXPAND_DEPTH) bad('/expand', 'too_deep', `expand goes at most ${MAX_EXPAND_DEPTH} levels deep`);
    checkPath(app, entity, path, '/expand', false, hiddenFor);
  }
  return items;
}

/** The model the caller's filters are compiled against: hidden fields do not exist in it. */
const modelFor = (app: CompiledApp, hiddenFor: HiddenFor): ModelInfo => (hiddenFor === NOTHING_HIDDEN ? app.model : restrictModel(app.model, hiddenFor));

/**
 * Whether the caller may use a saved view: its filter and grouping must name no field hidden from
 * the caller (a view built on a hidden field would reveal it). Hidden columns and sort keys alone
 * do not hide a view: they are left out (as _meta describes the view).
 */
export function isViewVisible(app: CompiledApp, view: View, hiddenFor: HiddenFor = NOTHING_HIDDEN): boolean {
  const entity = app.entities.get(view.entity);
  if (!entity) return false;
  const hidden = hiddenFor(entity.name);
  if (view.groupBy && hidden.has(view.groupBy)) return false;
  if (!view.filter) return true;
  try {
    compileFilter(modelFor(app, hiddenFor), entity.name, view.filter, '/filter');
    return true;
  } catch (err) {
    if (err instanceof FilterError) return false;
    throw err;
  }
}

/** A view's columns the caller may see (dotted columns are checked on their first step). */
export function visibleColumns(app: CompiledApp, view: View, hiddenFor: HiddenFor = NOTHING_HIDDEN): string[] {
  const hidden = hiddenFor(view.entity);
  return (view.columns ?? []).filter((c) => !hidden.has(c.split('.')[0]) && !(c.includes('.') && !pathVisible(app, view.entity, c.split('.'), hiddenFor)));
}

function pathVisible(app: CompiledApp, entityName: string, path: string[], hiddenFor: HiddenFor): boolean {
  let current = app.entities.get(entityName);
  for (const step of path) {
    if (!current) return true;
    if (hiddenFor(current.name).has(step)) return false;
    const target = current.info.fields.get(step)?.relation?.target;
    current = target ? app.entities.get(target) : undefined;
  }
  return true;
}

/** ?view=<name>: the saved view of this entity, or the same 400 as an unknown one when the caller may not see it. */
function resolveView(app: CompiledApp, entity: CompiledEntity, name: string, hiddenFor: HiddenFor): View {
  const view = app.definition.views.find((v) => v.name === name && v.entity === entity.name);
  if (!view || !isViewVisible(app, view, hiddenFor)) {
    const known = app.definition.views.filter((v) => v.entity === entity.name && isViewVisible(app, v, hiddenFor)).map((v) => v.name);
    return bad('/view', 'unknown_view', `"${name.slice(0, 80)}" is not a view of "${entity.name}"${known.length ? `; views: ${known.join(', ')}` : ''}`);
  }
  return view;
}

/**
 * A saved view supplies the defaults of a list query: its sort and columns unless the request names
 * its own, and its filter ANDed with the request's (so an explicit filter can only narrow a view).
 */
function withView(app: CompiledApp, entity: CompiledEntity, raw: Record<string, unknown>, hiddenFor: HiddenFor): { raw: Record<string, unknown>; view: View | null } {
  const name = single(raw, 'view');
  const { view: _omit, ...rest } = raw;
  if (name === undefined) return { raw: rest, view: null };
  const view = resolveView(app, entity, name, hiddenFor);
  const columns = visibleColumns(app, view, hiddenFor);
  const sort = (view.sort ?? []).filter((s) => !hiddenFor(entity.name).has(s.replace(/^-/, '')));
  return {
    view,
    raw: {
      ...rest,
      ...(rest.sort === undefined && sort.length ? { sort: sort.join(',') } : {}),
      ...(rest.fields === undefined && columns.length ? { fields: columns.join(',') } : {}),
    },
  };
}

export function parseListQuery(app: CompiledApp, entity: CompiledEntity, rawQuery: Record<string, unknown>, hiddenFor: HiddenFor = NOTHING_HIDDEN): ListQuery {
  for (const key of Object.keys(rawQuery)) if (!LIST_PARAMS.includes(key)) bad(`/${key}`, 'unknown_parameter', `unknown query parameter "${key}"; allowed: ${LIST_PARAMS.join(', ')}`);
  const { raw, view } = withView(app, entity, rawQuery, hiddenFor);
  const { fields, expand } = parseReadQuery(app, entity, raw, hiddenFor, LIST_PARAMS);
  let filter: CompiledFilter | null = null;
  const filterRaw = single(raw, 'filter');
  if (filterRaw !== undefined) {
    if (Buffer.byteLength(filterRaw) > FILTER_LIMITS.bytes) bad('/filter', 'too_large', `the filter is larger than ${FILTER_LIMITS.bytes} bytes`);
    let ast: unknown;
    try {
      ast = nfcStrings(parseJsonSafe(filterRaw));
    } catch (err) {
      bad('/filter', 'parse', err instanceof UnsafeJsonError ? err.message : '"filter" is not valid JSON');
    }
    const badText = findBadText(ast);
    if (badText !== null) bad(`/filter${badText}`, 'invalid_text', 'U+0000 and unpaired surrogates are not allowed');
    filter = compileOrThrow(app, entity, ast, hiddenFor);
    if (view?.filter) filter = compileOrThrow(app, entity, { and: [view.filter, ast as Filter] }, hiddenFor);
  } else if (view?.filter) {
    filter = compileOrThrow(app, entity, view.filter, hiddenFor);
  }
  const sort: SortKey[] = [];
  const sortRaw = single(raw, 'sort');
  if (sortRaw !== undefined) {
    const items = sortRaw.split(',').map((s) => s.trim()).filter(Boolean);
    if (items.length === 0 || items.length > 5) bad('/sort', 'invalid', '"sort" lists 1 to 5 fields, e.g. sort=-amount,title');
    for (const item of items) {
      const desc = item.startsWith('-');
      const name = desc ? item.slice(1) : item;
      const info = hiddenFor(entity.name).has(name) ? undefined : entity.info.fields.get(name);
      if (!info?.column || info.storage?.kind === 'json') bad('/sort', 'unknown_field', `"${name}" is not a sortable field of "${entity.name}"`);
      if (name !== 'id') sort.push({ field: name, column: info!.column!, desc });
      else sort.push({ field: 'id', column: 'id', desc });
    }
  }
  if (!sort.some((s) => s.field === 'id')) sort.push({ field: 'id', column: 'id', desc: sort.length > 0 ? sort[sort.length - 1].desc : false });
  const limitRaw = single(raw, 'limit');
  let limit = 50;
  if (limitRaw !== undefined) {
    if (!/^\d{1,4}$/.test(limitRaw) || Number(limitRaw) < 1 || Number(limitRaw) > MAX_LIMIT) bad('/limit', 'invalid', `"limit" is a whole number from 1 to ${MAX_LIMIT}`);
    limit = Number(limitRaw);
  }
  const cursorRaw = single(raw, 'cursor');
  let cursor: unknown[] | null = null;
  if (cursorRaw !== undefined) cursor = decodeCursor(cursorRaw, sort, sort.map((k) => entity.info.fields.get(k.field)?.storage?.kind ?? 'bigint'));
  const q = single(raw, 'q');
  if (q !== undefined && (q.length === 0 || q.length > 200)) bad('/q', 'invalid', '"q" is 1 to 200 characters');
  if (q !== undefined && isBadText(q)) bad('/q', 'invalid_text', 'U+0000 and unpaired surrogates are not allowed');
  const countRaw = single(raw, 'count');
  if (countRaw !== undefined && countRaw !== 'true' && countRaw !== 'false') bad('/count', 'invalid', '"count" is true or false');
  return { filter, sort, limit, cursor, fields, expand, q: q?.normalize('NFC') ?? null, count: countRaw === 'true' };
}

function compileOrThrow(app: CompiledApp, entity: CompiledEntity, ast: unknown, hiddenFor: HiddenFor): CompiledFilter {
  try {
    return compileFilter(modelFor(app, hiddenFor), entity.name, ast, '/filter');
  } catch (err) {
    if (err instanceof FilterError) throw appError('INVALID_QUERY', 'the filter is invalid', { errors: err.problems });
    throw err;
  }
}

const sortSignature = (sort: SortKey[]): string => sort.map((s) => `${s.desc ? '-' : ''}${s.field}`).join(',');

export function encodeCursor(sort: SortKey[], values: unknown[]): string {
  return Buffer.from(JSON.stringify({ s: sortSignature(sort), v: values })).toString('base64url');
}

/** The key values inside a cursor this module issued (for callers that page internally, e.g. export). */
export function cursorValues(cursor: string): unknown[] {
  return (JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { v: unknown[] }).v;
}

/** Cursors are not signed: each value must have the shape its column gives, so a forged one is a 400 on both dialects. */
function fitsColumn(kind: StorageKind, v: unknown): boolean {
  if (v === null) return true;
  switch (kind) {
    case 'integer': case 'bigint': return Number.isSafeInteger(v);
    case 'real': return typeof v === 'number' && Number.isFinite(v);
    case 'decimal': return (typeof v === 'number' && Number.isFinite(v)) || (typeof v === 'string' && /^-?\d{1,30}(\.\d{1,30})?$/.test(v));
    case 'boolean': return typeof v === 'boolean' || v === 0 || v === 1;
    case 'date': return typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v));
    case 'datetime': return typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$/.test(v) && !Number.isNaN(Date.parse(v));
    case 'text': return typeof v === 'string' && !isBadText(v);
    default: return false;
  }
}

function decodeCursor(raw: string, sort: SortKey[], kinds: StorageKind[]): unknown[] {
  let parsed: unknown;
  try {
    parsed = parseJsonSafe(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    return bad('/cursor', 'invalid', 'the cursor is not one this API issued');
  }
  const p = parsed as { s?: unknown; v?: unknown };
  if (!p || typeof p !== 'object' || p.s !== sortSignature(sort) || !Array.isArray(p.v) || p.v.length !== sort.length ||
    !p.v.every((x, i) => fitsColumn(kinds[i], x))) {
    return bad('/cursor', 'invalid', 'the cursor does not belong to this sort order; start again without a cursor');
  }
  return p.v;
}

export type { ProblemItem };
