import { describe, expect, it } from 'vitest';
import { decimalSeparator, fromLocaleDecimal, toLocaleDecimal } from './decimal.ts';

describe('locale decimals', () => {
  it('uses a comma in French and a point in English', () => {
    expect(decimalSeparator('fr')).toBe(',');
    expect(decimalSeparator('en')).toBe('.');
    expect(toLocaleDecimal('0.5', 'fr')).toBe('0,5');
    expect(toLocaleDecimal('0.5', 'en')).toBe('0.5');
  });
  it('reads either separator back as JavaScript notation', () => {
    expect(fromLocaleDecimal('1,5', 'fr')).toBe('1.5');
    expect(fromLocaleDecimal('1.5', 'fr')).toBe('1.5');
    expect(fromLocaleDecimal('2,5', 'en')).toBe('2.5');
  });
});
