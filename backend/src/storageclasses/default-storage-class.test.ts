import { describe, expect, it } from 'vitest';
import type { StorageClass } from '../k8s/types.ts';
import { defaultStorageClass, storageClassNames } from './default-storage-class.ts';

const sc = (name: string, created: string, annotations: Record<string, string> = {}): StorageClass => ({
  metadata: { name, creationTimestamp: created, annotations },
});
const GA = 'storageclass.kubernetes.io/is-default-class';
const BETA = 'storageclass.beta.kubernetes.io/is-default-class';

describe('defaultStorageClass', () => {
  it('is "" when none is marked exactly "true"', () => {
    expect(defaultStorageClass([])).toBe('');
    expect(defaultStorageClass([sc('a', '2024-01-01T00:00:00Z', { [GA]: 'True' })])).toBe('');
  });

  it('takes the newest marked class, then the lowest name, with either annotation', () => {
    const classes = [
      sc('old', '2023-01-01T00:00:00Z', { [GA]: 'true' }),
      sc('zeta', '2024-01-01T00:00:00Z', { [BETA]: 'true' }),
      sc('beta', '2024-01-01T00:00:00Z', { [GA]: 'true' }),
      sc('newest-unmarked', '2025-01-01T00:00:00Z'),
    ];
    expect(defaultStorageClass(classes)).toBe('beta');
  });
});

describe('storageClassNames', () => {
  it('sorts', () => {
    expect(storageClassNames([sc('b', ''), sc('a', '')])).toEqual(['a', 'b']);
  });
});
