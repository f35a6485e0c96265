// Property-based fuzzing, the quick pass that runs with `npm test` on the dialect under test
// (SQLite, or PostgreSQL with TEST_DATABASE_URL). Fixed seed: a failure prints the seed and the
// counterexample path, so it replays with `fc.assert(..., { seed, path })`. The long pass is
// `npm run fuzz` (test/fuzz/long.ts). Each property also checks that a fair share of its inputs got
// past validation, so the fuzz keeps reaching the database and the write path.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAndCompile } from '../../runtime/index.js';
import { APP_DIRS } from './arbitraries.js';
import {
  checkCanary, checkDefinitionCase, checkFilterCase, createFilterEnv, definitionCaseArb, filterCaseArb, type FilterEnv, type HttpHarness,
  authRequestArb, readRequestArb, sendAndCheck, sendReadAndFollow, startMiniHarness, startSecureHarness, StatusTally, writeRequestArb,
} from './properties.js';

const SEED = 20_261_129;
fc.configureGlobal({ seed: SEED });
const TIMEOUT = 120_000;
const share = (t: StatusTally, pred: (key: string) => boolean): number => {
  let hit = 0;
  let all = 0;
  for (const [k, n] of t.counts) {
    all += n;
    if (pred(k)) hit += n;
  }
  return all ? hit / all : 0;
};

describe('fuzz: filters and definitions, in process', () => {
  let env: FilterEnv;
  beforeAll(() => {
    env = createFilterEnv();
  });
  afterAll(async () => {
    await env.close();
  });

  it('checkFilter/compileFilter throw only FilterError; a valid filter compiles to SQL on both dialects and evaluates in memory', () => {
    const tally = new StatusTally();
    fc.assert(fc.property(filterCaseArb(env.app), (c) => void tally.add(checkFilterCase(env, c))), { seed: SEED, numRuns: 700 });
    expect(share(tally, (k) => k === 'compiled')).toBeGreaterThan(0.4);
    expect(share(tally, (k) => k === 'refused')).toBeGreaterThan(0.1);
  }, TIMEOUT);

  it('filters of the secure fixture (user fields, scopes) behave the same', async () => {
    const secure = createFilterEnv(loadAndCompile(APP_DIRS.secure).app);
    try {
      fc.assert(fc.property(filterCaseArb(secure.app), (c) => void checkFilterCase(secure, c)), { seed: SEED + 1, numRuns: 300 });
    } finally {
      await secure.close();
    }
  }, TIMEOUT);

  it('validateApp never throws: ok, or problems with file + pointer + message; what it accepts compiles and plans', () => {
    const tally = new StatusTally();
    fc.assert(fc.property(definitionCaseArb(env.app.model), (c) => void tally.add(checkDefinitionCase(c))), { seed: SEED + 2, numRuns: 500 });
    expect(share(tally, (k) => k === 'valid')).toBeGreaterThan(0.05);
    expect(share(tally, (k) => k === 'problems')).toBeGreaterThan(0.3);
  }, TIMEOUT);
});

describe('fuzz: the HTTP API of the mini app (authentication off)', () => {
  let h: HttpHarness;
  beforeAll(async () => {
    h = await startMiniHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('random payloads to POST/PATCH (and bulk, DELETE, odd methods) never give a 5xx; answers are JSON or catalog problem+json', async () => {
    const tally = new StatusTally();
    await fc.assert(fc.asyncProperty(writeRequestArb(h.app, false), async (req) => {
      tally.add(String((await sendAndCheck(h, req)).status));
    }), { seed: SEED + 3, numRuns: 300 });
    expect(tally.counts.get('201') ?? 0).toBeGreaterThan(10);
    expect(tally.counts.get('200') ?? 0).toBeGreaterThan(10);
    expect(tally.counts.get('422') ?? 0).toBeGreaterThan(10);
  }, TIMEOUT);

  it('random query strings to GET list / GET one (following nextCursor) never give a 5xx', async () => {
    const tally = new StatusTally();
    await fc.assert(fc.asyncProperty(readRequestArb(h.app, false), async (req) => {
      tally.add(String((await sendReadAndFollow(h, req)).status));
    }), { seed: SEED + 4, numRuns: 400 });
    expect(share(tally, (k) => k === '200')).toBeGreaterThan(0.3);
    expect(share(tally, (k) => k === '400')).toBeGreaterThan(0.1);
  }, TIMEOUT);
});

describe('fuzz: the HTTP API with authentication on (secure fixture)', () => {
  let h: HttpHarness;
  beforeAll(async () => {
    h = await startSecureHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('reads and writes as every role (and anonymous, bad token) never give a 5xx', async () => {
    const tally = new StatusTally();
    const arb = fc.oneof(readRequestArb(h.app, true), writeRequestArb(h.app, true));
    await fc.assert(fc.asyncProperty(arb, async (req) => {
      tally.add(String((req.method === 'GET' ? await sendReadAndFollow(h, req) : await sendAndCheck(h, req)).status));
    }), { seed: SEED + 5, numRuns: 300 });
    expect(tally.counts.get('200') ?? 0).toBeGreaterThan(10);
    expect(tally.counts.get('401') ?? 0).toBeGreaterThan(5);
  }, TIMEOUT);
});

describe('account and user administration routes (secure fixture)', () => {
  let h: HttpHarness;
  beforeAll(async () => {
    h = await startSecureHarness();
  }, TIMEOUT);
  afterAll(async () => {
    await h?.close();
  });

  it('random logins, password changes, token and user administration requests never give a 5xx', async () => {
    const tally = new StatusTally();
    await fc.assert(fc.asyncProperty(authRequestArb(), async (req) => void tally.add(String((await sendAndCheck(h, req)).status))), { seed: SEED + 6, numRuns: 250 });
    expect(tally.counts.get('422') ?? 0).toBeGreaterThan(5);
    expect(tally.counts.get('403') ?? 0).toBeGreaterThan(5);
  }, TIMEOUT);
});

it('the process-wide prototype canary is untouched after all of the above', () => {
  expect(() => checkCanary()).not.toThrow();
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
});
