// Automations over HTTP (thin: parse → runtime/automation → respond). Managing rules, reading runs,
// replays and dry runs are for administrators and designers; a manual `_run` also for users whose
// role a rule's button names. Incoming webhooks authenticate by signature, not by session.
import express, { Router, type Request, type Response } from 'express';
import { appError } from '../../runtime/errors/catalog.js';
import type { Access } from '../../runtime/auth/access.js';
import type { AutomatedRuntime } from '../../runtime/automation/engine.js';
import type { AutomationHandle } from '../../runtime/automation/handle.js';
import { getRun, listAutomations, listRuns, replayRun, setEnabled, startManualRun } from '../../runtime/automation/ops.js';
import { dryRun } from '../../runtime/automation/dryRun.js';
import { clearTestMessages, listTestMessages } from '../../runtime/automation/channels/test.js';
import { HOOK_BODY_LIMIT, receiveWebhook } from '../../runtime/automation/webhookIn.js';
import { isPlainObject } from '../../runtime/json.js';
import type { Runtime } from '../../runtime/records/runtime.js';
import { BODY_LIMIT, jsonBody, optionalJsonBody } from '../http/body.js';
import { ctxOf } from '../http/context.js';

type Rt = Runtime & { automation?: AutomationHandle };

const P = (req: Request, key: string): string => String((req.params as Record<string, unknown>)[key]);
const id = (raw: unknown): number => {
  if (typeof raw !== 'string' || !/^[1-9]\d{0,15}$/.test(raw)) throw appError('NOT_FOUND', 'not found');
  return Number(raw);
};
const only = (req: Request, allowed: string[]): Record<string, string> => {
  const q = req.query as Record<string, unknown>;
  for (const [k, v] of Object.entries(q)) {
    if (!allowed.includes(k) || typeof v !== 'string') throw appError('INVALID_QUERY', `unknown query parameter "${k.slice(0, 50)}"`, { errors: [{ pointer: `/${k.slice(0, 50)}`, code: 'unknown_parameter', message: `allowed: ${allowed.join(', ') || 'none'}` }] });
  }
  return q as Record<string, string>;
};
const limitOf = (raw: string | undefined): number | undefined => {
  if (raw === undefined) return undefined;
  if (!/^\d{1,3}$/.test(raw) || Number(raw) < 1 || Number(raw) > 500) throw appError('INVALID_QUERY', 'limit is 1 to 500', { errors: [{ pointer: '/limit', code: 'range', message: '1 to 500' }] });
  return Number(raw);
};
/** `{"record": <id>}` (or none), and an optional `input`. */
function recordBody(body: unknown): { record: number | null; input?: unknown } {
  if (body === undefined || body === null || (isPlainObject(body) && Object.keys(body).length === 0)) return { record: null };
  if (!isPlainObject(body)) throw appError('MALFORMED_REQUEST', 'the body must be a JSON object');
  for (const k of Object.keys(body)) if (k !== 'record' && k !== 'input') throw appError('VALIDATION_FAILED', `unknown member "${k.slice(0, 50)}"`, { errors: [{ pointer: `/${k.slice(0, 50)}`, code: 'unknown_field', message: 'use {"record": <id>, "input": {...}}' }] });
  const r = body.record;
  if (r !== undefined && r !== null && !(typeof r === 'number' && Number.isSafeInteger(r) && r > 0)) throw appError('VALIDATION_FAILED', 'record is a record id', { errors: [{ pointer: '/record', code: 'type', message: 'must be a positive integer' }] });
  return { record: (r as number | undefined) ?? null, ...(body.input !== undefined ? { input: body.input } : {}) };
}

function automated(rt: Rt): AutomatedRuntime {
  if (!rt.automation) throw appError('NOT_FOUND', 'automations are not available in this runtime');
  return rt as AutomatedRuntime;
}

