import { describe, expect, it } from 'vitest';
import { GIBI, MEBI, Quantity } from './quantity.ts';

const q = (s: string | number) => {
  const parsed = Quantity.parse(s);
  if (!parsed) throw new Error(`unparsable ${s}`);
  return parsed;
};

describe('Quantity', () => {
  it('parses the Kubernetes grammar exactly', () => {
    expect(q('500m').equals(q('0.5'))).toBe(true);
    expect(q('2Gi').equals(q('2147483648'))).toBe(true);
    expect(q('1k').equals(q('1000'))).toBe(true);
    expect(q('1e3').equals(q('1k'))).toBe(true);
    expect(q('1.5Gi').equals(q('1536Mi'))).toBe(true);
    expect(q('.5').equals(q('500m'))).toBe(true);
    expect(q(0.25).equals(q('250m'))).toBe(true);
    expect(q('100u').equals(q('0.0001'))).toBe(true);
  });

  it('refuses what is not a quantity', () => {
    for (const bad of ['', 'abc', '1.2.3', 'NaN', 'inf', '1Gb', '1 Gi', '--1', '1e', 'Gi']) {
      expect(Quantity.parse(bad), bad).toBeUndefined();
    }
    expect(Quantity.parse(Number.NaN)).toBeUndefined();
  });

  it('compares by value', () => {
    expect(q('1').compare(q('999m'))).toBe(1);
    expect(q('1Gi').compare(q('1G'))).toBe(1);
    expect(q('-1').isPositive()).toBe(false);
  });

  it('multiplies by a factor and rounds memory up to whole Mi', () => {
    expect(q('0.5').times('1.2')!.toDecimal()).toBe('0.6');
    expect(q('1Gi').times(1.2)!.ceilTo(MEBI)).toBe(1229n);
    expect(q('2Gi').times('2')!.ceilTo(MEBI)).toBe(4096n);
    expect(q('1').times('x')).toBeUndefined();
    expect(q('1').times('1Gi')).toBeUndefined();
  });

  it('formats cores and GiB as short decimals', () => {
    expect(q('500m').toDecimal()).toBe('0.5');
    expect(q('4').toDecimal()).toBe('4');
    expect(q('1.5Gi').toDecimal(GIBI)).toBe('1.5');
    expect(q('1073741824m').toDecimal(GIBI)).toBe('0.001');
    expect(q('1Mi').toDecimal(GIBI, 6)).toBe('0.000977');
  });
});
