import { describe, expect, it } from 'vitest';
import { loadSpawnerConfigFile, BUNDLED_SPAWNER_CONFIG } from '../config/spawner-config.ts';
import type { SpawnerFormDefaults } from '../config/spawner-config.ts';
import { buildNotebook, newPvcsOf, pvcObject } from './build-notebook.ts';
import { resolveNotebookForm, type FormContext } from './notebook-form.ts';

const config = loadSpawnerConfigFile(BUNDLED_SPAWNER_CONFIG);

function context(overrides: Partial<FormContext> = {}, cfg: SpawnerFormDefaults = config): FormContext {
  return {
    namespace: 'kubeflow-user',
    config: cfg,
    namespaceLabels: {},
    existingPvcs: new Set(['shared-data']),
    podDefaultLabels: new Map([['access-ml-pipeline', 'true']]),
    allowedVolumeSources: ['persistentVolumeClaim', 'configMap', 'secret', 'emptyDir'],
    mountPathPrefixes: [],
    ...overrides,
  };
}

const options = {
  creator: 'user@example.com',
  serviceAccount: 'default-editor',
  extraLabels: {},
  serverTypeAnnotations: 'upstream' as const,
};

const EXAMPLE = {
  name: 'my-nb',
  serverType: 'group-two',
  image: 'kubeflownotebookswg/rstudio-tidyverse:v1.10.0',
  imagePullPolicy: 'IfNotPresent',
  cpu: '0.5',
  memory: '1Gi',
  gpus: { num: 'none' },
  shm: true,
  configurations: ['access-ml-pipeline'],
  workspace: {
    mount: '/home/jovyan',
    newPvc: {
      metadata: { name: '{notebook-name}-workspace' },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } } },
    },
  },
  datavols: [],
  affinityConfig: 'none',
  tolerationGroup: 'none',
};

