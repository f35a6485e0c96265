// The read budget's HTTP side: per caller (the authenticated user, else the client address), a
// rate of reads per minute (while other callers read too) and a number of list/export requests
// running at once. Further lists
// wait in line behind the caller's own, so one user's slow queries hold at most that many
// database connections and everybody else keeps theirs. Mounted after authentication.
import type { Request, RequestHandler, Response } from 'express';
import rateLimit from 'express-rate-limit';
import { appError } from '../../runtime/errors/catalog.js';
import type { Ctx } from '../../runtime/records/context.js';
import { sendProblem } from './problem.js';

export interface ReadLimits {
  /** GET/HEAD requests per caller per minute; 0 turns the limit off. */
  perMinute: number;
  /** List and export requests per caller running at once; 0 turns the gate off. */
  inFlight: number;
  /** Requests that may wait for one of those places; more are answered 429. */
  queue?: number;
}

export const READ_LIMIT_DEFAULTS = { perMinute: 6000, inFlight: 2, queue: 50 } as const;

const isRead = (req: Request): boolean => req.method === 'GET' || req.method === 'HEAD';
/** `/<entity>` and `/<entity>/_export` under /api/v1: the reads whose cost grows with the data. */
const LIST_PATH = /^\/[a-z][a-z0-9_]*(?:\/_export)?\/?$/;

export function callerKey(req: Request, res: Response): string {
  const ctx = res.locals.ctx as Ctx | undefined;
  // An administrator viewing as a role spends their own budget, not the viewed user's.
  if (ctx?.viewAs) return `user:${ctx.viewAs.by}`;
  return ctx?.actor.kind === 'user' ? `user:${ctx.actor.id}` : `ip:${req.ip ?? 'unknown'}`;
}

function tooMany(res: Response, detail: string, retryAfter: number): void {
  sendProblem(res, appError('RATE_LIMITED', detail, { headers: { 'Retry-After': String(Math.max(1, retryAfter)) } }), String(res.locals.requestId));
}

/** How long a caller counts as reading after its last read. */
export const ACTIVE_MS = 10_000;

/**
 * Who has read lately: the rate limit protects the other callers, so it applies while someone
 * else has read within ACTIVE_MS. A caller alone on the server is not slowed down (an
 * integration's sync at night, a benchmark); what one read may cost is bounded anyway (hops,
 * statement timeout) and its lists still wait in line behind its own (the gate below).
 */
export function readers(activeMs = ACTIVE_MS, now: () => number = Date.now) {
  // The newest read, and the newest read by a caller other than that one's: enough to tell.
  let last: { key: string; at: number } | null = null;
  let other: { key: string; at: number } | null = null;
  return {
    /** Notes a read by `key`; true when another caller has read within activeMs. */
    others(key: string): boolean {
      const at = now();
      if (last && last.key !== key) other = last;
      last = { key, at };
      return other !== null && at - other.at <= activeMs;
    },
  };
}

function rate(perMinute: number): RequestHandler {
  const active = readers();
  return rateLimit({
    windowMs: 60_000, limit: perMinute, standardHeaders: 'draft-7', legacyHeaders: false,
    skip: (req, res) => !isRead(req) || !active.others(callerKey(req, res)),
    keyGenerator: (req, res) => callerKey(req, res),
    handler: (req, res) => {
      const reset = (req as Request & { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
      tooMany(res, `more than ${perMinute} reads a minute; slow down`, reset ? Math.ceil((reset.getTime() - Date.now()) / 1000) : 60);
    },
  });
}

export function gate(inFlight: number, queue: number): RequestHandler {
  const callers = new Map<string, { running: number; waiting: (() => void)[] }>();
  return (req, res, next) => {
    if (!isRead(req) || !LIST_PATH.test(req.path)) return next();
    // A client that left while the request was still in the middleware before this one: its
    // 'close' has fired already, so it must never take a place (it would not give it back).
    const gone = (): boolean => (res as { closed?: boolean }).closed === true || req.destroyed;
    if (gone()) return;
    const key = callerKey(req, res);
    let slot = callers.get(key);
    if (!slot) callers.set(key, (slot = { running: 0, waiting: [] }));
    const own = slot;
    const forget = (): void => {
      if (callers.get(key) === own) callers.delete(key);
    };
    /** The next in line gets the place (after pending I/O: other callers' requests go first). */
    const passOn = (): void => {
      const following = own.waiting.shift();
      if (following) setImmediate(following);
      else if (own.running === 0) forget();
    };
    // One listener for the whole life of the request: a client that leaves while waiting, or
    // between being called and starting, never holds a place (a place taken by a request whose
    // 'close' had already fired would never be given back).
    let state: 'waiting' | 'running' | 'gone' = 'waiting';
    const start = (): void => {
      if (state !== 'waiting' || gone()) {
        state = 'gone';
        return passOn();
      }
      state = 'running';
      own.running++;
      next();
    };
    res.once('close', () => {
      const was = state;
      state = 'gone';
      if (was === 'running') {
        own.running--;
        passOn();
      } else if (was === 'waiting') {
        const at = own.waiting.indexOf(start);
        if (at >= 0) own.waiting.splice(at, 1);
        if (own.running === 0 && own.waiting.length === 0) forget();
      }
    });
    if (own.running < inFlight) return start();
    if (own.waiting.length >= queue) {
      state = 'gone';
      return tooMany(res, `more than ${inFlight + queue} list requests at once; wait for some to finish`, 1);
    }
    own.waiting.push(start);
  };
}

export function readBudget(limits: ReadLimits): RequestHandler[] {
  const out: RequestHandler[] = [];
  if (limits.perMinute > 0) out.push(rate(limits.perMinute));
  if (limits.inFlight > 0) out.push(gate(limits.inFlight, limits.queue ?? READ_LIMIT_DEFAULTS.queue));
  return out;
}
