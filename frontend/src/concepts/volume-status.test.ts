import { describe, expect, it } from 'vitest';
import type { PvcListItem } from '../api/types.ts';
import { costSummary } from './cost.ts';
import { fullVolumeNames, isHiddenVolume, volumeDisplayStatus } from './volume-status.ts';

function mockPvc(overrides: Partial<PvcListItem> = {}): PvcListItem {
  return {
    name: 'data',
    namespace: 'ns',
    size: '10Gi',
    mode: 'ReadWriteOnce',
    modes: ['ReadWriteOnce'],
    capacity: '10Gi',
    class: 'standard',
    age: '2024-01-01T00:00:00Z',
    status: { phase: 'ready', message: 'Bound', state: '', key: 'pvcBound', eventMessage: '' },
    notebooks: [],
    labels: {},
    viewer: { status: 'uninitialized', url: null },
    usage: '',
    usedBytes: '',
    ...overrides,
  } as PvcListItem;
}

describe('volume display', () => {
  it('shows attached/unattached for ready PVCs and the status otherwise', () => {
    expect(volumeDisplayStatus(mockPvc()).phase).toBe('unattached');
    expect(volumeDisplayStatus(mockPvc({ notebooks: ['nb'] })).phase).toBe('attached');
    const terminating = mockPvc({
      status: { phase: 'terminating', message: '', state: '', key: 'pvcDeleting', eventMessage: '' },
    });
    expect(volumeDisplayStatus(terminating).phase).toBe('terminating');
  });
  it('hides automounted blob volumes and flags full ones', () => {
    expect(isHiddenVolume(mockPvc({ labels: { 'blob.aaw.statcan.gc.ca/automount': 'true' } }))).toBe(true);
    expect(isHiddenVolume(mockPvc())).toBe(false);
    expect([
      ...fullVolumeNames([
        mockPvc({ name: 'a', usage: '95.5' }),
        mockPvc({ name: 'b', usage: '89.9' }),
        mockPvc({ name: 'c' }),
      ]),
    ]).toEqual(['a']);
  });
});

describe('costSummary', () => {
  it('sums the namespace allocation and answers zeros without one', () => {
    const body = {
      data: { sets: [{ allocations: { ns: { cpuCost: 1.5, gpuCost: 0, ramCost: 0.25, pvCost: 0.1 } } }] },
    };
    expect(costSummary(body, 'ns')).toEqual({ cpu: 1.5, gpu: 0, ram: 0.25, storage: 0.1, total: 1.85 });
    expect(costSummary(body, 'other').total).toBe(0);
    expect(costSummary({}, 'ns').total).toBe(0);
  });
});
