import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestAs, startTestApp, type TestApp } from '../support/app.ts';
import { testNamespace } from '../support/cluster.ts';

type Samples = Map<string, number>;

const SAMPLE =
  /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*",?)*\})? (-?[0-9.e+-]+|NaN|[+-]Inf)$/;

/** Parses the Prometheus text format strictly: every line is a comment, TYPE/HELP, or a sample of a declared family. */
function parseExposition(text: string): { samples: Samples; types: Map<string, string> } {
  const samples: Samples = new Map();
  const types = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const type = /^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$/.exec(line);
    if (type) {
      types.set(type[1]!, type[2]!);
      continue;
    }
    if (line.startsWith('# HELP ')) continue;
    const m = SAMPLE.exec(line);
    if (!m) throw new Error(`not Prometheus text: ${line}`);
    const family = m[1]!.replace(/_(bucket|sum|count)$/, '');
    if (!types.has(m[1]!) && !types.has(family)) throw new Error(`sample of an undeclared family: ${line}`);
    samples.set(`${m[1]}${m[2] ?? ''}`, Number(m[3]));
  }
  return { samples, types };
}

describe('GET /metrics', () => {
  let t: TestApp;
  let ns: string;

  beforeAll(async () => {
    t = await startTestApp();
    ns = await testNamespace('metrics');
  });
  afterAll(async () => t.close());

  async function scrape() {
    const res = await requestAs(t.app, null, { url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    return parseExposition(res.body);
  }

  const value = (s: Samples, key: string) => s.get(key) ?? 0;

  it('declares every family the spec names', async () => {
    const { types, samples } = await scrape();
    expect(types.get('http_request_duration_seconds')).toBe('histogram');
    expect(types.get('http_requests_total')).toBe('counter');
    expect(types.get('jwa_k8s_request_duration_seconds')).toBe('histogram');
    expect(types.get('jwa_k8s_requests_total')).toBe('counter');
    expect(types.get('jwa_sar_cache_hits_total')).toBe('counter');
    expect(types.get('jwa_informer_restarts_total')).toBe('counter');
    expect(types.get('jwa_informer_relists_total')).toBe('counter');
    expect(types.get('jwa_cache_synced')).toBe('gauge');
    expect(samples.get('app_info{version="test"}')).toBe(1);
  });

  it('counts requests by route pattern and status, Kubernetes calls by verb and resource, and SAR cache hits', async () => {
    const before = (await scrape()).samples;
    const url = `/api/namespaces/${ns}/pvcs`;
    for (let i = 0; i < 3; i++) {
      expect((await requestAs(t.app, 'alice@example.com', { url })).statusCode).toBe(200);
    }
    expect((await requestAs(t.app, 'mallory@example.com', { url })).statusCode).toBe(403);
    expect((await requestAs(t.app, null, { url: '/api/no-such-thing' })).statusCode).toBe(404);
    const after = (await scrape()).samples;

    const ok = '{method="GET",route="/api/namespaces/:ns/pvcs",status="200"}';
    const denied = '{method="GET",route="/api/namespaces/:ns/pvcs",status="403"}';
    expect(value(after, `http_requests_total${ok}`) - value(before, `http_requests_total${ok}`)).toBe(3);
    expect(value(after, `http_requests_total${denied}`) - value(before, `http_requests_total${denied}`)).toBe(1);
    expect(
      value(after, `http_request_duration_seconds_count${ok}`) -
        value(before, `http_request_duration_seconds_count${ok}`),
    ).toBe(3);
    const unmatched = '{method="GET",route="unmatched",status="404"}';
    expect(value(after, `http_requests_total${unmatched}`) - value(before, `http_requests_total${unmatched}`)).toBe(1);

    const pvcList = '{verb="list",resource="persistentvolumeclaims",code="200"}';
    expect(value(after, `jwa_k8s_requests_total${pvcList}`) - value(before, `jwa_k8s_requests_total${pvcList}`)).toBe(
      3,
    );
    expect(
      value(after, `jwa_k8s_request_duration_seconds_count${pvcList}`) -
        value(before, `jwa_k8s_request_duration_seconds_count${pvcList}`),
    ).toBe(3);
    // alice's one review is cached: the two repeats are cache hits.
    expect(value(after, 'jwa_sar_cache_hits_total') - value(before, 'jwa_sar_cache_hits_total')).toBeGreaterThanOrEqual(
      2,
    );
  });

  it('is off with METRICS=false', async () => {
    const off = await startTestApp({ env: { METRICS: 'false' } });
    try {
      expect((await requestAs(off.app, null, { url: '/metrics' })).statusCode).toBe(404);
    } finally {
      await off.close();
    }
  });
});
