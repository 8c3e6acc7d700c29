import { describe, expect, it } from 'vitest';
import { KubeError } from './kube-error.ts';
import { listInPages, type PagedListOptions } from './paged-list.ts';
import type { KubeRequest, KubeRestClient } from './rest-client.ts';
import type { KubeObject } from './types.ts';

type Page = { items: KubeObject[]; metadata: { resourceVersion: string; continue?: string } } | KubeError;

/** A REST client answering list pages from a script, recording what was asked. */
function scriptedClient(script: Page[]) {
  const asked: KubeRequest[] = [];
  const client = {
    async requestJson(req: KubeRequest) {
      asked.push(req);
      const next = script.shift();
      if (!next) throw new Error('no more pages scripted');
      if (next instanceof KubeError) throw next;
      return { kind: 'PodList', apiVersion: 'v1', ...next };
    },
  } as unknown as KubeRestClient;
  return { client, asked };
}

const item = (name: string): KubeObject => ({ metadata: { name, resourceVersion: '5' } });
const timeout = () => new KubeError('timeout', 504, 'Timeout', 'timed out');
const options: PagedListOptions = {
  pageSize: 2,
  pageTimeoutMs: 1234,
  pageAttempts: 3,
  backoff: { initialMs: 1, maxMs: 2 },
  anyVersion: true,
};
const request = { path: '/api/v1/pods', resource: 'pods' };

describe('listInPages', () => {
  it('asks page after page with the continue token, each with its own timeout, the first at any version', async () => {
    const { client, asked } = scriptedClient([
      { items: [item('a'), item('b')], metadata: { resourceVersion: '10', continue: 'c1' } },
      { items: [item('c')], metadata: { resourceVersion: '10' } },
    ]);
    const list = await listInPages(client, request, options, (o) => o.metadata.name);
    expect(list).toEqual({ items: ['a', 'b', 'c'], resourceVersion: '10', pages: 2, retries: 0 });
    expect(asked.map((r) => [r.query?.continue, r.query?.resourceVersion, r.query?.limit, r.timeoutMs])).toEqual([
      [undefined, '0', 2, 1234],
      ['c1', undefined, 2, 1234],
    ]);
  });

  it('asks a timed-out page again with the same token and keeps the pages already read', async () => {
    const { client, asked } = scriptedClient([
      { items: [item('a'), item('b')], metadata: { resourceVersion: '10', continue: 'c1' } },
      timeout(),
      new KubeError('serverError', 500, 'InternalError', 'etcd leader changed'),
      { items: [item('c')], metadata: { resourceVersion: '10' } },
    ]);
    const retried: number[] = [];
    const list = await listInPages(
      client,
      request,
      { ...options, onPageRetry: (page) => retried.push(page) },
      (o) => o,
    );
    expect(list.items.map((o) => o.metadata.name)).toEqual(['a', 'b', 'c']);
    expect(list.retries).toBe(2);
    expect(retried).toEqual([2, 2]);
    expect(asked.map((r) => r.query?.continue)).toEqual([undefined, 'c1', 'c1', 'c1']);
  });

  it('gives up after the last attempt, and at once on an expired continue token', async () => {
    const gone = new KubeError('gone', 410, 'Expired', 'continue token expired');
    const first = scriptedClient([{ items: [item('a')], metadata: { resourceVersion: '10', continue: 'c1' } }, gone]);
    await expect(listInPages(first.client, request, options, (o) => o)).rejects.toBe(gone);
    const second = scriptedClient([timeout(), timeout(), timeout()]);
    await expect(listInPages(second.client, request, options, (o) => o)).rejects.toMatchObject({ kind: 'timeout' });
    expect(second.asked).toHaveLength(3);
  });

  it('gives list items the kind and apiVersion that watch events carry', async () => {
    const { client } = scriptedClient([{ items: [item('a')], metadata: { resourceVersion: '3' } }]);
    const list = await listInPages(client, request, { ...options, anyVersion: false }, (o) => o);
    expect(list.items[0]).toMatchObject({ kind: 'Pod', apiVersion: 'v1' });
  });
});
