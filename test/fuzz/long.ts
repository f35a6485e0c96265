// npm run fuzz: the properties of quick.test.ts at volume (default 100,000 cases in all).
//   FUZZ_RUNS   total number of cases (default 100000), shared out as in SHARES below
//   FUZZ_SEED   seed (default: random, printed at the start; rerun with it to replay)
//   FUZZ_ONLY   comma-separated property names to run (filters, definitions, http-writes, http-reads, http-secure, http-auth)
//   FUZZ_HANG_S seconds without progress that count as a hang (default 120)
//   TEST_DATABASE_URL  run the HTTP properties on PostgreSQL (a random schema, dropped at the end)
// Every case runs (a failure does not stop the run); failures are counted per category, the first
// few are printed, and each failing property is replayed once with shrinking for a minimal input.
// The run happens in a forked child that sends a heartbeat: a synchronous endless loop blocks the
// child's event loop, so the parent is the one that notices, kills it and reports the hang.
// The last line is the summary; the exit code is 1 when anything failed.
import { fork } from 'node:child_process';
import fc, { type Arbitrary } from 'fast-check';
import { loadAndCompile } from '../../runtime/index.js';
import { DIALECT } from '../helpers/testRuntime.js';
import { APP_DIRS, preview } from './arbitraries.js';
import {
  checkDefinitionCase, checkFilterCase, createFilterEnv, definitionCaseArb, type FailureCategory, filterCaseArb, FuzzFailure, type HttpHarness,
  authRequestArb, readRequestArb, sendAndCheck, sendReadAndFollow, startMiniHarness, startSecureHarness, StatusTally, writeRequestArb,
} from './properties.js';

const TOTAL = Math.max(1, Number(process.env.FUZZ_RUNS ?? 100_000));
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Math.floor(Math.random() * 2 ** 31);
const ONLY = process.env.FUZZ_ONLY ? new Set(process.env.FUZZ_ONLY.split(',').map((s) => s.trim())) : null;
const HANG_MS = 1000 * Math.max(10, Number(process.env.FUZZ_HANG_S ?? 120));
const SHARES = { filters: 0.38, definitions: 0.28, 'http-writes': 0.12, 'http-reads': 0.12, 'http-secure': 0.06, 'http-auth': 0.04 } as const;
type Name = keyof typeof SHARES;
const MAX_EXAMPLES = 3;

const log = (line: string): void => void process.stdout.write(`${line}\n`);
interface Beat { property: string; cases: number }

// ---------------------------------------------------------------------------------------------
// Parent: fork the run with the same seed, pass its output through, watch the heartbeat.

function watch(): void {
  const child = fork(process.argv[1], process.argv.slice(2), { env: { ...process.env, FUZZ_SEED: String(SEED) }, execArgv: process.execArgv, stdio: 'inherit' });
  let last: Beat = { property: '(start)', cases: 0 };
  let lastAt = Date.now();
  let hung = false;
  child.on('message', (m: Beat) => {
    last = m;
    lastAt = Date.now();
  });
  const watchdog = setInterval(() => {
    if (Date.now() - lastAt < HANG_MS) return;
    hung = true;
    clearInterval(watchdog);
    child.kill('SIGKILL');
    log(`[fuzz] HANG: ${last.property} made no progress for ${HANG_MS / 1000}s after case ${last.cases} (replay: FUZZ_SEED=${SEED} FUZZ_ONLY=${last.property})`);
    log(`FUZZ SUMMARY dialect=${DIALECT} seed=${SEED} cases=${last.cases}+ 5xx=? crashes=? contract=? hangs=1 result=FAIL`);
  }, 1000);
  child.on('exit', (code, signal) => {
    clearInterval(watchdog);
    if (signal && !hung) log(`[fuzz] the run died with ${signal}\nFUZZ SUMMARY dialect=${DIALECT} seed=${SEED} cases=${last.cases}+ 5xx=? crashes=1 contract=? hangs=? result=FAIL`);
    process.exit(hung || signal ? 1 : code ?? 1);
  });
}

