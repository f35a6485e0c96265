// Formulas: parsed by jsep into an AST, evaluated by walking it against a whitelist of operators
// and functions. No eval/Function; identifiers resolve only to the record's own fields.
import jsep from 'jsep';

export type FormulaValue = number | string | boolean | null;
export type FormulaAst = jsep.Expression;

const BINARY = new Set(['+', '-', '*', '/', '%', '==', '!=', '<', '<=', '>', '>=', '&&', '||']);
const UNARY = new Set(['-', '+', '!']);

const DAY_MS = 86_400_000;
const toDateMs = (v: FormulaValue): number | null => {
  if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}/.test(v)) return null;
  const ms = Date.parse(v.length === 10 ? `${v}T00:00:00.000Z` : v);
  return Number.isNaN(ms) ? null : ms;
};
const num = (v: FormulaValue): number | null => {
  if (v === null || v === '') return null;
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
};
const str = (v: FormulaValue): string => (v === null ? '' : String(v));
const truthy = (v: FormulaValue): boolean => v !== null && v !== '' && v !== 0 && v !== false;
const numeric = (args: FormulaValue[]): number[] => args.map(num).filter((n): n is number => n !== null);

export type Fn = { min: number; max: number; run: (args: FormulaValue[]) => FormulaValue };
/** Formula functions by name, per runtime: the built-ins plus what the app's plugins add. */
export type FormulaFunctions = ReadonlyMap<string, Fn>;

const BUILTIN: Record<string, Fn> = {
  IF: { min: 2, max: 3, run: ([c, a, b = null]) => (truthy(c) ? a : b) },
  AND: { min: 1, max: 50, run: (a) => a.every(truthy) },
  OR: { min: 1, max: 50, run: (a) => a.some(truthy) },
  NOT: { min: 1, max: 1, run: ([a]) => !truthy(a) },
  ROUND: { min: 1, max: 2, run: ([x, n = 0]) => { const v = num(x); const d = num(n) ?? 0; if (v === null) return null; const f = 10 ** d; return Math.sign(v) * Math.round(Math.abs(v) * f + 1e-9) / f; } },
  FLOOR: { min: 1, max: 1, run: ([x]) => { const v = num(x); return v === null ? null : Math.floor(v); } },
  CEIL: { min: 1, max: 1, run: ([x]) => { const v = num(x); return v === null ? null : Math.ceil(v); } },
  ABS: { min: 1, max: 1, run: ([x]) => { const v = num(x); return v === null ? null : Math.abs(v); } },
  MIN: { min: 1, max: 50, run: (a) => { const n = numeric(a); return n.length ? Math.min(...n) : null; } },
  MAX: { min: 1, max: 50, run: (a) => { const n = numeric(a); return n.length ? Math.max(...n) : null; } },
  COALESCE: { min: 1, max: 50, run: (a) => a.find((v) => v !== null && v !== '') ?? null },
  CONCAT: { min: 1, max: 50, run: (a) => a.map(str).join('') },
  UPPER: { min: 1, max: 1, run: ([s]) => (s === null ? null : str(s).toUpperCase()) },
  LOWER: { min: 1, max: 1, run: ([s]) => (s === null ? null : str(s).toLowerCase()) },
  TRIM: { min: 1, max: 1, run: ([s]) => (s === null ? null : str(s).trim()) },
  LEN: { min: 1, max: 1, run: ([s]) => str(s).length },
  LEFT: { min: 2, max: 2, run: ([s, n]) => (s === null ? null : str(s).slice(0, Math.max(0, num(n) ?? 0))) },
  RIGHT: { min: 2, max: 2, run: ([s, n]) => { if (s === null) return null; const k = Math.max(0, num(n) ?? 0); return k === 0 ? '' : str(s).slice(-k); } },
  YEAR: { min: 1, max: 1, run: ([d]) => { const ms = toDateMs(d); return ms === null ? null : new Date(ms).getUTCFullYear(); } },
  MONTH: { min: 1, max: 1, run: ([d]) => { const ms = toDateMs(d); return ms === null ? null : new Date(ms).getUTCMonth() + 1; } },
  DAY: { min: 1, max: 1, run: ([d]) => { const ms = toDateMs(d); return ms === null ? null : new Date(ms).getUTCDate(); } },
  DAYS: { min: 2, max: 2, run: ([a, b]) => { const x = toDateMs(a); const y = toDateMs(b); return x === null || y === null ? null : Math.round((x - y) / DAY_MS); } },
  ADD_DAYS: { min: 2, max: 2, run: ([d, n]) => { const ms = toDateMs(d); const k = num(n); return ms === null || k === null ? null : new Date(ms + k * DAY_MS).toISOString().slice(0, 10); } },
  ISBLANK: { min: 1, max: 1, run: ([v]) => v === null || v === '' },
};

export const BUILTIN_FUNCTIONS: FormulaFunctions = new Map(Object.entries(BUILTIN));

/** The built-in functions and `extra` ones (a name may be registered once). */
export function createFormulaFunctions(extra: readonly ({ name: string } & Fn)[] = []): FormulaFunctions {
  const map = new Map(BUILTIN_FUNCTIONS);
  for (const f of extra) {
    if (map.has(f.name)) throw new Error(`formula function "${f.name}" is registered twice`);
    // A plugin's function that throws gives no value (null), like a formula over missing data: never a failed write.
    const run = f.run;
    map.set(f.name, { min: f.min, max: f.max, run: (args) => { try { const v = run(args); return v === undefined || (typeof v === 'number' && !Number.isFinite(v)) ? null : v; } catch { return null; } } });
  }
  return map;
}

export class FormulaError extends Error {}

