import { describe, expect, it } from 'vitest';
import { configCpu, configMemoryGi, parseQuantity } from './quantity.ts';

describe('parseQuantity', () => {
  it('reads decimal and binary suffixes', () => {
    expect(parseQuantity('500m')).toBe(0.5);
    expect(parseQuantity('2Gi')).toBe(2 * 2 ** 30);
    expect(parseQuantity('1.5')).toBe(1.5);
    expect(parseQuantity('1k')).toBe(1000);
    expect(parseQuantity('1073741824m')).toBeCloseTo(1073741.824);
  });
  it('answers NaN for garbage', () => {
    expect(parseQuantity('two')).toBeNaN();
    expect(parseQuantity('1Zi')).toBeNaN();
    expect(parseQuantity(undefined)).toBeNaN();
  });
});

describe('config values', () => {
  it('reads StatCan unitless memory as Gi and upstream quantities', () => {
    expect(configMemoryGi('2.0')).toBe(2);
    expect(configMemoryGi('1.0Gi')).toBe(1);
    expect(configMemoryGi('512Mi')).toBe(0.5);
    expect(configCpu('0.5')).toBe(0.5);
    expect(configCpu('500m')).toBe(0.5);
  });
});
