// OpenAPI 3.1 generated from the live compiled app, for one audience: the entities the caller may
// read, without the fields hidden from them. Every route the API answers is described, including
// sparse fieldsets (fields=) and expanded relations, so typed clients and validating proxies agree
// with what the server sends.
import type { CompiledApp } from '../runtime/compile/compileApp.js';
import type { Ctx } from '../runtime/records/context.js';
import type { Runtime } from '../runtime/records/runtime.js';
import { type Audience, audienceOf, everything } from './audience.js';
import { entityPaths } from './openapi/entityPaths.js';
import { PLATFORM_PATHS, PLATFORM_TAGS } from './openapi/platformPaths.js';
import { PIPELINE_TAG, pipelinePaths } from './openapi/pipelinePaths.js';
import { AUTOMATION_PATHS, AUTOMATION_TAG } from './openapi/automationPaths.js';
import { PLUGIN_TAG, pluginPaths } from './openapi/pluginPaths.js';
import { DEFINITION_PATHS, DEFINITIONS_TAG } from './openapi/definitionPaths.js';
import { entitySchemas } from './openapi/records.js';
import { AUDIT_ENTRY_SCHEMA, type Obj, PROBLEM_SCHEMA, PUBLIC_USER_SCHEMA, USER_REF_SCHEMA } from './openapi/shared.js';

export { schemasFor } from './openapi/records.js';

export function buildOpenApi(app: CompiledApp, audience: Audience = everything(app)): Obj {
  const schemas: Obj = {
    Problem: PROBLEM_SCHEMA,
    ListMeta: {
      type: 'object', required: ['nextCursor'], additionalProperties: false,
      properties: { nextCursor: { type: ['string', 'null'], description: 'Pass as cursor= for the next page; null on the last page.' }, count: { type: 'integer', minimum: 0, description: 'With count=true.' } },
    },
    UserRef: USER_REF_SCHEMA,
    PublicUser: PUBLIC_USER_SCHEMA,
    AuditEntry: AUDIT_ENTRY_SCHEMA,
  };
  let paths: Obj = {};
  for (const e of audience.entities) {
    Object.assign(schemas, entitySchemas(e, audience));
    paths = { ...paths, ...entityPaths(e, audience) };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: `${app.label} API`, version: app.version,
      description: `REST API of the "${app.name}" app, generated from its definitions for the caller: entities and fields the caller may not see are left out. Errors are RFC 9457 problem+json. Authenticate with "Authorization: Bearer <token>" or the session cookie from POST /api/v1/_auth/login. Administrators may send "X-CRM-View-As: <role>" (and optionally "X-CRM-View-As-User: <user id>") to read the app as that role sees it; such requests are read-only (writes answer 403).`,
    },
    security: [{ bearer: [] }, { session: [] }],
    servers: [{ url: '/' }],
    tags: [...audience.entities.map((e) => ({ name: e.name, description: e.label })), ...PLATFORM_TAGS, PIPELINE_TAG, AUTOMATION_TAG, DEFINITIONS_TAG],
    paths: { ...paths, ...pipelinePaths(audience), ...PLATFORM_PATHS, ...AUTOMATION_PATHS, ...DEFINITION_PATHS },
    components: {
      schemas,
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'An API token (crm token --user <email>, or POST /api/v1/_auth/tokens).' },
        session: { type: 'apiKey', in: 'cookie', name: 'crm_session', description: 'Browser session from POST /api/v1/_auth/login; writes also send the X-CSRF-Token header (the csrfToken of the login answer, or the crm_csrf cookie).' },
      },
    },
  };
}

/** The document the caller gets from /api/openapi.json (and, rendered, from /api/docs). */
export async function openApiFor(rt: Runtime, ctx: Ctx): Promise<Obj> {
  const doc = buildOpenApi(rt.app, await audienceOf(rt, ctx));
  if (!rt.pluginRoutes?.length) return doc;
  return { ...doc, tags: [...(doc.tags as Obj[]), PLUGIN_TAG], paths: { ...(doc.paths as Obj), ...pluginPaths(rt.pluginRoutes) } };
}
