import { describe, expect, it } from 'vitest';
import type { Notebook, PersistentVolumeClaim } from '../k8s/types.ts';
import { pvcItems } from './pvc-item.ts';

describe('pvcItems', () => {
  it('gives a malformed PVC empty values instead of failing the list', () => {
    const odd = { metadata: { name: 'odd' } } as PersistentVolumeClaim;
    const [item] = pvcItems([odd], { events: [], notebooks: [], viewers: [] });
    expect(item).toEqual({
      name: 'odd',
      namespace: '',
      size: '',
      mode: '',
      modes: [],
      capacity: '',
      class: '',
      age: '',
      status: {
        phase: 'waiting',
        key: 'pvcProvisioning',
        message: 'Provisioning Volume...',
        state: '',
        eventMessage: '',
      },
      notebooks: [],
      labels: {},
      viewer: { status: 'uninitialized', url: null },
      usage: '',
      usedBytes: '',
    });
  });

  it('sorts by name, reads usage annotations and ignores notebooks without volumes', () => {
    const pvcs: PersistentVolumeClaim[] = [
      {
        metadata: {
          name: 'b',
          annotations: { 'pvc.kubeflow.org/usage': '42.5', 'pvc.kubeflow.org/used-bytes': '1024' },
        },
      },
      { metadata: { name: 'a' } },
    ];
    const notebooks: Notebook[] = [
      {
        metadata: { name: 'nb' },
        spec: { template: { spec: { volumes: [{ name: 'v', persistentVolumeClaim: { claimName: 'b' } }] } } },
      },
      { metadata: { name: 'bare' } },
    ];
    const items = pvcItems(pvcs, { events: [], notebooks, viewers: [] });
    expect(items.map((i) => i.name)).toEqual(['a', 'b']);
    expect(items[1]).toMatchObject({ usage: '42.5', usedBytes: '1024', notebooks: ['nb'] });
  });

  it('ignores events from before the PVC was created (a re-used name)', () => {
    const pvc: PersistentVolumeClaim = { metadata: { name: 'a', creationTimestamp: '2024-05-01T12:00:00Z' } };
    const old = {
      metadata: { name: 'e', creationTimestamp: '2024-04-01T12:00:00Z' },
      involvedObject: { kind: 'PersistentVolumeClaim', name: 'a' },
      type: 'Warning',
      reason: 'ProvisioningFailed',
    };
    expect(pvcItems([pvc], { events: [old], notebooks: [], viewers: [] })[0]!.status.key).toBe('pvcProvisioning');
  });
});
