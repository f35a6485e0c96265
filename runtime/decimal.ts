// Exact decimal helpers over strings and scaled integers (no floating point on the write path).
const DECIMAL_RE = /^([+-]?)(\d+)(?:\.(\d+))?$/;

/** Normalizes a decimal given as string or number to a fixed-scale string ("12.5", 2 → "12.50").
 *  Extra digits are rounded half away from zero. Returns null for text that is not a decimal. */
export function normalizeDecimal(value: string | number, scale: number): string | null {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return null;
    text = Math.abs(value) < 1e21 ? value.toFixed(Math.min(20, scale + 2)) : String(value);
  } else text = value.trim();
  const m = DECIMAL_RE.exec(text);
  if (!m) return null;
  const sign = m[1] === '-' ? '-' : '';
  const intPart = m[2].replace(/^0+(?=\d)/, '');
  const frac = m[3] ?? '';
  let digits = BigInt(intPart + frac.padEnd(scale, '0').slice(0, scale));
  if (frac.length > scale && Number(frac[scale]) >= 5) digits += 1n;
  const out = formatScaled(digits, scale);
  return sign && digits !== 0n ? '-' + out : out;
}

function formatScaled(digits: bigint, scale: number): string {
  const s = digits.toString().padStart(scale + 1, '0');
  return scale === 0 ? s : `${s.slice(0, -scale)}.${s.slice(-scale)}`;
}

/** "125000.00" at scale 2 → 12500000 (the SQLite storage form). */
export function decimalToScaled(normalized: string, scale: number): number {
  const neg = normalized.startsWith('-');
  const [i, f = ''] = (neg ? normalized.slice(1) : normalized).split('.');
  const n = Number(i + f.padEnd(scale, '0'));
  return neg ? -n : n;
}

/** 12500000 at scale 2 → "125000.00". */
export function scaledToDecimal(scaled: number | bigint | string, scale: number): string {
  // Every value read from a SQLite decimal column is a safe integer: format it without BigInt.
  if (typeof scaled === 'number' && Number.isSafeInteger(scaled)) {
    const neg = scaled < 0;
    const s = String(neg ? -scaled : scaled).padStart(scale + 1, '0');
    const out = scale === 0 ? s : `${s.slice(0, -scale)}.${s.slice(-scale)}`;
    return neg ? '-' + out : out;
  }
  const big = BigInt(typeof scaled === 'number' ? Math.round(scaled) : scaled);
  const neg = big < 0n;
  const out = formatScaled(neg ? -big : big, scale);
  return neg ? '-' + out : out;
}

/** A JS number rounded to the scale, as a decimal string (formula and rollup results). */
export function numberToDecimal(value: number, scale: number): string | null {
  return normalizeDecimal(value, scale);
}

export function isDecimalText(value: string): boolean {
  return DECIMAL_RE.test(value.trim());
}
