// OpenAPI 3.1 generated from the live compiled app: one schema set and one path set per entity.
import type { CompiledApp, CompiledEntity } from '../runtime/compile/compileApp.js';
import { CATALOG } from '../runtime/errors/catalog.js';
import { MAX_LIMIT } from '../runtime/records/query.js';

type Obj = Record<string, unknown>;
const pascal = (s: string): string => s.split('_').map((p) => p[0].toUpperCase() + p.slice(1)).join('');
const ref = (name: string): Obj => ({ $ref: `#/components/schemas/${name}` });
const problemResponse = (description: string): Obj => ({ description, content: { 'application/problem+json': { schema: ref('Problem') } } });
const errors = (...codes: (keyof typeof CATALOG)[]): Obj =>
  Object.fromEntries(codes.map((c) => [String(CATALOG[c].status), problemResponse(`${CATALOG[c].title} (${codes.filter((x) => CATALOG[x].status === CATALOG[c].status).join(', ')})`)]));

function filterableFields(e: CompiledEntity): string {
  return [...e.info.fields.values()].filter((f) => f.operators.length).map((f) => `\`${f.name}\` (${f.operators.join(', ')})`).join('; ');
}

function entityPaths(e: CompiledEntity): Obj {
  const P = pascal(e.name);
  const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } };
  const readParams = [
    { name: 'fields', in: 'query', schema: { type: 'string' }, description: 'Comma-separated fields to return, e.g. `name,account.name`.' },
    { name: 'expand', in: 'query', schema: { type: 'string' }, description: 'Relations to replace by their records (dotted for depth, max 3).' },
  ];
  const etagHeader = { ETag: { schema: { type: 'string' }, description: 'The record version; send it back in If-Match.' } };
  const single = { type: 'object', properties: { data: ref(P) }, required: ['data'] };
  return {
    [`/api/v1/${e.name}`]: {
      get: {
        tags: [e.name], summary: `List ${e.label}`, operationId: `list${P}`,
        parameters: [
          { name: 'filter', in: 'query', schema: { type: 'string' }, description: `JSON filter (URL-encoded), e.g. {"and":[...]}. Fields and operators: ${filterableFields(e)}.` },
          { name: 'sort', in: 'query', schema: { type: 'string' }, description: 'Comma-separated fields, `-` for descending, e.g. `-created_at,id`.' },
          { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: MAX_LIMIT, default: 50 } },
          { name: 'cursor', in: 'query', schema: { type: 'string' }, description: '`meta.nextCursor` of the previous page.' },
          { name: 'q', in: 'query', schema: { type: 'string' }, description: `Case-insensitive search in: ${e.searchFields.join(', ') || 'id'}.` },
          { name: 'count', in: 'query', schema: { type: 'boolean' }, description: 'Also return `meta.count`, the number of matching records.' },
          { name: 'view', in: 'query', schema: { type: 'string' }, description: `A saved view of this entity: its filter is ANDed with \`filter\`, its sort and columns apply unless \`sort\`/\`fields\` are given.` },
          ...readParams,
        ],
        responses: {
          200: { description: 'A page of records', content: { 'application/json': { schema: { type: 'object', properties: { data: { type: 'array', items: ref(P) }, meta: ref('ListMeta') }, required: ['data', 'meta'] } } } },
          ...errors('INVALID_QUERY', 'NOT_FOUND'),
        },
      },
      post: {
        tags: [e.name], summary: `Create a ${e.label}`, operationId: `create${P}`,
        requestBody: { required: true, content: { 'application/json': { schema: ref(`${P}Create`) } } },
        responses: {
          201: { description: 'Created', headers: { ...etagHeader, Location: { schema: { type: 'string' } } }, content: { 'application/json': { schema: single } } },
          ...errors('MALFORMED_REQUEST', 'UNIQUE_CONFLICT', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE', 'VALIDATION_FAILED'),
        },
      },
    },
    [`/api/v1/${e.name}/_bulk`]: {
      post: {
        tags: [e.name], summary: `Create or update many ${e.label} by a match key (all or nothing)`, operationId: `bulk${P}`,
        requestBody: {
          required: true,
          content: { 'application/json': { schema: { type: 'object', required: ['upsert', 'records'], properties: {
            upsert: { type: 'object', properties: { matchKey: { type: 'array', items: { type: 'string' }, examples: e.matchKeys.slice(0, 1) } } },
            records: { type: 'array', maxItems: 1000, items: ref(`${P}Create`) },
          } } } },
        },
        responses: {
          200: { description: 'Per record: id and created/updated', content: { 'application/json': { schema: { type: 'object' } } } },
          ...errors('MALFORMED_REQUEST', 'UNIQUE_CONFLICT', 'PAYLOAD_TOO_LARGE', 'VALIDATION_FAILED'),
        },
      },
    },
    [`/api/v1/${e.name}/{id}`]: {
      parameters: [idParam],
      get: {
        tags: [e.name], summary: `Get a ${e.label}`, operationId: `get${P}`, parameters: readParams,
        responses: { 200: { description: 'The record', headers: etagHeader, content: { 'application/json': { schema: single } } }, ...errors('INVALID_QUERY', 'NOT_FOUND') },
      },
      patch: {
        tags: [e.name], summary: `Update a ${e.label} (partial)`, operationId: `update${P}`,
        parameters: [{ name: 'If-Match', in: 'header', schema: { type: 'string' }, description: 'The ETag you read; 412 if the record changed since.' }],
        requestBody: { required: true, content: { 'application/json': { schema: ref(`${P}Patch`) } } },
        responses: {
          200: { description: 'The updated record', headers: etagHeader, content: { 'application/json': { schema: single } } },
          ...errors('MALFORMED_REQUEST', 'NOT_FOUND', 'UNIQUE_CONFLICT', 'PRECONDITION_FAILED', 'VALIDATION_FAILED'),
        },
      },
      delete: {
        tags: [e.name], summary: `Delete a ${e.label}`, operationId: `delete${P}`,
        parameters: [{ name: 'If-Match', in: 'header', schema: { type: 'string' } }],
        responses: { 204: { description: 'Deleted' }, ...errors('NOT_FOUND', 'DELETE_RESTRICTED', 'PRECONDITION_FAILED') },
      },
    },
  };
}

