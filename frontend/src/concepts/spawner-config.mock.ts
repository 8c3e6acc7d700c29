import type { SpawnerConfig } from '../api/types.ts';

/** A StatCan-style spawner config (unitless memory, limitValue), fresh for each test. */
export function mockStatcanConfig(overrides: Partial<SpawnerConfig> = {}): SpawnerConfig {
  return {
    image: {
      value: 'k8scc01covidacr.azurecr.io/jupyterlab-cpu:v1',
      options: ['k8scc01covidacr.azurecr.io/jupyterlab-cpu:v1', 'k8scc01covidacr.azurecr.io/jupyterlab-pytorch:v1'],
      readOnly: false,
    },
    imageGroupOne: {
      value: 'k8scc01covidacr.azurecr.io/rstudio:v1',
      options: ['k8scc01covidacr.azurecr.io/rstudio:v1'],
    },
    imageGroupThree: {
      value: 'k8scc01covidacr.azurecr.io/sas:v1',
      options: ['k8scc01covidacr.azurecr.io/sas:v1'],
      enabledCondition: { labels: { 'state.aaw.statcan.gc.ca/exists-non-sas-notebook-user': 'false' } },
      disabledMessage: { en: 'SAS is unavailable.', fr: "SAS n'est pas disponible." },
    },
    allowCustomImage: true,
    imagePullPolicy: { value: 'Always' },
    cpu: { value: '0.5', gpuDefault: '4.0', limitFactor: '1.0', limitValue: '4.0', readOnly: false },
    memory: { value: '2.0', gpuDefault: '96.0', limitFactor: '1.0', limitValue: '4.0', readOnly: false },
    workspaceVolume: {
      value: {
        mount: '/home/jovyan',
        newPvc: {
          metadata: { name: '{notebook-name}-workspace' },
          spec: { resources: { requests: { storage: '16Gi' } }, accessModes: ['ReadWriteOnce'] },
        },
      },
      readOnly: false,
    },
    dataVolumes: { value: [], readOnly: false },
    gpus: {
      value: { num: 'none', vendors: [{ limitsKey: 'nvidia.com/gpu', uiName: 'NVIDIA' }], vendor: 'nvidia.com/gpu' },
      readOnly: false,
    },
    shm: { value: false, readOnly: false },
    configurations: { value: null, readOnly: false },
    affinityConfig: { value: 'none', options: [], readOnly: false },
    tolerationGroup: { value: 'none', options: [], readOnly: false },
    hideRegistry: true,
    hideTag: true,
    ...overrides,
  };
}

/** An upstream-style config: memory with units and a limitFactor, no limitValue. */
export function mockUpstreamConfig(overrides: Partial<SpawnerConfig> = {}): SpawnerConfig {
  return {
    image: { value: 'kubeflownotebookswg/jupyter-scipy:v1.8.0', options: ['kubeflownotebookswg/jupyter-scipy:v1.8.0'] },
    imageGroupOne: { value: 'kubeflownotebookswg/codeserver-python:v1.8.0', options: [] },
    imageGroupTwo: { value: 'kubeflownotebookswg/rstudio-tidyverse:v1.8.0', options: [] },
    allowCustomImage: true,
    imagePullPolicy: { value: 'IfNotPresent', readOnly: false },
    cpu: { value: '0.5', limitFactor: '1.2', readOnly: false },
    memory: { value: '1.0Gi', limitFactor: '1.2', readOnly: false },
    workspaceVolume: {
      value: {
        mount: '/home/jovyan',
        newPvc: {
          metadata: { name: '{notebook-name}-workspace' },
          spec: { resources: { requests: { storage: '5Gi' } }, accessModes: ['ReadWriteOnce'] },
        },
      },
      readOnly: false,
    },
    dataVolumes: { value: [], readOnly: false },
    gpus: { value: { num: 'none', vendors: [], vendor: '' }, readOnly: false },
    shm: { value: true, readOnly: false },
    configurations: { value: [], readOnly: false },
    affinityConfig: { value: '', options: [], readOnly: false },
    tolerationGroup: { value: '', options: [], readOnly: false },
    ...overrides,
  };
}
