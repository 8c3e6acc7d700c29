const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  K: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
};

/** A Kubernetes quantity as a number in base units (cores, bytes); NaN when it does not parse. */
export function parseQuantity(text: string | number | undefined | null): number {
  if (text === undefined || text === null) return NaN;
  if (typeof text === 'number') return text;
  const match = /^\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)\s*([A-Za-z]*)\s*$/.exec(text);
  if (!match) return NaN;
  const value = Number(match[1]);
  const suffix = match[2] ?? '';
  if (suffix in BINARY) return value * BINARY[suffix]!;
  if (suffix in DECIMAL) return value * DECIMAL[suffix]!;
  return NaN;
}

/** Shortest decimal text of a number with at most `digits` fraction digits ("1.5", "2"). */
export function trimDecimal(value: number, digits = 2): string {
  return String(Number(value.toFixed(digits)));
}

/** A config memory value in Gi: StatCan writes "2.0" (meaning Gi), upstream "1.0Gi". */
export function configMemoryGi(value: string | number | undefined): number {
  if (value === undefined || value === '') return NaN;
  if (typeof value === 'number') return value;
  if (/^\s*[\d.]+\s*$/.test(value)) return Number(value);
  return parseQuantity(value) / 2 ** 30;
}

/** A config CPU value in cores. */
export function configCpu(value: string | number | undefined): number {
  if (value === undefined || value === '') return NaN;
  return parseQuantity(value);
}
