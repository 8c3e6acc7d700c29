import { describe, expect, it } from 'vitest';
import { defaultNotebookBase, defaultNotebookBody, firstFree } from './default-notebook.ts';
import { betaImage } from './notebook-form.ts';

const config = {
  workspaceVolume: {
    value: {
      mount: '/home/jovyan',
      newPvc: {
        metadata: { name: '{notebook-name}-workspace' },
        spec: { resources: { requests: { storage: '5Gi' } } },
      },
    },
  },
  dataVolumes: {
    value: [
      {
        value: {
          mount: '/data',
          newPvc: { metadata: { name: '{notebook-name}-data' }, spec: { resources: { requests: { storage: '2Gi' } } } },
        },
      },
    ],
  },
};

describe('default notebook', () => {
  it('names: <ns>-notebook cut to leave room for a suffix, then the first free one', () => {
    expect(defaultNotebookBase('team')).toBe('team-notebook');
    expect(defaultNotebookBase('a'.repeat(60))).toHaveLength(48);
    expect(firstFree('x', new Set(['x', 'x-1']))).toBe('x-2');
  });

  it('body: config values only, no workspace, data volumes with free names', () => {
    const body = defaultNotebookBody('team-notebook', config, new Set(['team-notebook-data']));
    expect(body).toMatchObject({ name: 'team-notebook', serverType: 'jupyter', language: 'en', noWorkspace: true });
    expect((body.datavols as { newPvc: { metadata: { name: string } } }[])[0]!.newPvc.metadata.name).toBe(
      'team-notebook-data-1',
    );
  });

  it('DEFAULT_NOTEBOOK_WORKSPACE adds the config workspace with a free name', () => {
    const body = defaultNotebookBody('nb', config, new Set(['nb-workspace']), true);
    expect(body.noWorkspace).toBeUndefined();
    expect((body.workspace as { newPvc: { metadata: { name: string } } }).newPvc.metadata.name).toBe('nb-workspace-1');
  });
});

describe('betaImage', () => {
  it.each([
    ['registry.example:5000/team/jupyter:v1', 'registry.example:5000/team/jupyter:beta'],
    ['registry.example:5000/team/jupyter', 'registry.example:5000/team/jupyter:beta'],
    ['jupyter:v1@sha256:abc', 'jupyter:beta'],
  ])('%s → %s', (image, beta) => {
    expect(betaImage(image)).toBe(beta);
  });
});
