// The one ajv instance for definition files (draft 2020-12, all errors, discriminated field union).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsPkg from 'ajv-formats';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { SCHEMAS_DIR } from './generateTypes.js';

const addFormats = addFormatsPkg.default;

type Overrides = Readonly<Record<string, Record<string, unknown>>>;

let cached: Ajv2020 | null = null;
const withOverrides = new WeakMap<Overrides, Ajv2020>();

/**
 * The ajv instance with every schema of schemas/ — or, with `overrides`, with some of them replaced
 * by generated ones (the field schema of a registry with plugin types), compiled once per overrides.
 */
export function definitionAjv(overrides?: Overrides): Ajv2020 {
  if (!overrides) return (cached ??= buildAjv({}));
  let ajv = withOverrides.get(overrides);
  if (!ajv) withOverrides.set(overrides, (ajv = buildAjv(overrides)));
  return ajv;
}

function buildAjv(overrides: Overrides): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, strict: false, discriminator: true });
  addFormats(ajv);
  for (const name of readdirSync(SCHEMAS_DIR).filter((n) => n.endsWith('.schema.json'))) {
    ajv.addSchema(overrides[name] ?? JSON.parse(readFileSync(join(SCHEMAS_DIR, name), 'utf8')));
  }
  return ajv;
}

export function schemaValidator(kind: string, overrides?: Overrides): ValidateFunction {
  const fn = definitionAjv(overrides).getSchema(`${kind}.schema.json`);
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
      message = 'unknown field type (see the field types in the docs)';
    }
    const key = `${pointer}|${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ pointer, code: e.keyword === 'required' ? 'required' : e.keyword, message });
  }
  return out;
}
