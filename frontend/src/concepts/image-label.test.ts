import { describe, expect, it } from 'vitest';
import { imageLabel } from './image-label.ts';

describe('imageLabel', () => {
  const image = 'k8scc01covidacr.azurecr.io/jupyterlab-cpu:v1';
  it('hides the registry only when the first segment looks like a host', () => {
    expect(imageLabel(image, true, false)).toBe('jupyterlab-cpu:v1');
    expect(imageLabel('kubeflownotebookswg/jupyter-scipy:v1', true, false)).toBe(
      'kubeflownotebookswg/jupyter-scipy:v1',
    );
    expect(imageLabel('localhost:5000/a/b:1', true, false)).toBe('a/b:1');
  });
  it('hides the tag but not a registry port', () => {
    expect(imageLabel(image, false, true)).toBe('k8scc01covidacr.azurecr.io/jupyterlab-cpu');
    expect(imageLabel('localhost:5000/a/b', false, true)).toBe('localhost:5000/a/b');
    expect(imageLabel(image, true, true)).toBe('jupyterlab-cpu');
  });
});
