// Stage 1: read an app folder into raw JSON documents (no validation beyond "is it JSON").
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseJsonSafe, UnsafeJsonError } from '../json.js';
import type { ProblemItem } from '../errors/catalog.js';

export const FOLDERS = {
  entities: 'entity',
  forms: 'form',
  views: 'view',
  pipelines: 'pipeline',
  automations: 'automation',
  dashboards: 'dashboard',
  roles: 'role',
} as const;
export type FileKind = 'app' | (typeof FOLDERS)[keyof typeof FOLDERS];

export interface RawFile {
  kind: FileKind;
  /** Path relative to the app folder, e.g. "entities/deal.json". */
  file: string;
  json: unknown;
}

export interface RawApp {
  dir: string;
  files: RawFile[];
}

export interface DefinitionProblem extends ProblemItem {
  file: string;
}

const MAX_FILE_BYTES = 2 * 1024 * 1024;

export function loadApp({ dir }: { dir: string }): { raw: RawApp; problems: DefinitionProblem[] } {
  const problems: DefinitionProblem[] = [];
  const files: RawFile[] = [];
  const read = (kind: FileKind, path: string): void => {
    const file = relative(dir, path);
    try {
      if (statSync(path).size > MAX_FILE_BYTES) {
        problems.push({ file, pointer: '', code: 'too_large', message: `file is larger than ${MAX_FILE_BYTES} bytes` });
        return;
      }
      files.push({ kind, file, json: parseJsonSafe(readFileSync(path, 'utf8')) });
    } catch (err) {
      const message = err instanceof UnsafeJsonError ? err.message : `not valid JSON: ${(err as Error).message}`;
      problems.push({ file, pointer: err instanceof UnsafeJsonError ? err.path : '', code: 'parse', message });
    }
  };
  let appStat;
  try {
    appStat = statSync(join(dir, 'app.json'));
  } catch {
    problems.push({ file: 'app.json', pointer: '', code: 'missing', message: `no app.json in ${dir}` });
    return { raw: { dir, files }, problems };
  }
  if (appStat.isFile()) read('app', join(dir, 'app.json'));
  for (const [folder, kind] of Object.entries(FOLDERS)) {
    let names: string[];
    try {
      names = readdirSync(join(dir, folder));
    } catch {
      continue;
    }
    for (const name of names.filter((n) => n.endsWith('.json')).sort()) read(kind, join(dir, folder, name));
  }
  return { raw: { dir, files }, problems };
}
