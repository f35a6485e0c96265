// The automation routes: rules and their status, runs and steps, replay, dry run, manual runs, the
// test channel and signed incoming webhooks. Managing is for administrators and designers; the
// document lists the routes for everyone (a refused caller gets 403), like the user routes.
import { data, json, noContent, type Obj, problems } from './shared.js';

const str = { type: 'string' };
const int = { type: 'integer' };
const obj = (required: string[], properties: Obj): Obj => ({ type: 'object', required, properties });
const nameParam = { name: 'name', in: 'path', required: true, schema: str, description: 'The rule\'s name (automations/<name>.json).' };
const idParam = { name: 'id', in: 'path', required: true, schema: str, description: 'A run id.' };
const limit = { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 500 } };
const before = { name: 'before', in: 'query', schema: str, description: 'A run id: older runs only.' };
const status = { name: 'status', in: 'query', schema: str, description: 'queued, running, waiting, succeeded, failed, dead, stopped' };
const recordBody = { required: false, content: { 'application/json': { schema: { type: 'object', additionalProperties: false, properties: { record: { type: 'integer', minimum: 1 }, input: {} } } } } };

const RULE = obj(['name', 'enabled'], { name: str, enabled: { type: 'boolean' } });
const RUN = obj(['id', 'automation', 'status'], { id: int, automation: str, status: str });
const queued = json(data(obj(['run', 'status'], { run: int, status: str })), 'Queued; the run can be read at /api/v1/_automation-runs/<run>');

export const AUTOMATION_PATHS: Obj = {
  '/api/v1/_automations': {
    get: { tags: ['automations'], summary: 'The rules with their trigger and status (administrators, designers)', operationId: 'listAutomations', responses: { 200: json(data({ type: 'array', items: RULE }), 'Rules'), ...problems() } },
  },
  '/api/v1/_automations/{name}/_enable': {
    parameters: [nameParam],
    post: { tags: ['automations'], summary: 'Enable a rule (until disabled again)', operationId: 'enableAutomation', responses: { 200: json(data(RULE), 'The rule'), ...problems('NOT_FOUND') } },
  },
  '/api/v1/_automations/{name}/_disable': {
    parameters: [nameParam],
    post: { tags: ['automations'], summary: 'Disable a rule: nothing new starts; queued runs still finish', operationId: 'disableAutomation', responses: { 200: json(data(RULE), 'The rule'), ...problems('NOT_FOUND') } },
  },
  '/api/v1/_automations/{name}/runs': {
    parameters: [nameParam],
    get: { tags: ['automations'], summary: 'A rule\'s runs, newest first', operationId: 'automationRuns', parameters: [status, limit, before], responses: { 200: json(data({ type: 'array', items: RUN }), 'Runs'), ...problems('NOT_FOUND') } },
  },
  '/api/v1/_automations/{name}/_dry-run': {
    parameters: [nameParam],
    post: {
      tags: ['automations'], summary: 'Run a rule on a record with no effect at all: every step\'s input and output, messages and calls recorded, not sent', operationId: 'dryRunAutomation', requestBody: recordBody,
      responses: { 200: json(data({ type: 'object' }), 'What the run would do'), ...problems('NOT_FOUND', 'UNSUPPORTED_MEDIA_TYPE', 'PAYLOAD_TOO_LARGE', 'VALIDATION_FAILED') },
    },
  },
  '/api/v1/_automations/{name}/_run': {
    parameters: [nameParam],
    post: {
      tags: ['automations'], summary: 'Start a manual rule (a button), on a record or none; acts with the permissions of the caller', operationId: 'runAutomation', requestBody: recordBody,
      responses: { 202: queued, ...problems('NOT_FOUND', 'UNSUPPORTED_MEDIA_TYPE', 'PAYLOAD_TOO_LARGE', 'VALIDATION_FAILED', 'CONFLICT') },
    },
  },
  '/api/v1/_automation-runs': {
    get: {
      tags: ['automations'], summary: 'Runs of every rule, newest first (e.g. ?status=dead: the dead letters)', operationId: 'listAutomationRuns',
      parameters: [{ name: 'automation', in: 'query', schema: str }, status, limit, before], responses: { 200: json(data({ type: 'array', items: RUN }), 'Runs'), ...problems() },
    },
  },
  '/api/v1/_automation-runs/{id}': {
    parameters: [idParam],
    get: { tags: ['automations'], summary: 'A run with its steps: input, output, error and timing of each', operationId: 'getAutomationRun', responses: { 200: json(data(RUN), 'The run'), ...problems('NOT_FOUND') } },
  },
  '/api/v1/_automation-runs/{id}/_replay': {
    parameters: [idParam],
    post: { tags: ['automations'], summary: 'Run a failed or dead run again from its failed step', operationId: 'replayAutomationRun', responses: { 202: json(data({ type: 'object' }), 'Queued again'), ...problems('NOT_FOUND', 'CONFLICT') } },
  },
  '/api/v1/_channels/test/messages': {
    get: {
      tags: ['automations'], summary: 'Messages sent through the test channel (administrators)', operationId: 'testChannelMessages',
      parameters: [{ name: 'automation', in: 'query', schema: str }, limit], responses: { 200: json(data({ type: 'array', items: { type: 'object' } }), 'Messages, newest first'), ...problems() },
    },
    delete: { tags: ['automations'], summary: 'Clear the test channel (administrators)', operationId: 'clearTestChannel', responses: { 204: noContent('Cleared'), ...problems() } },
  },
  '/api/v1/_hooks/{name}': {
    parameters: [nameParam],
    post: {
      tags: ['automations'], summary: 'Incoming webhook of a rule with a webhook trigger: signed with HMAC-SHA256 over "<timestamp>.<body>" (see docs/automations.md), no session or token', operationId: 'incomingWebhook', security: [],
      requestBody: { required: false, content: { 'application/json': { schema: {} }, '*/*': { schema: str } } },
      responses: { 202: queued, ...problems('NOT_FOUND', 'PAYLOAD_TOO_LARGE') },
    },
  },
};

export const AUTOMATION_TAG = { name: 'automations', description: 'Rules, runs, dry runs, manual runs, incoming webhooks' };
