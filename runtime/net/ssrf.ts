// The one way the platform makes an outgoing HTTP request (webhooks, automations, imports later).
// Targets are checked after DNS resolution, the connection is pinned to the address that was
// checked (so a name can not re-resolve to an internal address between check and connect), and
// every redirect is checked again. Failures are one uniform error that never carries the target's
// answer, so the guard can not be used to map an internal network.
import { lookup as dnsLookup } from 'node:dns/promises';
import http, { type IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { appError, type AppError } from '../errors/catalog.js';

export type Resolver = (hostname: string) => Promise<{ address: string; family: number }[]>;

export interface GuardOptions {
  /** DNS resolution (default: node:dns/promises lookup with all=true). Tests inject one. */
  resolve?: Resolver;
  /** Operator-configured exceptions: exact addresses or CIDRs that may be reached although not public. */
  allow?: readonly string[];
}

export interface PublicTarget { url: URL; address: string; family: 4 | 6 }

const UNIFORM = 'the URL can not be used: it is not allowed or did not answer';

/** A refusal that depends on the network: always the same text; the reason goes only to the log (cause). */
const refused = (reason: string): AppError =>
  appError('VALIDATION_FAILED', UNIFORM, { errors: [{ pointer: '/url', code: 'url_refused', message: UNIFORM }], cause: new Error(reason) });
/** A refusal visible from the URL text alone (scheme, credentials): saying why reveals nothing. */
const invalid = (message: string): AppError =>
  appError('VALIDATION_FAILED', message, { errors: [{ pointer: '/url', code: 'url_invalid', message }] });

// ---- addresses --------------------------------------------------------------------------------

function v4Bytes(s: string): number[] | null {
  const parts = s.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255)) return null;
  return parts.map(Number);
}

/** 16 bytes of an IPv6 address (with or without an IPv4 tail, zone id dropped), or null. */
function v6Bytes(input: string): number[] | null {
  let s = input.replace(/%.*$/, '');
  if (isIP(s) !== 6) return null;
  const lastColon = s.lastIndexOf(':');
  if (s.slice(lastColon + 1).includes('.')) {
    const v4 = v4Bytes(s.slice(lastColon + 1));
    if (!v4) return null;
    s = `${s.slice(0, lastColon + 1)}${((v4[0] << 8) | v4[1]).toString(16)}:${((v4[2] << 8) | v4[3]).toString(16)}`;
  }
  const [l, r] = s.split('::');
  const left = l ? l.split(':') : [];
  const right = r ? r.split(':') : [];
  const groups = r === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  if (groups.length !== 8) return null;
  return groups.flatMap((g) => [parseInt(g, 16) >> 8, parseInt(g, 16) & 0xff]);
}

const inV4 = (b: number[], net: number[], bits: number): boolean => {
  for (let i = 0; i < 4; i++) {
    const m = bits >= (i + 1) * 8 ? 0xff : bits <= i * 8 ? 0 : (0xff << (8 - (bits - i * 8))) & 0xff;
    if ((b[i] & m) !== (net[i] & m)) return false;
  }
  return true;
};
const inV6 = (b: number[], prefix: number[], bits: number): boolean => {
  for (let i = 0; i < 16; i++) {
    const m = bits >= (i + 1) * 8 ? 0xff : bits <= i * 8 ? 0 : (0xff << (8 - (bits - i * 8))) & 0xff;
    if ((b[i] & m) !== ((prefix[i] ?? 0) & m)) return false;
  }
  return true;
};

