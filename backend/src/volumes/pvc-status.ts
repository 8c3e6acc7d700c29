import type { PvcStatus } from '@jupyter-apis/contract';
import type { KubeEvent, PersistentVolumeClaim } from '../k8s/types.ts';

const FIRST_CONSUMER_MESSAGE =
  'Pending: This volume will be bound when its first consumer is created. E.g., when you first browse its contents, or attach it to a notebook server';

/**
 * status.md §2. `events` are the PVC's own events, newest first (events/event-order.ts); row 8
 * (no anchor has it) keeps an unknown event type from leaving the phase empty.
 */
export function pvcStatus(pvc: PersistentVolumeClaim, events: readonly KubeEvent[]): PvcStatus {
  if (pvc.metadata.deletionTimestamp) {
    return { phase: 'terminating', key: 'pvcDeleting', message: 'Deleting Volume...', state: '', eventMessage: '' };
  }
  if (pvc.status?.phase === 'Bound') {
    return { phase: 'ready', key: 'pvcBound', message: 'Bound', state: '', eventMessage: '' };
  }
  const newest = events[0];
  if (!newest) {
    return { phase: 'waiting', key: 'pvcProvisioning', message: 'Provisioning Volume...', state: '', eventMessage: '' };
  }
  const state = newest.reason ?? '';
  const eventMessage = newest.message ?? '';
  if (state === 'WaitForFirstConsumer') {
    return { phase: 'unavailable', key: 'pvcPendingUnavailable', message: FIRST_CONSUMER_MESSAGE, state, eventMessage };
  }
  const pending = { key: 'pvcPending', message: `Pending: ${eventMessage}`, state, eventMessage };
  if (state === 'Provisioning') return { phase: 'waiting', ...pending };
  if (state === 'FailedBinding' || newest.type === 'Warning') return { phase: 'warning', ...pending };
  if (newest.type === 'Normal') return { phase: 'ready', ...pending };
  return { phase: 'waiting', ...pending };
}