export type FieldRulesFor = (entity: string) => { hidden: ReadonlySet<string>; readOnly: ReadonlySet<string> } | undefined;

/** The entity's schemas as the caller may use them: hidden fields gone, read-only ones not writable. */
export function schemasFor(e: CompiledEntity, rules: ReturnType<FieldRulesFor>): CompiledEntity['schemas'] {
  if (!rules || (rules.hidden.size === 0 && rules.readOnly.size === 0)) return e.schemas;
  const drop = (schema: Obj, names: ReadonlySet<string>): Obj => {
    const props = Object.fromEntries(Object.entries((schema.properties ?? {}) as Obj).filter(([k]) => !names.has(k)));
    const required = ((schema.required ?? []) as string[]).filter((k) => !names.has(k));
    return { ...schema, properties: props, ...(schema.required ? { required } : {}) };
  };
  const notWritable = new Set([...rules.hidden, ...rules.readOnly]);
  return { read: drop(e.schemas.read, rules.hidden), create: drop(e.schemas.create, notWritable), patch: drop(e.schemas.patch, notWritable) };
}

export function buildOpenApi(app: CompiledApp, entities: CompiledEntity[] = [...app.entities.values()], rulesFor: FieldRulesFor = () => undefined): Obj {
  const schemas: Obj = {
    Problem: {
      type: 'object', required: ['type', 'title', 'status', 'detail', 'code', 'requestId'],
      properties: {
        type: { type: 'string' }, title: { type: 'string' }, status: { type: 'integer' }, detail: { type: 'string' },
        code: { type: 'string', enum: Object.keys(CATALOG) }, requestId: { type: 'string' },
        errors: { type: 'array', items: { type: 'object', required: ['pointer', 'code', 'message'], properties: { pointer: { type: 'string', description: 'RFC 6901 JSON Pointer, no #' }, code: { type: 'string' }, message: { type: 'string' } } } },
      },
    },
    ListMeta: { type: 'object', properties: { nextCursor: { type: ['string', 'null'] }, count: { type: 'integer' } }, required: ['nextCursor'] },
  };
  let paths: Obj = {};
  for (const e of entities) {
    const P = pascal(e.name);
    const own = schemasFor(e, rulesFor(e.name));
    schemas[P] = { title: e.label, ...own.read };
    schemas[`${P}Create`] = { title: `${e.label} (create)`, ...own.create };
    schemas[`${P}Patch`] = { title: `${e.label} (patch)`, ...own.patch };
    paths = { ...paths, ...entityPaths(e) };
  }
  return {
    openapi: '3.1.0',
    info: { title: `${app.label} API`, version: app.version, description: `REST API of the "${app.name}" app, generated from its definitions. Errors are RFC 9457 problem+json. Authenticate with "Authorization: Bearer <token>" or the session cookie from POST /api/v1/_auth/login.` },
    security: [{ bearer: [] }, { session: [] }],
    servers: [{ url: '/' }],
    tags: entities.map((e) => ({ name: e.name, description: e.label })),
    paths,
    components: {
      schemas,
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'An API token (crm token --user <email>, or POST /api/v1/_auth/tokens).' },
        session: { type: 'apiKey', in: 'cookie', name: 'crm_session', description: 'Studio session; writes also need the X-CSRF-Token header.' },
      },
    },
  };
}
