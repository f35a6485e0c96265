import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateTypesSource, TYPES_FILE } from '../../runtime/definition/generateTypes.js';

describe('generated metamodel types', () => {
  it('match schemas/ (run `npm run types` after editing a schema)', async () => {
    const fresh = await generateTypesSource();
    expect(readFileSync(TYPES_FILE, 'utf8')).toBe(fresh);
  });
});
