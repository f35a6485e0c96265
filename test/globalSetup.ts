// Once per test run: the compiled server in dist/ must match the sources, because the process
// tests start it the way users do (npm start, bin/crm.js). Cheap when nothing changed.
// Every temporary folder the tests (and the servers and CLIs they start) make goes under one
// folder of this run, removed when the run ends, whatever a test left behind.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildServer, buildState } from '../scripts/build.mjs';

export default async function setup(): Promise<() => void> {
  if (buildState() !== 'fresh') await buildServer();
  const runDir = mkdtempSync(join(tmpdir(), 'crm-test-run-'));
  const before = process.env.TMPDIR;
  process.env.TMPDIR = runDir;
  return () => {
    if (before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = before;
    rmSync(runDir, { recursive: true, force: true });
  };
}
