// The one ajv instance for definition files (draft 2020-12, all errors, discriminated field union).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsPkg from 'ajv-formats';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { SCHEMAS_DIR } from './generateTypes.js';

const addFormats = addFormatsPkg.default;

let cached: Ajv2020 | null = null;

export function definitionAjv(): Ajv2020 {
  if (cached) return cached;
  const ajv = new Ajv2020({ allErrors: true, strict: false, discriminator: true });
  addFormats(ajv);
  for (const name of readdirSync(SCHEMAS_DIR).filter((n) => n.endsWith('.schema.json'))) {
    ajv.addSchema(JSON.parse(readFileSync(join(SCHEMAS_DIR, name), 'utf8')));
  }
  cached = ajv;
  return ajv;
}

export function schemaValidator(kind: string): ValidateFunction {
  const fn = definitionAjv().getSchema(`${kind}.schema.json`);
  if (!fn) throw new Error(`no schema for ${kind}`);
  return fn;
}

/** ajv errors → readable messages with RFC 6901 pointers (no '#'). Noise from anyOf/oneOf is trimmed. */
export function ajvProblems(errors: ErrorObject[] | null | undefined): { pointer: string; code: string; message: string }[] {
  if (!errors) return [];
  const out: { pointer: string; code: string; message: string }[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    if (e.keyword === 'anyOf' || e.keyword === 'oneOf' || e.keyword === 'if') continue;
    let pointer = e.instancePath;
    let message = e.message ?? 'is invalid';
    if (e.keyword === 'additionalProperties') {
      const extra = (e.params as { additionalProperty: string }).additionalProperty;
      pointer = `${pointer}/${extra.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      message = `unknown property "${extra}"`;
    } else if (e.keyword === 'required') {
      const missing = (e.params as { missingProperty: string }).missingProperty;
      pointer = `${pointer}/${missing}`;
      message = `"${missing}" is required`;
    } else if (e.keyword === 'enum') {
      message = `must be one of: ${((e.params as { allowedValues: unknown[] }).allowedValues ?? []).map((v) => JSON.stringify(v)).join(', ')}`;
    } else if (e.keyword === 'discriminator') {
      const what = /^\/trigger/.test(pointer) ? 'trigger type' : /^\/nodes\//.test(pointer) ? 'node type' : 'field type';
      const { tagValue: value, tag } = e.params as { tagValue?: unknown; tag?: string };
      if (tag && !pointer.endsWith(`/${tag}`)) pointer = `${pointer}/${tag}`;
      message = `unknown ${what}${typeof value === 'string' ? ` "${value.slice(0, 64)}"` : ''} (see the ${what}s in the docs)`;
    }
    const key = `${pointer}|${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ pointer, code: e.keyword === 'required' ? 'required' : e.keyword, message });
  }
  return out;
}
