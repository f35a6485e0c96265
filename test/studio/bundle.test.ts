// The studio's initial JavaScript stays within its budget (issue: ≤ 300 KB gzip before sign-in);
// editors and the record page are separate chunks loaded on first use.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { INITIAL_JS_BUDGET, measureStudio } from '../../scripts/studioSize.js';
import { ROOT } from '../helpers/testRuntime.js';

const DIST = join(ROOT, 'studio', 'dist');

describe.skipIf(!existsSync(join(DIST, 'index.html')))('studio bundle', () => {
  it('should load at most 300 KB of gzipped JavaScript before anything is clicked', () => {
    const size = measureStudio(DIST);
    expect(size.initialGzip).toBeLessThanOrEqual(INITIAL_JS_BUDGET);
  });

  it('should keep rjsf and ajv out of the initial JavaScript', () => {
    const size = measureStudio(DIST);
    const record = size.lazy.find((x) => x.file.includes('RecordPage'));
    expect(record).toBeDefined();
    expect(size.initial.some((x) => x.file.includes('RecordPage'))).toBe(false);
  });
});
