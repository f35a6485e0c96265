// The platform's own routes: health, the description itself, _meta, _auth, users, access, audit.
// Their bodies are described by the members clients rely on; further members may be added later.
import { data, json, noContent, type Obj, problems, ref } from './shared.js';

const str = { type: 'string' };
const strOrNull = { type: ['string', 'null'] };
const int = { type: 'integer' };
const strings = { type: 'array', items: str };
const obj = (required: string[], properties: Obj): Obj => ({ type: 'object', required, properties });
const jsonBody = (schema: Obj): Obj => ({ required: true, content: { 'application/json': { schema } } });
const open: Obj[] = [];

const health: Obj = {
  '/healthz': { get: { tags: ['platform'], summary: 'Liveness: the process answers', operationId: 'healthz', security: open, responses: { 200: json(obj(['status'], { status: { const: 'ok' } }), 'Alive') } } },
  '/readyz': {
    get: {
      tags: ['platform'], summary: 'Readiness: migrated and the database answers', operationId: 'readyz', security: open,
      responses: { 200: json(obj(['status'], { status: { const: 'ready' } }), 'Ready'), 503: json(obj(['status'], { status: { const: 'not ready' } }), 'Starting, stopping or the database does not answer') },
    },
  },
  '/api/openapi.json': { get: { tags: ['platform'], summary: 'This document, for the caller (hidden fields and entities left out)', operationId: 'openapi', responses: { 200: json({ type: 'object', required: ['openapi', 'paths'] }, 'OpenAPI 3.1'), ...problems() } } },
  '/api/docs': { get: { tags: ['platform'], summary: 'This document as a readable page', operationId: 'docs', responses: { 200: { description: 'HTML', content: { 'text/html': { schema: str } } }, ...problems() } } },
};

const localeParam = { name: 'locale', in: 'query', schema: str, description: 'One of the app\'s locales (default: its default locale).' };
const meta: Obj = {
  '/api/v1/_meta/app': {
    get: {
      tags: ['platform'], summary: 'The app: entities, forms, views, pipelines and dashboards the caller may see', operationId: 'metaApp', parameters: [localeParam],
      responses: {
        200: json(data(obj(['name', 'label', 'version', 'locales', 'defaultLocale', 'timezone', 'entities', 'forms', 'views', 'pipelines', 'dashboards'], {
          name: str, label: str, version: str, locales: strings, defaultLocale: str, timezone: str,
          entities: { type: 'array', items: obj(['name', 'label'], { name: str, label: str, pluralLabel: strOrNull }) },
          forms: { type: 'array', items: obj(['name', 'entity'], { name: str, entity: str }) },
          views: { type: 'array', items: obj(['name', 'entity'], { name: str, entity: str, columns: strings, sort: strings }) },
          pipelines: { type: 'array', items: obj(['name', 'entity', 'field', 'stages'], { name: str, entity: str, field: str }) },
          dashboards: { type: 'array', items: obj(['name', 'widgets'], { name: str, widgets: { type: 'array', items: obj(['type', 'entity'], { type: str, entity: str }) } }) },
        })), 'The app as the caller sees it'),
        ...problems(),
      },
    },
  },
  '/api/v1/_meta/entities/{name}': {
    parameters: [{ name: 'name', in: 'path', required: true, schema: str }],
    get: {
      tags: ['platform'], summary: 'One entity: fields, JSON Schemas (read, create, patch) and compiled rjsf forms', operationId: 'metaEntity', parameters: [localeParam],
      responses: {
        200: json(data(obj(['name', 'label', 'fields', 'schemas', 'forms'], {
          name: str, label: str, titleField: strOrNull, searchFields: strings, matchKeys: { type: 'array', items: strings },
          fields: { type: 'array', items: obj(['name', 'type', 'label', 'writable', 'operators'], { name: str, type: str, label: str, writable: { type: 'boolean' }, operators: strings }) },
          schemas: obj(['read', 'create', 'patch'], { read: { type: 'object' }, create: { type: 'object' }, patch: { type: 'object' } }),
          forms: { type: 'object', additionalProperties: obj(['schema', 'uiSchema'], { schema: { type: 'object' }, uiSchema: { type: 'object' } }) },
        })), 'The entity as the caller sees it'),
        ...problems('NOT_FOUND'),
      },
    },
  },
};

