import { describe, expect, it } from 'vitest';
import { advertisedVendors, configuredVendors } from './gpu-vendors.ts';

describe('GPU vendors', () => {
  it('reads limitsKeys in config order, skipping odd entries', () => {
    const config = {
      gpus: {
        value: { vendors: [{ limitsKey: 'nvidia.com/gpu' }, null, { uiName: 'x' }, { limitsKey: 'amd.com/gpu' }] },
      },
    };
    expect(configuredVendors(config)).toEqual(['nvidia.com/gpu', 'amd.com/gpu']);
    expect(configuredVendors({})).toEqual([]);
  });

  it('keeps the vendors some node advertises; nodes without capacity are skipped', () => {
    const nodes = [{ metadata: {} }, { metadata: {}, status: { capacity: { 'amd.com/gpu': '1' } } }];
    expect(advertisedVendors(['nvidia.com/gpu', 'amd.com/gpu'], nodes)).toEqual(['amd.com/gpu']);
  });
});
