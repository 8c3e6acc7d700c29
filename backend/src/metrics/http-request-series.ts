import type { Registry } from 'prom-client';

type Labels = { method: string; route: string; status: string };

/** A value as prom-client's registry prints it (what its own metrics' `get()` return). */
interface ExposedValue {
  labels: Record<string, string | number>;
  sharedLabels?: Labels;
  value: number;
  metricName?: string;
}

interface MetricHead {
  name: string;
  help: string;
  type: 'counter' | 'histogram';
  aggregator: 'sum';
}

interface ExposedMetric extends MetricHead {
  values: ExposedValue[];
}

const REQUESTS: MetricHead = {
  name: 'http_requests_total',
  help: 'HTTP requests by route pattern and status',
  type: 'counter',
  aggregator: 'sum',
};
const DURATIONS: MetricHead = {
  name: 'http_request_duration_seconds',
  help: 'HTTP request latency by route pattern',
  type: 'histogram',
  aggregator: 'sum',
};

/** One method/route/status series: a request count, a duration sum and per-bucket counts. */
class Series {
  readonly labels: Labels;
  count = 0;
  sum = 0;
  /** Non-cumulative: `buckets[i]` counts durations in (bounds[i-1], bounds[i]]; the last slot is +Inf. */
  readonly buckets: Float64Array;
  private readonly bounds: readonly number[];

  constructor(labels: Labels, bounds: readonly number[]) {
    this.labels = labels;
    this.bounds = bounds;
    this.buckets = new Float64Array(bounds.length + 1);
  }

  observe(seconds: number): void {
    this.count++;
    this.sum += seconds;
    let i = 0;
    while (i < this.bounds.length && seconds > this.bounds[i]!) i++;
    this.buckets[i]!++;
  }
}

/**
 * The per-request series `http_requests_total` and `http_request_duration_seconds`, counted in plain
 * numbers and turned into Prometheus values only when scraped. prom-client validates and hashes the
 * label set on every observation, even through a child from `labels()`: that cost ~15 µs of the
 * ~130 µs a small answer costs (bench/results/notes.md). The exposition is prom-client's own: the
 * two metrics are registered on its registry and print through it.
 */
export class HttpRequestSeries {
  private readonly series = new Map<string, Series>();
  private readonly bounds: readonly number[];

  constructor(registry: Registry, bounds: readonly number[]) {
    this.bounds = [...bounds].sort((a, b) => a - b);
    registry.registerMetric({ ...REQUESTS, get: async () => this.requestsTotal() } as never);
    registry.registerMetric({ ...DURATIONS, get: async () => this.durations() } as never);
  }

  /** Counts one answered request. */
  observe(method: string, route: string, status: number, seconds: number): void {
    const key = `${method} ${status} ${route}`;
    let series = this.series.get(key);
    if (!series) {
      series = new Series({ method, route, status: String(status) }, this.bounds);
      this.series.set(key, series);
    }
    series.observe(seconds);
  }

  private requestsTotal(): ExposedMetric {
    return {
      ...REQUESTS,
      values: [...this.series.values()].map((s) => ({ labels: { ...s.labels }, value: s.count })),
    };
  }

  private durations(): ExposedMetric {
    const values: ExposedValue[] = [];
    const bucket = `${DURATIONS.name}_bucket`;
    for (const s of this.series.values()) {
      // Shaped as prom-client's own histogram values, so the registry prints them identically.
      const shared = { sharedLabels: s.labels };
      let cumulative = 0;
      this.bounds.forEach((le, i) => {
        cumulative += s.buckets[i]!;
        values.push({ labels: { le }, value: cumulative, metricName: bucket, ...shared });
      });
      values.push({ labels: { le: '+Inf' }, value: s.count, metricName: bucket, ...shared });
      values.push({ labels: {}, value: s.sum, metricName: `${DURATIONS.name}_sum`, ...shared });
      values.push({ labels: {}, value: s.count, metricName: `${DURATIONS.name}_count`, ...shared });
    }
    return { ...DURATIONS, values };
  }
}
