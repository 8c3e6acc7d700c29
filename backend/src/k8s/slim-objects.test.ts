import { describe, expect, it } from 'vitest';
import { slimNotebook, slimPod } from './slim-objects.ts';
import type { Notebook, Pod } from './types.ts';

const notebook = (): Notebook => ({
  apiVersion: 'kubeflow.org/v1',
  kind: 'Notebook',
  metadata: {
    name: 'nb',
    namespace: 'ns',
    uid: 'u1',
    resourceVersion: '7',
    labels: { app: 'nb' },
    annotations: { 'notebooks.kubeflow.org/server-type': 'jupyter' },
    managedFields: [{ manager: 'kubectl' }],
  },
  spec: {
    template: {
      spec: {
        serviceAccountName: 'default-editor',
        tolerations: [{ key: 'gpu' }],
        containers: [
          {
            name: 'nb',
            image: 'jupyter:1',
            resources: { requests: { cpu: '1' } },
            env: [{ name: 'X', value: 'y' }],
            volumeMounts: [{ name: 'ws', mountPath: '/home' }],
          },
        ],
        volumes: [
          { name: 'ws', persistentVolumeClaim: { claimName: 'nb-ws', readOnly: false } },
          { name: 'dshm', emptyDir: { medium: 'Memory' } },
        ],
      },
    },
  },
  status: { readyReplicas: 1, containerState: { running: { startedAt: 'x' } }, conditions: [] },
});

describe('slim cached objects', () => {
  it('keeps what the notebook list, status and volume code read, and no more', () => {
    const full = notebook();
    const before = structuredClone(full);
    expect(slimNotebook(full)).toEqual({
      apiVersion: 'kubeflow.org/v1',
      kind: 'Notebook',
      metadata: {
        name: 'nb',
        namespace: 'ns',
        uid: 'u1',
        resourceVersion: '7',
        labels: { app: 'nb' },
        annotations: { 'notebooks.kubeflow.org/server-type': 'jupyter' },
      },
      spec: {
        template: {
          spec: {
            containers: [{ name: 'nb', image: 'jupyter:1', resources: { requests: { cpu: '1' } } }],
            volumes: [{ name: 'ws', persistentVolumeClaim: { claimName: 'nb-ws' } }, { name: 'dshm' }],
          },
        },
      },
      status: { readyReplicas: 1, containerState: { running: { startedAt: 'x' } }, conditions: [] },
    });
    expect(full).toEqual(before);
  });

  it('keeps of a pod its identity, labels, PVC volumes and phase', () => {
    const pod: Pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: 'nb-0',
        namespace: 'ns',
        uid: 'u2',
        resourceVersion: '9',
        creationTimestamp: '2026-01-01T00:00:00Z',
        deletionTimestamp: '2026-01-02T00:00:00Z',
        labels: { 'notebook-name': 'nb' },
        annotations: { big: 'x'.repeat(1000) },
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'nb', uid: 's' }],
      },
      spec: notebook().spec!.template!.spec,
      status: { phase: 'Running', conditions: [{ type: 'Ready' }], containerStatuses: [{ name: 'nb' }] },
    };
    expect(slimPod(pod)).toEqual({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: 'nb-0',
        namespace: 'ns',
        uid: 'u2',
        resourceVersion: '9',
        creationTimestamp: '2026-01-01T00:00:00Z',
        deletionTimestamp: '2026-01-02T00:00:00Z',
        labels: { 'notebook-name': 'nb' },
      },
      spec: { volumes: [{ name: 'ws', persistentVolumeClaim: { claimName: 'nb-ws' } }] },
      status: { phase: 'Running' },
    });
  });

  it('survives objects without spec or status', () => {
    expect(slimNotebook({ metadata: { name: 'bare' } })).toEqual({ metadata: { name: 'bare' } });
    expect(slimPod({ metadata: { name: 'bare' } }).spec).toBeUndefined();
  });
});
