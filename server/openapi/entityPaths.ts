// The paths of one entity: list, create, bulk upsert, read, update, delete, export and audit.
import type { CompiledEntity } from '../../runtime/compile/compileApp.js';
import { MAX_EXPAND_DEPTH, MAX_LIMIT } from '../../runtime/records/query.js';
import type { Audience } from '../audience.js';
import { expandable } from './records.js';
import { viewFor } from '../describe.js';
import { data, json, noContent, type Obj, pascal, problems, ref } from './shared.js';

function filterableFields(e: CompiledEntity, hidden: ReadonlySet<string>): string {
  return [...e.info.fields.values()].filter((f) => f.operators.length && !hidden.has(f.name)).map((f) => `\`${f.name}\` (${f.operators.join(', ')})`).join('; ');
}

export function entityPaths(e: CompiledEntity, audience: Audience): Obj {
  const P = pascal(e.name);
  const hidden = audience.hidden(e.name);
  const relations = expandable(e, audience);
  const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } };
  const readParams = [
    { name: 'fields', in: 'query', schema: { type: 'string' }, description: 'Comma-separated fields to return (a sparse fieldset), e.g. `id,version` plus the fields you need; dotted paths such as `account.name` trim expanded relations. `id` and `version` always come back.' },
    { name: 'expand', in: 'query', schema: { type: 'string' }, description: `Relations to replace by their records, comma-separated, dotted for depth (at most ${MAX_EXPAND_DEPTH} levels)${relations.length ? `: ${relations.map((r) => `\`${r}\``).join(', ')}` : ' (none here)'}.` },
  ];
  const record = { anyOf: [ref(P), ref(`${P}Partial`)], description: `The ${e.name}; with fields= only id, version and the fields asked for.` };
  const etagHeader = { ETag: { schema: { type: 'string' }, description: 'The record version; send it back in If-Match.' } };
  const searchable = e.searchFields.filter((f) => !hidden.has(f));
  const matchKeys = e.matchKeys.filter((k) => k.every((f) => !hidden.has(f)));
  const tag = [e.name];
  const views = audience.app.definition.views.filter((v) => v.entity === e.name && viewFor(audience, v) !== null).map((v) => v.name);
  return {
    [`/api/v1/${e.name}`]: {
      get: {
        tags: tag, summary: `List ${e.label}`, operationId: `list${P}`,
        parameters: [
          { name: 'filter', in: 'query', schema: { type: 'string' }, description: `JSON filter (URL-encoded), e.g. {"and":[...]}. Fields and operators: ${filterableFields(e, hidden)}.` },
          { name: 'sort', in: 'query', schema: { type: 'string' }, description: 'Comma-separated fields, `-` for descending, e.g. `-created_at,id`.' },
          { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: MAX_LIMIT, default: 50 } },
          { name: 'cursor', in: 'query', schema: { type: 'string' }, description: '`meta.nextCursor` of the previous page.' },
          { name: 'q', in: 'query', schema: { type: 'string' }, description: `Case-insensitive search in: ${searchable.join(', ') || 'id'}.` },
          { name: 'count', in: 'query', schema: { type: 'boolean' }, description: 'Also return `meta.count`, the number of matching records.' },
          ...(views.length ? [{ name: 'view', in: 'query', schema: { type: 'string', enum: views }, description: 'A saved view of this entity: its filter is ANDed with `filter`, its sort and columns apply unless `sort`/`fields` are given.' }] : []),
          ...readParams,
        ],
        responses: { 200: json(data({ type: 'array', items: record }, { meta: ref('ListMeta') }), 'A page of records'), ...problems('NOT_FOUND') },
      },
      post: {
        tags: tag, summary: `Create a ${e.label}`, operationId: `create${P}`,
        requestBody: { required: true, content: { 'application/json': { schema: ref(`${P}Create`) } } },
        responses: {
          201: json(data(ref(P)), 'Created', { ...etagHeader, Location: { schema: { type: 'string' } } }),
          ...problems('NOT_FOUND', 'METHOD_NOT_ALLOWED', 'UNIQUE_CONFLICT', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE', 'VALIDATION_FAILED', 'PIPELINE_GATE'),
        },
      },
    },
    [`/api/v1/${e.name}/_bulk`]: {
      post: {
        tags: tag, summary: `Create or update many ${e.label} by a match key (all or nothing)`, operationId: `bulk${P}`,
        requestBody: {
          required: true,
          content: { 'application/json': { schema: { type: 'object', required: ['upsert', 'records'], properties: {
            upsert: { type: 'object', properties: { matchKey: { type: 'array', items: { type: 'string' }, ...(matchKeys.length ? { examples: matchKeys.slice(0, 1) } : {}) } } },
            records: { type: 'array', maxItems: 1000, items: ref(`${P}Create`) },
          } } } },
        },
        responses: {
          200: json(data({ type: 'array', items: { type: 'object', required: ['id', 'status'], properties: { id: { type: 'integer' }, status: { type: 'string', enum: ['created', 'updated'] } } } },
            { meta: { type: 'object', required: ['created', 'updated'], properties: { created: { type: 'integer' }, updated: { type: 'integer' } } } }), 'Per record: its id and whether it was created or updated'),
          ...problems('NOT_FOUND', 'UNIQUE_CONFLICT', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE', 'VALIDATION_FAILED', 'PIPELINE_GATE'),
        },
      },
    },
    [`/api/v1/${e.name}/_export`]: {
      get: {
        tags: tag, summary: `Export ${e.label} as CSV`, operationId: `export${P}`,
        parameters: [
          { name: 'filter', in: 'query', schema: { type: 'string' }, description: 'As for the list.' },
          { name: 'sort', in: 'query', schema: { type: 'string' } },
          { name: 'q', in: 'query', schema: { type: 'string' } },
          { name: 'fields', in: 'query', schema: { type: 'string' }, description: 'The columns (id always comes first).' },
          { name: 'raw', in: 'query', schema: { type: 'string', enum: ['true'] }, description: 'Keep text cells that start with = + - @ as they are (no spreadsheet-formula guard).' },
        ],
        responses: { 200: { description: 'CSV with a header row (UTF-8 with BOM)', content: { 'text/csv': { schema: { type: 'string' } } } }, ...problems('NOT_FOUND') },
      },
    },
    [`/api/v1/${e.name}/{id}`]: {
      parameters: [idParam],
      get: {
        tags: tag, summary: `Get a ${e.label}`, operationId: `get${P}`,
        parameters: [...readParams, { name: 'If-None-Match', in: 'header', schema: { type: 'string' }, description: 'The ETag you have; 304 if unchanged (without fields/expand).' }],
        responses: { 200: json(data(record), 'The record', etagHeader), 304: noContent('Not modified'), ...problems('NOT_FOUND') },
      },
      patch: {
        tags: tag, summary: `Update a ${e.label} (partial)`, operationId: `update${P}`,
        parameters: [{ name: 'If-Match', in: 'header', schema: { type: 'string' }, description: 'The ETag you read; 412 if the record changed since.' }],
        requestBody: { required: true, content: { 'application/json': { schema: ref(`${P}Patch`) } } },
        responses: {
          200: json(data(ref(P)), 'The updated record', etagHeader),
          ...problems('NOT_FOUND', 'UNIQUE_CONFLICT', 'PRECONDITION_FAILED', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE', 'VALIDATION_FAILED', 'PIPELINE_GATE'),
        },
      },
      delete: {
        tags: tag, summary: `Delete a ${e.label}`, operationId: `delete${P}`,
        parameters: [{ name: 'If-Match', in: 'header', schema: { type: 'string' } }],
        responses: { 204: noContent('Deleted'), ...problems('NOT_FOUND', 'DELETE_RESTRICTED', 'PRECONDITION_FAILED') },
      },
    },
    [`/api/v1/${e.name}/{id}/_audit`]: {
      parameters: [idParam],
      get: {
        tags: tag, summary: `History of a ${e.label}`, operationId: `audit${P}`,
        responses: { 200: json(data({ type: 'array', items: ref('AuditEntry') }), 'Newest first, at most 500; fields hidden from you are left out'), ...problems('NOT_FOUND') },
      },
    },
  };
}
