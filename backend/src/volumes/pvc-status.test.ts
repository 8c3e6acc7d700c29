import { describe, expect, it } from 'vitest';
import type { KubeEvent, PersistentVolumeClaim } from '../k8s/types.ts';
import { pvcStatus } from './pvc-status.ts';

const pvc = (extra: Partial<PersistentVolumeClaim> = {}): PersistentVolumeClaim => ({
  metadata: { name: 'data', creationTimestamp: '2024-05-01T12:00:00Z' },
  ...extra,
});
const event = (fields: Partial<KubeEvent>): KubeEvent => ({ metadata: { name: 'e' }, ...fields });

describe('pvcStatus (status.md §2)', () => {
  it('row 1: terminating wins over Bound', () => {
    const s = pvcStatus(
      pvc({ metadata: { deletionTimestamp: '2024-05-01T12:00:00Z' }, status: { phase: 'Bound' } }),
      [],
    );
    expect(s).toEqual({
      phase: 'terminating',
      key: 'pvcDeleting',
      message: 'Deleting Volume...',
      state: '',
      eventMessage: '',
    });
  });

  it('row 2: Bound is ready', () => {
    expect(pvcStatus(pvc({ status: { phase: 'Bound' } }), [event({ type: 'Warning' })]).phase).toBe('ready');
  });

  it('row 3: no events means provisioning', () => {
    expect(pvcStatus(pvc(), [])).toMatchObject({ phase: 'waiting', key: 'pvcProvisioning' });
  });

  it('rows 4-8 read the newest event', () => {
    const of = (e: Partial<KubeEvent>) => pvcStatus(pvc({ status: { phase: 'Pending' } }), [event(e)]);
    expect(of({ reason: 'WaitForFirstConsumer', type: 'Normal', message: 'm' })).toMatchObject({
      phase: 'unavailable',
      key: 'pvcPendingUnavailable',
      state: 'WaitForFirstConsumer',
      eventMessage: 'm',
    });
    expect(of({ reason: 'Provisioning', type: 'Warning', message: 'p' })).toEqual({
      phase: 'waiting',
      key: 'pvcPending',
      message: 'Pending: p',
      state: 'Provisioning',
      eventMessage: 'p',
    });
    expect(of({ reason: 'FailedBinding', type: 'Normal' }).phase).toBe('warning');
    expect(of({ reason: 'ProvisioningFailed', type: 'Warning' }).phase).toBe('warning');
    expect(of({ reason: 'ExternalProvisioning', type: 'Normal' }).phase).toBe('ready');
    // Row 8: an odd event type never leaves the phase empty; missing fields never throw.
    expect(of({})).toEqual({ phase: 'waiting', key: 'pvcPending', message: 'Pending: ', state: '', eventMessage: '' });
  });
});
