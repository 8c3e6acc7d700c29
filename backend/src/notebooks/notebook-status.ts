import type { NotebookStatus } from '@jupyter-apis/contract';
import { eventsAbout, newestFirst } from '../events/event-order.ts';
import type { KubeEvent, Notebook } from '../k8s/types.ts';

export const STOP_ANNOTATION = 'kubeflow-resource-stopped';
const GRACE_PERIOD_MS = 10_000;
const WAITING_REASONS = new Set(['PodInitializing', 'ContainerCreating']);

function status(phase: NotebookStatus['phase'], key: string, message: string, state = ''): NotebookStatus {
  return { phase, message, state, key };
}

function inCreationGrace(nb: Notebook, now: number): boolean {
  const containerState = nb.status?.containerState;
  const conditions = Array.isArray(nb.status?.conditions) ? nb.status.conditions : [];
  const hasContainerState = !!containerState && Object.keys(containerState).length > 0;
  const created = Date.parse(nb.metadata.creationTimestamp ?? '');
  return !hasContainerState && conditions.length === 0 && !Number.isNaN(created) && now - created <= GRACE_PERIOD_MS;
}

/**
 * When the status of `nb` will change by the clock alone (its creation grace period ends), or
 * undefined when only a change of the notebook or its events can change it.
 */
export function notebookStatusExpiry(nb: Notebook, now: number = Date.now()): number | undefined {
  if (!inCreationGrace(nb, now)) return undefined;
  return Date.parse(nb.metadata.creationTimestamp!) + GRACE_PERIOD_MS + 1;
}

/**
 * When the status of `nb` will change with no change to the notebook or its events (the end of the
 * grace period of row 1), or undefined when only changes can change it.
 */
export function statusChangesAt(nb: Notebook, now: number = Date.now()): number | undefined {
  const hasContainerState = !!nb.status?.containerState && Object.keys(nb.status.containerState).length > 0;
  const conditions = Array.isArray(nb.status?.conditions) ? nb.status.conditions : [];
  const created = Date.parse(nb.metadata.creationTimestamp ?? '');
  if (hasContainerState || conditions.length > 0 || Number.isNaN(created)) return undefined;
  const ends = created + GRACE_PERIOD_MS + 1;
  return ends > now ? ends : undefined;
}

/**
 * Status of one notebook (status.md §1.1): the first matching row wins. `events` may be every event
 * of the namespace; only Warning events about this notebook, created since it was, are used.
 */
export function notebookStatus(nb: Notebook, events: readonly KubeEvent[], now: number = Date.now()): NotebookStatus {
  const containerState = nb.status?.containerState;
  const conditions = Array.isArray(nb.status?.conditions) ? nb.status.conditions : [];
  if (inCreationGrace(nb, now)) {
    return status('waiting', 'waitingStatus', 'Waiting for StatefulSet to create the underlying Pod.');
  }
  const readyReplicas = typeof nb.status?.readyReplicas === 'number' ? nb.status.readyReplicas : 0;
  if (nb.metadata.annotations?.[STOP_ANNOTATION] !== undefined) {
    if (readyReplicas < 1) {
      return status('stopped', 'noPodsRunning', 'No Pods are currently running for this Notebook Server.');
    }
    return status('waiting', 'notebookStopping', 'Notebook Server is stopping.');
  }
  if (nb.metadata.deletionTimestamp) {
    return status('terminating', 'notebookDeleting', 'Deleting this Notebook Server.');
  }
  if (readyReplicas >= 1) return status('ready', 'running', 'Running');

  const waiting = containerState?.waiting;
  if (waiting) {
    const reason = typeof waiting.reason === 'string' ? waiting.reason : '';
    if (WAITING_REASONS.has(reason)) return status('waiting', 'schedulingPod', reason, reason);
    const message = waiting.message || 'No available message for container state.';
    return status('warning', 'containerWaiting', `${reason || 'Undefined'}: ${message}`, reason);
  }
  const withReason = conditions.find((c) => typeof c?.reason === 'string' && c.reason !== '');
  if (withReason) {
    const reason = withReason.reason!;
    const message = withReason.message ? `${reason}: ${withReason.message}` : reason;
    return status('warning', 'errorCondition', message, reason);
  }
  const name = nb.metadata.name ?? '';
  const warning = newestFirst(eventsAbout(events, 'Notebook', name, nb.metadata.creationTimestamp)).find(
    (e) => e.type === 'Warning',
  );
  if (warning) return status('warning', 'errorEvent', warning.message ?? '', warning.reason ?? '');
  return status('warning', 'noInformation', "Couldn't find any information for the status of this notebook.");
}
