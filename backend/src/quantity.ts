/**
 * Kubernetes resource quantities (`500m`, `1.5Gi`, `2e3`, `1k`), held as exact fractions so that
 * comparisons and limit maths never suffer float rounding: `0.5` equals `500m`, `2Gi` equals
 * `2147483648`.
 */
const BINARY: Record<string, bigint> = {
  Ki: 1n << 10n,
  Mi: 1n << 20n,
  Gi: 1n << 30n,
  Ti: 1n << 40n,
  Pi: 1n << 50n,
  Ei: 1n << 60n,
};
const DECIMAL_EXP: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };

const GRAMMAR = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?\d+)?$/;

function gcd(a: bigint, b: bigint): bigint {
  a = a < 0n ? -a : a;
  b = b < 0n ? -b : b;
  while (b) [a, b] = [b, a % b];
  return a;
}

export class Quantity {
  /** value = num / den, den > 0, reduced. */
  readonly num: bigint;
  readonly den: bigint;
  /** The text it was parsed from (trimmed), when it was parsed. */
  readonly text: string;

  constructor(num: bigint, den: bigint, text = '') {
    if (den === 0n) throw new Error('zero denominator');
    if (den < 0n) [num, den] = [-num, -den];
    const g = gcd(num, den) || 1n;
    this.num = num / g;
    this.den = den / g;
    this.text = text;
  }

  static parse(input: string | number): Quantity | undefined {
    const text = typeof input === 'number' ? (Number.isFinite(input) ? String(input) : '') : input.trim();
    const m = GRAMMAR.exec(text.replace(/^(\d+)e(\d+)$/i, '$1e$2'));
    if (!m) return undefined;
    const [, sign, number, suffix = ''] = m;
    const [intPart, fracPart = ''] = number!.split('.');
    let num = BigInt((intPart || '0') + fracPart);
    let den = 10n ** BigInt(fracPart.length);
    if (sign === '-') num = -num;
    if (suffix in BINARY) {
      num *= BINARY[suffix]!;
    } else {
      const exp = suffix in DECIMAL_EXP ? DECIMAL_EXP[suffix]! : Number(suffix.slice(1));
      if (Math.abs(exp) > 100) return undefined;
      if (exp >= 0) num *= 10n ** BigInt(exp);
      else den *= 10n ** BigInt(-exp);
    }
    return new Quantity(num, den, text);
  }

  /** Whether the text carries a unit suffix (memory in a request must). */
  static hasUnit(input: string): boolean {
    return /[A-Za-z]$/.test(input.trim());
  }

  isPositive(): boolean {
    return this.num > 0n;
  }

  compare(other: Quantity): number {
    const a = this.num * other.den;
    const b = other.num * this.den;
    return a < b ? -1 : a > b ? 1 : 0;
  }

  equals(other: Quantity): boolean {
    return this.compare(other) === 0;
  }

  /** Multiplies by a decimal factor given as text or number ("1.2"); undefined if not a number. */
  times(factor: string | number): Quantity | undefined {
    const f = Quantity.parse(typeof factor === 'number' ? String(factor) : factor.trim());
    if (!f || /[A-Za-z]/.test(String(factor).replace(/e[+-]?\d+$/i, ''))) return undefined;
    return new Quantity(this.num * f.num, this.den * f.den);
  }

  toNumber(): number {
    return Number(this.num) / Number(this.den);
  }

  /** Rounds up to a whole multiple of `unit` (e.g. 1 Mi), returning the count of units. */
  ceilTo(unit: bigint): bigint {
    const scaledDen = this.den * unit;
    const q = this.num / scaledDen;
    return this.num % scaledDen === 0n || this.num < 0n ? q : q + 1n;
  }

  /**
   * Shortest exact decimal of value / divisor when it terminates, else rounded to `maxDecimals`;
   * trailing zeros dropped ("0.5", "4", "1.5").
   */
  toDecimal(divisor: bigint = 1n, maxDecimals = 3): string {
    const num = this.num;
    const den = this.den * divisor;
    const negative = num < 0n;
    const abs = negative ? -num : num;
    const scale = 10n ** BigInt(maxDecimals);
    let scaled = (abs * scale * 2n + den) / (den * 2n); // round half up
    // Exact when the fraction terminates within maxDecimals digits.
    if ((abs * scale) % den === 0n) scaled = (abs * scale) / den;
    const intPart = scaled / scale;
    let frac = (scaled % scale).toString().padStart(maxDecimals, '0').replace(/0+$/, '');
    if (maxDecimals === 0) frac = '';
    const text = frac ? `${intPart}.${frac}` : `${intPart}`;
    return negative && scaled !== 0n ? `-${text}` : text;
  }
}

export const GIBI = 1n << 30n;
export const MEBI = 1n << 20n;
