// The overlay's revisions and the designers' drafts in the database (tables in migrate/desired.ts).
// A revision holds the whole overlay, so reading the current app is one row and a revert is a copy.
import type { Knex } from 'knex';
import type { DocKind, Document, LayerEntry } from './layers.js';

export interface RevisionRow { id: number; at: string; authorId: number | null; message: string | null; action: string; overlay: LayerEntry[] }

export interface DraftRow {
  authorId: number;
  kind: DocKind;
  name: string;
  document: Document | null;
  /** Hash of this draft's document ("" for a removal). */
  etag: string;
  /** The etag the designer's editor had loaded when the draft was first saved. */
  basedOn: string | null;
  baseHash: string | null;
  updatedAt: string;
}

const parse = <T>(v: unknown, fallback: T): T => (typeof v === 'string' && v !== '' ? (JSON.parse(v) as T) : fallback);

const toRevision = (r: Record<string, unknown>): RevisionRow => ({
  id: Number(r.id), at: String(r.at), authorId: r.author_id === null || r.author_id === undefined ? null : Number(r.author_id),
  message: (r.message as string | null) ?? null, action: String(r.action ?? 'apply'), overlay: parse<LayerEntry[]>(r.overlay, []),
});

export async function hasTables(k: Knex): Promise<boolean> {
  return (await k.schema.hasTable('_definition_revisions')) && (await k.schema.hasTable('_definition_drafts'));
}

/** The newest revision id (0: none yet, the app is its folder). */
export async function latestRevisionId(k: Knex): Promise<number> {
  const row = (await k('_definition_revisions').max({ id: 'id' }).first()) as { id: unknown } | undefined;
  return row?.id === null || row?.id === undefined ? 0 : Number(row.id);
}

export async function getRevision(k: Knex, id: number): Promise<RevisionRow | null> {
  const row = (await k('_definition_revisions').where({ id }).first()) as Record<string, unknown> | undefined;
  return row ? toRevision(row) : null;
}

/** The overlay in force: the newest revision's (empty with none). */
export async function currentOverlay(k: Knex): Promise<{ revision: number; overlay: LayerEntry[] }> {
  const id = await latestRevisionId(k);
  if (id === 0) return { revision: 0, overlay: [] };
  return { revision: id, overlay: (await getRevision(k, id))!.overlay };
}

export async function listRevisions(k: Knex, limit = 100): Promise<Omit<RevisionRow, 'overlay'>[]> {
  const rows = (await k('_definition_revisions').select('id', 'at', 'author_id', 'message', 'action').orderBy('id', 'desc').limit(limit)) as Record<string, unknown>[];
  return rows.map((r) => {
    const { overlay: _o, ...rest } = toRevision(r);
    return rest;
  });
}

export async function insertRevision(k: Knex, r: { authorId: number | null; message: string | null; action: string; overlay: LayerEntry[] }): Promise<number> {
  const [row] = (await k('_definition_revisions').insert({
    at: new Date().toISOString(), author_id: r.authorId, message: r.message, action: r.action, overlay: JSON.stringify(r.overlay),
  }, ['id'])) as (number | { id: number })[];
  return typeof row === 'object' ? Number(row.id) : Number(row);
}

const toDraft = (r: Record<string, unknown>): DraftRow => ({
  authorId: Number(r.author_id), kind: r.kind as DocKind, name: String(r.name), document: parse<Document | null>(r.document, null),
  etag: String(r.etag ?? ''), basedOn: (r.based_on as string | null) ?? null, baseHash: (r.base_hash as string | null) ?? null, updatedAt: String(r.updated_at),
});

export async function draftsOf(k: Knex, authorId: number): Promise<DraftRow[]> {
  return ((await k('_definition_drafts').where({ author_id: authorId }).orderBy(['kind', 'name'])) as Record<string, unknown>[]).map(toDraft);
}

/** Every designer's draft of one document, newest first. */
export async function draftsOfDocument(k: Knex, kind: DocKind, name: string): Promise<DraftRow[]> {
  return ((await k('_definition_drafts').where({ kind, name }).orderBy('updated_at', 'desc')) as Record<string, unknown>[]).map(toDraft);
}

export async function saveDraft(k: Knex, d: Omit<DraftRow, 'updatedAt'>): Promise<void> {
  const row = {
    author_id: d.authorId, kind: d.kind, name: d.name, document: d.document === null ? null : JSON.stringify(d.document),
    etag: d.etag, based_on: d.basedOn, base_hash: d.baseHash, updated_at: new Date().toISOString(),
  };
  const updated = await k('_definition_drafts').where({ author_id: d.authorId, kind: d.kind, name: d.name })
    .update({ document: row.document, etag: row.etag, base_hash: row.base_hash, updated_at: row.updated_at });
  if (updated === 0) await k('_definition_drafts').insert(row);
}

export async function dropDraft(k: Knex, authorId: number, kind: DocKind, name: string): Promise<void> {
  await k('_definition_drafts').where({ author_id: authorId, kind, name }).delete();
}

export async function clearDrafts(k: Knex, authorId: number): Promise<void> {
  await k('_definition_drafts').where({ author_id: authorId }).delete();
}
