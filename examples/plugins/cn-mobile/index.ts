// A field type: a mainland-China mobile number. Accepts what people type (spaces, dashes, a
// +86 / 0086 / 86 prefix), refuses what is not a mobile number (11 digits, 1 then 3–9), and
// stores one canonical form, +86 followed by the 11 digits, so equality filters and unique
// constraints see one value per number. A field uses it as `{"name": "mobile", "type": "cn-mobile"}`.
import { type AnyField, definePlugin } from '../../../runtime/index.js';

/** The 11 national digits of a mobile number written any usual way, or null. */
export function mobileDigits(value: string): string | null {
  const compact = value.replace(/[\s\-().]/g, '');
  const m = /^(?:\+86|0086|86)?(1[3-9]\d{9})$/.exec(compact);
  return m ? m[1] : null;
}

export default definePlugin({
  name: 'cn-mobile',
  version: '1.0.0',
  description: 'Mainland-China mobile numbers: checked and stored as +86XXXXXXXXXXX.',
  requires: { platform: '>=0.1.0' },
  fieldTypes: [{
    type: 'cn-mobile',
    settings: {
      title: 'CnMobileField',
      description: 'A mainland-China mobile number (11 digits starting 13–19), stored as +86 and the digits.',
      properties: {},
    },
    storage: () => ({ kind: 'text' }),
    // The wire value: what a client may send (the check below decides whether it is a mobile number).
    valueSchema: (_field: AnyField) => ({ type: 'string', maxLength: 24 }),
    operators: ['eq', 'ne', 'in', 'nin', 'startsWith', 'isNull'],
    writable: true,
    widget: 'phone',
    formWidget: 'text',
    csv: 'text',
    check: (value) => (typeof value === 'string' && mobileDigits(value) === null
      ? { code: 'cn_mobile', message: 'is not a mainland-China mobile number (11 digits starting with 13–19, optionally +86)' }
      : null),
    normalize: (value) => (typeof value === 'string' ? `+86${mobileDigits(value)}` : value),
  }],
});