// Not globally reachable (IANA special-purpose registries): none of these may be a webhook target.
const V4_BLOCKED: [number[], number][] = [
  [[0, 0, 0, 0], 8], [[10, 0, 0, 0], 8], [[100, 64, 0, 0], 10], [[127, 0, 0, 0], 8], [[169, 254, 0, 0], 16],
  [[172, 16, 0, 0], 12], [[192, 0, 0, 0], 24], [[192, 0, 2, 0], 24], [[192, 88, 99, 0], 24], [[192, 168, 0, 0], 16],
  [[198, 18, 0, 0], 15], [[198, 51, 100, 0], 24], [[203, 0, 113, 0], 24], [[224, 0, 0, 0], 4], [[240, 0, 0, 0], 4],
];
const V6_BLOCKED: [number[], number][] = [
  [[0x01, 0x00], 64], // discard-only 100::/64
  [[0x20, 0x01, 0x00, 0x00], 23], // IETF protocol assignments incl. Teredo 2001::/32
  [[0x20, 0x01, 0x0d, 0xb8], 32], // documentation
  [[0x3f, 0xff], 20], // documentation
  [[0x00, 0x64, 0xff, 0x9b, 0x00, 0x01], 48], // local-use NAT64
];

function v4Blocked(b: number[]): string | null {
  const hit = V4_BLOCKED.find(([net, bits]) => inV4(b, net, bits));
  return hit ? `${b.join('.')} is in ${hit[0].join('.')}/${hit[1]}` : null;
}

/** Why an address may not be reached, or null when it is a public unicast address. */
export function blockedReason(address: string): string | null {
  const v4 = v4Bytes(address);
  if (v4) return v4Blocked(v4);
  const b = v6Bytes(address);
  if (!b) return `"${address}" is not an IP address`;
  const embedded = b.slice(12);
  // ::/96 (unspecified, loopback, IPv4-compatible), ::ffff:0:0/96 (IPv4-mapped), 64:ff9b::/96 (NAT64)
  if (inV6(b, [], 96)) return b.every((x, i) => i < 15 ? x === 0 : x <= 1) ? `${address} is unspecified/loopback` : v4Blocked(embedded) ?? `${address} is IPv4-compatible IPv6`;
  if (inV6(b, [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff], 96)) return v4Blocked(embedded);
  if (inV6(b, [0, 0x64, 0xff, 0x9b], 96)) return v4Blocked(embedded);
  // 6to4 2002::/16 carries an IPv4 address in bits 16..48
  if (inV6(b, [0x20, 0x02], 16)) return v4Blocked(b.slice(2, 6));
  if (!inV6(b, [0x20], 3)) return `${address} is not global unicast (loopback, link-local, unique-local, multicast or reserved)`;
  const hit = V6_BLOCKED.find(([net, bits]) => inV6(b, net, bits));
  return hit ? `${address} is in a special-purpose block` : null;
}

function allowedByOperator(address: string, allow: readonly string[]): boolean {
  for (const entry of allow) {
    const [net, bitsRaw] = entry.split('/');
    const a4 = v4Bytes(address);
    const n4 = v4Bytes(net);
    if (a4 && n4) {
      if (inV4(a4, n4, bitsRaw === undefined ? 32 : Number(bitsRaw))) return true;
      continue;
    }
    const a6 = v6Bytes(address);
    const n6 = v6Bytes(net);
    if (a6 && n6 && inV6(a6, n6, bitsRaw === undefined ? 128 : Number(bitsRaw))) return true;
  }
  return false;
}

// ---- URLs -------------------------------------------------------------------------------------

const defaultResolve: Resolver = (hostname) => dnsLookup(hostname, { all: true });

/**
 * Checks that a URL may be fetched: http(s), no credentials, and every address its host resolves
 * to is public. Returns the address to pin the connection to.
 */
