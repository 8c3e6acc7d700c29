import { describe, expect, it } from 'vitest';
import type { KubeEvent, Notebook } from '../k8s/types.ts';
import { notebookStatus, statusChangesAt } from './notebook-status.ts';

const NOW = Date.parse('2026-01-01T12:00:00Z');
const OLD = '2026-01-01T11:00:00Z';

function nb(
  over: { annotations?: Record<string, string>; deletion?: string; status?: Notebook['status']; created?: string } = {},
): Notebook {
  return {
    metadata: {
      name: 'nb',
      creationTimestamp: over.created ?? OLD,
      annotations: over.annotations,
      deletionTimestamp: over.deletion,
    },
    status: over.status,
  };
}

function event(type: string, message: string, at: string, created = at, name = 'nb'): KubeEvent {
  return {
    metadata: { name: `e-${message}`, creationTimestamp: created },
    type,
    reason: 'Reason',
    message,
    lastTimestamp: at,
    involvedObject: { kind: 'Notebook', name },
  };
}

const stopped = { 'kubeflow-resource-stopped': '2026-01-01T11:30:00Z' };

describe('notebookStatus (status.md §1.1)', () => {
  it.each([
    ['1 fresh', nb({ created: '2026-01-01T11:59:55Z' }), 'waiting', 'waitingStatus'],
    ['2 stopped', nb({ annotations: stopped, status: { readyReplicas: 0 } }), 'stopped', 'noPodsRunning'],
    ['3 stopping', nb({ annotations: stopped, status: { readyReplicas: 1 } }), 'waiting', 'notebookStopping'],
    ['2 before 4', nb({ annotations: stopped, deletion: OLD }), 'stopped', 'noPodsRunning'],
    ['4 deleting', nb({ deletion: OLD, status: { readyReplicas: 1 } }), 'terminating', 'notebookDeleting'],
    ['5 ready (2 replicas)', nb({ status: { readyReplicas: 2 } }), 'ready', 'running'],
    [
      '6 PodInitializing',
      nb({ status: { containerState: { waiting: { reason: 'PodInitializing' } } } }),
      'waiting',
      'schedulingPod',
    ],
    [
      '6 ContainerCreating',
      nb({ status: { containerState: { waiting: { reason: 'ContainerCreating' } } } }),
      'waiting',
      'schedulingPod',
    ],
    [
      '7 other waiting',
      nb({ status: { containerState: { waiting: { reason: 'ImagePullBackOff', message: 'no such image' } } } }),
      'warning',
      'containerWaiting',
    ],
    [
      '8 condition',
      nb({
        status: {
          conditions: [
            { type: 'Ready', status: 'False' },
            { type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/3 nodes' },
          ],
        },
      }),
      'warning',
      'errorCondition',
    ],
    ['10 nothing', nb(), 'warning', 'noInformation'],
  ])('row %s', (_row, notebook, phase, key) => {
    const s = notebookStatus(notebook, [], NOW);
    expect([s.phase, s.key]).toEqual([phase, key]);
  });

  it('fills message and state', () => {
    expect(
      notebookStatus(
        nb({ status: { containerState: { waiting: { reason: 'ImagePullBackOff', message: 'no such image' } } } }),
        [],
        NOW,
      ),
    ).toEqual({
      phase: 'warning',
      key: 'containerWaiting',
      message: 'ImagePullBackOff: no such image',
      state: 'ImagePullBackOff',
    });
    expect(notebookStatus(nb({ status: { containerState: { waiting: {} } } }), [], NOW).message).toBe(
      'Undefined: No available message for container state.',
    );
    expect(
      notebookStatus(nb({ status: { conditions: [{ type: 'X', status: 'False', reason: 'Why' }] } }), [], NOW),
    ).toEqual({
      phase: 'warning',
      key: 'errorCondition',
      message: 'Why',
      state: 'Why',
    });
  });

  it('row 9 uses the newest Warning event of this notebook since its creation', () => {
    const events = [
      event('Warning', 'older', '2026-01-01T11:10:00Z'),
      event('Warning', 'newest', '2026-01-01T11:20:00Z'),
      event('Normal', 'normal', '2026-01-01T11:30:00Z'),
      event('Warning', 'other notebook', '2026-01-01T11:40:00Z', undefined, 'other'),
      event('Warning', 'before creation', '2026-01-01T11:50:00Z', '2026-01-01T10:00:00Z'),
    ];
    expect(notebookStatus(nb(), events, NOW)).toEqual({
      phase: 'warning',
      key: 'errorEvent',
      message: 'newest',
      state: 'Reason',
    });
  });
});

describe('statusChangesAt', () => {
  const created = Date.parse('2026-01-01T00:00:00Z');
  const nb = (status?: Notebook['status']): Notebook => ({
    metadata: { name: 'nb', creationTimestamp: '2026-01-01T00:00:00Z' },
    ...(status ? { status } : {}),
  });
  it('is the end of the grace period for a new notebook without status, the moment its status flips', () => {
    const at = statusChangesAt(nb(), created + 3000)!;
    expect(notebookStatus(nb(), [], at - 1).key).toBe('waitingStatus');
    expect(notebookStatus(nb(), [], at).key).not.toBe('waitingStatus');
  });
  it('is undefined once the grace period is over or the controller wrote a status', () => {
    expect(statusChangesAt(nb(), created + 60_000)).toBeUndefined();
    expect(
      statusChangesAt(nb({ readyReplicas: 1, conditions: [{ type: 'Ready', status: 'True' }] }), created),
    ).toBeUndefined();
  });
});
