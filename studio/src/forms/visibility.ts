// Form rules (visibleWhen / requiredWhen) evaluated live on the form's own values. The same
// condition language as the API (§10.4), for the operators a form rule can use on the record's
// own fields; the server's in-memory predicate is the reference, and a test keeps the two equal.
type Json = unknown;
export interface RuleVars { userId?: number | null; now?: Date }

const isEmpty = (v: Json): boolean => v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);
const isVar = (v: Json): v is { $var: string } => !!v && typeof v === 'object' && !Array.isArray(v) && typeof (v as { $var?: unknown }).$var === 'string';

function resolve(v: Json, vars: RuleVars): Json {
  if (!isVar(v)) return v;
  if (v.$var === 'user.id') return vars.userId ?? null;
  if (v.$var === 'now') return (vars.now ?? new Date()).toISOString();
  if (v.$var === 'today') {
    const d = vars.now ?? new Date();
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  }
  return undefined;
}

/** Numbers and numeric strings (decimals travel as strings) compare as numbers; the rest as text. */
function compare(a: Json, b: Json): number {
  const na = typeof a === 'number' ? a : typeof a === 'string' && /^-?\d+(\.\d+)?$/.test(a) ? Number(a) : NaN;
  const nb = typeof b === 'number' ? b : typeof b === 'string' && /^-?\d+(\.\d+)?$/.test(b) ? Number(b) : NaN;
  if (!Number.isNaN(na) && !Number.isNaN(nb)) return na === nb ? 0 : na < nb ? -1 : 1;
  const sa = String(a);
  const sb = String(b);
  return sa === sb ? 0 : sa < sb ? -1 : 1;
}

const same = (a: Json, b: Json): boolean => (typeof a === 'boolean' || typeof b === 'boolean' ? a === b : compare(a, b) === 0);
const lower = (v: Json): string => String(v).toLowerCase();

function leaf(value: Json, op: string, raw: Json, vars: RuleVars): boolean | undefined {
  const operand = Array.isArray(raw) ? raw.map((x) => resolve(x, vars)) : resolve(raw, vars);
  const values = Array.isArray(value) ? value : [value];
  switch (op) {
    case 'isNull': return isEmpty(value) === (operand === true);
    case 'eq': return !isEmpty(value) && values.some((v) => same(v, operand));
    case 'ne': return isEmpty(value) || !values.some((v) => same(v, operand));
    case 'in': return !isEmpty(value) && Array.isArray(operand) && values.some((v) => operand.some((o) => same(v, o)));
    case 'nin': return isEmpty(value) || (Array.isArray(operand) && !values.some((v) => operand.some((o) => same(v, o))));
    case 'gt': return !isEmpty(value) && compare(value, operand) > 0;
    case 'gte': return !isEmpty(value) && compare(value, operand) >= 0;
    case 'lt': return !isEmpty(value) && compare(value, operand) < 0;
    case 'lte': return !isEmpty(value) && compare(value, operand) <= 0;
    case 'between': return !isEmpty(value) && Array.isArray(operand) && compare(value, operand[0]) >= 0 && compare(value, operand[1]) <= 0;
    case 'contains': return !isEmpty(value) && lower(value).includes(lower(operand));
    case 'startsWith': return !isEmpty(value) && lower(value).startsWith(lower(operand));
    case 'endsWith': return !isEmpty(value) && lower(value).endsWith(lower(operand));
    default: return undefined;
  }
}

/**
 * Whether the values satisfy the rule. Parts a form can not decide by itself (relation paths,
 * date-relative operators, to-many quantifiers) count as satisfied, so a field is never hidden
 * by a rule the browser can not read; the server still enforces requiredWhen.
 */
export function evaluateRule(rule: Json, values: Record<string, unknown>, vars: RuleVars = {}): boolean {
  if (!rule || typeof rule !== 'object' || Array.isArray(rule)) return true;
  const r = rule as Record<string, Json>;
  return Object.entries(r).every(([key, body]) => {
    if (key === 'and') return Array.isArray(body) && body.every((x) => evaluateRule(x, values, vars));
    if (key === 'or') return Array.isArray(body) && body.some((x) => evaluateRule(x, values, vars));
    if (key === 'not') return !evaluateRule(body, values, vars);
    if (key.includes('.') || !body || typeof body !== 'object') return true;
    return Object.entries(body as Record<string, Json>).every(([op, operand]) => leaf(values[key], op, operand, vars) ?? true);
  });
}