describe('resolveNotebookForm + buildNotebook', () => {
  it('builds the notebook-from-form.md §7 example field for field', () => {
    const { form, errors } = resolveNotebookForm(EXAMPLE, context());
    expect(errors).toEqual([]);
    expect(newPvcsOf(form!).map((v) => pvcObject(v, 'kubeflow-user'))).toEqual([
      {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: { name: 'my-nb-workspace', namespace: 'kubeflow-user' },
        spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } } },
      },
    ]);
    expect(buildNotebook(form!, options)).toEqual({
      apiVersion: 'kubeflow.org/v1',
      kind: 'Notebook',
      metadata: {
        name: 'my-nb',
        namespace: 'kubeflow-user',
        labels: { app: 'my-nb', 'access-ml-pipeline': 'true' },
        annotations: {
          'notebooks.kubeflow.org/server-type': 'group-two',
          'notebooks.kubeflow.org/creator': 'user@example.com',
          'notebooks.kubeflow.org/http-rewrite-uri': '/',
          'notebooks.kubeflow.org/http-headers-request-set': '{"X-RStudio-Root-Path":"/notebook/kubeflow-user/my-nb/"}',
        },
      },
      spec: {
        template: {
          spec: {
            serviceAccountName: 'default-editor',
            containers: [
              {
                name: 'my-nb',
                image: 'kubeflownotebookswg/rstudio-tidyverse:v1.10.0',
                imagePullPolicy: 'IfNotPresent',
                resources: { requests: { cpu: '0.5', memory: '1Gi' }, limits: { cpu: '0.6', memory: '1229Mi' } },
                volumeMounts: [
                  { name: 'my-nb-workspace', mountPath: '/home/jovyan' },
                  { name: 'dshm', mountPath: '/dev/shm' },
                ],
              },
            ],
            volumes: [
              { name: 'my-nb-workspace', persistentVolumeClaim: { claimName: 'my-nb-workspace' } },
              { name: 'dshm', emptyDir: { medium: 'Memory' } },
            ],
          },
        },
      },
    });
  });

  it('lists every problem of a bad body at once, with JSON paths', () => {
    const { form, errors } = resolveNotebookForm(
      {
        name: 'Bad_Name',
        namespace: 'other',
        serverType: 'emacs',
        cpu: 'lots',
        memory: '2',
        memoryLimit: '1Gi',
        gpus: { num: 2, vendor: 'cpu' },
        imagePullPolicy: 'Sometimes',
        workspace: { mount: 'home', newPvc: { metadata: { namespace: 'x' }, spec: { accessModes: ['RWX'] } } },
        datavols: [
          { mount: '/data', existingSource: { persistentVolumeClaim: { claimName: 'missing' } } },
          { mount: '/data', existingSource: { hostPath: { path: '/' } } },
          {
            mount: '/dev/shm',
            newPvc: { metadata: { name: 'ok' }, spec: { resources: { requests: { storage: '-1Gi' } } } },
          },
        ],
        configurations: ['not-there', 'Bad Key!'],
        affinityConfig: 'nope',
        tolerationGroup: 'nope',
        language: 'english',
      },
      context({ config: { ...config, allowCustomImage: false } }),
    );
    expect(form).toBeUndefined();
    expect(errors.map((e) => e.field)).toEqual([
      'name',
      'namespace',
      'serverType',
      'imagePullPolicy',
      'cpu',
      'memory',
      'gpus.vendor',
      'workspace.mount',
      'workspace.newPvc.metadata.name',
      'workspace.newPvc.metadata.namespace',
      'workspace.newPvc.spec.accessModes[0]',
      'workspace.newPvc.spec.resources.requests.storage',
      'datavols[1].existingSource.hostPath',
      'datavols[2].newPvc.spec.resources.requests.storage',
      'datavols[0].existingSource.persistentVolumeClaim.claimName',
      'configurations[0]',
      'configurations[1]',
      'affinityConfig',
      'tolerationGroup',
      'language',
    ]);
  });

  it('StatCan shape: noWorkspace, language, unitless config memory and limitValue', () => {
    const statcan: SpawnerFormDefaults = {
      image: {
        value: 'k8scc01covidacr.azurecr.io/jupyterlab-cpu:v1',
        options: ['k8scc01covidacr.azurecr.io/jupyterlab-cpu:v1'],
      },
      imagePullPolicy: { value: 'Always' },
      cpu: { value: '0.5', limitFactor: '1.0', limitValue: '4.0' },
      memory: { value: '2.0', limitFactor: '1.0', limitValue: '4.0' },
      gpus: {
        value: { num: 'none', vendors: [{ limitsKey: 'nvidia.com/gpu', uiName: 'NVIDIA' }], vendor: 'nvidia.com/gpu' },
      },
      shm: { value: false },
    };
    const { form, errors } = resolveNotebookForm(
      {
        name: 'stat-nb',
        image: 'k8scc01covidacr.azurecr.io/jupyterlab-cpu:v1',
        noWorkspace: true,
        workspace: {
          mount: '/home/jovyan',
          newPvc: { metadata: { name: 'ignored' }, spec: { resources: { requests: { storage: '1Gi' } } } },
        },
        datavols: [
          {
            mount: '/home/jovyan/data',
            existingSource: { persistentVolumeClaim: { claimName: 'shared-data', readOnly: true } },
          },
        ],
        gpus: { num: '1', vendor: 'nvidia.com/gpu' },
        language: 'fr',
        prob: false,
        allowCustomImage: true,
      },
      context({}, statcan),
    );
    expect(errors).toEqual([]);
    const nb = buildNotebook(form!, {
      ...options,
      serverTypeAnnotations: 'none',
      extraLabels: { 'data.statcan.gc.ca/inject-blob-volumes': 'true' },
    });
    const container = nb.spec!.template!.spec!.containers![0]!;
    expect(nb.metadata.labels).toEqual({ app: 'stat-nb', 'data.statcan.gc.ca/inject-blob-volumes': 'true' });
    expect(nb.metadata.annotations).toEqual({
      'notebooks.kubeflow.org/server-type': 'jupyter',
      'notebooks.kubeflow.org/creator': 'user@example.com',
    });
    expect(container).toEqual({
      name: 'stat-nb',
      image: 'k8scc01covidacr.azurecr.io/jupyterlab-cpu:v1',
      imagePullPolicy: 'Always',
      resources: {
        requests: { cpu: '0.5', memory: '2.0Gi', 'nvidia.com/gpu': '1' },
        limits: { cpu: '4.0', memory: '4.0Gi', 'nvidia.com/gpu': '1' },
      },
      env: [{ name: 'KF_LANG', value: 'fr' }],
      volumeMounts: [{ name: 'shared-data', mountPath: '/home/jovyan/data', readOnly: true }],
    });
    expect(nb.spec!.template!.spec!.volumes).toEqual([
      { name: 'shared-data', persistentVolumeClaim: { claimName: 'shared-data', readOnly: true } },
    ]);
  });

  it('readOnly keys: equal values pass, different values are 400 field errors', () => {
    const ro: SpawnerFormDefaults = {
      ...config,
      cpu: { value: '1', limitFactor: '2', readOnly: true },
      memory: { value: '2', limitFactor: 'none', readOnly: true },
      shm: { value: true, readOnly: true },
      image: { value: 'img:1', options: ['img:1', 'img:2'], readOnly: true },
    };
    const ok = resolveNotebookForm(
      { name: 'a', cpu: '1000m', cpuLimit: '2', memory: '2Gi', shm: true, image: 'img:1' },
      context({}, ro),
    );
    expect(ok.errors).toEqual([]);
    expect(ok.form!.cpu).toEqual({ request: '1', limit: '2' });
    expect(ok.form!.memory).toEqual({ request: '2Gi', limit: undefined });
    const bad = resolveNotebookForm(
      { name: 'a', cpu: '2', cpuLimit: '3', memory: '3Gi', shm: false, image: 'img:2' },
      context({}, ro),
    );
    expect(bad.errors.map((e) => e.field)).toEqual(['image', 'cpu', 'cpuLimit', 'memory', 'shm']);
    expect(bad.errors[0]!.message).toBe("'image' is read-only; remove it or send the configured value.");
  });

  it('derives limits from factors exactly and rejects limits below requests', () => {
    const { form } = resolveNotebookForm({ name: 'a', cpu: '0.5', memory: '1Gi', workspace: null }, context());
    expect(form!.cpu).toEqual({ request: '0.5', limit: '0.6' });
    expect(form!.memory).toEqual({ request: '1Gi', limit: '1229Mi' });
    const low = resolveNotebookForm({ name: 'a', cpu: '2', cpuLimit: '1500m' }, context());
    expect(low.errors).toEqual([{ field: 'cpuLimit', message: 'cpuLimit must be greater than or equal to cpu' }]);
  });
});
