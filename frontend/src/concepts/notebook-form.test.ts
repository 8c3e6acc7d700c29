import { describe, expect, it } from 'vitest';
import {
  autoLimit,
  buildNotebookBody,
  existingVolumeDraft,
  initialFormState,
  newDataVolumeDraft,
  validateForm,
  volumeMount,
  withCpu,
  withMemory,
} from './notebook-form.ts';
import { mockStatcanConfig, mockUpstreamConfig } from './spawner-config.mock.ts';

describe('limits', () => {
  it('uses limitValue first, then request × factor with one decimal', () => {
    expect(autoLimit('0.5', { limitValue: '4.0', limitFactor: '1.0' }, 'cpu')).toBe('4');
    expect(autoLimit('0.5', { limitFactor: '1.2' }, 'cpu')).toBe('0.6');
    expect(autoLimit('1', { limitFactor: '1.25' }, 'memory')).toBe('1.3');
    expect(autoLimit('1', { limitFactor: 'none' }, 'memory')).toBe('');
    expect(autoLimit('1', undefined, 'cpu')).toBe('');
  });
  it('follows the request until the user edits the limit', () => {
    const config = mockUpstreamConfig();
    let state = initialFormState(config, 'en');
    expect(state.cpuLimit).toBe('0.6');
    state = withCpu(state, config, '2');
    expect(state.cpuLimit).toBe('2.4');
    state = { ...state, cpuLimit: '3', cpuLimitEdited: true };
    state = withCpu(state, config, '1');
    expect(state.cpuLimit).toBe('3');
    state = withMemory(state, config, '2');
    expect(state.memoryLimit).toBe('2.4');
  });
});

describe('buildNotebookBody', () => {
  it('substitutes names, sends memory as <n>Gi and limits', () => {
    const config = mockStatcanConfig();
    const state = { ...initialFormState(config, 'fr'), name: 'my-nb' };
    const body = buildNotebookBody(state, config, 'team-a');
    expect(body).toMatchObject({
      name: 'my-nb',
      namespace: 'team-a',
      serverType: 'jupyter',
      image: 'k8scc01covidacr.azurecr.io/jupyterlab-cpu:v1',
      imagePullPolicy: 'Always',
      cpu: '0.5',
      cpuLimit: '4',
      memory: '2Gi',
      memoryLimit: '4Gi',
      gpus: { num: 'none' },
      shm: false,
      configurations: [],
      datavols: [],
      language: 'fr',
    });
    expect(body.workspace).toEqual({
      mount: '/home/jovyan',
      newPvc: {
        metadata: { name: 'my-nb-workspace' },
        spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '16Gi' } } },
      },
    });
    expect(body).not.toHaveProperty('affinityConfig');
    expect(body).not.toHaveProperty('customImage');
  });

  it('omits readOnly fields and an absent workspace', () => {
    const config = mockStatcanConfig({
      cpu: { value: '1', readOnly: true },
      memory: { value: '2', readOnly: true },
      shm: { value: true, readOnly: true },
      imagePullPolicy: { value: 'Always', readOnly: true },
    });
    const state = { ...initialFormState(config, 'en'), name: 'x', workspace: null };
    const body = buildNotebookBody(state, config, 'ns');
    for (const key of ['cpu', 'cpuLimit', 'memory', 'memoryLimit', 'shm', 'imagePullPolicy', 'workspace']) {
      expect(body).not.toHaveProperty(key);
    }
    expect(body.image).toBeDefined();
  });

  it('sends custom images, GPUs, data volumes with followed mounts and existing claims', () => {
    const config = mockStatcanConfig();
    const base = initialFormState(config, 'en');
    const datavol = newDataVolumeDraft(1);
    const existing = { ...existingVolumeDraft('', false), claimName: 'shared', readOnly: true };
    const state = {
      ...base,
      name: 'nb',
      customImageCheck: true,
      customImage: ' registry.example/img:1 ',
      gpuNum: '2',
      gpuVendor: 'nvidia.com/gpu',
      datavols: [
        datavol,
        existing,
        { ...datavol, useDefaultClass: false, storageClass: '', mount: '/data', mountEdited: true },
      ],
    };
    const body = buildNotebookBody(state, config, 'ns');
    expect(body.customImageCheck).toBe(true);
    expect(body.customImage).toBe('registry.example/img:1');
    expect(body).not.toHaveProperty('image');
    expect(body.gpus).toEqual({ num: '2', vendor: 'nvidia.com/gpu' });
    expect(body.datavols?.[0]).toMatchObject({
      mount: '/home/jovyan/nb-datavol-1',
      newPvc: { metadata: { name: 'nb-datavol-1' } },
    });
    expect(body.datavols?.[0]?.newPvc?.spec).not.toHaveProperty('storageClassName');
    expect(body.datavols?.[1]).toEqual({
      mount: '/home/jovyan/shared',
      existingSource: { persistentVolumeClaim: { claimName: 'shared', readOnly: true } },
    });
    expect(body.datavols?.[2]?.newPvc?.spec.storageClassName).toBe('');
    expect(body.datavols?.[2]?.mount).toBe('/data');
  });
});

