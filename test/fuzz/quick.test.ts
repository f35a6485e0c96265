// Property-based fuzzing, the quick pass that runs with `npm test` on the dialect under test
// (SQLite, or PostgreSQL with TEST_DATABASE_URL). Fixed seed: a failure prints the seed and the
// counterexample path, so it replays with `fc.assert(..., { seed, path })`. The long pass is
// `npm run fuzz` (test/fuzz/long.ts).
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAndCompile } from '../../runtime/index.js';
import { APP_DIRS } from './arbitraries.js';
import {
  checkCanary, checkDefinitionCase, checkFilterCase, createFilterEnv, definitionCaseArb, filterCaseArb, type FilterEnv, type HttpHarness,
  readRequestArb, sendAndCheck, startMiniHarness, startSecureHarness, writeRequestArb,
} from './properties.js';

const SEED = 20_261_129;
fc.configureGlobal({ seed: SEED });
const TIMEOUT = 120_000;

describe('fuzz: filters and definitions, in process', () => {
  let env: FilterEnv;
  beforeAll(() => {
    env = createFilterEnv();
  });
  afterAll(async () => {
    await env.close();
  });

  it('checkFilter/compileFilter throw only FilterError; a valid filter compiles to SQL on both dialects and evaluates in memory', () => {
    fc.assert(fc.property(filterCaseArb(env.app), (c) => checkFilterCase(env, c)), { seed: SEED, numRuns: 1000 });
  }, TIMEOUT);

  it('filters of the secure fixture (user fields, scopes) behave the same', () => {
    const secure = createFilterEnv(loadAndCompile(APP_DIRS.secure).app);
    try {
      fc.assert(fc.property(filterCaseArb(secure.app), (c) => checkFilterCase(secure, c)), { seed: SEED + 1, numRuns: 300 });
    } finally {
      void secure.close();
    }
  }, TIMEOUT);

  it('validateApp never throws: ok, or problems with file + pointer + message; what it accepts compiles and plans', () => {
    fc.assert(fc.property(definitionCaseArb(env.app.model), (c) => checkDefinitionCase(c)), { seed: SEED + 2, numRuns: 500 });
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
    await fc.assert(fc.asyncProperty(writeRequestArb(h.app, false), async (req) => {
      await sendAndCheck(h, req);
    }), { seed: SEED + 3, numRuns: 400 });
  }, TIMEOUT);

  it('random query strings to GET list / GET one never give a 5xx', async () => {
    await fc.assert(fc.asyncProperty(readRequestArb(h.app, false), async (req) => {
      await sendAndCheck(h, req);
    }), { seed: SEED + 4, numRuns: 500 });
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
    const arb = fc.oneof(readRequestArb(h.app, true), writeRequestArb(h.app, true));
    await fc.assert(fc.asyncProperty(arb, async (req) => {
      await sendAndCheck(h, req);
    }), { seed: SEED + 5, numRuns: 300 });
  }, TIMEOUT);
});

it('the process-wide prototype canary is untouched after all of the above', () => {
  expect(() => checkCanary()).not.toThrow();
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
});