const token = obj(['id', 'name', 'scopes', 'createdAt', 'expiresAt', 'lastUsedAt', 'revokedAt'], {
  id: int, name: str, scopes: strings, createdAt: str, expiresAt: strOrNull, lastUsedAt: strOrNull, revokedAt: strOrNull,
});
const auth: Obj = {
  '/api/v1/_auth/login': {
    post: {
      tags: ['auth'], summary: 'Log in: sets the session cookie and returns the CSRF token writes must send', operationId: 'login', security: open,
      requestBody: jsonBody(obj(['email', 'password'], { email: str, password: str })),
      responses: { 200: json(data(obj(['user', 'csrfToken'], { user: ref('PublicUser'), csrfToken: str })), 'Logged in'), ...problems('UNSUPPORTED_MEDIA_TYPE', 'PAYLOAD_TOO_LARGE', 'VALIDATION_FAILED') },
    },
  },
  '/api/v1/_auth/logout': { post: { tags: ['auth'], summary: 'End this session', operationId: 'logout', responses: { 204: noContent('Logged out'), ...problems() } } },
  '/api/v1/_auth/me': {
    get: {
      tags: ['auth'], summary: 'The caller: user, CSRF token of the session, scopes of the token', operationId: 'me',
      responses: { 200: json(data(obj(['user'], { user: ref('PublicUser'), csrfToken: str, tokenScopes: strings, viewAs: obj(['role', 'by'], { role: str, by: ref('PublicUser') }) })), 'You (while an administrator views the app as a role: the user the view is computed for, with that role, and in viewAs the administrator)'), ...problems() },
    },
  },
  '/api/v1/_auth/password': {
    post: {
      tags: ['auth'], summary: 'Change your password (ends every session and token of yours)', operationId: 'changePassword',
      requestBody: jsonBody(obj(['currentPassword', 'newPassword'], { currentPassword: str, newPassword: str })),
      responses: { 204: noContent('Changed'), ...problems('UNSUPPORTED_MEDIA_TYPE', 'PAYLOAD_TOO_LARGE', 'VALIDATION_FAILED') },
    },
  },
  '/api/v1/_auth/tokens': {
    get: { tags: ['auth'], summary: 'Your API tokens', operationId: 'listTokens', responses: { 200: json(data({ type: 'array', items: token }), 'Tokens (never their secrets)'), ...problems() } },
    post: {
      tags: ['auth'], summary: 'Create an API token (from a session); the secret is shown once', operationId: 'createToken',
      requestBody: jsonBody({ type: 'object', properties: { name: str, scopes: strings, expiresInDays: { type: 'integer', minimum: 1, maximum: 3650 } } }),
      responses: {
        201: json(data(obj(['id', 'name', 'scopes', 'expiresAt', 'token'], { id: int, name: str, scopes: strings, expiresAt: strOrNull, token: str }), { meta: { type: 'object' } }), 'Created'),
        ...problems('UNSUPPORTED_MEDIA_TYPE', 'PAYLOAD_TOO_LARGE', 'VALIDATION_FAILED'),
      },
    },
  },
  '/api/v1/_auth/tokens/{id}': {
    parameters: [{ name: 'id', in: 'path', required: true, schema: str }],
    delete: { tags: ['auth'], summary: 'Revoke one of your tokens', operationId: 'revokeToken', responses: { 204: noContent('Revoked'), ...problems('NOT_FOUND') } },
  },
};

const userBody = { type: 'object', properties: { email: str, name: strOrNull, password: str, roles: strings, team: strOrNull, department: strOrNull, manager: { type: ['integer', 'null'] }, status: { enum: ['active', 'suspended'] } } };
const admin: Obj = {
  '/api/v1/_users': {
    get: { tags: ['admin'], summary: 'Users (administrators)', operationId: 'listUsers', responses: { 200: json(data({ type: 'array', items: ref('PublicUser') }, { meta: obj(['roles'], { roles: strings }) }), 'Every user and the role names'), ...problems() } },
    post: {
      tags: ['admin'], summary: 'Create a user (administrators); without a password one is generated and returned once', operationId: 'createUser', requestBody: jsonBody(userBody),
      responses: { 201: json(data(ref('PublicUser'), {}), 'Created'), ...problems('UNIQUE_CONFLICT', 'UNSUPPORTED_MEDIA_TYPE', 'PAYLOAD_TOO_LARGE', 'VALIDATION_FAILED') },
    },
  },
  '/api/v1/_users/{id}': {
    parameters: [{ name: 'id', in: 'path', required: true, schema: str }],
    patch: {
      tags: ['admin'], summary: 'Change a user: roles, team, manager, status, password (administrators)', operationId: 'updateUser', requestBody: jsonBody(userBody),
      responses: { 200: json(data(ref('PublicUser')), 'Changed'), ...problems('NOT_FOUND', 'UNSUPPORTED_MEDIA_TYPE', 'PAYLOAD_TOO_LARGE', 'VALIDATION_FAILED') },
    },
  },
  '/api/v1/_access/explain': {
    get: {
      tags: ['admin'], summary: 'What the caller may do with an entity (or one record), and why', operationId: 'explainAccess',
      parameters: [{ name: 'entity', in: 'query', required: true, schema: str }, { name: 'id', in: 'query', schema: str }],
      responses: { 200: json(data(obj(['entity', 'actions'], { entity: str, actions: { type: 'array', items: obj(['action', 'allowed', 'because'], { action: str, allowed: { enum: [true, false, 'scoped'] }, because: strings }) } })), 'The explanation'), ...problems('NOT_FOUND') },
    },
  },
  '/api/v1/_audit': {
    get: {
      tags: ['admin'], summary: 'Audit entries of a user\'s writes (your own; any user for administrators), newest first', operationId: 'listAudit',
      parameters: [{ name: 'user', in: 'query', schema: str }, { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 500, default: 100 } }, { name: 'before', in: 'query', schema: str, description: 'An audit entry id: older entries only.' }],
      responses: { 200: json(data({ type: 'array', items: ref('AuditEntry') }), 'Audit entries'), ...problems('NOT_FOUND') },
    },
  },
};

export const PLATFORM_PATHS: Obj = { ...health, ...meta, ...auth, ...admin };
export const PLATFORM_TAGS = [
  { name: 'platform', description: 'Health, this description, the app\'s metadata' },
  { name: 'auth', description: 'Sessions, the current user, API tokens' },
  { name: 'admin', description: 'Users, access explanations, the audit log' },
];
