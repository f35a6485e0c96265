// An app with one entity, `sample`, holding a field of every stored kind: for tests that check a
// path of values (audit rows built in SQL, CSV export, …) against what the API answers.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const KIND_FIELDS = [
  { name: 'title', type: 'text' }, { name: 'body', type: 'longtext' }, { name: 'mail', type: 'email' }, { name: 'tel', type: 'phone' },
  { name: 'site', type: 'url' }, { name: 'grade', type: 'select', options: [{ value: 'A' }, { value: 'B' }] },
  { name: 'channels', type: 'multiselect', options: [{ value: 'mail' }, { value: 'sms' }, { value: 'call' }] }, { name: 'labels', type: 'tags' },
  { name: 'count', type: 'integer' }, { name: 'ratio', type: 'number' }, { name: 'amount', type: 'currency' }, { name: 'share', type: 'percent' },
  { name: 'stars', type: 'rating' }, { name: 'born', type: 'date' }, { name: 'seen_at', type: 'datetime' }, { name: 'ok', type: 'boolean' },
  { name: 'extra', type: 'json' },
];

/** A temp app folder with the `sample` entity; `remove` deletes it. */
export function kindsAppDir(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'crm-kinds-'));
  mkdirSync(join(dir, 'entities'));
  writeFileSync(join(dir, 'app.json'), JSON.stringify({ name: 'kinds', version: '1.0.0', locales: ['en'], timezone: 'UTC' }));
  writeFileSync(join(dir, 'entities', 'sample.json'), JSON.stringify({ name: 'sample', fields: KIND_FIELDS }));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
