// Layers of an app definition, pure: the app folder is the base, the studio's applied edits are the
// overlay (kept in the database as revisions), a designer's unapplied edits are their draft. A layer
// entry for (kind, name) replaces the document of the layer below; a null document is a tombstone
// (the document is removed). Every entry remembers the hash of the base document it was made
// against, so a base file changed underneath it is reported as a conflict instead of being lost.
import { createHash } from 'node:crypto';
import { FOLDERS, type FileKind, type RawApp, type RawFile } from '../definition/load.js';

export type DocKind = FileKind;
export type Document = Record<string, unknown>;

/** Kinds the definitions API edits, and the folder of each in an app (app.json for "app"). */
export const KIND_FOLDER: Readonly<Record<DocKind, string>> = {
  app: '', ...Object.fromEntries(Object.entries(FOLDERS).map(([folder, kind]) => [kind, folder])),
} as Record<DocKind, string>;
export const KINDS = Object.keys(KIND_FOLDER) as DocKind[];
export const isKind = (s: string): s is DocKind => Object.prototype.hasOwnProperty.call(KIND_FOLDER, s);

/** The name app.json is addressed by (the app's own `name` can change; the document is one). */
export const APP_DOC_NAME = 'app';

export interface LayerEntry {
  kind: DocKind;
  name: string;
  /** null: removed (a tombstone). */
  document: Document | null;
  /** Hash of the base document this entry was made against (null: the base had none). */
  baseHash: string | null;
}

export interface BaseDocument { kind: DocKind; name: string; file: string; document: Document; hash: string }

export interface Conflict {
  kind: DocKind;
  name: string;
  /** The base hash the overlay entry was made against, and the base's hash now (null: gone). */
  overlayBaseHash: string | null;
  baseHash: string | null;
  base: Document | null;
  overlay: Document | null;
}

export const docKey = (kind: string, name: string): string => `${kind}:${name}`;

/** JSON with object keys sorted: the same document always gives the same text. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Document).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v);
}

/** The hash (and ETag) of a document: formatting and key order do not change it. */
export const docHash = (doc: unknown): string => createHash('sha256').update(canonical(doc)).digest('hex').slice(0, 20);

/** How a document is written to a file: 2-space JSON with a trailing newline, keys in their order. */
export const formatDocument = (doc: unknown): string => `${JSON.stringify(doc, null, 2)}\n`;

/** The file a document of this kind and name is written to when the base has none. */
export const fileFor = (kind: DocKind, name: string): string => (kind === 'app' ? 'app.json' : `${KIND_FOLDER[kind]}/${name}.json`);

const nameOfFile = (f: RawFile): string | null => {
  if (f.kind === 'app') return APP_DOC_NAME;
  const name = (f.json as { name?: unknown } | null)?.name;
  return typeof name === 'string' ? name : null;
};

/** The base layer's documents by key (files without a usable name stay out: validation names them). */
export function baseDocuments(raw: RawApp): Map<string, BaseDocument> {
  const out = new Map<string, BaseDocument>();
  for (const f of raw.files) {
    const name = nameOfFile(f);
    if (name === null || !f.json || typeof f.json !== 'object' || Array.isArray(f.json)) continue;
    const key = docKey(f.kind, name);
    if (!out.has(key)) out.set(key, { kind: f.kind, name, file: f.file, document: f.json as Document, hash: docHash(f.json) });
  }
  return out;
}

/** Entries of `upper` replace those of `lower` with the same key; the result is sorted by key. */
export function stack(lower: readonly LayerEntry[], upper: readonly LayerEntry[]): LayerEntry[] {
  const byKey = new Map(lower.map((e) => [docKey(e.kind, e.name), e]));
  for (const e of upper) byKey.set(docKey(e.kind, e.name), e);
  return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, e]) => e);
}

/** The base with the entries laid over it, as the loader would have read it from a folder. */
export function applyLayers(raw: RawApp, entries: readonly LayerEntry[]): RawApp {
  const byKey = new Map(entries.map((e) => [docKey(e.kind, e.name), e]));
  const files: RawFile[] = [];
  for (const f of raw.files) {
    const name = nameOfFile(f);
    const e = name === null ? undefined : byKey.get(docKey(f.kind, name));
    if (!e) {
      files.push(f);
      continue;
    }
    byKey.delete(docKey(f.kind, name!));
    if (e.document) files.push({ kind: f.kind, file: f.file, json: e.document });
  }
  for (const e of byKey.values()) if (e.document) files.push({ kind: e.kind, file: fileFor(e.kind, e.name), json: e.document });
  return { dir: raw.dir, files };
}

/** Overlay entries whose base document changed (or appeared, or went away) since they were made. */
export function conflictsOf(base: ReadonlyMap<string, BaseDocument>, entries: readonly LayerEntry[]): Conflict[] {
  return entries.flatMap((e) => {
    const b = base.get(docKey(e.kind, e.name));
    const now = b?.hash ?? null;
    if (now === e.baseHash) return [];
    return [{ kind: e.kind, name: e.name, overlayBaseHash: e.baseHash, baseHash: now, base: b?.document ?? null, overlay: e.document }];
  });
}

/** Drops entries that change nothing (a tombstone of a document the base does not have). */
export function withoutNoops(base: ReadonlyMap<string, BaseDocument>, entries: readonly LayerEntry[]): LayerEntry[] {
  return entries.filter((e) => e.document !== null || base.has(docKey(e.kind, e.name)));
}
