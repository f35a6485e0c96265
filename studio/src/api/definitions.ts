// The definitions API (§4 "Definitions"): the builders read the effective app with its layers and
// write documents back one at a time, then validate, plan and apply. Every builder goes through
// this module, so a change of wire shape is a change here only.
import { api, ApiProblem } from './client';

export const DEFINITION_KINDS = ['entity', 'form', 'view', 'pipeline', 'automation', 'role'] as const;
export type DefinitionKind = (typeof DEFINITION_KINDS)[number];

export type Doc = { name: string } & Record<string, unknown>;
export type Layer = 'base' | 'overlay' | 'draft';

export interface DefinitionEntry {
  kind: DefinitionKind;
  name: string;
  /** The effective document (base + overlay + draft). */
  doc: Doc;
  etag: string | null;
  /** Which layers hold this document. */
  layers: Layer[];
}

export interface Definitions {
  entries: DefinitionEntry[];
  /** Documents with a draft not yet applied (written, deleted). */
  drafts: { kind: DefinitionKind; name: string; deleted: boolean }[];
}

export interface DefinitionError { pointer: string; message: string; kind?: string; name?: string }
export interface PlanStep { kind?: string; op?: string; description?: string; summary?: string; destructive?: boolean; [k: string]: unknown }
export interface Plan { steps: PlanStep[]; hash: string }

export interface RegistryType { name: string; label?: string | Record<string, string>; description?: string; configSchema?: Record<string, unknown>; category?: string }
export interface Registry { fieldTypes: RegistryType[]; triggers: RegistryType[]; nodes: RegistryType[] }

const BASE = '/api/v1/_definitions';
const isKind = (k: unknown): k is DefinitionKind => typeof k === 'string' && (DEFINITION_KINDS as readonly string[]).includes(k);
const plural = (k: string): string => (k.endsWith('y') ? `${k.slice(0, -1)}ies` : `${k}s`);

type Loose = Record<string, unknown>;
const asObj = (v: unknown): Loose => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Loose) : {});

/**
 * Documents of one layer as [kind, name, {doc, etag}]: accepts `{entity: {deal: doc}}`,
 * `{entities: [doc]}` and `[{kind, name, document|doc, etag}]`.
 */
function layerItems(layer: unknown): { kind: DefinitionKind; name: string; doc: Doc | null; etag: string | null }[] {
  const out: { kind: DefinitionKind; name: string; doc: Doc | null; etag: string | null }[] = [];
  const push = (kind: unknown, raw: unknown, nameHint?: string): void => {
    const o = asObj(raw);
    const inner = asObj(o.document ?? o.doc ?? o.definition ?? raw);
    const name = String(o.name ?? inner.name ?? nameHint ?? '');
    const k = o.kind ?? kind;
    if (!isKind(k) || !name) return;
    const deleted = o.deleted === true || o.document === null;
    out.push({ kind: k, name, doc: deleted ? null : ({ ...inner, name } as Doc), etag: typeof o.etag === 'string' ? o.etag : o.etag != null ? String(o.etag) : null });
  };
  if (Array.isArray(layer)) {
    for (const item of layer) push(undefined, item);
    return out;
  }
  for (const [key, value] of Object.entries(asObj(layer))) {
    const kind = DEFINITION_KINDS.find((k) => k === key || plural(k) === key);
    if (!kind) continue;
    if (Array.isArray(value)) value.forEach((v) => push(kind, v));
    else for (const [name, v] of Object.entries(asObj(value))) push(kind, v, name);
  }
  return out;
}

