import type { Phase, ResourceStatus } from '../api/types.ts';

export type StatusIconKind = 'check' | 'spinner' | 'stop' | 'warning' | 'error' | 'clock' | 'link' | 'unlink';

/** Icon for a phase (ui.md §2.4). Colour is never the only cue: the accessible label names the phase. */
export function statusIcon(phase: Phase | 'attached' | 'unattached'): StatusIconKind {
  switch (phase) {
    case 'ready':
      return 'check';
    case 'stopped':
      return 'stop';
    case 'warning':
      return 'warning';
    case 'error':
      return 'error';
    case 'unavailable':
      return 'clock';
    case 'attached':
      return 'link';
    case 'unattached':
      return 'unlink';
    default:
      return 'spinner';
  }
}

/** Keys with a translated full text (status.md §1.3). */
export const TRANSLATED_STATUS_KEYS = [
  'waitingStatus',
  'noPodsRunning',
  'notebookStopping',
  'notebookDeleting',
  'running',
  'schedulingPod',
  'noInformation',
  'pvcDeleting',
  'pvcBound',
  'pvcProvisioning',
  'pvcPendingUnavailable',
  'optimisticStarting',
  'optimisticStopping',
  'optimisticDeleting',
] as const;

/** Keys shown as a translated prefix followed by the server's raw message. */
export const PREFIXED_STATUS_KEYS = ['containerWaiting', 'errorCondition', 'errorEvent', 'pvcPending'] as const;

export type StatusText =
  { kind: 'key'; key: string } | { kind: 'prefixed'; key: string; message: string } | { kind: 'raw'; message: string };

/** What the UI says for a status: a translated text by `key`, else the server's `message`. */
export function statusText(status: ResourceStatus): StatusText {
  const key = status.key ?? '';
  if ((TRANSLATED_STATUS_KEYS as readonly string[]).includes(key)) return { kind: 'key', key: `status.${key}` };
  if ((PREFIXED_STATUS_KEYS as readonly string[]).includes(key)) {
    return { kind: 'prefixed', key: `status.${key}`, message: status.message };
  }
  return { kind: 'raw', message: status.message };
}

export type NotebookAction = 'start' | 'stop' | 'delete';

/** The placeholder status shown right after an action until the next poll changes it (status.md §1.3). */
export function optimisticStatus(action: NotebookAction): Required<ResourceStatus> {
  switch (action) {
    case 'start':
      return { phase: 'waiting', key: 'optimisticStarting', message: 'Starting the Notebook Server.', state: '' };
    case 'stop':
      return {
        phase: 'waiting',
        key: 'optimisticStopping',
        message: 'Preparing to stop the Notebook Server.',
        state: '',
      };
    case 'delete':
      return {
        phase: 'terminating',
        key: 'optimisticDeleting',
        message: 'Preparing to delete the Notebook.',
        state: '',
      };
  }
}

/** Which actions a row offers (ui.md §2.1). */
export function notebookActions(phase: Phase) {
  const terminating = phase === 'terminating';
  return {
    canConnect: phase === 'ready',
    showStart: phase === 'stopped',
    startStopDisabled: terminating,
    deleteDisabled: terminating,
  };
}
