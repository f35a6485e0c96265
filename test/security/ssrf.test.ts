// SR-01..SR-04: the outgoing-request guard. No real internet: local servers on 127.0.0.1 prove
// refusals, and an injected resolver plays the DNS server (private answers, rebinding).
import { once } from 'node:events';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import http, { type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError, isAppError } from '../../runtime/errors/catalog.js';
import { assertPublicUrl, blockedReason, pinnedLookup, safeFetch, type Resolver } from '../../runtime/net/ssrf.js';
import { ROOT } from '../helpers/testRuntime.js';

interface Local { server: Server; port: number; hits: { url: string; headers: IncomingMessage['headers']; method: string }[] }

async function local(handler: (req: IncomingMessage, res: ServerResponse, self: Local) => void): Promise<Local> {
  const self = { hits: [] } as unknown as Local;
  self.server = http.createServer((req, res) => {
    self.hits.push({ url: req.url ?? '', headers: req.headers, method: req.method ?? '' });
    handler(req, res, self);
  });
  self.server.listen(0, '127.0.0.1');
  await once(self.server, 'listening');
  self.port = (self.server.address() as AddressInfo).port;
  return self;
}
const stop = (l: Local): Promise<void> => new Promise((r) => { l.server.closeAllConnections(); l.server.close(() => r()); });

/** A resolver from a table; unknown names fail like NXDOMAIN. Counts calls per name. */
function resolver(table: Record<string, string[] | string[][]>): Resolver & { calls: Record<string, number> } {
  const calls: Record<string, number> = {};
  const fn = (async (host: string) => {
    const n = (calls[host] = (calls[host] ?? 0) + 1);
    const entry = table[host];
    if (!entry) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    const answer = (Array.isArray(entry[0]) ? (entry as string[][])[Math.min(n, entry.length) - 1] : entry) as string[];
    return answer.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  }) as Resolver & { calls: Record<string, number> };
  fn.calls = calls;
  return fn;
}
const noDns: Resolver = async (host) => {
  throw new Error(`DNS must not be asked for ${host}`);
};

