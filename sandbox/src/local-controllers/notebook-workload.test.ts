import { describe, expect, it } from 'vitest';
import type { Notebook } from '../../../backend/src/k8s/types.ts';
import {
  buildService,
  buildStatefulSet,
  statefulSetNeedsUpdate,
  TEMPLATE_HASH_ANNOTATION,
} from './notebook-workload.ts';

function mockNotebook(
  overrides: { annotations?: Record<string, string>; spec?: Record<string, unknown> } = {},
): Notebook {
  return {
    apiVersion: 'kubeflow.org/v1',
    kind: 'Notebook',
    metadata: {
      name: 'nb',
      namespace: 'team',
      uid: 'uid-nb',
      labels: { app: 'nb', 'access-ml-pipeline': 'true' },
      annotations: {
        'notebooks.kubeflow.org/server-type': 'jupyter',
        'kubectl.kubernetes.io/last-applied-configuration': '{}',
        'example.com/owner': 'alice',
        ...overrides.annotations,
      },
    },
    spec: {
      template: {
        spec: {
          containers: [
            {
              name: 'nb',
              image: 'jupyter:1',
              env: [
                { name: 'NB_PREFIX', value: '/stale' },
                { name: 'A', value: '1' },
              ],
            },
          ],
          ...overrides.spec,
        },
      },
    },
  };
}

describe('buildStatefulSet', () => {
  it('runs one replica, or none while the stop annotation is present (whatever its value)', () => {
    expect(buildStatefulSet(mockNotebook()).spec?.replicas).toBe(1);
    expect(buildStatefulSet(mockNotebook({ annotations: { 'kubeflow-resource-stopped': '' } })).spec?.replicas).toBe(0);
  });

  it('labels the pod for the notebook, copies labels and the annotations without kubectl or notebook keys', () => {
    const sts = buildStatefulSet(mockNotebook());
    expect(sts.spec?.selector).toEqual({ matchLabels: { statefulset: 'nb' } });
    expect(sts.spec?.template?.metadata?.labels).toEqual({
      statefulset: 'nb',
      'notebook-name': 'nb',
      app: 'nb',
      'access-ml-pipeline': 'true',
    });
    expect(sts.spec?.template?.metadata?.annotations).toEqual({ 'example.com/owner': 'alice' });
    expect(sts.metadata.ownerReferences).toEqual([
      {
        apiVersion: 'kubeflow.org/v1',
        kind: 'Notebook',
        name: 'nb',
        uid: 'uid-nb',
        controller: true,
        blockOwnerDeletion: true,
      },
    ]);
  });

  it('adds the controller defaults to the first container and the pod, replacing a stale NB_PREFIX', () => {
    const spec = buildStatefulSet(mockNotebook()).spec?.template?.spec;
    const container = spec?.containers?.[0];
    expect(container?.workingDir).toBe('/home/jovyan');
    expect(container?.ports).toEqual([{ containerPort: 8888, name: 'notebook-port', protocol: 'TCP' }]);
    expect(container?.env).toEqual([
      { name: 'A', value: '1' },
      { name: 'NB_PREFIX', value: '/notebook/team/nb' },
    ]);
    expect(spec?.securityContext).toEqual({ fsGroup: 100 });
  });

  it('keeps what the notebook sets itself', () => {
    const notebook = mockNotebook({ spec: { securityContext: { runAsUser: 1000 } } });
    notebook.spec!.template!.spec!.containers![0]!.workingDir = '/work';
    const spec = buildStatefulSet(notebook).spec?.template?.spec;
    expect(spec?.securityContext).toEqual({ runAsUser: 1000 });
    expect(spec?.containers?.[0]?.workingDir).toBe('/work');
  });

  it('never changes the notebook it reads (cached objects are shared)', () => {
    const notebook = mockNotebook();
    const before = structuredClone(notebook);
    buildStatefulSet(notebook);
    expect(notebook).toEqual(before);
  });
});

describe('statefulSetNeedsUpdate', () => {
  it('sees a stop, a start and a template change, not server-side defaults', () => {
    const running = buildStatefulSet(mockNotebook());
    const defaulted = structuredClone(running);
    defaulted.spec!.template!.spec!.dnsPolicy = 'ClusterFirst';
    expect(statefulSetNeedsUpdate(defaulted, running)).toBe(false);
    const stopped = buildStatefulSet(mockNotebook({ annotations: { 'kubeflow-resource-stopped': 'now' } }));
    expect(statefulSetNeedsUpdate(running, stopped)).toBe(true);
    const edited = mockNotebook();
    edited.spec!.template!.spec!.containers![0]!.image = 'jupyter:2';
    const changed = buildStatefulSet(edited);
    expect(changed.metadata.annotations?.[TEMPLATE_HASH_ANNOTATION]).not.toBe(
      running.metadata.annotations?.[TEMPLATE_HASH_ANNOTATION],
    );
    expect(statefulSetNeedsUpdate(running, changed)).toBe(true);
  });
});

describe('buildService', () => {
  it('serves port 80 to the notebook port, selecting the StatefulSet pods', () => {
    expect(buildService(mockNotebook()).spec).toEqual({
      type: 'ClusterIP',
      selector: { statefulset: 'nb' },
      ports: [{ name: 'http-nb', port: 80, targetPort: 8888, protocol: 'TCP' }],
    });
    const custom = mockNotebook();
    custom.spec!.template!.spec!.containers![0]!.ports = [{ containerPort: 8787 }];
    expect((buildService(custom).spec?.ports as { targetPort: number }[])[0]?.targetPort).toBe(8787);
  });
});
