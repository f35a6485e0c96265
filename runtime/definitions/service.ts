// Definitions at runtime: the studio's drafts, validate, plan, apply (a new overlay revision and a
// runtime swap without a restart), revisions and revert, and picking up revisions other processes
// applied. The layer rules are in layers.ts; the tables in store.ts.
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { loadApp, type RawApp } from '../definition/load.js';
import { DefinitionInvalidError, type LiveRuntime, type PreparedApp, prepareRawApp } from '../index.js';
import type { Db } from '../dialect/index.js';
import { appError, type ProblemItem } from '../errors/catalog.js';
import { applyMigration, describeStep, planFor, type Step } from '../migrate/index.js';
import type { Ctx } from '../records/context.js';
import { createHolder, type RuntimeHolder } from './holder.js';
import {
  applyLayers, type BaseDocument, baseDocuments, canonical, type Conflict, type DocKind, type Document, docHash, docKey, fileFor, type LayerEntry, stack, withoutNoops,
} from './layers.js';
import { exportFiles } from './export.js';
import * as store from './store.js';

export interface DefinitionError { pointer: string; message: string; code: string; kind: string | null; name: string | null; file: string }
export interface PlanStep { op: string; description: string; destructive: boolean; [k: string]: unknown }

export interface DefinitionsOptions {
  appDir: string;
  db: Db;
  /** A runtime for a prepared app on the shared database (migrating what is not destructive). */
  build(prepared: PreparedApp): Promise<LiveRuntime>;
  /** How often to look for revisions other processes applied (ms; 0: never; default CRM_DEFINITIONS_POLL_MS or 2000). */
  pollMs?: number;
  onError?(err: unknown): void;
}

export type Definitions = Awaited<ReturnType<typeof openDefinitions>>;

interface State {
  base: Map<string, BaseDocument>;
  baseRaw: RawApp;
  revision: number;
  overlay: LayerEntry[];
  drafts: store.DraftRow[];
  /** base + overlay + the caller's drafts. */
  entries: LayerEntry[];
}

/** The advisory lock key of definition applies (any constant the platform uses for nothing else). */
const APPLY_LOCK = 7_263_640_551;
const authorOf = (ctx: Ctx): number => (ctx.actor.kind === 'user' ? ctx.actor.id : 0);
const draftEntry = (d: store.DraftRow): LayerEntry => ({ kind: d.kind, name: d.name, document: d.document, baseHash: d.baseHash });
const isDestructive = (s: Step): boolean => s.op === 'dropColumn' || s.op === 'dropTable';