describe('validateForm', () => {
  const config = mockStatcanConfig();
  const valid = () => ({ ...initialFormState(config, 'en'), name: 'ok-name' });

  it('accepts the defaults with a name', () => {
    expect(validateForm(valid(), config, [])).toEqual({});
  });

  it('checks the name pattern, length and existence', () => {
    expect(validateForm({ ...valid(), name: '' }, config, []).name).toEqual({ key: 'form.errors.required' });
    expect(validateForm({ ...valid(), name: 'Bad_Name' }, config, []).name).toEqual({ key: 'form.errors.namePattern' });
    expect(validateForm({ ...valid(), name: 'a'.repeat(41) }, config, []).name).toMatchObject({
      key: 'form.errors.nameTooLong',
    });
    expect(validateForm(valid(), config, ['ok-name']).name).toEqual({
      key: 'form.errors.nameExists',
      params: { name: 'ok-name' },
    });
  });

  it('lists every problem: image, resources, GPU vendor, volumes', () => {
    const state = {
      ...valid(),
      customImageCheck: true,
      customImage: 'https://x/y',
      cpu: '0',
      memory: '2',
      memoryLimit: '1',
      memoryLimitEdited: true,
      gpuNum: '1',
      gpuVendor: '',
      datavols: [
        { ...newDataVolumeDraft(1), mount: '/home/jovyan', mountEdited: true },
        { ...existingVolumeDraft('/x', true) },
      ],
    };
    const issues = validateForm(state, config, []);
    expect(Object.keys(issues).sort()).toEqual(
      [
        'customImage',
        'cpu',
        'memoryLimit',
        'gpus.vendor',
        'datavols[0].mount',
        'datavols[1].existingSource.persistentVolumeClaim.claimName',
      ].sort(),
    );
    expect(issues['datavols[0].mount']).toEqual({ key: 'form.errors.duplicateMount' });
  });

  it('flags duplicate claims', () => {
    const a = { ...existingVolumeDraft('/a', true), claimName: 'c' };
    const b = { ...existingVolumeDraft('/b', true), claimName: 'c' };
    const issues = validateForm({ ...valid(), datavols: [a, b] }, config, []);
    expect(issues['datavols[1].existingSource.persistentVolumeClaim.claimName']).toEqual({
      key: 'form.errors.duplicateClaim',
    });
  });

  it('follows the mount of an unedited data volume', () => {
    expect(volumeMount(newDataVolumeDraft(2), 'nb')).toBe('/home/jovyan/nb-datavol-2');
    expect(volumeMount(existingVolumeDraft('', false), 'nb')).toBe('');
  });
});
