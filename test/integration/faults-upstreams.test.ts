import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestAs, startTestApp, type TestApp } from '../support/app.ts';
import { clientAs, testNamespace } from '../support/cluster.ts';
import { startBlackHole, startStubServer, type BlackHole } from '../support/stub-server.ts';

const ALICE = 'alice@example.com';

/**
 * Prometheus and Kubecost replaced by a port that accepts connections and never answers. Usage is
 * optional data: the PVC list answers without waiting for it; after a few failures neither service
 * is called for a while (circuit breaker), so a hung one costs requests nothing.
 */
describe('fault: Prometheus and Kubecost accept and never answer', () => {
  let ns: string;
  let hole: BlackHole;
  let t: TestApp;

  beforeAll(async () => {
    ns = await testNamespace('hung-upstreams');
    const admin = clientAs('admin');
    try {
      await admin.must('POST', `/api/v1/namespaces/${ns}/persistentvolumeclaims`, {
        metadata: {
          name: 'data',
          annotations: { 'pvc.kubeflow.org/usage': '12.5', 'pvc.kubeflow.org/used-bytes': '9' },
        },
        spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
      });
    } finally {
      await admin.close();
    }
    hole = await startBlackHole();
    t = await startTestApp({
      // Long upstream timeouts: the list must not wait for them.
      env: {
        PROMETHEUS_URL: hole.url,
        KUBECOST_URL: hole.url,
        PROMETHEUS_TIMEOUT_SECONDS: '20',
        KUBECOST_TIMEOUT_SECONDS: '2',
      },
    });
  });
  afterAll(async () => {
    await t?.close();
    await hole?.close();
  });

  it('answers the PVC list while the usage query is still hanging, with the annotations as usage', async () => {
    const list = await requestAs(t.app, ALICE, { url: `/api/namespaces/${ns}/pvcs` });
    expect(list.statusCode).toBe(200);
    expect(list.json().pvcs.map((p: { name: string; usage: string }) => [p.name, p.usage])).toEqual([['data', '12.5']]);
    // The answer came while Prometheus still held the query: the list did not wait for it.
    expect(hole.connections).toBe(1);
    expect(hole.open).toBe(1);
    // A second list while that query hangs shares it: no second connection.
    expect((await requestAs(t.app, ALICE, { url: `/api/namespaces/${ns}/pvcs` })).statusCode).toBe(200);
    expect(hole.connections).toBe(1);
  });

  it('stops calling a Kubecost that keeps timing out, answering 502 at once, then tries again later', async () => {
    const url = `/api/namespaces/${ns}/cost/allocation`;
    const before = hole.connections;
    for (let i = 0; i < 3; i++) {
      const res = await requestAs(t.app, ALICE, { url });
      expect([res.statusCode, res.json().log]).toEqual([504, 'Upstream request timed out.']);
    }
    // At least one connection per timed-out call (the HTTP client may open a spare one).
    const calls = hole.connections - before;
    expect(calls).toBeGreaterThanOrEqual(3);
    for (let i = 0; i < 5; i++) {
      const res = await requestAs(t.app, ALICE, { url });
      expect(res.statusCode).toBe(502);
      expect(res.json().log).toBe('Cost service unavailable: not asked again for a while after repeated failures');
    }
    expect(hole.connections - before).toBe(calls);
  });
});

describe('the circuit closes again once the service answers', () => {
  it('asks Prometheus again after the open period and serves live usage', async () => {
    const ns = await testNamespace('circuit-close');
    let healthy = false;
    const prometheus = await startStubServer((_req, res) => {
      if (!healthy) return void res.writeHead(503).end('{}');
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: 'success', data: { resultType: 'vector', result: [] } }));
    });
    const { LiveVolumeUsage } = await import('../../backend/src/volumes/live-volume-usage.ts');
    const { UpstreamCircuit } = await import('../../backend/src/upstream/upstream-circuit.ts');
    const usage = new LiveVolumeUsage(
      { baseUrl: prometheus.url, timeoutMs: 2000 },
      { circuit: new UpstreamCircuit({ name: 'Metrics service', failuresToOpen: 2, openForMs: 300 }) },
    );
    try {
      await expect(usage.live(ns)).rejects.toThrow('HTTP 503');
      await expect(usage.live(ns)).rejects.toThrow('HTTP 503');
      const asked = prometheus.received.length;
      await expect(usage.live(ns)).rejects.toThrow('not asked again');
      expect(prometheus.received.length).toBe(asked);
      healthy = true;
      // Bounded wait for the open period to end; then one trial call closes the circuit.
      let live: Map<string, unknown> | undefined;
      for (let i = 0; i < 100 && !live; i++) {
        live = await usage.live(ns).catch(() => undefined);
        if (!live) await new Promise((r) => setTimeout(r, 50));
      }
      expect(live).toBeInstanceOf(Map);
      expect(prometheus.received.length).toBe(asked + 1);
    } finally {
      await prometheus.close();
    }
  });
});
