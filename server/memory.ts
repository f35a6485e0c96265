// How the server's V8 heap grows.
//
// Start-up allocates many short-lived objects (loading and compiling the app), and V8 grows the
// young generation to its maximum (2 × 16 MB) on the way — memory it keeps committed for the life
// of the process: most of the difference between about 95 and 120 MB RSS after start. Its growth
// stays off until the server listens; from then on V8 sizes it by the load it gets, as by default.
//
// Under load, the objects of requests in flight at each young-generation collection are promoted
// to the old generation (about 2 MB every ~40 ms at 32 connections) and die there. On a machine
// with a few GB of memory V8 lets the old generation grow to up to 4× what survived the last full
// collection before the next one (its heap limit is 2 GB or more there): ~100 MB of garbage for
// ~23 MB alive, 60 MB more peak memory than needed. Serving, the factor is 2× — the most V8 allows
// itself below a 2 GB limit — so a full collection comes sooner; each costs a few ms of a
// background-marked, mostly incremental cycle.
// A `--heap-growing-percent` given to node wins. (Both are V8 flags read whenever the heap would
// grow; should a Node version stop reading them, only the memory figures change.)
import v8 from 'node:v8';

const GROWING_PERCENT = 100;

v8.setFlagsFromString('--semi-space-growth-factor=1');

/** Once the server listens: the young generation grows by load again, the old one by half of V8's default. */
export function tuneHeapForServing(execArgv: readonly string[] = process.execArgv, nodeOptions = process.env.NODE_OPTIONS ?? ''): void {
  v8.setFlagsFromString('--semi-space-growth-factor=2');
  if (!givenHeapGrowth(execArgv, nodeOptions)) v8.setFlagsFromString(`--heap-growing-percent=${GROWING_PERCENT}`);
}

/** Whether node was started with its own --heap-growing-percent (node refuses it in NODE_OPTIONS today; a later node may not). */
export function givenHeapGrowth(execArgv: readonly string[], nodeOptions: string): boolean {
  return [...execArgv, ...nodeOptions.split(/\s+/)].some((arg) => /^--heap[-_]growing[-_]percent(=|$)/.test(arg));
}
