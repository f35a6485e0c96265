// What administrators may send to create or change a user, as JSON Schemas: every bad value is a
// 422 with a pointer (like any entity), never a database error.
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv';
import type { Knex } from 'knex';
import { appError, type ProblemItem } from '../errors/catalog.js';
import { ajvToProblems } from '../records/codec.js';

export interface UserInputValidators {
  create(body: unknown): Record<string, unknown>;
  patch(body: unknown, self: number): Record<string, unknown>;
}

const optionalText = (max: number) => ({ type: ['string', 'null'], maxLength: max });

export function userInputValidators(roleNames: readonly string[]): UserInputValidators {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  const common = {
    name: { type: ['string', 'null'], minLength: 1, maxLength: 200 },
    password: { type: 'string', maxLength: 1000 },
    roles: { type: 'array', uniqueItems: true, maxItems: 50, items: { type: 'string', enum: [...roleNames] } },
    team: optionalText(100),
    department: optionalText(100),
    manager: { type: ['integer', 'null'], minimum: 1, maximum: Number.MAX_SAFE_INTEGER },
  };
  const create = ajv.compile({ type: 'object', additionalProperties: false, required: ['email'], properties: { email: { type: 'string', maxLength: 320 }, ...common } });
  const patch = ajv.compile({ type: 'object', additionalProperties: false, properties: { ...common, status: { enum: ['active', 'suspended'] } } });
  const check = (validate: ValidateFunction, body: unknown): Record<string, unknown> => {
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw appError('MALFORMED_REQUEST', 'the body must be a JSON object');
    if (!validate(body)) throw appError('VALIDATION_FAILED', 'the user is invalid', { errors: ajvToProblems(validate.errors) });
    return body as Record<string, unknown>;
  };
  return {
    create: (body) => check(create, body),
    patch: (body, self) => {
      const data = check(patch, body);
      if (data.manager === self) throw appError('VALIDATION_FAILED', 'the user is invalid', { errors: [{ pointer: '/manager', code: 'invalid', message: 'a user can not be their own manager' }] });
      return data;
    },
  };
}

/** A manager named in user input must be an existing user. */
export async function checkManager(k: Knex, manager: unknown): Promise<void> {
  if (typeof manager !== 'number') return;
  if (await k('_users').where({ id: manager }).first('id')) return;
  const problem: ProblemItem = { pointer: '/manager', code: 'not_found', message: `no user with id ${manager}` };
  throw appError('VALIDATION_FAILED', 'the user is invalid', { errors: [problem] });
}
