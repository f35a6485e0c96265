// The compiled server validates definition files with validators generated at build time (ajv
// standalone code); the sources compile them at start. Both must report the same problems.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { ValidateFunction } from 'ajv';
import { ajvProblems, definitionAjv, definitionValidatorsCode } from '../../runtime/definition/ajv.js';
import { ROOT } from '../helpers/testRuntime.js';

type Json = Record<string, unknown>;
// Under node_modules, so that the generated code's require() of ajv's runtime helpers resolves.
const dir = join(ROOT, 'node_modules', '.cache', `crm-validators-${process.pid}`);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every definition file of the examples, with its kind. */
function exampleFiles(): { kind: string; file: string; json: Json }[] {
  const kinds: Record<string, string> = { entities: 'entity', forms: 'form', views: 'view', pipelines: 'pipeline', roles: 'role', dashboards: 'dashboard', automations: 'automation' };
  const out: { kind: string; file: string; json: Json }[] = [];
  for (const app of readdirSync(join(ROOT, 'examples')).filter((n) => existsSync(join(ROOT, 'examples', n, 'app.json')))) {
    out.push({ kind: 'app', file: `${app}/app.json`, json: JSON.parse(readFileSync(join(ROOT, 'examples', app, 'app.json'), 'utf8')) });
    for (const [folder, kind] of Object.entries(kinds)) {
      let names: string[] = [];
      try { names = readdirSync(join(ROOT, 'examples', app, folder)).filter((n) => n.endsWith('.json')); } catch { /* no such folder */ }
      for (const n of names) out.push({ kind, file: `${app}/${folder}/${n}`, json: JSON.parse(readFileSync(join(ROOT, 'examples', app, folder, n), 'utf8')) });
    }
  }
  return out;
}

/** The document and broken copies of it: each top-level member removed, replaced by a number, an unknown member added, and the first field (if any) given a wrong type and an unknown setting. */
function variants(json: Json): Json[] {
  const out: Json[] = [json, { ...json, zzz: 1 }];
  for (const key of Object.keys(json)) {
    const { [key]: _gone, ...rest } = json;
    out.push(rest, { ...json, [key]: 42 });
  }
  const fields = json.fields as Json[] | undefined;
  if (Array.isArray(fields) && fields.length) {
    out.push({ ...json, fields: [{ ...fields[0], type: 'decimal' }, ...fields.slice(1)] }, { ...json, fields: [{ ...fields[0], requried: true }, ...fields.slice(1)] });
  }
  return out;
}

describe('generated definition validators', () => {
  it('should report exactly what the compiled ones report, on valid and broken files of every kind', async () => {
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'validators.mjs');
    writeFileSync(file, await definitionValidatorsCode());
    const generated = (await import(pathToFileURL(file).href)) as Record<string, ValidateFunction>;
    let compared = 0;
    for (const { kind, file: name, json } of exampleFiles()) {
      const compiled = definitionAjv().getSchema(`${kind}.schema.json`)!;
      for (const doc of variants(json)) {
        const a = generated[kind](doc);
        const b = compiled(doc);
        expect(a, name).toBe(b);
        expect(ajvProblems(generated[kind].errors), name).toEqual(ajvProblems(compiled.errors));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(300);
  }, 60_000);
});
