// The definitions routes (the studio's no-code editing) and the registry the studio builds its
// settings forms from. Administrators and designers only: others get 403, like the automation routes.
import { data, json, noContent, type Obj, problems } from './shared.js';

const str = { type: 'string' };
const nullable = (schema: Obj): Obj => ({ anyOf: [schema, { type: 'null' }] });
const obj = (required: string[], properties: Obj): Obj => ({ type: 'object', required, properties });
const doc = { type: 'object', description: 'A definition document, exactly as in the app folder.' };
const KIND = { type: 'string', enum: ['app', 'entity', 'form', 'view', 'pipeline', 'automation', 'dashboard', 'role'] };
const tag = ['definitions'];

const DOCUMENT = obj(['kind', 'name', 'file', 'etag', 'layer', 'document'], {
  kind: KIND, name: str, file: str, etag: { type: 'string', description: 'Send as If-Match when saving this document.' },
  layer: { type: 'string', enum: ['base', 'overlay', 'draft'], description: 'The layer this version comes from.' }, document: doc,
});
const CONFLICT = obj(['kind', 'name', 'overlayBaseHash', 'baseHash', 'base', 'overlay'], {
  kind: KIND, name: str, overlayBaseHash: nullable(str), baseHash: nullable(str), base: nullable(doc), overlay: nullable(doc),
});
const LISTING = obj(['revision', 'documents', 'layers', 'conflicts'], {
  revision: { type: 'integer', minimum: 0, description: 'The applied revision (0: the app folder alone).' },
  documents: { type: 'array', items: DOCUMENT, description: 'The effective documents for the caller: base + overlay + their draft.' },
  layers: obj(['base', 'overlay', 'draft'], {
    base: { type: 'array', items: obj(['kind', 'name', 'file', 'hash', 'document'], { kind: KIND, name: str, file: str, hash: str, document: doc }) },
    overlay: { type: 'array', items: obj(['kind', 'name', 'file', 'hash', 'baseHash', 'deleted', 'document'], { kind: KIND, name: str, file: str, hash: nullable(str), baseHash: nullable(str), deleted: { type: 'boolean' }, document: nullable(doc) }) },
    draft: { type: 'array', items: obj(['kind', 'name', 'file', 'hash', 'basedOn', 'deleted', 'document', 'updatedAt'], { kind: KIND, name: str, file: str, hash: nullable(str), basedOn: nullable(str), deleted: { type: 'boolean' }, document: nullable(doc), updatedAt: str }) },
  }),
  conflicts: { type: 'array', items: CONFLICT, description: 'Overlay documents whose base file changed since they were made.' },
});
const STEP = { type: 'object', required: ['op', 'description', 'destructive'], properties: { op: str, description: str, destructive: { type: 'boolean' } } };
const SAVED = obj(['kind', 'name', 'etag'], { kind: KIND, name: str, etag: nullable(str) });
const REVISION = obj(['id', 'at', 'authorId', 'message', 'action'], { id: { type: 'integer' }, at: str, authorId: nullable({ type: 'integer' }), message: nullable(str), action: str });
const APPLIED = obj(['revision', 'applied'], { revision: { type: 'integer' }, applied: { type: 'array', items: STEP } });
const kindParam = { name: 'kind', in: 'path', required: true, schema: str, description: 'entity, form, view, pipeline, automation, dashboard, role, or app (with the name "app").' };
const nameParam = { name: 'name', in: 'path', required: true, schema: str };
const ifMatch = { name: 'If-Match', in: 'header', required: false, schema: str, description: 'The etag of the version the editor loaded; absent for a new document.' };
const noBody = { required: false, content: { 'application/json': { schema: { type: 'object', additionalProperties: false } } } };

export const DEFINITIONS_TAG = { name: 'definitions', description: 'Definitions at runtime: drafts, validate, plan, apply, revisions (administrators, designers; see docs/definitions.md)' };