export async function assertPublicUrl(input: string | URL, options: GuardOptions = {}): Promise<PublicTarget> {
  let url: URL;
  try {
    url = new URL(String(input));
  } catch {
    throw invalid('the URL is not a valid absolute URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw invalid('only http and https URLs are allowed');
  if (url.username || url.password) throw invalid('the URL may not contain a user name or password');
  // The WHATWG parser has already turned decimal, octal and hex IPv4 forms into dotted decimal.
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const bare = host.replace(/\.+$/, '').toLowerCase();
  if (!bare) throw invalid('the URL has no host');
  if (bare === 'localhost' || bare.endsWith('.localhost')) throw refused(`${host} names the local machine`);
  let addresses: { address: string; family: number }[];
  if (isIP(host)) addresses = [{ address: host, family: isIP(host) }];
  else if (/^[\d.]+$/.test(bare) || /^0x/i.test(bare)) throw refused(`${host} looks like a non-canonical IP address`);
  else {
    try {
      addresses = await (options.resolve ?? defaultResolve)(host);
    } catch (err) {
      throw refused(`${host} did not resolve: ${(err as Error).message}`);
    }
  }
  if (addresses.length === 0) throw refused(`${host} resolved to no address`);
  for (const a of addresses) {
    const reason = blockedReason(a.address);
    if (reason && !allowedByOperator(a.address, options.allow ?? [])) throw refused(`${host} resolves to ${a.address}: ${reason}`);
  }
  const first = addresses[0];
  return { url, address: first.address, family: isIP(first.address) === 6 ? 6 : 4 };
}

// ---- requests ---------------------------------------------------------------------------------

export interface SafeFetchInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export interface SafeFetchOptions extends GuardOptions {
  maxRedirects?: number;
  timeoutMs?: number;
  /** Largest response body accepted (default 1 MB). */
  maxBytes?: number;
}

export interface SafeResponse { status: number; headers: IncomingHttpHeaders; url: string; body: Buffer }

/** A DNS lookup that answers the checked address whatever name is asked: the connection is pinned. */
export function pinnedLookup(address: string, family: 4 | 6): LookupFunction {
  return ((_hostname: string, opts: { all?: boolean }, cb: (...args: unknown[]) => void) => {
    if (opts?.all) cb(null, [{ address, family }]);
    else cb(null, address, family);
  }) as unknown as LookupFunction;
}

/** One request to an already checked target, connecting only to target.address. */
export function requestPinned(target: PublicTarget, init: SafeFetchInit, opts: { signal: AbortSignal; maxBytes: number }): Promise<SafeResponse> {
  const { url, address, family } = target;
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(init.headers ?? {})) if (k.toLowerCase() !== 'host') headers[k] = v;
  const request = url.protocol === 'https:' ? https.request : http.request;
  return new Promise((resolve, reject) => {
    const req = request(url, { method: init.method ?? 'GET', headers, lookup: pinnedLookup(address, family), agent: false, signal: opts.signal }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > opts.maxBytes) {
          req.destroy(new Error(`the response is larger than ${opts.maxBytes} bytes`));
          return;
        }
        chunks.push(c);
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, url: url.href, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * fetch for targets chosen by users (webhook URLs, import URLs): checked, pinned, at most
 * `maxRedirects` redirects (each checked again), one deadline for the whole exchange.
 * Throws VALIDATION_FAILED (pointer /url) for any refused or failed target, never echoing its body.
 */
export async function safeFetch(input: string | URL, init: SafeFetchInit = {}, options: SafeFetchOptions = {}): Promise<SafeResponse> {
  const { maxRedirects = 3, timeoutMs = 10_000, maxBytes = 1024 * 1024 } = options;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  let current: SafeFetchInit = { ...init };
  let url = String(input);
  try {
    for (let hop = 0; ; hop++) {
      const target = await assertPublicUrl(url, options);
      let res: SafeResponse;
      try {
        res = await requestPinned(target, current, { signal: controller.signal, maxBytes });
      } catch (err) {
        throw refused(`request to ${target.url.host} failed: ${(err as Error).message}`);
      }
      if (!REDIRECTS.has(res.status)) return res;
      const location = res.headers.location;
      if (hop >= maxRedirects) throw refused(`more than ${maxRedirects} redirects`);
      if (!location) throw refused(`redirect ${res.status} without a Location`);
      const next = new URL(location, target.url);
      if (res.status === 303 || ((res.status === 301 || res.status === 302) && (current.method ?? 'GET').toUpperCase() !== 'GET')) {
        current = { ...current, method: 'GET', body: undefined };
      }
      if (next.origin !== target.url.origin) {
        // credentials meant for the first host are not handed to the next one
        const headers = Object.fromEntries(Object.entries(current.headers ?? {}).filter(([k]) => !['authorization', 'cookie'].includes(k.toLowerCase())));
        current = { ...current, headers };
      }
      url = next.href;
    }
  } finally {
    clearTimeout(timer);
  }
}