// ---------------------------------------------------------------------------------------------
// Child: the run.

interface Stats {
  name: Name;
  runs: number;
  cases: number;
  failures: Record<FailureCategory, number>;
  examples: string[];
  outcomes: StatusTally;
  ms: number;
}

const started = performance.now();
const elapsed = (): string => `${((performance.now() - started) / 1000).toFixed(1)}s`;
const all: Stats[] = [];
let processCrashes = 0;
const failuresOf = (s: Stats): number => Object.values(s.failures).reduce((a, b) => a + b, 0);

function record(stats: Stats, err: unknown, input: unknown): void {
  const category: FailureCategory = err instanceof FuzzFailure ? err.category : 'crash';
  stats.failures[category]++;
  if (stats.examples.length < MAX_EXAMPLES) {
    const message = err instanceof Error ? err.message : String(err);
    stats.examples.push(`${message.slice(0, 3000)}\n  input: ${preview(input, 1500)}`);
    log(`[fuzz] ${stats.name}: FAILURE (${category}) at case ${stats.cases}\n${stats.examples[stats.examples.length - 1]}`);
  }
}

async function runProperty<T>(name: Name, seed: number, arb: Arbitrary<T>, check: (input: T) => Promise<string> | string): Promise<void> {
  const runs = Math.max(1, Math.round(TOTAL * SHARES[name]));
  const stats: Stats = { name, runs, cases: 0, failures: { 'server-5xx': 0, crash: 0, contract: 0, hang: 0 }, examples: [], outcomes: new StatusTally(), ms: 0 };
  all.push(stats);
  const t0 = performance.now();
  let lastReport = t0;
  let lastBeat = 0;
  const every = Math.max(1, Math.round(runs / 10));
  log(`[fuzz] ${name}: ${runs} cases, seed ${seed} (${elapsed()})`);
  // Phase 1: every case runs; the property itself never fails, so the run does not stop at the first failure.
  await fc.assert(fc.asyncProperty(arb, async (input) => {
    stats.cases++;
    const now = performance.now();
    if (now - lastBeat > 1000) {
      lastBeat = now;
      process.send?.({ property: name, cases: stats.cases } satisfies Beat);
    }
    try {
      stats.outcomes.add(await check(input));
    } catch (err) {
      record(stats, err, input);
    }
    if (stats.cases % every === 0 || now - lastReport > 30_000) {
      lastReport = now;
      log(`[fuzz] ${name}: ${stats.cases}/${runs} (${Math.round((100 * stats.cases) / runs)}%) failures=${failuresOf(stats)} ${((now - t0) / 1000).toFixed(1)}s rss=${Math.round(process.memoryUsage().rss / 2 ** 20)}MB`);
    }
  }), { seed, numRuns: runs });
  stats.ms = performance.now() - t0;
  if (failuresOf(stats) > 0) {
    // Phase 2: replay with the failing property and shrinking (time-boxed) for a minimal counterexample.
    log(`[fuzz] ${name}: replaying seed ${seed} with shrinking…`);
    const details = await fc.check(fc.asyncProperty(arb, async (input) => {
      process.send?.({ property: name, cases: stats.cases } satisfies Beat);
      await check(input);
    }), { seed, numRuns: runs, interruptAfterTimeLimit: 120_000, markInterruptAsFailure: false });
    if (details.failed) {
      const error = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
      log(`[fuzz] ${name}: minimal counterexample (seed ${details.seed}, path "${details.counterexamplePath}"):\n  ${preview(details.counterexample?.[0], 3000)}\n  ${error.slice(0, 3000)}`);
    } else log(`[fuzz] ${name}: the replay did not fail again (state-dependent); see the examples above`);
  }
  log(`[fuzz] ${name}: done, ${stats.cases} cases in ${(stats.ms / 1000).toFixed(1)}s, failures=${failuresOf(stats)}; outcomes ${stats.outcomes}`);
}

const wanted = (name: Name): boolean => !ONLY || ONLY.has(name);

