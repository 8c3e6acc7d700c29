import { Counter, Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { HttpRequestSeries } from './http-request-series.ts';

const BOUNDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** The same requests counted by prom-client's own Counter and Histogram, the series this replaces. */
function promClientExposition(requests: [string, string, number, number][]): Promise<string> {
  const registry = new Registry();
  const labelNames = ['method', 'route', 'status'] as const;
  const counter = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests by route pattern and status',
    labelNames,
    registers: [registry],
  });
  const histogram = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by route pattern',
    labelNames,
    buckets: BOUNDS,
    registers: [registry],
  });
  for (const [method, route, status, seconds] of requests) {
    const labels = { method, route, status: String(status) };
    counter.inc(labels);
    histogram.observe(labels, seconds);
  }
  return registry.metrics();
}

describe('HttpRequestSeries', () => {
  it('prints exactly what prom-client prints for the same requests', async () => {
    const requests: [string, string, number, number][] = [
      ['GET', '/api/namespaces/:namespace/notebooks', 200, 0.0004],
      ['GET', '/api/namespaces/:namespace/notebooks', 200, 0.001], // on a bound: counted in it
      ['GET', '/api/namespaces/:namespace/notebooks', 200, 0.0123],
      ['GET', '/api/namespaces/:namespace/notebooks', 304, 0.0002],
      ['POST', '/api/namespaces/:namespace/notebooks', 400, 0.03],
      ['GET', 'unmatched', 404, 42], // above every bound: +Inf only
      ['GET', '/api/namespaces/:namespace/notebooks', 200, 7.5],
    ];
    const registry = new Registry();
    const series = new HttpRequestSeries(registry, BOUNDS);
    for (const [method, route, status, seconds] of requests) series.observe(method, route, status, seconds);

    const ours = await registry.metrics();
    expect(ours).toBe(await promClientExposition(requests));
    expect(ours).toContain(
      'http_request_duration_seconds_bucket{le="0.001",method="GET",route="/api/namespaces/:namespace/notebooks",status="200"} 2',
    );
    expect(ours).toContain('http_requests_total{method="GET",route="unmatched",status="404"} 1');
  });

  it('prints the metric headers with no series before the first request', async () => {
    const registry = new Registry();
    new HttpRequestSeries(registry, BOUNDS);
    expect(await registry.metrics()).toBe(await promClientExposition([]));
  });
});
