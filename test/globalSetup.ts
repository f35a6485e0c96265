// Once per test run: the compiled server in dist/ must match the sources, because the process
// tests start it the way users do (npm start, bin/crm.js). Cheap when nothing changed.
import { buildServer, buildState } from '../scripts/build.mjs';

export default async function setup(): Promise<void> {
  if (buildState() !== 'fresh') await buildServer();
}
