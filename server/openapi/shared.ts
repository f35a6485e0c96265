// Building blocks of the OpenAPI document: references, problem responses, common shapes.
import { CATALOG, type ErrorCode } from '../../runtime/errors/catalog.js';

export type Obj = Record<string, unknown>;

export const pascal = (s: string): string => s.split('_').filter(Boolean).map((p) => p[0].toUpperCase() + p.slice(1)).join('');
export const ref = (name: string): Obj => ({ $ref: `#/components/schemas/${name}` });
export const json = (schema: Obj, description: string, headers?: Obj): Obj => ({ description, ...(headers ? { headers } : {}), content: { 'application/json': { schema } } });
export const data = (schema: Obj, extra: Obj = {}): Obj => ({ type: 'object', required: ['data', ...Object.keys(extra)], properties: { data: schema, ...extra } });
export const noContent = (description: string): Obj => ({ description });

/** Answers every API operation can give: bad query or body, no credentials, not allowed (or CSRF), rate limits, failures. */
const COMMON: ErrorCode[] = ['MALFORMED_REQUEST', 'INVALID_QUERY', 'UNAUTHENTICATED', 'FORBIDDEN', 'RATE_LIMITED', 'INTERNAL', 'NOT_READY'];

/** Problem responses for the given catalog codes plus the common ones, grouped by status. */
export function problems(...codes: ErrorCode[]): Obj {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const c of [...COMMON, ...codes]) {
    const list = byStatus.get(CATALOG[c].status) ?? [];
    if (!list.includes(c)) list.push(c);
    byStatus.set(CATALOG[c].status, list);
  }
  return Object.fromEntries([...byStatus].sort(([a], [b]) => a - b).map(([status, list]) => [String(status), {
    description: `${list.map((c) => CATALOG[c].title).join(' / ')} (${list.join(', ')})`,
    content: { 'application/problem+json': { schema: ref('Problem') } },
  }]));
}

export const PROBLEM_SCHEMA: Obj = {
  type: 'object', required: ['type', 'title', 'status', 'detail', 'code', 'requestId'],
  properties: {
    type: { type: 'string' }, title: { type: 'string' }, status: { type: 'integer' }, detail: { type: 'string' },
    code: { type: 'string', enum: Object.keys(CATALOG) }, requestId: { type: 'string' },
    errors: {
      type: 'array',
      items: {
        type: 'object', required: ['pointer', 'code', 'message'],
        properties: { pointer: { type: 'string', description: 'RFC 6901 JSON Pointer, no #' }, code: { type: 'string' }, message: { type: 'string' }, file: { type: 'string' } },
      },
    },
  },
};

const nullable = (type: string): Obj => ({ type: [type, 'null'] });

/** A platform user as administrators and the user themself see it. */
export const PUBLIC_USER_SCHEMA: Obj = {
  type: 'object', required: ['id', 'email', 'name', 'status', 'roles', 'team', 'department', 'manager'],
  properties: {
    id: { type: 'integer' }, email: { type: 'string' }, name: nullable('string'), status: { type: 'string', enum: ['active', 'suspended'] },
    roles: { type: 'array', items: { type: 'string' } }, team: nullable('string'), department: nullable('string'), manager: nullable('integer'),
  },
};

/** A `user` field's value with expand: the user's public card. */
export const USER_REF_SCHEMA: Obj = {
  type: 'object', required: ['id'], additionalProperties: false,
  description: 'The user, with expand (fields=owner.email trims it).',
  properties: { id: { type: 'integer' }, email: { type: 'string' }, name: nullable('string') },
};

export const AUDIT_ENTRY_SCHEMA: Obj = {
  type: 'object', required: ['id', 'at', 'actor', 'via', 'requestId', 'entity', 'recordId', 'action', 'changed', 'before', 'after'],
  properties: {
    id: { type: 'integer' }, at: { type: 'string', format: 'date-time' },
    actor: { type: 'object', required: ['kind', 'id'], properties: { kind: { type: 'string', enum: ['user', 'system'] }, id: nullable('integer'), reason: nullable('string') } },
    via: { type: 'string' }, requestId: { type: 'string' }, entity: { type: 'string' }, recordId: { type: 'integer' },
    action: { type: 'string' }, changed: { type: 'array', items: { type: 'string' } },
    before: { type: ['object', 'null'] }, after: { type: ['object', 'null'] },
  },
};
