import { describe, expect, it } from 'vitest';
import type { Notebook } from '../api/types.ts';
import { buildEditBody, editStateFromNotebook, validateEdit } from './notebook-edit.ts';
import { newDataVolumeDraft } from './notebook-form.ts';
import { mockStatcanConfig } from './spawner-config.mock.ts';

function mockNotebook(): Notebook {
  return {
    metadata: { name: 'nb', namespace: 'ns' },
    spec: {
      template: {
        spec: {
          containers: [
            {
              name: 'nb',
              volumeMounts: [
                { name: 'ws', mountPath: '/home/jovyan' },
                { name: 'data', mountPath: '/home/jovyan/data' },
                { name: 'dshm', mountPath: '/dev/shm' },
              ],
            },
          ],
          volumes: [
            { name: 'ws', persistentVolumeClaim: { claimName: 'nb-workspace' } },
            { name: 'data', persistentVolumeClaim: { claimName: 'shared', readOnly: true } },
            { name: 'dshm', emptyDir: { medium: 'Memory' } },
          ],
        },
      },
    },
    processed_status: { phase: 'stopped', message: '' },
    formatted_resources: { cpu: '0.5', cpuLimit: '4', memory: '2', memoryLimit: '0' },
  };
}

describe('edit', () => {
  const config = mockStatcanConfig();

  it('prefills resources and PVC volumes from the notebook', () => {
    const state = editStateFromNotebook(mockNotebook(), config, 'en');
    expect(state).toMatchObject({ name: 'nb', cpu: '0.5', cpuLimit: '4', memory: '2', memoryLimit: '' });
    expect(state.workspace).toMatchObject({ kind: 'existing', claimName: 'nb-workspace', mount: '/home/jovyan' });
    expect(state.datavols).toHaveLength(1);
    expect(state.datavols[0]).toMatchObject({ claimName: 'shared', readOnly: true, mount: '/home/jovyan/data' });
  });

  it('sends only the editable keys, memory in Gi, volumes replaced', () => {
    const state = editStateFromNotebook(mockNotebook(), config, 'en');
    const body = buildEditBody(
      { ...state, workspace: null, datavols: [...state.datavols, newDataVolumeDraft(2)] },
      config,
      'ns',
    );
    expect(Object.keys(body).sort()).toEqual(['cpu', 'cpuLimit', 'datavols', 'memory']);
    expect(body.memory).toBe('2Gi');
    expect(body.datavols?.[1]).toMatchObject({
      mount: '/home/jovyan/nb-datavol-2',
      newPvc: { metadata: { name: 'nb-datavol-2' } },
    });
  });

  it('validates only what the page edits', () => {
    const state = editStateFromNotebook(mockNotebook(), config, 'en');
    expect(validateEdit({ ...state, image: '' }, config)).toEqual({});
    expect(
      Object.keys(validateEdit({ ...state, cpu: '0', datavols: [{ ...state.datavols[0]!, mount: 'rel' }] }, config)),
    ).toEqual(['cpu', 'datavols[0].mount']);
  });
});
