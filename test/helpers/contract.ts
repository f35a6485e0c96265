// The API description is a contract: every response an API test receives is checked against the
// OpenAPI document the server gives that same caller (what GET /api/openapi.json answers them),
// the way a validating proxy (Prism) in front of the server would. A violation fails the test.
import { createHash } from 'node:crypto';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsPkg from 'ajv-formats';

type Obj = Record<string, unknown>;
const addFormats = addFormatsPkg.default;
const DOC_ID = 'https://contract.test/openapi.json';

interface Compiled {
  ajv: Ajv2020;
  routes: { template: string; re: RegExp; literals: number }[];
  validators: Map<string, ValidateFunction>;
}

const cache = new Map<string, Compiled>();

function compile(doc: Obj): Compiled {
  const key = createHash('sha1').update(JSON.stringify(doc)).digest('hex');
  let hit = cache.get(key);
  if (hit) return hit;
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false, validateFormats: true });
  addFormats(ajv);
  ajv.addSchema({ ...doc, $id: DOC_ID });
  // Concrete paths win over templated ones (/deal/_bulk before /deal/{id}), as OpenAPI prescribes.
  const routes = Object.keys(doc.paths as Obj).map((template) => {
    const parts = template.split('/');
    const re = new RegExp(`^${parts.map((p) => (/^\{.+\}$/.test(p) ? '[^/]+' : p.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))).join('/')}$`);
    return { template, re, literals: parts.filter((p) => !/^\{.+\}$/.test(p)).length };
  }).sort((a, b) => b.literals - a.literals);
  hit = { ajv, routes, validators: new Map() };
  if (cache.size > 50) cache.clear();
  cache.set(key, hit);
  return hit;
}

const escapePointer = (s: string): string => encodeURIComponent(s.replace(/~/g, '~0').replace(/\//g, '~1'));

function validator(c: Compiled, pointer: string[]): ValidateFunction {
  const key = pointer.join('/');
  let v = c.validators.get(key);
  if (!v) {
    v = c.ajv.compile({ $ref: `${DOC_ID}#/${pointer.map(escapePointer).join('/')}` });
    c.validators.set(key, v);
  }
  return v;
}

export interface Exchange { method: string; path: string; status: number; contentType: string | null; body: unknown; rawBody: string }

/** The violation of the document by one response, or null. */
export function contractViolation(doc: Obj, x: Exchange): string | null {
  const c = compile(doc);
  // The server routes /x/ as /x (express, non-strict routing).
  const path = x.path.split('?')[0].replace(/(.)\/$/, '$1');
  const method = x.method.toLowerCase() === 'head' ? 'get' : x.method.toLowerCase();
  const media = (x.contentType ?? '').split(';')[0].trim();
  const route = c.routes.find((r) => r.re.test(path));
  const op = route ? ((doc.paths as Record<string, Obj>)[route.template][method] as Obj | undefined) : undefined;
  // Deepest first: an anyOf's own "must match a schema" says less than its branches' errors.
  const describeErrors = (errors: ValidateFunction['errors']): string => [...(errors ?? [])].filter((e) => e.keyword !== 'anyOf')
    .sort((a, b) => b.instancePath.length - a.instancePath.length).slice(0, 6).map((e) => `${e.instancePath || '/'} ${e.message}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}`).join('; ');
  if (!op) {
    // Routes and methods the document does not describe may only answer with a problem.
    if (x.method === 'OPTIONS' && x.status === 204) return null; // CORS preflight, a protocol matter
    if (x.status < 400) return `${x.method} ${path} is not in the document but answered ${x.status}`;
    if (media !== 'application/problem+json') return `${x.method} ${path} answered ${x.status} as "${media}", not problem+json`;
    const v = validator(c, ['components', 'schemas', 'Problem']);
    return v(x.body) ? null : `${x.method} ${path} ${x.status}: not a Problem: ${describeErrors(v.errors)}`;
  }
  const responses = op.responses as Record<string, Obj>;
  const status = String(x.status) in responses ? String(x.status) : 'default' in responses ? 'default' : null;
  if (!status) return `${x.method} ${route!.template} answered ${x.status}, which the document does not list (${Object.keys(responses).join(', ')})`;
  const content = responses[status].content as Obj | undefined;
  if (!content || x.method === 'HEAD') {
    return x.rawBody === '' || x.method === 'HEAD' ? null : `${x.method} ${route!.template} ${x.status} has a body the document does not describe`;
  }
  if (!(media in content)) return `${x.method} ${route!.template} ${x.status} answered "${media}", the document says ${Object.keys(content).join(', ')}`;
  if (!media.endsWith('json')) return null;
  const v = validator(c, ['paths', route!.template, method, 'responses', status, 'content', media, 'schema']);
  return v(x.body) ? null : `${x.method} ${path} ${x.status} does not match the document: ${describeErrors(v.errors)}`;
}
