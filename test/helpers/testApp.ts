// For the tests of a file or a describe block: a test runtime and the test server over it, started
// before the tests and closed after them.
import { afterAll, beforeAll } from 'vitest';
import type { CreateAppOptions } from '../../server/app.js';
import { createTestRuntime, startTestServer, type TestRuntime, type TestRuntimeOptions, type TestServer } from './testRuntime.js';

export interface TestAppOptions extends TestRuntimeOptions {
  server?: Omit<CreateAppOptions, 'runtime'>;
  /** Runs on the runtime before the server starts (a seed, users). */
  prepare?: (rt: TestRuntime) => Promise<void>;
  /** Of the start, in milliseconds (the hook timeout when absent). */
  timeout?: number;
}

/** `started` receives the runtime and the server once both are up. */
export function withTestApp(options: TestAppOptions, started: (app: { rt: TestRuntime; api: TestServer }) => void): void {
  const { server, prepare, timeout, ...runtimeOptions } = options;
  let rt: TestRuntime | undefined;
  let api: TestServer | undefined;
  beforeAll(async () => {
    rt = await createTestRuntime(runtimeOptions);
    await prepare?.(rt);
    api = await startTestServer(rt, server);
    started({ rt, api });
  }, timeout);
  afterAll(async () => {
    await api?.close();
    await rt?.close();
  });
}