export const DEFINITION_PATHS: Obj = {
  '/api/v1/_definitions': {
    get: { tags: tag, summary: 'The effective documents and each layer (base, overlay, the caller\'s draft), with etags and conflicts', operationId: 'listDefinitions', responses: { 200: json(data(LISTING), 'Documents'), ...problems() } },
  },
  '/api/v1/_definitions/{kind}/{name}': {
    parameters: [kindParam, nameParam],
    get: { tags: tag, summary: 'One effective document for the caller (their draft, else the overlay, else the base)', operationId: 'getDefinition', responses: { 200: json(data(DOCUMENT), 'The document', { ETag: { schema: str } }), ...problems('NOT_FOUND') } },
    put: {
      tags: tag, summary: 'Save a document as the caller\'s draft (optimistic concurrency with If-Match)', operationId: 'saveDefinition', parameters: [ifMatch],
      requestBody: { required: true, content: { 'application/json': { schema: doc } } },
      responses: { 200: json(data(SAVED), 'Saved as a draft', { ETag: { schema: str } }), ...problems('NOT_FOUND', 'CONFLICT', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE', 'VALIDATION_FAILED') },
    },
    delete: {
      tags: tag, summary: 'Draft the removal of a document', operationId: 'deleteDefinition', parameters: [ifMatch],
      responses: { 200: json(data(SAVED), 'Removal drafted'), ...problems('NOT_FOUND', 'CONFLICT') },
    },
  },
  '/api/v1/_definitions/_drafts': {
    delete: { tags: tag, summary: 'Discard the caller\'s drafts', operationId: 'discardDefinitionDrafts', responses: { 204: noContent('Discarded'), ...problems() } },
  },
  '/api/v1/_definitions/_validate': {
    post: {
      tags: tag, summary: 'Validate base + overlay + the caller\'s draft as a whole', operationId: 'validateDefinitions', requestBody: noBody,
      responses: {
        200: json(data(obj(['valid', 'errors'], {
          valid: { type: 'boolean' },
          errors: { type: 'array', items: obj(['pointer', 'message', 'code', 'kind', 'name', 'file'], { pointer: str, message: str, code: str, kind: nullable(str), name: nullable(str), file: str }) },
        })), 'The verdict'), ...problems('UNSUPPORTED_MEDIA_TYPE', 'VALIDATION_FAILED'),
      },
    },
  },
  '/api/v1/_definitions/_plan': {
    post: {
      tags: tag, summary: 'The migration plan for base + overlay + the caller\'s draft; the hash goes to _apply', operationId: 'planDefinitions', requestBody: noBody,
      responses: { 200: json(data(obj(['steps', 'hash'], { steps: { type: 'array', items: STEP }, hash: str })), 'The plan'), ...problems('CONFLICT', 'DEFINITION_INVALID', 'UNSUPPORTED_MEDIA_TYPE', 'VALIDATION_FAILED') },
    },
  },
  '/api/v1/_definitions/_apply': {
    post: {
      tags: tag, summary: 'Apply the planned change: migrate, store a revision, swap the runtime without a restart', operationId: 'applyDefinitions',
      requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['hash'], additionalProperties: false, properties: { hash: str, confirmDestructive: { type: 'boolean' }, message: str } } } } },
      responses: { 200: json(data(APPLIED), 'Applied'), ...problems('CONFLICT', 'MIGRATION_REFUSED', 'DEFINITION_INVALID', 'UNSUPPORTED_MEDIA_TYPE', 'VALIDATION_FAILED') },
    },
  },
  '/api/v1/_definitions/_export': {
    get: {
      tags: tag, summary: 'The applied app as a zip of an app folder (crm validate / crm apply read it; the same revision gives the same bytes)', operationId: 'exportDefinitions',
      parameters: [{ name: 'overlay', in: 'query', required: false, schema: { type: 'string', enum: ['only'] }, description: '"only": the studio\'s overlay documents alone, not the whole app.' }],
      responses: {
        200: { description: 'A zip holding one folder, <app>-r<revision>/, with app.json, entities/, forms/ … as in the app folder', headers: { 'Content-Disposition': { schema: str } }, content: { 'application/zip': { schema: { type: 'string', format: 'binary' } } } },
        ...problems('INVALID_QUERY'),
      },
    },
  },
  '/api/v1/_definitions/_revisions': {
    get: { tags: tag, summary: 'Applied revisions, newest first', operationId: 'listDefinitionRevisions', responses: { 200: json(data({ type: 'array', items: REVISION }), 'Revisions'), ...problems() } },
  },
  '/api/v1/_definitions/_revisions/{id}/_revert': {
    parameters: [{ name: 'id', in: 'path', required: true, schema: str, description: 'A revision id; 0 is the app folder alone.' }],
    post: {
      tags: tag, summary: 'Make a revision\'s overlay current again (a new revision), migrate and swap the runtime', operationId: 'revertDefinitions',
      requestBody: { required: false, content: { 'application/json': { schema: { type: 'object', additionalProperties: false, properties: { confirmDestructive: { type: 'boolean' } } } } } },
      responses: { 200: json(data(APPLIED), 'Reverted'), ...problems('NOT_FOUND', 'CONFLICT', 'MIGRATION_REFUSED', 'DEFINITION_INVALID', 'UNSUPPORTED_MEDIA_TYPE', 'VALIDATION_FAILED') },
    },
  },
  '/api/v1/_meta/registry': {
    get: {
      tags: ['platform'], summary: 'Field types, automation triggers, nodes and channels, each with the JSON Schema of its settings', operationId: 'metaRegistry',
      responses: {
        200: json(data(obj(['fieldTypes', 'triggers', 'nodes', 'channels'], {
          fieldTypes: { type: 'array', items: obj(['type', 'title', 'description', 'configSchema', 'widget', 'writable', 'operators'], { type: str, title: str, description: str, configSchema: { type: 'object' }, widget: str, writable: { type: 'boolean' }, operators: { type: 'array', items: str } }) },
          triggers: { type: 'array', items: obj(['type', 'description', 'source', 'configSchema'], { type: str, description: str, source: str, configSchema: { type: 'object' } }) },
          nodes: { type: 'array', items: obj(['type', 'description', 'configSchema', 'branches'], { type: str, description: str, configSchema: { type: 'object' }, branches: nullable({ type: 'array', items: str }) }) },
          channels: { type: 'array', items: obj(['name', 'description', 'html'], { name: str, description: str, html: { type: 'boolean' } }) },
        })), 'The registry'), ...problems(),
      },
    },
  },
};
