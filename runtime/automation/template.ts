// Templated values with mustache, logic-less on purpose: a template can only read values, never
// run code (no helpers, no partials, no delimiter changes), and its names are checked against the
// app when the rule is validated. Variables are HTML-escaped only where the output is HTML.
import Mustache from 'mustache';
import type { ProblemItem } from '../errors/catalog.js';
import type { ModelInfo } from '../query/model.js';
import { isPlainObject } from '../json.js';

/** The names a template may start with. */
export const TEMPLATE_ROOTS = ['record', 'trigger', 'steps', 'now', 'today', 'run'] as const;
const FORBIDDEN_SEGMENTS = new Set(['constructor', '__proto__', 'prototype', '__defineGetter__', '__lookupGetter__']);
const SINGLE_TAG = /^\s*\{\{\s*([A-Za-z0-9_.]+)\s*\}\}\s*$/;

interface Tag { name: string; type: string; nested: boolean }

type Token = [string, string, number, number, Token[]?];

function tagsOf(template: string): Tag[] {
  const out: Tag[] = [];
  const walk = (tokens: Token[], nested: boolean): void => {
    for (const t of tokens) {
      if (t[0] === 'text') continue;
      out.push({ name: t[1], type: t[0], nested });
      if (Array.isArray(t[4])) walk(t[4], true);
    }
  };
  walk(Mustache.parse(template) as unknown as Token[], false);
  return out;
}

export interface TemplateRefs {
  model: ModelInfo;
  /** The entity `record` stands for, or null when the rule has no record. */
  entity: string | null;
  /** Node ids a template at this place may read the output of (the nodes before it). */
  steps: ReadonlySet<string>;
}

/** Problems of one template; `expand` collects the relations `record.<rel>.<field>` needs. */
export function checkTemplate(template: string, at: string, refs: TemplateRefs, expand?: Set<string>): ProblemItem[] {
  let tags: Tag[];
  try {
    tags = tagsOf(template);
  } catch (err) {
    return [{ pointer: at, code: 'template', message: `not a valid template: ${(err as Error).message}` }];
  }
  const problems: ProblemItem[] = [];
  const add = (message: string): void => void problems.push({ pointer: at, code: 'template', message });
  for (const tag of tags) {
    if (tag.type === '>' || tag.type === '=') {
      add(tag.type === '>' ? 'partials ({{> name}}) are not supported' : 'changing the delimiters is not supported');
      continue;
    }
    if (tag.type === '!') continue;
    const segs = tag.name.split('.');
    if (tag.name === '.') continue;
    if (segs.some((s) => FORBIDDEN_SEGMENTS.has(s))) {
      add(`"${tag.name}" reads a name that is not allowed`);
      continue;
    }
    // Inside a section names are relative to the section's item: only the root form is checked.
    if (tag.nested && !(TEMPLATE_ROOTS as readonly string[]).includes(segs[0])) continue;
    const root = segs[0];
    if (!(TEMPLATE_ROOTS as readonly string[]).includes(root)) {
      add(`"{{${tag.name}}}" is unknown: a template reads ${TEMPLATE_ROOTS.map((r) => `${r}.…`).join(', ')}`);
    } else if (root === 'record') {
      const p = recordPathProblem(refs, segs.slice(1), expand);
      if (p) add(`"{{${tag.name}}}": ${p}`);
    } else if (root === 'steps') {
      const id = segs[1];
      if (!id || !refs.steps.has(id)) add(`"{{${tag.name}}}" reads step "${id ?? ''}", which does not run before this node`);
      else if (segs.length > 2 && segs[2] !== 'output') add(`"{{${tag.name}}}": a step offers its output ({{steps.${id}.output.…}})`);
    } else if (root === 'trigger' && segs.length > 1 && !['before', 'after', 'changed', 'body', 'headers', 'occurrence', 'field', 'value', 'type', 'entity', 'id', 'actor', 'input', 'reason'].includes(segs[1])) {
      add(`"{{${tag.name}}}": the trigger offers before, after, changed, reason, body, headers, occurrence, field, value, input, actor, type, entity and id`);
    }
  }
  return problems;
}

function recordPathProblem(refs: TemplateRefs, segs: string[], expand?: Set<string>): string | null {
  if (!refs.entity) return 'this rule has no record (its trigger is not about one)';
  if (segs.length === 0) return null;
  let entity = refs.model.entity(refs.entity);
  const via: string[] = [];
  for (let i = 0; i < segs.length; i++) {
    const f = entity?.fields.get(segs[i]);
    if (!entity || !f) return `"${segs[i]}" is not a field of ${entity?.name ?? 'that record'}`;
    if (i === segs.length - 1) break;
    if (f.relation?.cardinality !== 'many-to-one' || f.relation.target === '_users') {
      // json values and arrays may be read into; relations other than many-to-one can not
      if (f.type === 'json' || f.type === 'address') return null;
      return `"${segs[i]}" is not a many-to-one relation, so "${segs[i + 1]}" can not be read through it`;
    }
    via.push(segs[i]);
    if (via.length > 3) return 'at most 3 relations deep';
    entity = refs.model.entity(f.relation.target);
  }
  if (via.length && expand) expand.add(via.join('.'));
  return null;
}

/** Deep copy with prototype-less objects, so a lookup can only ever find the data's own keys. */
function toView(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toView);
  if (isPlainObject(value)) {
    const out = Object.create(null) as Record<string, unknown>;
    for (const [k, v] of Object.entries(value)) out[k] = toView(v);
    return out;
  }
  return value;
}

export interface Renderer {
  render(template: string, options?: { html?: boolean }): string;
  resolve(value: unknown, options?: { html?: boolean }): unknown;
}

const plain = (s: unknown): string => String(s);

/** A renderer over one scope (record, trigger, steps…). */
export function createRenderer(scope: object): Renderer {
  const view = toView(scope) as Record<string, unknown>;
  const lookup = (path: string): unknown => {
    let cur: unknown = view;
    for (const seg of path.split('.')) {
      if (cur === null || typeof cur !== 'object' || !Object.hasOwn(cur, seg)) return undefined;
      cur = (cur as Record<string, unknown>)[seg];
    }
    return cur;
  };
  const render = (template: string, options: { html?: boolean } = {}): string =>
    Mustache.render(template, view, {}, { escape: options.html ? Mustache.escape : plain });
  const resolve = (value: unknown, options: { html?: boolean } = {}): unknown => {
    if (typeof value === 'string') {
      const single = SINGLE_TAG.exec(value);
      if (single) {
        const v = lookup(single[1]);
        // a copy with ordinary objects: the view's prototype-less ones stay inside the renderer
        return v === undefined ? null : v !== null && typeof v === 'object' ? JSON.parse(JSON.stringify(v)) as unknown : v;
      }
      return value.includes('{{') ? render(value, options) : value;
    }
    if (Array.isArray(value)) return value.map((v) => resolve(v, options));
    if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v, options)]));
    return value;
  };
  return { render, resolve };
}

/** Every template string inside a JSON value, with its pointer. */
export function templatesIn(value: unknown, at: string): { template: string; at: string }[] {
  if (typeof value === 'string') return value.includes('{{') ? [{ template: value, at }] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => templatesIn(v, `${at}/${i}`));
  if (isPlainObject(value)) return Object.entries(value).flatMap(([k, v]) => templatesIn(v, `${at}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`));
  return [];
}
