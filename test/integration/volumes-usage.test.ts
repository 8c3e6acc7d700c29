import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestAs, startTestApp, type TestApp } from '../support/app.ts';
import { clientAs, testNamespace } from '../support/cluster.ts';
import { closedPortUrl, startStubServer, type StubServer } from '../support/stub-server.ts';

const ALICE = 'alice@example.com';

function vector(ns: string) {
  const sample = (name: string, pvc: string, value: string) => ({
    metric: { __name__: name, namespace: ns, persistentvolumeclaim: pvc },
    value: [1714521600.123, value],
  });
  return {
    status: 'success',
    data: {
      resultType: 'vector',
      result: [
        sample('kubelet_volume_stats_used_bytes', 'data', '536870912'),
        sample('kubelet_volume_stats_capacity_bytes', 'data', '1.073741824e+09'),
        sample('kubelet_volume_stats_used_bytes', 'third', '1'),
        sample('kubelet_volume_stats_capacity_bytes', 'third', '3'),
        // A series of a PVC that no longer exists.
        sample('kubelet_volume_stats_used_bytes', 'deleted', '5'),
      ],
    },
  };
}

describe('volume usage (Prometheus, routes 32 and 33)', () => {
  let ns: string;
  let prometheus: StubServer;
  let t: TestApp;
  let mode: 'ok' | 'garbage' | 'error' = 'ok';

  beforeAll(async () => {
    ns = await testNamespace('usage');
    const admin = clientAs('admin');
    try {
      for (const name of ['data', 'other', 'third']) {
        await admin.must('POST', `/api/v1/namespaces/${ns}/persistentvolumeclaims`, {
          apiVersion: 'v1',
          kind: 'PersistentVolumeClaim',
          metadata: {
            name,
            annotations:
              name === 'other' ? { 'pvc.kubeflow.org/usage': '12.5', 'pvc.kubeflow.org/used-bytes': '99' } : {},
          },
          spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
        });
      }
    } finally {
      await admin.close();
    }
    prometheus = await startStubServer((_req, res) => {
      if (mode === 'garbage') res.writeHead(200, { 'content-type': 'text/html' }).end('<html>');
      else if (mode === 'error') res.writeHead(503).end('{}');
      else res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(vector(ns)));
    });
    t = await startTestApp({ env: { PROMETHEUS_URL: prometheus.url } });
  });
  afterAll(async () => {
    await t.close();
    await prometheus.close();
  });

  it('reads usage live with one instant query for both series', async () => {
    mode = 'ok';
    const before = prometheus.received.length;
    const res = await requestAs(t.app, ALICE, { url: `/api/namespaces/${ns}/pvc-usage` });
    expect(res.statusCode).toBe(200);
    expect(res.json().pvcs).toEqual([
      { name: 'data', usage: '50', usedBytes: '536870912' },
      { name: 'other', usage: '', usedBytes: '' },
      { name: 'third', usage: '33.33', usedBytes: '1' },
    ]);
    expect(prometheus.received.length).toBe(before + 1);
    const url = new URL(prometheus.received.at(-1)!, 'http://x');
    expect(url.pathname).toBe('/api/v1/query');
    expect(url.searchParams.get('query')).toBe(
      `{__name__=~"kubelet_volume_stats_used_bytes|kubelet_volume_stats_capacity_bytes",namespace="${ns}"}`,
    );
  });

  it('fills the list usage fields from Prometheus, else from the annotations', async () => {
    mode = 'ok';
    const res = await requestAs(t.app, ALICE, { url: `/api/namespaces/${ns}/pvcs` });
    const items = res.json().pvcs as { name: string; usage: string; usedBytes: string }[];
    expect(items.map(({ name, usage, usedBytes }) => ({ name, usage, usedBytes }))).toEqual([
      { name: 'data', usage: '50', usedBytes: '536870912' },
      { name: 'other', usage: '12.5', usedBytes: '99' },
      { name: 'third', usage: '33.33', usedBytes: '1' },
    ]);
  });

  it('answers 502 for a failing or garbled Prometheus, while the list still works', async () => {
    mode = 'garbage';
    const garbled = await requestAs(t.app, ALICE, { url: `/api/namespaces/${ns}/pvc-usage` });
    expect(garbled.statusCode).toBe(502);
    expect(garbled.json().log).toBe('Metrics service unavailable: the response is not JSON');
    mode = 'error';
    const failing = await requestAs(t.app, ALICE, { url: `/api/namespaces/${ns}/pvc-usage` });
    expect(failing.statusCode).toBe(502);
    expect(failing.json().log).toBe('Metrics service unavailable: HTTP 503');
    const list = await requestAs(t.app, ALICE, { url: `/api/namespaces/${ns}/pvcs` });
    expect(list.statusCode).toBe(200);
    const other = (list.json().pvcs as { name: string; usage: string }[]).find((p) => p.name === 'other');
    expect(other?.usage).toBe('12.5');
    mode = 'ok';
  });

  it('answers 502 when Prometheus is down and 504 when it is too slow', async () => {
    const down = await startTestApp({ env: { PROMETHEUS_URL: await closedPortUrl() } });
    try {
      const res = await requestAs(down.app, ALICE, { url: `/api/namespaces/${ns}/pvc-usage` });
      expect(res.statusCode).toBe(502);
      expect(res.json().log).toMatch(/^Metrics service unavailable: /);
      expect((await requestAs(down.app, ALICE, { url: `/api/namespaces/${ns}/pvcs` })).statusCode).toBe(200);
    } finally {
      await down.close();
    }
    const slowServer = await startStubServer((_req, res) => {
      const timer = setTimeout(() => res.end('{}'), 3000);
      res.on('close', () => clearTimeout(timer));
    });
    const slow = await startTestApp({ env: { PROMETHEUS_URL: slowServer.url, PROMETHEUS_TIMEOUT_SECONDS: '0.3' } });
    try {
      const res = await requestAs(slow.app, ALICE, { url: `/api/namespaces/${ns}/pvc-usage` });
      expect(res.statusCode).toBe(504);
    } finally {
      await slow.close();
      await slowServer.close();
    }
  });

  it('is 404 when Prometheus is not configured', async () => {
    const off = await startTestApp();
    try {
      const res = await requestAs(off.app, ALICE, { url: `/api/namespaces/${ns}/pvc-usage` });
      expect(res.statusCode).toBe(404);
      expect(res.json().log).toBe('Volume usage reporting is not enabled.');
    } finally {
      await off.close();
    }
  });

  describe('PATCH /api/namespaces/:ns/pvcs/usage', () => {
    const patch = (payload: object, user = ALICE) =>
      requestAs(t.app, user, { method: 'PATCH', url: `/api/namespaces/${ns}/pvcs/usage`, payload });

    it('stores usage as annotations and reports unknown PVCs without stopping', async () => {
      const res = await patch({
        data: [
          { name: 'ghost', usage: '10', usedBytes: '10' },
          { name: 'third', usage: '75.5', usedBytes: '2048' },
          { name: 'data', usage: '', usedBytes: '' },
        ],
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({
        success: true,
        status: 200,
        user: ALICE,
        errors: [{ field: 'data[0].name', message: "PVC 'ghost' not found." }],
      });
      // The published document says so too (a client generated from it must accept the errors).
      const doc = (await requestAs(t.app, null, { url: '/api/openapi.json' })).json();
      const documented = doc.paths['/api/namespaces/{ns}/pvcs/usage'].patch.responses['200'];
      const validate = new Ajv({ strict: false }).compile(documented.content['application/json'].schema);
      expect(validate(res.json()), JSON.stringify(validate.errors)).toBe(true);
      const admin = clientAs('admin');
      try {
        const third = await admin.must('GET', `/api/v1/namespaces/${ns}/persistentvolumeclaims/third`);
        expect(third.metadata.annotations).toMatchObject({
          'pvc.kubeflow.org/usage': '75.5',
          'pvc.kubeflow.org/used-bytes': '2048',
        });
        const data = await admin.must('GET', `/api/v1/namespaces/${ns}/persistentvolumeclaims/data`);
        expect(data.metadata.annotations?.['pvc.kubeflow.org/usage']).toBeUndefined();
      } finally {
        await admin.close();
      }
    });

    it('lists every bad entry', async () => {
      const res = await patch({
        data: [
          { name: 'data', usage: '101', usedBytes: '-1' },
          { name: 'third', usage: 'abc', usedBytes: '12' },
        ],
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual([
        'data[0].usage',
        'data[0].usedBytes',
        'data[1].usage',
      ]);
      expect((await patch({ data: 'nope' })).statusCode).toBe(400);
    });

    it('checks patch on PVCs', async () => {
      const res = await patch({ data: [] }, 'bob@example.com');
      expect(res.statusCode).toBe(403);
      expect(res.json().log).toBe(
        `User 'bob@example.com' is not authorized to patch v1/persistentvolumeclaims in namespace '${ns}'`,
      );
    });
  });
});
