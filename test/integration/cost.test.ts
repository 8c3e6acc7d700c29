import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestAs, startTestApp, type TestApp } from '../support/app.ts';
import { testNamespace } from '../support/cluster.ts';
import { closedPortUrl, startStubServer, type StubServer } from '../support/stub-server.ts';

const ALICE = 'alice@example.com';

const SUMMARY = JSON.stringify({
  code: 200,
  data: { sets: [{ allocations: { placeholder: { cpuCost: 1.5, gpuCost: 0, ramCost: 0.25, pvCost: 0.01 } } }] },
});

function queryOf(url: string): Record<string, string> {
  return Object.fromEntries(new URL(url, 'http://x').searchParams);
}

describe('GET /api/namespaces/:ns/cost/allocation', () => {
  let ns: string;
  let kubecost: StubServer;
  let t: TestApp;

  beforeAll(async () => {
    ns = await testNamespace('cost');
    kubecost = await startStubServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      if (url.searchParams.get('window') === '7d') {
        res.writeHead(200, { 'content-type': 'text/plain' }).end('<html>not json</html>');
      } else if (url.searchParams.get('window') === '30d') {
        res.writeHead(500, { 'content-type': 'application/json' }).end('{"code":500}');
      } else {
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(SUMMARY);
      }
    });
    t = await startTestApp({
      env: { KUBECOST_URL: `${kubecost.url}/kubecost/`, KUBECOST_SHARE_NAMESPACES: 'kube-system, istio-system' },
    });
  });
  afterAll(async () => {
    await t.close();
    await kubecost.close();
  });

  it("passes Kubecost's body through verbatim and sends only the allowed query", async () => {
    const before = kubecost.received.length;
    const res = await requestAs(t.app, ALICE, {
      url: `/api/namespaces/${ns}/cost/allocation?window=lastweek&aggregation=cluster&namespace=other&path=/etc`,
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.body).toBe(SUMMARY);
    expect(kubecost.received.length).toBe(before + 1);
    const received = kubecost.received.at(-1)!;
    expect(received.split('?')[0]).toBe('/kubecost/model/allocation/summary');
    expect(queryOf(received)).toEqual({
      window: 'lastweek',
      aggregate: 'namespace',
      filterNamespaces: ns,
      idle: 'false',
      accumulate: 'true',
      shareNamespaces: 'kube-system,istio-system',
    });
  });

  it('defaults the window to today and accepts every documented form', async () => {
    const res = await requestAs(t.app, ALICE, { url: `/api/namespaces/${ns}/cost/allocation` });
    expect(res.statusCode).toBe(200);
    expect(queryOf(kubecost.received.at(-1)!).window).toBe('today');
    for (const window of [
      'yesterday',
      '12h',
      '2w',
      '2024-05-01T00:00:00Z,2024-05-02T00:00:00Z',
      '1714521600,1714608000',
    ]) {
      const ok = await requestAs(t.app, ALICE, {
        url: `/api/namespaces/${ns}/cost/allocation?window=${encodeURIComponent(window)}`,
      });
      expect(ok.statusCode, window).toBe(200);
      expect(queryOf(kubecost.received.at(-1)!).window).toBe(window);
    }
  });

  it('refuses a bad window before calling Kubecost, smuggled paths included', async () => {
    const before = kubecost.received.length;
    for (const window of ['forever', '5y', 'today&filterNamespaces=kube-system', '../../metrics', '1,2,3']) {
      const res = await requestAs(t.app, ALICE, {
        url: `/api/namespaces/${ns}/cost/allocation?window=${encodeURIComponent(window)}`,
      });
      expect(res.statusCode, window).toBe(400);
      expect(res.json().errors[0].field).toBe('window');
    }
    expect(kubecost.received.length).toBe(before);
  });

  it('answers 502 when Kubecost fails or sends something that is not JSON', async () => {
    const garbage = await requestAs(t.app, ALICE, { url: `/api/namespaces/${ns}/cost/allocation?window=7d` });
    expect(garbage.statusCode).toBe(502);
    expect(garbage.json()).toEqual({
      success: false,
      status: 502,
      user: ALICE,
      log: 'Cost service unavailable: the response is not JSON',
    });
    const failing = await requestAs(t.app, ALICE, { url: `/api/namespaces/${ns}/cost/allocation?window=30d` });
    expect(failing.statusCode).toBe(502);
    expect(failing.json().log).toBe('Cost service unavailable: HTTP 500');
  });

  it('answers 502 when Kubecost is down', async () => {
    const down = await startTestApp({ env: { KUBECOST_URL: await closedPortUrl() } });
    try {
      const res = await requestAs(down.app, ALICE, { url: `/api/namespaces/${ns}/cost/allocation` });
      expect(res.statusCode).toBe(502);
      expect(res.json().log).toMatch(/^Cost service unavailable: /);
    } finally {
      await down.close();
    }
  });

  it('answers 504 when Kubecost is too slow', async () => {
    const slow = await startStubServer((_req, res) => {
      const timer = setTimeout(() => res.writeHead(200).end(SUMMARY), 3000);
      res.on('close', () => clearTimeout(timer));
    });
    const app = await startTestApp({ env: { KUBECOST_URL: slow.url, KUBECOST_TIMEOUT_SECONDS: '0.3' } });
    try {
      const res = await requestAs(app.app, ALICE, { url: `/api/namespaces/${ns}/cost/allocation` });
      expect(res.statusCode).toBe(504);
      expect(res.json().log).toBe('Upstream request timed out.');
    } finally {
      await app.close();
      await slow.close();
    }
  });

  it('checks list pods in the namespace, and 404 when cost is not configured', async () => {
    const denied = await requestAs(t.app, 'mallory@example.com', { url: `/api/namespaces/${ns}/cost/allocation` });
    expect(denied.statusCode).toBe(403);
    expect(denied.json().log).toBe(`User 'mallory@example.com' is not authorized to list v1/pods in namespace '${ns}'`);
    const off = await startTestApp();
    try {
      const res = await requestAs(off.app, ALICE, { url: `/api/namespaces/${ns}/cost/allocation` });
      expect(res.statusCode).toBe(404);
      expect(res.json().log).toBe('Cost reporting is not enabled.');
    } finally {
      await off.close();
    }
  });
});