export function parseFormula(expression: string, functions: FormulaFunctions = BUILTIN_FUNCTIONS): FormulaAst {
  let ast: FormulaAst;
  try {
    ast = jsep(expression);
  } catch (err) {
    throw new FormulaError(`cannot parse: ${(err as Error).message}`);
  }
  check(ast, functions);
  return ast;
}

function check(node: FormulaAst, functions: FormulaFunctions): void {
  const check1 = (n: FormulaAst): void => check(n, functions);
  switch (node.type) {
    case 'Literal': {
      const v = (node as jsep.Literal).value;
      if (v instanceof RegExp) throw new FormulaError('regular expressions are not allowed');
      return;
    }
    case 'Identifier': return;
    case 'BinaryExpression': {
      const b = node as jsep.BinaryExpression;
      if (!BINARY.has(b.operator)) throw new FormulaError(`operator "${b.operator}" is not allowed`);
      check1(b.left); check1(b.right); return;
    }
    case 'UnaryExpression': {
      const u = node as jsep.UnaryExpression;
      if (!UNARY.has(u.operator)) throw new FormulaError(`operator "${u.operator}" is not allowed`);
      check1(u.argument); return;
    }
    case 'ConditionalExpression': {
      const c = node as jsep.ConditionalExpression;
      check1(c.test); check1(c.consequent); check1(c.alternate); return;
    }
    case 'CallExpression': {
      const c = node as jsep.CallExpression;
      if (c.callee.type !== 'Identifier') throw new FormulaError('only named functions can be called');
      const name = (c.callee as jsep.Identifier).name;
      const fn = functions.get(name);
      if (!fn) throw new FormulaError(`unknown function ${name}`);
      if (c.arguments.length < fn.min || c.arguments.length > fn.max) {
        throw new FormulaError(`${name} takes ${fn.min === fn.max ? fn.min : `${fn.min} to ${fn.max}`} arguments`);
      }
      c.arguments.forEach(check1); return;
    }
    default:
      throw new FormulaError(`${node.type} is not allowed in a formula`);
  }
}

/** Field names the formula reads (identifiers outside function names). */
export function formulaDependencies(ast: FormulaAst): string[] {
  const out = new Set<string>();
  const walk = (n: FormulaAst): void => {
    switch (n.type) {
      case 'Identifier': out.add((n as jsep.Identifier).name); break;
      case 'BinaryExpression': walk((n as jsep.BinaryExpression).left); walk((n as jsep.BinaryExpression).right); break;
      case 'UnaryExpression': walk((n as jsep.UnaryExpression).argument); break;
      case 'ConditionalExpression': { const c = n as jsep.ConditionalExpression; walk(c.test); walk(c.consequent); walk(c.alternate); break; }
      case 'CallExpression': (n as jsep.CallExpression).arguments.forEach(walk); break;
      default: break;
    }
  };
  walk(ast);
  return [...out].filter((name) => name !== 'true' && name !== 'false' && name !== 'null');
}

/** Evaluates against plain values (decimals as numbers or decimal strings). */
export function evaluateFormula(ast: FormulaAst, values: Record<string, FormulaValue>, functions: FormulaFunctions = BUILTIN_FUNCTIONS): FormulaValue {
  const ev = (n: FormulaAst): FormulaValue => {
    switch (n.type) {
      case 'Literal': return (n as jsep.Literal).value as FormulaValue;
      case 'Identifier': {
        const name = (n as jsep.Identifier).name;
        if (name === 'true') return true;
        if (name === 'false') return false;
        if (name === 'null') return null;
        return Object.prototype.hasOwnProperty.call(values, name) ? values[name] : null;
      }
      case 'UnaryExpression': {
        const u = n as jsep.UnaryExpression;
        const v = ev(u.argument);
        if (u.operator === '!') return !truthy(v);
        const x = num(v);
        return x === null ? null : u.operator === '-' ? -x : x;
      }
      case 'ConditionalExpression': {
        const c = n as jsep.ConditionalExpression;
        return truthy(ev(c.test)) ? ev(c.consequent) : ev(c.alternate);
      }
      case 'CallExpression': {
        const c = n as jsep.CallExpression;
        const fn = functions.get((c.callee as jsep.Identifier).name);
        return fn ? fn.run(c.arguments.map(ev)) : null;
      }
      case 'BinaryExpression': return binary(n as jsep.BinaryExpression);
      default: return null;
    }
  };
  const binary = (b: jsep.BinaryExpression): FormulaValue => {
    if (b.operator === '&&') return truthy(ev(b.left)) && truthy(ev(b.right));
    if (b.operator === '||') return truthy(ev(b.left)) || truthy(ev(b.right));
    const l = ev(b.left);
    const r = ev(b.right);
    if (b.operator === '==' || b.operator === '!=') {
      const ln = num(l); const rn = num(r);
      const same = ln !== null && rn !== null && typeof l !== 'boolean' ? ln === rn : l === r;
      return b.operator === '==' ? same : !same;
    }
    if (b.operator === '+' && (typeof l === 'string' || typeof r === 'string') && (num(l) === null || num(r) === null)) {
      return l === null || r === null ? null : str(l) + str(r);
    }
    const x = num(l); const y = num(r);
    if (x === null || y === null) return null;
    switch (b.operator) {
      case '+': return x + y;
      case '-': return x - y;
      case '*': return x * y;
      case '/': return y === 0 ? null : x / y;
      case '%': return y === 0 ? null : x % y;
      case '<': return x < y;
      case '<=': return x <= y;
      case '>': return x > y;
      case '>=': return x >= y;
      default: return null;
    }
  };
  return ev(ast);
}
