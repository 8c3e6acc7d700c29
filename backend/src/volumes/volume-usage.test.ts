import { describe, expect, it } from 'vitest';
import { isValidUsage, usageFromSamples, usagePercent } from './volume-usage.ts';

describe('volume usage', () => {
  it('computes exact percentages with at most two decimals', () => {
    expect(usagePercent('50', '200')).toBe('25');
    expect(usagePercent('1', '3')).toBe('33.33');
    expect(usagePercent('2', '3')).toBe('66.67');
    expect(usagePercent('5.36870912e+08', '1073741824')).toBe('50');
    expect(usagePercent('1', '0')).toBe('');
    expect(usagePercent('NaN', '10')).toBe('');
  });

  it('pairs the two series by PVC', () => {
    const usage = usageFromSamples([
      { metric: { __name__: 'kubelet_volume_stats_capacity_bytes', persistentvolumeclaim: 'a' }, value: '100' },
      { metric: { __name__: 'kubelet_volume_stats_used_bytes', persistentvolumeclaim: 'a' }, value: '12.7' },
      { metric: { __name__: 'kubelet_volume_stats_capacity_bytes', persistentvolumeclaim: 'b' }, value: '100' },
      { metric: { __name__: 'kubelet_volume_stats_used_bytes' }, value: '1' },
    ]);
    expect(usage.get('a')).toEqual({ name: 'a', usage: '12.7', usedBytes: '12' });
    expect(usage.get('b')).toEqual({ name: 'b', usage: '', usedBytes: '' });
    expect(usage.size).toBe(2);
  });

  it('validates reported percentages', () => {
    expect(['0', '100', '99.99', '7'].every(isValidUsage)).toBe(true);
    expect(['100.1', '-1', '1e2', ''].some(isValidUsage)).toBe(false);
  });
});