/** "abc", W/"abc", abc → abc; absent → null. */
export function parseIfMatch(raw: string | undefined): string | null {
  if (raw === undefined || raw.trim() === '') return null;
  return raw.trim().replace(/^W\//, '').replace(/^"(.*)"$/, '$1');
}

function loadBase(appDir: string): { raw: RawApp; base: Map<string, BaseDocument> } {
  const { raw, problems } = loadApp({ dir: appDir });
  if (problems.length) throw new DefinitionInvalidError(problems);
  return { raw, base: baseDocuments(raw) };
}

async function audit(k: Knex, ctx: Ctx, action: string, revision: number, changed: string[], after: Record<string, unknown>): Promise<void> {
  await k('_audit').insert({
    at: new Date().toISOString(), actor_kind: ctx.actor.kind, actor_id: ctx.actor.kind === 'user' ? ctx.actor.id : null, via: ctx.via, request_id: ctx.requestId,
    reason: ctx.actor.kind === 'system' ? ctx.actor.reason : null, entity: '_definitions', record_id: revision, action, changed: JSON.stringify(changed),
    before: null, after: JSON.stringify(after), cause: null,
  });
}

export async function openDefinitions(options: DefinitionsOptions) {
  const { appDir, db } = options;
  const k = db.knex;
  const first = loadBase(appDir);
  const initial = (await store.hasTables(k)) ? await store.currentOverlay(k) : { revision: 0, overlay: [] };
  const rt = await options.build(await prepareRawApp(appDir, applyLayers(first.raw, initial.overlay)));
  const holder: RuntimeHolder = createHolder(rt, initial.revision);
  let lock: Promise<unknown> = Promise.resolve();
  /** One apply, revert or pick-up at a time in this process. */
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = lock.then(fn, fn);
    lock = run.catch(() => undefined);
    return run;
  };

  async function state(ctx: Ctx | null): Promise<State> {
    const { raw, base } = loadBase(appDir);
    const { revision, overlay } = await store.currentOverlay(k);
    const drafts = ctx ? await store.draftsOf(k, authorOf(ctx)) : [];
    return { base, baseRaw: raw, revision, overlay, drafts, entries: withoutNoops(base, stack(overlay, drafts.map(draftEntry))) };
  }

  const appliedDoc = (s: State, kind: DocKind, name: string): Document | null => {
    const o = s.overlay.find((e) => e.kind === kind && e.name === name);
    return o ? o.document : s.base.get(docKey(kind, name))?.document ?? null;
  };

  /** Overlay entries (not superseded by the caller's draft) whose base changed under them. */
  const conflicts = (s: State): Conflict[] => {
    const drafted = new Set(s.drafts.map((d) => docKey(d.kind, d.name)));
    return s.overlay.filter((e) => !drafted.has(docKey(e.kind, e.name))).flatMap((e) => {
      const b = s.base.get(docKey(e.kind, e.name));
      const now = b?.hash ?? null;
      return now === e.baseHash ? [] : [{ kind: e.kind, name: e.name, overlayBaseHash: e.baseHash, baseHash: now, base: b?.document ?? null, overlay: e.document }];
    });
  };

  /** The caller's drafts made against a version another apply has replaced since. */
  const staleDrafts = (s: State): store.DraftRow[] => s.drafts.filter((d) => {
    const now = appliedDoc(s, d.kind, d.name);
    return (now ? docHash(now) : null) !== d.basedOn;
  });

  function problemsOf(s: State): DefinitionError[] {
    return [
      ...conflicts(s).map((c) => ({ pointer: '', code: 'conflict', kind: c.kind, name: c.name, file: fileFor(c.kind, c.name), message: `the app folder's ${c.kind} "${c.name}" changed since the studio's version was made; save the document again (or revert) to resolve` })),
      ...staleDrafts(s).map((d) => ({ pointer: '', code: 'conflict', kind: d.kind, name: d.name, file: fileFor(d.kind, d.name), message: `${d.kind} "${d.name}" was changed by another apply since this draft was started; load it again and save` })),
    ];
  }

  async function compile(s: State): Promise<{ prepared: PreparedApp | null; errors: DefinitionError[] }> {
    const raw = applyLayers(s.baseRaw, s.entries);
    const whose = new Map(raw.files.map((f) => [f.file, { kind: f.kind as string, name: f.kind === 'app' ? 'app' : String((f.json as { name?: unknown }).name ?? '') }]));
    try {
      return { prepared: await prepareRawApp(appDir, raw), errors: [] };
    } catch (err) {
      if (!(err instanceof DefinitionInvalidError)) throw err;
      return {
        prepared: null,
        errors: err.problems.map((p) => ({ pointer: p.pointer, message: p.message, code: p.code, kind: whose.get(p.file)?.kind ?? null, name: whose.get(p.file)?.name ?? null, file: p.file })),
      };
    }
  }

  const toProblems = (errors: DefinitionError[]): ProblemItem[] => errors.map((e) => ({ pointer: e.pointer, code: e.code, message: e.message, file: e.file }));

  async function planOf(s: State, extra: string = ''): Promise<{ prepared: PreparedApp; steps: Step[]; hash: string; snapshotHash: string }> {
    const conflictErrors = problemsOf(s);
    if (conflictErrors.length) throw appError('CONFLICT', 'some documents are in conflict; resolve them first', { errors: toProblems(conflictErrors) });
    const { prepared, errors } = await compile(s);
    if (!prepared) throw appError('DEFINITION_INVALID', `the definitions have ${errors.length} problem(s)`, { errors: toProblems(errors) });
    const plan = await planFor(db, prepared.app, { destructive: true });
    const hash = createHash('sha256').update(canonical({ snapshot: plan.snapshotHash, revision: s.revision, entries: s.entries, extra })).digest('hex').slice(0, 32);
    return { prepared, steps: plan.steps, hash, snapshotHash: plan.snapshotHash };
  }

  const wireSteps = (steps: Step[]): PlanStep[] => steps.map((st) => ({ ...st, description: describeStep(st), destructive: isDestructive(st) }));

  /**
   * Applies of several processes one at a time: on PostgreSQL a transaction-scoped advisory lock,
   * held while the revision check, the migration and the revision row happen (on SQLite the
   * server is one process and `serial` is enough).
   */
  async function exclusively<T>(fn: () => Promise<T>): Promise<T> {
    if (db.dialect !== 'postgres') return fn();
    return k.transaction(async (lockTrx) => {
      await lockTrx.raw('SELECT pg_advisory_xact_lock(?)', [APPLY_LOCK]);
      return fn();
    });
  }

  /** Migrates, stores the revision (and what else `record` writes) and swaps the runtime. */
  async function commit(ctx: Ctx, s: State, p: Awaited<ReturnType<typeof planOf>>, opts: { confirmDestructive: boolean; message: string | null; action: 'apply' | 'revert'; overlay: LayerEntry[]; clearDrafts: boolean }) {
    if (p.steps.some(isDestructive) && !opts.confirmDestructive) {
      throw appError('MIGRATION_REFUSED', 'the plan deletes data (destructive steps); send "confirmDestructive": true to apply it', {
        errors: p.steps.filter(isDestructive).map((st) => ({ pointer: '/confirmDestructive', code: 'destructive', message: describeStep(st) })),
      });
    }
    // The revision check, the migration, the revision row, the drafts it clears and its audit row
    // commit together or not at all: the schema is never ahead of the stored revision. On SQLite the
    // transaction holds the write lock, so applies of several processes run one at a time there too.
    let revision = 0;
    const { applied } = await exclusively(() => applyMigration({
      db, plan: { snapshotHash: p.snapshotHash, steps: p.steps }, destructive: opts.confirmDestructive, app: { name: p.prepared.app.name, version: p.prepared.app.version },
      hooks: {
        before: async (trx) => {
          if ((await store.latestRevisionId(trx)) !== s.revision) throw appError('MIGRATION_REFUSED', 'another revision was applied since this plan was made; plan again');
        },
        after: async (trx, steps) => {
          revision = await store.insertRevision(trx, { authorId: ctx.actor.kind === 'user' ? ctx.actor.id : null, message: opts.message, action: opts.action, overlay: opts.overlay });
          if (opts.clearDrafts) await store.clearDrafts(trx, authorOf(ctx));
          await audit(trx, ctx, `definitions.${opts.action}`, revision, opts.overlay.map((e) => docKey(e.kind, e.name)), { message: opts.message, steps: steps.length });
        },
      },
    }));
    await holder.swap(await options.build(p.prepared), revision);
    return { revision, applied: wireSteps(applied) };
  }

  /** Builds and swaps in the newest revision when another process applied one. */
  const checkRevision = (): Promise<boolean> => serial(async () => {
    const latest = await store.latestRevisionId(k);
    if (latest <= holder.revision()) return false;
    const rev = (await store.getRevision(k, latest))!;
    const { raw } = loadBase(appDir);
    await holder.swap(await options.build(await prepareRawApp(appDir, applyLayers(raw, rev.overlay))), latest);
    return true;
  });

  const pollMs = options.pollMs ?? Number(process.env.CRM_DEFINITIONS_POLL_MS ?? 2000);
  let polling = false;
  const timer = pollMs > 0 ? setInterval(() => {
    if (polling) return;
    polling = true;
    checkRevision().catch((err: unknown) => options.onError?.(err)).finally(() => { polling = false; });
  }, pollMs) : null;
  timer?.unref();

  return {
    holder,
    db,
    checkRevision,

    async list(ctx: Ctx) {
      const s = await state(ctx);
      const drafted = new Map(s.drafts.map((d) => [docKey(d.kind, d.name), d]));
      const overlaid = new Set(s.overlay.map((e) => docKey(e.kind, e.name)));
      const fileOf = (kind: DocKind, name: string): string => s.base.get(docKey(kind, name))?.file ?? fileFor(kind, name);
      return {
        revision: s.revision,
        documents: s.entries.filter((e) => e.document !== null).map((e) => e as LayerEntry & { document: Document })
          .concat([...s.base.values()].filter((b) => !s.entries.some((e) => e.kind === b.kind && e.name === b.name)).map((b) => ({ kind: b.kind, name: b.name, document: b.document, baseHash: b.hash })))
          .sort((a, b) => (docKey(a.kind, a.name) < docKey(b.kind, b.name) ? -1 : 1))
          .map((e) => {
            const key = docKey(e.kind, e.name);
            return { kind: e.kind, name: e.name, file: fileOf(e.kind, e.name), etag: docHash(e.document), layer: drafted.has(key) ? 'draft' : overlaid.has(key) ? 'overlay' : 'base', document: e.document };
          }),
        layers: {
          base: [...s.base.values()].map((b) => ({ kind: b.kind, name: b.name, file: b.file, hash: b.hash, document: b.document })),
          overlay: s.overlay.map((e) => ({ kind: e.kind, name: e.name, file: fileOf(e.kind, e.name), hash: e.document ? docHash(e.document) : null, baseHash: e.baseHash, deleted: e.document === null, document: e.document })),
          draft: s.drafts.map((d) => ({ kind: d.kind, name: d.name, file: fileOf(d.kind, d.name), hash: d.document ? d.etag : null, basedOn: d.basedOn, deleted: d.document === null, document: d.document, updatedAt: d.updatedAt })),
        },
        conflicts: conflicts(s),
      };
    },

    /** Saves (document) or drafts the removal of (null) one document as the caller's draft. */
    async saveDraft(ctx: Ctx, { kind, name, document, ifMatch }: { kind: DocKind; name: string; document: Document | null; ifMatch: string | null }) {
      const s = await state(ctx);
      const me = authorOf(ctx);
      const applied = appliedDoc(s, kind, name);
      const appliedEtag = applied ? docHash(applied) : null;
      const mine = s.drafts.find((d) => d.kind === kind && d.name === name);
      const other = (await store.draftsOfDocument(k, kind, name)).find((d) => d.authorId !== me);
      // What the caller must have loaded: their own draft, else another designer's pending draft, else the applied version.
      const current = mine ? { document: mine.document, etag: mine.document ? mine.etag : null, layer: 'draft', author: me }
        : other ? { document: other.document, etag: other.document ? other.etag : null, layer: 'draft', author: other.authorId || null }
          : { document: applied, etag: appliedEtag, layer: applied && s.overlay.some((e) => e.kind === kind && e.name === name) ? 'overlay' : 'base', author: null };
      const matches = ifMatch === '*' ? current.etag !== null : ifMatch === current.etag;
      if (!matches) {
        throw appError('CONFLICT', ifMatch === null && current.etag !== null
          ? `${kind} "${name}" exists: send If-Match with the etag you loaded`
          : `${kind} "${name}" was changed since you loaded it${current.layer === 'draft' && current.author !== me ? ' (another designer has a draft of it)' : ''}`, {
          members: { current: { etag: current.etag, layer: current.layer, author: current.author, document: current.document }, yours: { ifMatch, document } },
        });
      }
      if (!mine && document === null && applied === null) throw appError('NOT_FOUND', `no ${kind} "${name}"`);
      if (mine && document === null && applied === null) {
        await store.dropDraft(k, me, kind, name); // a new document that was never applied: the draft just goes
      } else {
        await store.saveDraft(k, {
          authorId: me, kind, name, document, etag: document ? docHash(document) : '', basedOn: mine ? mine.basedOn : appliedEtag, baseHash: s.base.get(docKey(kind, name))?.hash ?? null,
        });
      }
      await audit(k, ctx, document ? 'definitions.draft' : 'definitions.draft_delete', s.revision, [docKey(kind, name)], {});
      return { kind, name, etag: document ? docHash(document) : null };
    },

    async discardDrafts(ctx: Ctx) {
      await store.clearDrafts(k, authorOf(ctx));
    },

    async validate(ctx: Ctx) {
      const s = await state(ctx);
      const errors = [...problemsOf(s), ...(await compile(s)).errors];
      return { valid: errors.length === 0, errors };
    },

    async plan(ctx: Ctx) {
      const p = await planOf(await state(ctx));
      return { steps: wireSteps(p.steps), hash: p.hash };
    },

    apply: (ctx: Ctx, body: { hash: string; confirmDestructive?: boolean; message?: string }) => serial(async () => {
      const s = await state(ctx);
      const p = await planOf(s);
      if (p.hash !== body.hash) throw appError('MIGRATION_REFUSED', 'the definitions or the database changed since this plan was made; plan again', { errors: [{ pointer: '/hash', code: 'stale', message: 'plan again' }] });
      if (s.drafts.length === 0 && p.steps.length === 0) return { revision: s.revision, applied: [] as PlanStep[] };
      return commit(ctx, s, p, { confirmDestructive: body.confirmDestructive === true, message: body.message ?? null, action: 'apply', overlay: s.entries, clearDrafts: true });
    }),

    revisions: () => store.listRevisions(k),

    /** The applied app (folder + the newest revision's overlay), or the overlay alone, as app-folder files. */
    async exportFiles(overlayOnly = false) {
      const { revision, overlay } = await store.currentOverlay(k);
      return { revision, app: holder.current().app.name, ...exportFiles({ appDir, overlay, overlayOnly }) };
    },

    revert: (ctx: Ctx, id: number, body: { confirmDestructive?: boolean }) => serial(async () => {
      const rev = id === 0 ? { overlay: [] as LayerEntry[] } : await store.getRevision(k, id);
      if (!rev) throw appError('NOT_FOUND', `no revision ${id}`);
      const s0 = await state(null);
      const s: State = { ...s0, overlay: rev.overlay, entries: withoutNoops(s0.base, rev.overlay) };
      const p = await planOf(s, `revert:${id}`);
      return commit(ctx, { ...s, revision: s0.revision }, p, { confirmDestructive: body.confirmDestructive === true, message: `revert to revision ${id}`, action: 'revert', overlay: s.entries, clearDrafts: false });
    }),

    async close() {
      if (timer) clearInterval(timer);
      await lock.catch(() => undefined);
      await holder.close();
    },
  };
}
