// A field type: a mainland-China mobile number. Accepts what people type (spaces, dashes, a
// +86 / 0086 / 86 prefix), refuses what is not a mobile number (11 digits, 1 then 3–9), and
// stores one canonical form, +86 followed by the 11 digits, so equality filters and unique
// constraints see one value per number. A field uses it as `{"name": "mobile", "type": "cn-mobile"}`.
// It also adds the filter operator `carrier` for segmenting by network:
// `{"mobile": {"carrier": "china_mobile"}}` — in API filters, views, rules and role scopes alike.
import { type AnyField, definePlugin } from '../../../runtime/index.js';

/** The 11 national digits of a mobile number written any usual way, or null. */
export function mobileDigits(value: string): string | null {
  const compact = value.replace(/[\s\-().]/g, '');
  const m = /^(?:\+86|0086|86)?(1[3-9]\d{9})$/.exec(compact);
  return m ? m[1] : null;
}

/** Number blocks (the three digits after +86) of each network. */
export const CARRIERS: Readonly<Record<string, readonly string[]>> = {
  china_mobile: ['134', '135', '136', '137', '138', '139', '147', '150', '151', '152', '157', '158', '159', '172', '178', '182', '183', '184', '187', '188', '195', '197', '198'],
  china_unicom: ['130', '131', '132', '145', '155', '156', '166', '171', '175', '176', '185', '186', '196'],
  china_telecom: ['133', '149', '153', '173', '174', '177', '180', '181', '189', '190', '191', '193', '199'],
  china_broadnet: ['192'],
};

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
  filterOperators: [{
    name: 'carrier',
    description: 'The number belongs to a network: china_mobile, china_unicom, china_telecom or china_broadnet.',
    fieldTypes: ['cn-mobile'],
    operand: (value) => (typeof value === 'string' && CARRIERS[value]
      ? { value }
      : { error: `"carrier" takes one of ${Object.keys(CARRIERS).join(', ')}` }),
    // Stored values are +86 and 11 digits, so a block is a prefix; LIKE with a literal prefix can use an index.
    where: ({ qb, column, operand }) => void qb.where((w) => {
      for (const block of CARRIERS[operand as string]) w.orWhere(column, 'like', `+86${block}%`);
    }),
    test: (value, operand) => CARRIERS[operand as string].some((block) => String(value).startsWith(`+86${block}`)),
  }],
});
