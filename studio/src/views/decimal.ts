// Exact sums of decimal strings (currency on the wire is a string, §10.3): scaled BigInt, no float drift.
export function sumDecimals(values: (string | number | null | undefined)[]): string {
  let scale = 0;
  const parts: string[] = [];
  for (const v of values) {
    if (v === null || v === undefined || v === '') continue;
    const s = String(v);
    if (!/^-?\d+(\.\d+)?$/.test(s)) continue;
    parts.push(s);
    scale = Math.max(scale, (s.split('.')[1] ?? '').length);
  }
  let total = 0n;
  for (const s of parts) {
    const neg = s.startsWith('-');
    const [int, frac = ''] = s.replace('-', '').split('.');
    const n = BigInt(int + frac.padEnd(scale, '0'));
    total += neg ? -n : n;
  }
  const neg = total < 0n;
  const digits = (neg ? -total : total).toString().padStart(scale + 1, '0');
  const out = scale ? `${digits.slice(0, -scale)}.${digits.slice(-scale)}` : digits;
  return neg ? `-${out}` : out;
}
