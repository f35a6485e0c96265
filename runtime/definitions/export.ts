// `crm export`: the effective app (the folder with the studio's overlay laid over it), or only the
// overlay, written as an app folder that `crm validate` and `crm apply` read. Every document is
// written as 2-space JSON with a trailing newline and its keys in their order, so exporting what
// was exported gives the same bytes.
import { cpSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadApp } from '../definition/load.js';
import { DefinitionInvalidError } from '../index.js';
import { applyLayers, baseDocuments, docKey, fileFor, formatDocument, type LayerEntry } from './layers.js';

export interface ExportResult { written: string[]; removed: string[] }

export function exportApp({ appDir, overlay, out, overlayOnly = false }: { appDir: string; overlay: readonly LayerEntry[]; out: string; overlayOnly?: boolean }): ExportResult {
  const { raw, problems } = loadApp({ dir: appDir });
  if (problems.length) throw new DefinitionInvalidError(problems);
  const base = baseDocuments(raw);
  const write = (file: string, json: unknown): string => {
    const path = join(out, file);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, formatDocument(json));
    return file;
  };
  mkdirSync(out, { recursive: true });
  const removed = overlay.filter((e) => e.document === null).map((e) => base.get(docKey(e.kind, e.name))?.file ?? fileFor(e.kind, e.name));
  if (overlayOnly) {
    const written = overlay.filter((e) => e.document !== null).map((e) => write(base.get(docKey(e.kind, e.name))?.file ?? fileFor(e.kind, e.name), e.document));
    return { written, removed };
  }
  const written = applyLayers(raw, overlay).files.map((f) => write(f.file, f.json));
  // Plugins in the app's own folder are part of the app (app.json lists them by name).
  if (existsSync(join(appDir, 'plugins')) && !existsSync(join(out, 'plugins'))) cpSync(join(appDir, 'plugins'), join(out, 'plugins'), { recursive: true });
  return { written, removed };
}
