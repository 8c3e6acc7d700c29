import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CachedClusterReader } from '../../backend/src/k8s/cached-cluster-reader.ts';
import { requestAs, startTestApp, type TestApp } from '../support/app.ts';
import { clientAs, testNamespace } from '../support/cluster.ts';
import { nbPath } from './notebooks-fixtures.ts';

const ALICE = 'alice@example.com';
const bareNotebook = (name: string) => ({ name, noWorkspace: true, datavols: [], shm: false });

async function counter(t: TestApp, outcome: string): Promise<number> {
  const metric = await t.metrics.registry.getSingleMetric('jwa_consistent_reads_total')!.get();
  return metric.values.find((v) => v.labels.outcome === outcome)?.value ?? 0;
}

/**
 * Two replicas of the app (each its own watch caches) on one API server. Replica B's notebook cache
 * is stopped in one test, so that it stays behind whatever A writes: a read that names A's versions
 * must then come from the API server, and one that does not shows the stale cache.
 */
describe('consistent reads across replicas (X-Resource-Version / X-Min-Resource-Version)', () => {
  let a: TestApp;
  let b: TestApp;
  let ns: string;

  beforeAll(async () => {
    ns = await testNamespace('consistent');
    const env = { RATE_LIMIT_PER_MINUTE: '0', CACHE_CATCH_UP_SECONDS: '0.5' };
    [a, b] = await Promise.all([startTestApp({ cache: true, env }), startTestApp({ cache: true, env })]);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it('a write answers the new resourceVersion of each resource it wrote; a read answers none', async () => {
    const created = await requestAs(a.app, ALICE, {
      method: 'POST',
      url: `/api/namespaces/${ns}/notebooks`,
      payload: {
        ...bareNotebook('with-volume'),
        noWorkspace: false,
        workspace: {
          mount: '/home/jovyan',
          newPvc: {
            metadata: { name: '{notebook-name}-workspace' },
            spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
          },
        },
      },
    });
    expect(created.statusCode, created.body).toBe(200);
    const admin = clientAs('admin');
    try {
      const nb = await admin.must('GET', nbPath(ns, 'with-volume'));
      const pvc = await admin.must('GET', `/api/v1/namespaces/${ns}/persistentvolumeclaims/with-volume-workspace`);
      expect(created.headers['x-resource-version']).toBe(
        `notebooks=${nb.metadata.resourceVersion},persistentvolumeclaims=${pvc.metadata.resourceVersion}`,
      );
    } finally {
      await admin.close();
    }
    const list = await requestAs(a.app, ALICE, { url: `/api/namespaces/${ns}/notebooks` });
    expect(list.headers['x-resource-version']).toBeUndefined();
  });

  it('a replica whose cache has the versions answers from it; one behind waits, then reads from the API server', async () => {
    const created = await requestAs(a.app, ALICE, {
      method: 'POST',
      url: `/api/namespaces/${ns}/notebooks`,
      payload: bareNotebook('seen-everywhere'),
    });
    const versions = String(created.headers['x-resource-version']);
    expect(versions).toMatch(/^notebooks=\d+$/);
    const headers = { 'x-min-resource-version': versions };
    const names = async (t: TestApp, withVersions: boolean) => {
      const res = await requestAs(t.app, ALICE, {
        url: `/api/namespaces/${ns}/notebooks`,
        headers: withVersions ? headers : {},
      });
      expect(res.statusCode, res.body).toBe(200);
      return (res.json().notebooks as { name: string }[]).map((n) => n.name);
    };
    const before = { current: await counter(b, 'current'), caughtUp: await counter(b, 'caught_up') };
    expect(await names(b, true)).toContain('seen-everywhere');
    // Either B's watch had delivered the notebook already, or the request waited for it.
    expect((await counter(b, 'current')) + (await counter(b, 'caught_up'))).toBe(before.current + before.caughtUp + 1);

    // From now on B's notebook cache stays where it is.
    await (b.reader as CachedClusterReader).notebooks.stop();
    const late = await requestAs(a.app, ALICE, {
      method: 'POST',
      url: `/api/namespaces/${ns}/notebooks`,
      payload: bareNotebook('written-while-b-is-behind'),
    });
    const lateVersions = String(late.headers['x-resource-version']);
    // Without the versions, B answers from its stale cache: the miss the header prevents.
    expect(await names(b, false)).not.toContain('written-while-b-is-behind');
    const fallbacks = await counter(b, 'api_server');
    const seen = await requestAs(b.app, ALICE, {
      url: `/api/namespaces/${ns}/notebooks`,
      headers: { 'x-min-resource-version': lateVersions },
    });
    expect(seen.statusCode, seen.body).toBe(200);
    expect((seen.json().notebooks as { name: string }[]).map((n) => n.name)).toContain('written-while-b-is-behind');
    expect(await counter(b, 'api_server')).toBe(fallbacks + 1);
    const waited = await b.metrics.registry.getSingleMetric('jwa_consistent_read_wait_seconds')!.get();
    const slowest = (waited.values as { metricName?: string; labels: Record<string, unknown>; value: number }[]).find(
      (v) => v.metricName?.endsWith('_sum') && v.labels.outcome === 'api_server',
    );
    // It waited out its bound (0.5 s here) before asking the API server.
    expect(slowest?.value).toBeGreaterThanOrEqual(0.5);
    // A live stream's snapshot comes from the caches: B refuses it (503, the client polls the list
    // routes meanwhile and reconnects) rather than send one without the write.
    const stream = await requestAs(b.app, ALICE, {
      url: `/api/namespaces/${ns}/stream?kinds=notebooks`,
      headers: { 'x-min-resource-version': lateVersions, accept: 'text/event-stream' },
    });
    expect(stream.statusCode, stream.body).toBe(503);
    expect(stream.json().log).toMatch(/not caught up with your latest changes/);
    expect(await counter(b, 'api_server')).toBe(fallbacks + 2);

    // A delete through A is not undone by B's stale cache either.
    const deleted = await requestAs(a.app, ALICE, {
      method: 'DELETE',
      url: `/api/namespaces/${ns}/notebooks/seen-everywhere`,
    });
    expect(deleted.statusCode, deleted.body).toBe(200);
    const afterDelete = String(deleted.headers['x-resource-version']);
    expect(afterDelete).toMatch(/^notebooks=\d+$/);
    const listed = await requestAs(b.app, ALICE, {
      url: `/api/namespaces/${ns}/notebooks`,
      headers: { 'x-min-resource-version': afterDelete },
    });
    const row = (listed.json().notebooks as { name: string; metadata: { deletionTimestamp?: string } }[]).find(
      (n) => n.name === 'seen-everywhere',
    );
    // Foreground deletion: gone, or still listed as being deleted, never as it was.
    if (row) expect(row.metadata.deletionTimestamp).toEqual(expect.any(String));
  });

  it('refuses a malformed X-Min-Resource-Version with a 400 naming each bad pair', async () => {
    const res = await requestAs(a.app, ALICE, {
      url: `/api/namespaces/${ns}/notebooks`,
      headers: { 'x-min-resource-version': 'notebooks=12,pvcs,notebooks=abc' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([
      { field: 'X-Min-Resource-Version', message: expect.stringContaining("'pvcs'") },
      { field: 'X-Min-Resource-Version', message: expect.stringContaining("'notebooks=abc'") },
    ]);
  });
});
