// Export: the effective app (the folder with the studio's overlay laid over it), or only the
// overlay, as the files of an app folder that `crm validate` and `crm apply` read. Every document
// is 2-space JSON with a trailing newline and its keys in their order, so exporting what was
// exported gives the same bytes. `exportFiles` builds the files in memory (the studio's download
// zips them); `exportApp` writes them to a folder (`crm export`).
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { zipSync } from 'fflate';
import { loadApp } from '../definition/load.js';
import { DefinitionInvalidError } from '../index.js';
import { applyLayers, baseDocuments, docKey, fileFor, formatDocument, type LayerEntry } from './layers.js';

export interface ExportResult { written: string[]; removed: string[] }
export interface ExportedFile { path: string; content: Uint8Array }

/** Every file under dir, paths relative to it with forward slashes, in a stable order. */
function filesUnder(dir: string, root = dir): string[] {
  return readdirSync(dir).sort().flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules') return [];
    return statSync(path).isDirectory() ? filesUnder(path, root) : [relative(root, path).split(sep).join('/')];
  });
}

export function exportFiles({ appDir, overlay, overlayOnly = false }: { appDir: string; overlay: readonly LayerEntry[]; overlayOnly?: boolean }): { files: ExportedFile[]; removed: string[] } {
  const { raw, problems } = loadApp({ dir: appDir });
  if (problems.length) throw new DefinitionInvalidError(problems);
  const base = baseDocuments(raw);
  const encode = (path: string, json: unknown): ExportedFile => ({ path, content: Buffer.from(formatDocument(json)) });
  const removed = overlay.filter((e) => e.document === null).map((e) => base.get(docKey(e.kind, e.name))?.file ?? fileFor(e.kind, e.name));
  if (overlayOnly) {
    return { files: overlay.filter((e) => e.document !== null).map((e) => encode(base.get(docKey(e.kind, e.name))?.file ?? fileFor(e.kind, e.name), e.document)), removed };
  }
  const files = applyLayers(raw, overlay).files.map((f) => encode(f.file, f.json));
  // Plugins in the app's own folder are part of the app (app.json lists them by name).
  const plugins = join(appDir, 'plugins');
  if (existsSync(plugins)) {
    for (const path of filesUnder(plugins)) files.push({ path: `plugins/${path}`, content: readFileSync(join(plugins, path)) });
  }
  return { files, removed };
}

export function exportApp({ appDir, overlay, out, overlayOnly = false }: { appDir: string; overlay: readonly LayerEntry[]; out: string; overlayOnly?: boolean }): ExportResult {
  const { files, removed } = exportFiles({ appDir, overlay, overlayOnly });
  mkdirSync(out, { recursive: true });
  for (const f of files) {
    const path = join(out, f.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, f.content);
  }
  return { written: files.filter((f) => !f.path.startsWith('plugins/')).map((f) => f.path), removed };
}

/** A zip of the files under one folder; entries carry a fixed time, so the same files give the same bytes. */
export function zipFiles(folder: string, files: readonly ExportedFile[]): Uint8Array {
  const mtime = new Date('2000-01-01T00:00:00Z');
  return zipSync(Object.fromEntries(files.map((f) => [`${folder}/${f.path}`, [f.content, { mtime }]])), { level: 6 });
}
