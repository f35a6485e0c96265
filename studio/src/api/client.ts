// The one way the studio talks to the API: same-origin fetch with the session cookie, the CSRF
// header on writes, and problem+json turned into ApiProblem so screens can show errors at fields.
import type { Problem } from './types';
import { exitViewAs, getViewAs, viewAsHeaders } from './viewAs';

export class ApiProblem extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title);
  }
  get status(): number { return this.problem.status; }
  get code(): string { return this.problem.code; }
}

const CSRF_COOKIE = 'crm_csrf';

/** The CSRF token: the readable cookie set at login (it survives a reload, unlike memory). */
export function csrfToken(): string | null {
  for (const part of document.cookie.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === CSRF_COOKIE) return decodeURIComponent(v.join('='));
  }
  return null;
}

/** Called when any request answers 401, so the app can show the login page. */
let onUnauthenticated: (() => void) | null = null;
export const setUnauthenticatedHandler = (fn: () => void): void => { onUnauthenticated = fn; };

export interface RequestOptions { method?: string; body?: unknown; ifMatch?: number | string; signal?: AbortSignal }

export async function api<T>(path: string, { method = 'GET', body, ifMatch, signal }: RequestOptions = {}): Promise<T> {
  // Signing in and out is always as yourself; everything else follows "view as".
  const own = /\/_auth\/log(in|out)$/.test(path);
  const headers: Record<string, string> = { accept: 'application/json', ...(own ? {} : viewAsHeaders()) };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD') {
    const csrf = csrfToken();
    if (csrf) headers['x-csrf-token'] = csrf;
  }
  if (ifMatch !== undefined) headers['if-match'] = `"${ifMatch}"`;
  let res: Response;
  try {
    res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin', signal });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiProblem({ type: 'about:blank', title: 'Network error', status: 0, code: 'NETWORK', detail: 'The server could not be reached. Check your connection and try again.' });
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!res.ok) {
    const problem = (json && typeof json === 'object' && 'code' in json ? json : { type: 'about:blank', title: res.statusText, status: res.status, code: 'HTTP_' + res.status }) as Problem;
    if (res.status === 401 && !path.endsWith('/_auth/login')) onUnauthenticated?.();
    // The viewed role is gone (or you are no longer an administrator): leave the view.
    const refused = (problem as { viewAs?: { problem?: string } }).viewAs?.problem;
    if (refused && refused !== 'read_only' && getViewAs()) exitViewAs();
    throw new ApiProblem(problem);
  }
  return json as T;
}

/** Query string from defined values; objects (filters) are JSON. */
export function qs(params: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '') continue;
    parts.push(`${k}=${encodeURIComponent(typeof v === 'string' ? v : JSON.stringify(v))}`);
  }
  return parts.length ? `?${parts.join('&')}` : '';
}
