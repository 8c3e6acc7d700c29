import { describe, expect, it } from 'vitest';
import type { Notebook, Pod } from '../../../backend/src/k8s/types.ts';
import { mergePatchBetween, notebookStatusFromPod, statusIsCurrent } from './notebook-status-from-pod.ts';
import type { StatefulSet } from './notebook-workload.ts';

const notebook = (status?: Notebook['status']): Notebook => ({ metadata: { name: 'nb', namespace: 'team' }, status });
const statefulSet = (readyReplicas?: number): StatefulSet => ({ metadata: { name: 'nb' }, status: { readyReplicas } });

function mockPod(status: Record<string, unknown>): Pod {
  return { metadata: { name: 'nb-0', labels: { 'notebook-name': 'nb' } }, status } as Pod;
}

describe('notebookStatusFromPod', () => {
  it('is empty without a pod, and takes readyReplicas from the StatefulSet', () => {
    expect(notebookStatusFromPod(notebook(), undefined, undefined)).toEqual({
      readyReplicas: 0,
      containerState: {},
      conditions: [],
    });
    expect(notebookStatusFromPod(notebook(), statefulSet(1), undefined).readyReplicas).toBe(1);
  });

  it("mirrors the notebook container's state and the pod's conditions", () => {
    const pod = mockPod({
      conditions: [
        { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: '2026-11-30T10:00:00Z' },
        {
          type: 'Ready',
          status: 'False',
          reason: 'ContainersNotReady',
          message: 'containers with unready status: [nb]',
          lastProbeTime: null,
          lastTransitionTime: '2026-11-30T10:00:01Z',
        },
      ],
      containerStatuses: [
        { name: 'istio-proxy', state: { running: { startedAt: '2026-11-30T10:00:02Z' } } },
        { name: 'nb', state: { waiting: { reason: 'ContainerCreating' } } },
      ],
    });
    expect(notebookStatusFromPod(notebook(), statefulSet(0), pod)).toEqual({
      readyReplicas: 0,
      containerState: { waiting: { reason: 'ContainerCreating' } },
      conditions: [
        {
          type: 'PodScheduled',
          status: 'True',
          lastProbeTime: '2026-11-30T10:00:00Z',
          lastTransitionTime: '2026-11-30T10:00:00Z',
        },
        {
          type: 'Ready',
          status: 'False',
          reason: 'ContainersNotReady',
          message: 'containers with unready status: [nb]',
          lastProbeTime: '2026-11-30T10:00:01Z',
          lastTransitionTime: '2026-11-30T10:00:01Z',
        },
      ],
    });
  });

  it('keeps the conditions of an unscheduled pod (no container status yet)', () => {
    const message = '0/2 nodes are available: 2 Insufficient nvidia.com/gpu.';
    const pod = mockPod({
      phase: 'Pending',
      conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message }],
    });
    const status = notebookStatusFromPod(notebook(), statefulSet(0), pod);
    expect(status.containerState).toEqual({});
    expect(status.conditions).toEqual([{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message }]);
  });
});

describe('statusIsCurrent', () => {
  it('reads absent fields as empty', () => {
    expect(statusIsCurrent(notebook(), { readyReplicas: 0, containerState: {}, conditions: [] })).toBe(true);
    expect(
      statusIsCurrent(notebook({ readyReplicas: 1 }), { readyReplicas: 0, containerState: {}, conditions: [] }),
    ).toBe(false);
  });
});

describe('mergePatchBetween', () => {
  it('nulls keys that must go and names only what changed', () => {
    const current = {
      readyReplicas: 0,
      containerState: { waiting: { reason: 'ErrImagePull', message: 'no such host' } },
      conditions: [{ type: 'Ready', status: 'False' }],
    };
    const desired = {
      readyReplicas: 0,
      containerState: { running: { startedAt: '2026-11-30T10:00:00Z' } },
      conditions: [{ type: 'Ready', status: 'True' }],
    };
    expect(mergePatchBetween(current, desired)).toEqual({
      containerState: { waiting: null, running: { startedAt: '2026-11-30T10:00:00Z' } },
      conditions: [{ type: 'Ready', status: 'True' }],
    });
    expect(
      mergePatchBetween(
        { waiting: { reason: 'ErrImagePull', message: 'no such host' } },
        { waiting: { reason: 'ContainerCreating' } },
      ),
    ).toEqual({ waiting: { reason: 'ContainerCreating', message: null } });
  });
});
