import { describe, expect, it } from 'vitest';
import type { Notebook } from '../k8s/types.ts';
import { formattedResources, gpuSummary, notebookContainer, notebookListItem } from './notebook-item.ts';

const config = {
  gpus: {
    value: {
      vendors: [
        { limitsKey: 'nvidia.com/gpu', uiName: 'NVIDIA' },
        { limitsKey: 'amd.com/gpu', uiName: 'AMD' },
      ],
    },
  },
};

function nb(containers: unknown): Notebook {
  return {
    metadata: { name: 'nb', namespace: 'ns' },
    spec: { template: { spec: { containers: containers as never } } },
  };
}

describe('notebook list item helpers', () => {
  it('picks the container named after the notebook, else the first, else none', () => {
    expect(notebookContainer(nb([{ name: 'side' }, { name: 'nb' }]))?.name).toBe('nb');
    expect(notebookContainer(nb([{ name: 'side' }]))?.name).toBe('side');
    expect(notebookContainer(nb([]))).toBeUndefined();
    expect(notebookContainer({ metadata: {} })).toBeUndefined();
  });

  it('sums GPUs of configured vendors in config order, limits before requests', () => {
    const container = {
      name: 'nb',
      resources: { limits: { 'amd.com/gpu': '1', 'nvidia.com/gpu': '2' }, requests: { 'other.com/gpu': '5' } },
    };
    expect(gpuSummary(container, config)).toEqual({ count: 3, message: '2 NVIDIA, 1 AMD' });
    expect(gpuSummary({ name: 'nb', resources: { requests: { 'amd.com/gpu': '4' } } }, config)).toEqual({
      count: 4,
      message: '4 AMD',
    });
    expect(gpuSummary(undefined, config)).toEqual({ count: 0, message: '' });
  });

  it('formats resources as decimal cores and GiB, "0" when absent', () => {
    const item = nb([
      { name: 'nb', resources: { requests: { cpu: '500m', memory: '1536Mi' }, limits: { memory: '1229Mi' } } },
    ]);
    expect(formattedResources(item)).toEqual({ cpu: '0.5', cpuLimit: '0', memory: '1.5', memoryLimit: '1.2001953125' });
  });

  it('never throws on a malformed object', () => {
    const odd = {
      metadata: {},
      spec: { template: { spec: { containers: [null], volumes: [{}] } } },
    } as unknown as Notebook;
    const item = notebookListItem(odd, [], config, Date.now());
    expect(item).toMatchObject({ name: '', image: '', cpu: '', volumes: [''], gpus: { count: 0, message: '' } });
  });
});
