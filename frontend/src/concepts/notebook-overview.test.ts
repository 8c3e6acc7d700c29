import { describe, expect, it } from 'vitest';
import type { Notebook, Pod, PodDefault } from '../api/types.ts';
import { appliedPodDefaults, environmentGroups, groupVolumes, hasSharedMemory } from './notebook-overview.ts';

function mockNotebook(): Notebook {
  return {
    metadata: { name: 'nb', namespace: 'ns', labels: { 'access-ml-pipeline': 'true' } },
    spec: {
      template: {
        spec: {
          containers: [{ name: 'nb', env: [{ name: 'FROM_CR', value: 'cr' }] }],
          volumes: [
            { name: 'ws', persistentVolumeClaim: { claimName: 'nb-workspace' } },
            { name: 'dshm', emptyDir: { medium: 'Memory' } },
            { name: 'scratch', emptyDir: {} },
            { name: 'cfg', configMap: { name: 'c' } },
            { name: 'token', secret: { secretName: 's' } },
            { name: 'odd', hostPath: { path: '/x' } },
          ],
        },
      },
    },
    processed_status: { phase: 'ready', message: 'Running' },
  };
}

const podDefault: PodDefault = {
  metadata: { name: 'access-ml-pipeline' },
  spec: { desc: 'Allow access to Kubeflow Pipelines', env: [{ name: 'KF_PIPELINES_SA_TOKEN_PATH', value: '/x' }] },
  label: 'access-ml-pipeline',
  desc: 'Allow access to Kubeflow Pipelines',
};

describe('overview', () => {
  it('groups volumes by source and detects shared memory', () => {
    const groups = groupVolumes(mockNotebook().spec.template.spec.volumes!);
    expect(Object.fromEntries(Object.entries(groups).map(([k, v]) => [k, v.map((x) => x.name)]))).toEqual({
      pvc: ['ws'],
      memory: ['dshm'],
      ephemeral: ['scratch'],
      configMap: ['cfg'],
      secret: ['token'],
      other: ['odd'],
    });
    expect(hasSharedMemory(mockNotebook().spec.template.spec.volumes!)).toBe(true);
  });

  it('finds PodDefaults by notebook label and groups the live environment by origin', () => {
    const nb = mockNotebook();
    expect(appliedPodDefaults(nb, [podDefault, { ...podDefault, label: 'other' }])).toHaveLength(1);
    const pod: Pod = {
      metadata: { name: 'nb-0', namespace: 'ns', annotations: { owner: 'alice' } },
      spec: {
        nodeName: 'node-1',
        containers: [
          {
            name: 'nb',
            env: [
              { name: 'FROM_CR', value: 'cr' },
              { name: 'KF_PIPELINES_SA_TOKEN_PATH', value: '/x' },
              { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
              { name: 'OWNER', valueFrom: { fieldRef: { fieldPath: "metadata.annotations['owner']" } } },
              { name: 'SECRET', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } },
            ],
          },
        ],
      },
    };
    expect(environmentGroups(nb, pod, [podDefault])).toEqual([
      { source: 'notebook', vars: [{ name: 'FROM_CR', value: 'cr' }] },
      { source: 'Allow access to Kubeflow Pipelines', vars: [{ name: 'KF_PIPELINES_SA_TOKEN_PATH', value: '/x' }] },
      {
        source: 'other',
        vars: [
          { name: 'POD_NAME', value: 'nb-0' },
          { name: 'OWNER', value: 'alice' },
          { name: 'SECRET', value: '(secretKeyRef)' },
        ],
      },
    ]);
  });
});
