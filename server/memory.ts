// Start-up allocates many short-lived objects (loading and compiling the app), and V8 grows the
// young generation to its maximum (2 × 16 MB) on the way — memory it keeps committed for the life
// of the process: most of the difference between about 95 and 120 MB RSS after start. Its growth
// stays off until the server listens; from then on V8 sizes it by the load it gets, as by default.
// (A V8 flag read whenever the young generation would grow; should a Node version stop reading
// it, only the start-up memory changes.)
import v8 from 'node:v8';

v8.setFlagsFromString('--semi-space-growth-factor=1');

export function restoreYoungGenerationGrowth(): void {
  v8.setFlagsFromString('--semi-space-growth-factor=2');
}