async function withHarness(start: () => Promise<HttpHarness>, fn: (h: HttpHarness) => Promise<void>): Promise<void> {
  const h = await start();
  try {
    await fn(h);
  } finally {
    await h.close();
  }
}

async function properties(): Promise<void> {
  log(`[fuzz] seed ${SEED} (FUZZ_SEED=${SEED} replays this run), ${TOTAL} cases, dialect ${DIALECT}, node ${process.version}`);
  const mini = loadAndCompile(APP_DIRS.mini).app;
  if (wanted('filters')) {
    const env = createFilterEnv(mini);
    const secure = createFilterEnv(loadAndCompile(APP_DIRS.secure).app);
    const arb = fc.oneof({ weight: 4, arbitrary: filterCaseArb(mini).map((c) => ({ env, c })) }, { weight: 1, arbitrary: filterCaseArb(secure.app).map((c) => ({ env: secure, c })) });
    try {
      await runProperty('filters', SEED, arb, ({ env: e, c }) => checkFilterCase(e, c));
    } finally {
      await env.close();
      await secure.close();
    }
  }
  if (wanted('definitions')) await runProperty('definitions', SEED + 1, definitionCaseArb(mini.model), (c) => checkDefinitionCase(c));
  if (wanted('http-writes') || wanted('http-reads')) {
    await withHarness(startMiniHarness, async (h) => {
      if (wanted('http-writes')) await runProperty('http-writes', SEED + 2, writeRequestArb(h.app, false), async (req) => String((await sendAndCheck(h, req)).status));
      if (wanted('http-reads')) await runProperty('http-reads', SEED + 3, readRequestArb(h.app, false), async (req) => String((await sendReadAndFollow(h, req)).status));
    });
  }
  if (wanted('http-auth')) {
    await withHarness(startSecureHarness, async (h) => {
      await runProperty('http-auth', SEED + 5, authRequestArb(), async (req) => String((await sendAndCheck(h, req)).status));
    });
  }
  if (wanted('http-secure')) {
    await withHarness(startSecureHarness, async (h) => {
      const arb = fc.oneof(readRequestArb(h.app, true), writeRequestArb(h.app, true));
      await runProperty('http-secure', SEED + 4, arb, async (req) => String((req.method === 'GET' ? await sendReadAndFollow(h, req) : await sendAndCheck(h, req)).status));
    });
  }
}

async function run(): Promise<never> {
  process.on('uncaughtException', (err) => {
    processCrashes++;
    log(`[fuzz] UNCAUGHT EXCEPTION: ${err instanceof Error ? err.stack : String(err)}`);
  });
  process.on('unhandledRejection', (err) => {
    processCrashes++;
    log(`[fuzz] UNHANDLED REJECTION: ${err instanceof Error ? err.stack : String(err)}`);
  });
  let fatal = 0;
  try {
    await properties();
  } catch (err) {
    fatal = 1;
    log(`[fuzz] the run itself failed: ${err instanceof Error ? err.stack : String(err)}`);
  }
  const sum = (k: FailureCategory): number => all.reduce((a, s) => a + s.failures[k], 0);
  const cases = all.reduce((a, s) => a + s.cases, 0);
  log('');
  for (const s of all) log(`[fuzz] ${s.name.padEnd(12)} ${String(s.cases).padStart(7)} cases ${(s.ms / 1000).toFixed(1).padStart(7)}s  failures ${failuresOf(s)}  outcomes ${s.outcomes}`);
  const crashes = sum('crash') + processCrashes + fatal;
  const bad = sum('server-5xx') + crashes + sum('contract') + sum('hang');
  log(`FUZZ SUMMARY dialect=${DIALECT} seed=${SEED} cases=${cases} 5xx=${sum('server-5xx')} crashes=${crashes} contract=${sum('contract')} hangs=${sum('hang')} duration=${elapsed()} result=${bad ? 'FAIL' : 'PASS'}`);
  process.exit(bad ? 1 : 0);
}

if (process.send) await run();
else watch();
