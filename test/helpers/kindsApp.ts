// An app with one entity, `sample`, holding a field of every stored kind: for tests that check a
// path of values (audit rows built in SQL, CSV export, …) against what the API answers.

export const KIND_FIELDS = [
  { name: 'title', type: 'text' }, { name: 'body', type: 'longtext' }, { name: 'mail', type: 'email' }, { name: 'tel', type: 'phone' },
  { name: 'site', type: 'url' }, { name: 'grade', type: 'select', options: [{ value: 'A' }, { value: 'B' }] },
  { name: 'channels', type: 'multiselect', options: [{ value: 'mail' }, { value: 'sms' }, { value: 'call' }] }, { name: 'labels', type: 'tags' },
  { name: 'count', type: 'integer' }, { name: 'ratio', type: 'number' }, { name: 'amount', type: 'currency' }, { name: 'share', type: 'percent' },
  { name: 'stars', type: 'rating' }, { name: 'born', type: 'date' }, { name: 'seen_at', type: 'datetime' }, { name: 'ok', type: 'boolean' },
  { name: 'extra', type: 'json' },
];

/** Its files, as a test runtime's `appFiles` (a temp app folder, removed when the runtime closes). */
export const KINDS_APP = {
  'app.json': { name: 'kinds', version: '1.0.0', locales: ['en'], timezone: 'UTC' },
  'entities/sample.json': { name: 'sample', fields: KIND_FIELDS },
};