export function automationRoutes(rt: Rt, access: Access): Router {
  const r = Router();
  const canManage = (res: Response): boolean => {
    const ctx = ctxOf(res);
    return ctx.actor.kind === 'system' || access.isDesigner(ctx);
  };
  const requireManage = (res: Response): AutomatedRuntime => {
    if (!canManage(res)) throw appError('FORBIDDEN', 'only administrators and designers may manage automations');
    return automated(rt);
  };
  const requireAdmin = (res: Response): void => {
    const ctx = ctxOf(res);
    if (ctx.actor.kind !== 'system' && !access.isAdmin(ctx)) throw appError('FORBIDDEN', 'only administrators may read the test channel');
  };

  r.get('/_automations', async (req, res) => {
    const a = requireManage(res);
    only(req, []);
    res.json({ data: await listAutomations(a) });
  });
  for (const [path, enabled] of [['_enable', true], ['_disable', false]] as const) {
    r.post(`/_automations/:name/${path}`, async (req, res) => {
      const a = requireManage(res);
      await setEnabled(a, P(req, 'name'), enabled);
      res.json({ data: (await listAutomations(a)).find((x) => x.name === P(req, 'name')) });
    });
  }
  r.get('/_automations/:name/runs', async (req, res) => {
    const a = requireManage(res);
    if (!a.automation.rules.has(P(req, 'name'))) throw appError('NOT_FOUND', `no automation "${P(req, 'name').slice(0, 100)}"`);
    const q = only(req, ['status', 'limit', 'before']);
    res.json({ data: await listRuns(a, { automation: P(req, 'name'), status: q.status, limit: limitOf(q.limit), before: q.before ? id(q.before) : undefined }) });
  });
  r.post('/_automations/:name/_dry-run', ...jsonBody(BODY_LIMIT), async (req, res) => {
    const a = requireManage(res);
    res.json({ data: await dryRun(a, { name: P(req, 'name'), recordId: recordBody(req.body).record, ctx: ctxOf(res) }) });
  });
  r.post('/_automations/:name/_run', ...optionalJsonBody(), async (req, res) => {
    const a = automated(rt);
    const body = recordBody(req.body);
    const runId = await startManualRun(a, { name: P(req, 'name'), recordId: body.record, input: body.input, ctx: ctxOf(res), canManage: canManage(res) });
    res.status(202).setHeader('Location', `/api/v1/_automation-runs/${runId}`).json({ data: { run: runId, status: 'queued' } });
  });
  r.get('/_automation-runs', async (req, res) => {
    const a = requireManage(res);
    const q = only(req, ['status', 'automation', 'limit', 'before']);
    res.json({ data: await listRuns(a, { automation: q.automation, status: q.status, limit: limitOf(q.limit), before: q.before ? id(q.before) : undefined }) });
  });
  r.get('/_automation-runs/:id', async (req, res) => {
    const a = requireManage(res);
    only(req, []);
    res.json({ data: await getRun(a, id(P(req, 'id'))) });
  });
  r.post('/_automation-runs/:id/_replay', async (req, res) => {
    const a = requireManage(res);
    res.status(202).json({ data: await replayRun(a, id(P(req, 'id'))) });
  });
  r.get('/_channels/test/messages', async (req, res) => {
    requireAdmin(res);
    const q = only(req, ['automation', 'limit']);
    res.json({ data: await listTestMessages(rt.db.knex, { automation: q.automation, limit: limitOf(q.limit) }) });
  });
  r.delete('/_channels/test/messages', async (req, res) => {
    requireAdmin(res);
    only(req, []);
    await clearTestMessages(rt.db.knex);
    res.status(204).end();
  });
  return r;
}

/** POST /api/v1/_hooks/<automation>: mounted before authentication; the signature is the credential. */
export function webhookRoutes(rt: Rt): Router {
  const r = Router();
  r.post('/:name', express.raw({ type: () => true, limit: HOOK_BODY_LIMIT }), async (req, res) => {
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const runId = await receiveWebhook(automated(rt), { name: P(req, 'name'), body, headers: req.headers });
    res.status(202).json({ data: { run: runId, status: 'queued' } });
  });
  return r;
}