export function normalizeDefinitions(body: unknown): Definitions {
  const data = asObj(asObj(body).data ?? body);
  const layers = asObj(data.layers ?? data);
  const effective = layerItems(data.effective ?? data.documents ?? []);
  const byLayer: Record<Layer, ReturnType<typeof layerItems>> = { base: layerItems(layers.base), overlay: layerItems(layers.overlay), draft: layerItems(layers.draft ?? layers.drafts) };
  const key = (k: string, n: string): string => `${k}/${n}`;
  const entries = new Map<string, DefinitionEntry>();
  for (const e of effective) if (e.doc) entries.set(key(e.kind, e.name), { kind: e.kind, name: e.name, doc: e.doc, etag: e.etag, layers: [] });
  for (const layer of ['base', 'overlay', 'draft'] as Layer[]) {
    for (const e of byLayer[layer]) {
      const k = key(e.kind, e.name);
      const have = entries.get(k);
      if (have) {
        have.layers.push(layer);
        have.etag = have.etag ?? e.etag;
      } else if (e.doc && effective.length === 0) {
        entries.set(k, { kind: e.kind, name: e.name, doc: e.doc, etag: e.etag, layers: [layer] });
      }
      // Later layers win when the server sends no effective view.
      if (effective.length === 0 && e.doc) Object.assign(entries.get(k)!, { doc: e.doc, etag: e.etag ?? entries.get(k)!.etag });
      if (effective.length === 0 && !e.doc) entries.delete(k);
    }
  }
  const drafts = byLayer.draft.map((d) => ({ kind: d.kind, name: d.name, deleted: d.doc === null }));
  return { entries: [...entries.values()], drafts };
}

export async function fetchDefinitions(): Promise<Definitions> {
  return normalizeDefinitions(await api<unknown>(BASE));
}

/** Writes one document as a draft; a 409 CONFLICT (someone else saved first) is thrown as ApiProblem. */
export async function putDefinition(kind: DefinitionKind, doc: Doc, etag: string | null): Promise<{ etag: string | null }> {
  const res = await api<{ data?: { etag?: string } } | undefined>(`${BASE}/${kind}/${encodeURIComponent(doc.name)}`, { method: 'PUT', body: doc, ...(etag ? { ifMatch: etag.replace(/^W\//, '').replace(/^"|"$/g, '') } : {}) });
  return { etag: res?.data?.etag ?? null };
}

export async function deleteDefinition(kind: DefinitionKind, name: string, etag?: string | null): Promise<void> {
  await api(`${BASE}/${kind}/${encodeURIComponent(name)}`, { method: 'DELETE', ...(etag ? { ifMatch: etag.replace(/^"|"$/g, '') } : {}) });
}

export async function validateDefinitions(): Promise<{ valid: boolean; errors: DefinitionError[] }> {
  return (await api<{ data: { valid: boolean; errors: DefinitionError[] } }>(`${BASE}/_validate`, { method: 'POST', body: {} })).data;
}

export async function planDefinitions(): Promise<Plan> {
  return (await api<{ data: Plan }>(`${BASE}/_plan`, { method: 'POST', body: {} })).data;
}

export async function applyDefinitions(hash: string, confirmDestructive: boolean): Promise<{ revision: unknown }> {
  return (await api<{ data: { revision: unknown } }>(`${BASE}/_apply`, { method: 'POST', body: confirmDestructive ? { hash, confirmDestructive: true } : { hash } })).data;
}

function normalizeTypes(v: unknown): RegistryType[] {
  if (Array.isArray(v)) return v.map((x) => asObj(x)).filter((x) => typeof x.name === 'string' || typeof x.type === 'string').map((x) => ({ ...x, name: String(x.type ?? x.name), label: x.label ?? x.title, configSchema: asObj(x.configSchema ?? x.config ?? x.schema ?? x.settingsSchema) }) as RegistryType);
  return Object.entries(asObj(v)).map(([name, x]) => ({ ...asObj(x), name, configSchema: asObj(asObj(x).configSchema ?? asObj(x).config ?? asObj(x).schema ?? asObj(x).settingsSchema) }) as RegistryType);
}

/** Field types, automation triggers and node types with their config schemas (plugins included). */
export async function fetchRegistry(): Promise<Registry | null> {
  try {
    const data = asObj((await api<{ data: unknown }>('/api/v1/_meta/registry')).data);
    return { fieldTypes: normalizeTypes(data.fieldTypes ?? data.fields), triggers: normalizeTypes(data.triggers ?? data.triggerTypes), nodes: normalizeTypes(data.nodes ?? data.nodeTypes ?? data.actions) };
  } catch (err) {
    if (err instanceof ApiProblem && err.status === 404) return null;
    throw err;
  }
}

export const isConflict = (err: unknown): boolean => err instanceof ApiProblem && (err.status === 409 || err.status === 412);