async function rejection(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (err) {
    if (isAppError(err)) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

const problemOf = (e: AppError) => ({ code: e.code, status: e.status, detail: e.message, errors: e.errors });

describe('SR-01 assertPublicUrl refuses internal targets written in any form', () => {
  const refusedLiterals: [string, string][] = [
    ['cloud metadata', 'http://169.254.169.254/latest/meta-data/'],
    ['loopback', 'http://127.0.0.1/'],
    ['loopback with port', 'https://127.0.0.1:8443/x'],
    ['loopback short form', 'http://127.1/'],
    ['loopback anywhere in 127/8', 'http://127.255.255.254/'],
    ['IPv6 loopback', 'http://[::1]/'],
    ['IPv4-mapped IPv6 loopback', 'http://[::ffff:127.0.0.1]/'],
    ['IPv4-mapped IPv6 loopback, hex', 'http://[::ffff:7f00:1]/'],
    ['IPv4-mapped IPv6 metadata', 'http://[::ffff:169.254.169.254]/'],
    ['IPv4-compatible IPv6', 'http://[::127.0.0.1]/'],
    ['IPv6 unspecified', 'http://[::]/'],
    ['NAT64 of metadata', 'http://[64:ff9b::a9fe:a9fe]/'],
    ['6to4 of loopback', 'http://[2002:7f00:1::]/'],
    ['unspecified 0.0.0.0', 'http://0.0.0.0:8080/'],
    ['bare 0', 'http://0/'],
    ['decimal IPv4', 'http://2130706433/'],
    ['octal IPv4', 'http://017700000001/'],
    ['hex IPv4', 'http://0x7f000001/'],
    ['mixed hex/octal dotted', 'http://0x7f.0.0.01/'],
    ['octal dotted', 'http://0177.0.0.1/'],
    ['decimal metadata', 'http://2852039166/'],
    ['percent-encoded host', 'http://%31%32%37.0.0.1/'],
    ['localhost', 'http://localhost/'],
    ['localhost with trailing dot', 'http://localhost./'],
    ['LOCALHOST upper-case', 'http://LOCALHOST:3000/'],
    ['a .localhost name', 'http://api.localhost/'],
    ['10/8', 'http://10.1.2.3/'],
    ['172.16/12', 'http://172.31.255.1/'],
    ['192.168/16', 'http://192.168.0.1/'],
    ['CGNAT 100.64/10', 'http://100.64.0.1/'],
    ['multicast', 'http://224.0.0.251/'],
    ['broadcast', 'http://255.255.255.255/'],
    ['benchmarking 198.18/15', 'http://198.18.0.1/'],
    ['IPv6 link-local', 'http://[fe80::1]/'],
    ['IPv6 unique-local', 'http://[fd00:ec2::254]/'],
    ['IPv6 ULA fc00::/7', 'http://[fc00::1]/'],
    ['IPv6 multicast', 'http://[ff02::1]/'],
    ['IPv6 documentation', 'http://[2001:db8::1]/'],
    ['Teredo', 'http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/'],
  ];
  it.each(refusedLiterals)('%s: %s', async (_name, url) => {
    const err = await rejection(assertPublicUrl(url, { resolve: noDns }));
    expect(err.code).toBe('VALIDATION_FAILED');
    expect(err.errors?.[0]).toMatchObject({ pointer: '/url', code: 'url_refused' });
  });

  const invalidUrls: [string, string][] = [
    ['ftp scheme', 'ftp://example.com/file'],
    ['file scheme', 'file:///etc/passwd'],
    ['gopher scheme', 'gopher://example.com:70/_x'],
    ['javascript scheme', 'javascript:alert(1)'],
    ['data scheme', 'data:text/plain,hello'],
    ['credentials in URL', 'http://user:secret@example.com/'],
    ['user name only', 'https://admin@example.com/'],
    ['not a URL', 'not a url'],
    ['relative URL', '/api/v1/account'],
    ['IPv6 zone id', 'http://[fe80::1%25eth0]/'],
  ];
  it.each(invalidUrls)('%s is refused before any network use: %s', async (_name, url) => {
    const err = await rejection(assertPublicUrl(url, { resolve: noDns }));
    expect(err.code).toBe('VALIDATION_FAILED');
    expect(err.errors?.[0].pointer).toBe('/url');
  });

  it('accepts public addresses and pins the first one, without DNS for IP literals', async () => {
    expect(await assertPublicUrl('http://8.8.8.8/hook', { resolve: noDns })).toMatchObject({ address: '8.8.8.8', family: 4 });
    expect(await assertPublicUrl('https://[2606:4700:4700::1111]/', { resolve: noDns })).toMatchObject({ address: '2606:4700:4700::1111', family: 6 });
    const r = resolver({ 'hooks.example.com': ['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'] });
    const ok = await assertPublicUrl('https://hooks.example.com/in', { resolve: r });
    expect(ok).toMatchObject({ address: '93.184.215.14', family: 4 });
    expect(ok.url.hostname).toBe('hooks.example.com');
  });
});

describe('SR-01 names that resolve to internal addresses (after DNS, any address)', () => {
  const r = resolver({
    'internal.example': ['10.0.0.5'],
    'mixed.example': ['93.184.215.14', '127.0.0.1'],
    'mapped.example': ['::ffff:169.254.169.254'],
    'v6local.example': ['2606:4700::1', 'fe80::1'],
    'cgnat.example': ['100.100.100.200'],
    'empty.example': [],
  });
  it.each([
    ['a name resolving to 10/8', 'http://internal.example/'],
    ['one public and one loopback answer', 'http://mixed.example/'],
    ['an IPv4-mapped metadata answer', 'https://mapped.example/'],
    ['a public and a link-local IPv6 answer', 'http://v6local.example/'],
    ['a CGNAT answer (cloud metadata on some providers)', 'http://cgnat.example/'],
    ['no answer at all', 'http://empty.example/'],
    ['NXDOMAIN', 'http://nx.example/'],
  ])('%s is refused', async (_name, url) => {
    const err = await rejection(assertPublicUrl(url, { resolve: r }));
    expect(err.errors?.[0]).toMatchObject({ pointer: '/url', code: 'url_refused' });
  });
});

describe('blockedReason', () => {
  it.each([
    ['8.8.8.8', false], ['1.1.1.1', false], ['93.184.215.14', false], ['2606:4700:4700::1111', false], ['::ffff:8.8.8.8', false],
    ['2a00:1450:4001:80b::200e', false], ['2002:808:808::1', false],
    ['127.0.0.1', true], ['0.0.0.0', true], ['169.254.169.254', true], ['172.15.255.255', false], ['172.16.0.0', true], ['172.32.0.1', false],
    ['100.63.255.255', false], ['100.64.0.0', true], ['100.127.255.255', true], ['100.128.0.0', false], ['192.0.0.170', true],
    ['::', true], ['::1', true], ['::ffff:10.0.0.1', true], ['::ffff:a00:1', true], ['fe80::abcd', true], ['febf::1', true], ['fdff::1', true],
    ['ff05::2', true], ['64:ff9b::7f00:1', true], ['64:ff9b::808:808', false], ['64:ff9b:1::1', true], ['2002:c0a8:101::1', true],
    ['not-an-ip', true],
  ])('%s → blocked=%s', (address, blocked) => {
    expect(blockedReason(address) !== null).toBe(blocked);
  });
});

describe('SR-01..SR-04 safeFetch against a local server', () => {
  let target: Local;
  let other: Local;
  beforeAll(async () => {
    other = await local((req, res) => {
      res.end(JSON.stringify({ authorization: req.headers.authorization ?? null, cookie: req.headers.cookie ?? null }));
    });
    target = await local((req, res) => {
      const path = req.url ?? '/';
      if (path === '/ok') return void res.end('hello');
      if (path === '/to-metadata') return void res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
      if (path === '/to-loopback-v6') return void res.writeHead(301, { location: 'http://[::ffff:127.0.0.1]/ok' }).end();
      if (path === '/to-internal-name') return void res.writeHead(307, { location: 'http://internal.example/' }).end();
      if (path === '/to-file') return void res.writeHead(302, { location: 'file:///etc/passwd' }).end();
      if (path.startsWith('/loop')) return void res.writeHead(302, { location: `/loop${Number(path.slice(5) || 0) + 1}` }).end();
      if (path === '/hop') return void res.writeHead(302, { location: '/ok' }).end();
      if (path === '/see-other') return void res.writeHead(303, { location: '/ok' }).end();
      if (path === '/cross-origin') return void res.writeHead(307, { location: `http://127.0.0.1:${other.port}/` }).end();
      if (path === '/secret-error') return void res.writeHead(500, { 'content-type': 'text/plain' }).end('SECRET-INTERNAL-BODY');
      if (path === '/hang') return void res.writeHead(200).write('SECRET-PARTIAL-BODY');
      if (path === '/huge') return void res.end(Buffer.alloc(2 * 1024 * 1024, 'S'));
      if (path === '/no-answer') return;
      res.writeHead(404).end();
    });
  });
  afterAll(async () => {
    await stop(target);
    await stop(other);
  });

  it('a server on 127.0.0.1 is refused and never contacted (by IP, by localhost, by a name resolving to it)', async () => {
    const before = target.hits.length;
    const r = resolver({ 'rebind.test': ['127.0.0.1'] });
    for (const url of [`http://127.0.0.1:${target.port}/ok`, `http://localhost:${target.port}/ok`, `http://[::ffff:127.0.0.1]:${target.port}/ok`, `http://2130706433:${target.port}/ok`, `http://rebind.test:${target.port}/ok`]) {
      const err = await rejection(safeFetch(url, {}, { resolve: r }));
      expect(err.errors?.[0], url).toMatchObject({ pointer: '/url', code: 'url_refused' });
    }
    expect(target.hits.length).toBe(before);
  });

  it('SR-03 DNS rebinding: the connection goes to the address that was checked; DNS is asked once per hop', async () => {
    // The operator allows 127.0.0.1 (for this test's server); the name then "rebinds" elsewhere.
    const r = resolver({ 'rebind.test': [['127.0.0.1'], ['10.9.9.9'], ['10.9.9.9']] });
    const res = await safeFetch(`http://rebind.test:${target.port}/ok`, {}, { resolve: r, allow: ['127.0.0.1'] });
    expect(res.status).toBe(200);
    expect(res.body.toString()).toBe('hello');
    expect(r.calls['rebind.test']).toBe(1);
    expect(target.hits.at(-1)?.headers.host).toBe(`rebind.test:${target.port}`);
    // and when the first answer is the internal one, nothing is sent at all
    const before = target.hits.length;
    const flip = resolver({ 'flip.test': [['10.9.9.9'], ['127.0.0.1']] });
    await rejection(safeFetch(`http://flip.test:${target.port}/ok`, {}, { resolve: flip, allow: ['127.0.0.1'] }));
    expect(target.hits.length).toBe(before);
  });

  it('pinnedLookup answers the checked address whatever name the socket asks for', async () => {
    const body = await new Promise<string>((resolve, reject) => {
      http.get(`http://does-not-exist.invalid:${target.port}/ok`, { lookup: pinnedLookup('127.0.0.1', 4), agent: false }, (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve(text));
      }).on('error', reject);
    });
    expect(body).toBe('hello');
  });

  it.each([
    ['302 to the metadata address', '/to-metadata'],
    ['301 to IPv4-mapped loopback', '/to-loopback-v6'],
    ['307 to a name resolving to 10/8', '/to-internal-name'],
    ['302 to file://', '/to-file'],
  ])('every redirect is checked again: %s', async (_name, path) => {
    const r = resolver({ 'hook.test': ['127.0.0.1'], 'internal.example': ['10.0.0.1'] });
    const before = target.hits.length;
    const err = await rejection(safeFetch(`http://hook.test:${target.port}${path}`, {}, { resolve: r, allow: ['127.0.0.1/32'] }));
    expect(err.errors?.[0].pointer).toBe('/url');
    expect(target.hits.length - before).toBe(1);
  });

  it('at most 3 redirects by default (configurable)', async () => {
    const r = resolver({ 'hook.test': ['127.0.0.1'] });
    const before = target.hits.length;
    await rejection(safeFetch(`http://hook.test:${target.port}/loop`, {}, { resolve: r, allow: ['127.0.0.1'] }));
    expect(target.hits.length - before).toBe(4);
    await rejection(safeFetch(`http://hook.test:${target.port}/loop`, {}, { resolve: r, allow: ['127.0.0.1'], maxRedirects: 0 }));
    const ok = await safeFetch(`http://hook.test:${target.port}/hop`, {}, { resolve: r, allow: ['127.0.0.1'] });
    expect([ok.status, ok.body.toString(), ok.url]).toEqual([200, 'hello', `http://hook.test:${target.port}/ok`]);
  });

  it('303 turns a POST into a GET without body; cross-origin redirects drop credentials', async () => {
    const r = resolver({ 'hook.test': ['127.0.0.1'] });
    const posted = await safeFetch(`http://hook.test:${target.port}/see-other`, { method: 'POST', body: '{"a":1}', headers: { 'content-type': 'application/json' } }, { resolve: r, allow: ['127.0.0.1'] });
    expect(posted.status).toBe(200);
    expect(target.hits.at(-1)?.method).toBe('GET');
    const moved = await safeFetch(`http://hook.test:${target.port}/cross-origin`, { headers: { authorization: 'Bearer s3cret', cookie: 'a=b' } }, { resolve: r, allow: ['127.0.0.0/8'] });
    expect(JSON.parse(moved.body.toString())).toEqual({ authorization: null, cookie: null });
  });

  it('SR-04 one uniform error for blocked, unreachable, slow and oversized targets; the body is never echoed', async () => {
    const closed = await local(() => undefined);
    const closedPort = closed.port;
    await stop(closed);
    const r = resolver({ 'hook.test': ['127.0.0.1'], 'internal.example': ['10.0.0.1'] });
    const opts = { resolve: r, allow: ['127.0.0.1'], timeoutMs: 300 };
    const errors = [
      await rejection(safeFetch('http://internal.example/', {}, opts)),
      await rejection(safeFetch(`http://hook.test:${closedPort}/`, {}, opts)),
      await rejection(safeFetch(`http://hook.test:${target.port}/no-answer`, {}, opts)),
      await rejection(safeFetch(`http://hook.test:${target.port}/hang`, {}, opts)),
      await rejection(safeFetch(`http://hook.test:${target.port}/huge`, {}, { ...opts, timeoutMs: 5000, maxBytes: 1024 })),
    ];
    const shapes = errors.map((e) => JSON.stringify(problemOf(e)));
    expect(new Set(shapes).size).toBe(1);
    for (const e of errors) {
      const text = JSON.stringify(problemOf(e));
      expect(text).not.toMatch(/SECRET|SSSS|10\.0\.0\.1|ECONNREFUSED/);
      expect(e.cause).toBeInstanceOf(Error); // the reason is kept for the log only
    }
  });

  it('a non-2xx answer is returned to the caller as a status, not thrown with its body', async () => {
    const r = resolver({ 'hook.test': ['127.0.0.1'] });
    const res = await safeFetch(`http://hook.test:${target.port}/secret-error`, {}, { resolve: r, allow: ['127.0.0.1'] });
    expect(res.status).toBe(500);
  });

  it('a caller-supplied Host header can not redirect the request to another virtual host', async () => {
    const r = resolver({ 'hook.test': ['127.0.0.1'] });
    await safeFetch(`http://hook.test:${target.port}/ok`, { headers: { Host: 'metadata.google.internal' } }, { resolve: r, allow: ['127.0.0.1'] });
    expect(target.hits.at(-1)?.headers.host).toBe(`hook.test:${target.port}`);
  });
});

describe('SR-02 one outgoing HTTP client', () => {
  it('no module outside runtime/net opens outgoing connections (fetch, http(s).request, sockets, HTTP client libraries)', () => {
    const files: string[] = [];
    const walk = (rel: string): void => {
      for (const e of readdirSync(join(ROOT, rel), { withFileTypes: true })) {
        if (e.isDirectory()) walk(`${rel}/${e.name}`);
        else if (e.name.endsWith('.ts')) files.push(`${rel}/${e.name}`);
      }
    };
    walk('runtime');
    walk('server');
    const banned: [string, RegExp][] = [
      ['fetch()', /(?<!\w)fetch\s*\(/], ['node:https', /from ['"](node:)?https['"]/], ['sockets', /from ['"](node:)?(net|tls|dgram)['"]/],
      ['HTTP client libraries', /from ['"](undici|axios|got|node-fetch|superagent|request)['"]/], ['http.request/get', /\bhttps?\.(request|get)\s*\(/],
      ['node:http beyond createServer', /import\s*\{[^}]*\b(request|get|Agent)\b[^}]*\}\s*from ['"](node:)?http['"]/],
    ];
    const offenders = files.filter((f) => !f.startsWith('runtime/net/')).flatMap((f) => {
      const text = readFileSync(join(ROOT, f), 'utf8');
      return banned.filter(([, re]) => re.test(text)).map(([what]) => `${f}: ${what}`);
    });
    expect(offenders).toEqual([]);
  });
});
