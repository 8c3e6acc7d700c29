import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { CatchUpOutcome } from '../http/consistent-reads.ts';
import type { KubeCall } from '../k8s/rest-client.ts';
import { HttpRequestSeries } from './http-request-series.ts';

/** Every Prometheus series the app exposes, on a registry of its own (tests build many apps). */
export class AppMetrics {
  readonly registry = new Registry();
  readonly httpRequests: HttpRequestSeries;
  readonly responseBuild: Histogram<'route'>;
  readonly k8sDuration: Histogram<'verb' | 'resource' | 'code'>;
  readonly k8sRequests: Counter<'verb' | 'resource' | 'code'>;
  /** Counted per request, so a plain number read when scraped (see HttpRequestSeries). */
  private sarCacheHitCount = 0;
  readonly sarRequests: Counter;
  readonly informerRestarts: Counter<'resource'>;
  readonly informerRelists: Counter<'resource'>;
  readonly cacheSynced: Gauge<'resource'>;
  readonly liveStreams: Gauge;
  readonly liveStreamsClosed: Counter<'reason'>;
  readonly kubeApiUp: Gauge;
  readonly consistentReads: Counter<'outcome'>;
  readonly consistentReadWait: Histogram<'outcome'>;

  constructor(appVersion: string, withProcessMetrics = true) {
    const registers = [this.registry];
    if (withProcessMetrics) collectDefaultMetrics({ register: this.registry });
    new Gauge({ name: 'app_info', help: 'Application version', labelNames: ['version'], registers }).set(
      { version: appVersion },
      1,
    );
    this.httpRequests = new HttpRequestSeries(
      this.registry,
      [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    );
    this.responseBuild = new Histogram({
      name: 'jwa_response_build_seconds',
      help: 'Time to build a GET answer not served from the response memo (handler and serialisation)',
      labelNames: ['route'],
      buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    });
    this.k8sDuration = new Histogram({
      name: 'jwa_k8s_request_duration_seconds',
      help: 'Kubernetes API call latency',
      labelNames: ['verb', 'resource', 'code'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.k8sRequests = new Counter({
      name: 'jwa_k8s_requests_total',
      help: 'Kubernetes API calls',
      labelNames: ['verb', 'resource', 'code'],
      registers,
    });
    const hits = () => this.sarCacheHitCount;
    new Counter({
      name: 'jwa_sar_cache_hits_total',
      help: 'Authorization decisions answered from the SubjectAccessReview cache',
      registers,
      collect() {
        this.reset();
        this.inc(hits());
      },
    });
    this.sarRequests = new Counter({
      name: 'jwa_sar_requests_total',
      help: 'SubjectAccessReviews sent to the API server',
      registers,
    });
    this.informerRestarts = new Counter({
      name: 'jwa_informer_restarts_total',
      help: 'Watch cache restarts after an error',
      labelNames: ['resource'],
      registers,
    });
    this.kubeApiUp = new Gauge({
      name: 'jwa_kubernetes_api_up',
      help: '1 while the Kubernetes API server answers this replica (reads are served from the caches either way)',
      registers,
    });
    this.kubeApiUp.set(1);
    this.informerRelists = new Counter({
      name: 'jwa_informer_relists_total',
      help: 'Watch caches rebuilt from a fresh list after their first (410 Gone or an error)',
      labelNames: ['resource'],
      registers,
    });
    this.cacheSynced = new Gauge({
      name: 'jwa_cache_synced',
      help: '1 when the watch cache of a resource is synced',
      labelNames: ['resource'],
      registers,
    });
    this.liveStreams = new Gauge({ name: 'jwa_live_streams', help: 'Live streams open', registers });
    this.liveStreamsClosed = new Counter({
      name: 'jwa_live_streams_closed_total',
      help: 'Live streams ended, by reason (client, slow, forbidden, shutdown)',
      labelNames: ['reason'],
      registers,
    });
    this.consistentReads = new Counter({
      name: 'jwa_consistent_reads_total',
      help: 'Requests that named the resource versions their client has seen (X-Min-Resource-Version), by outcome: current (the caches had them), caught_up (the request waited for the watches), api_server (not in time: read from the API server)',
      labelNames: ['outcome'],
      registers,
    });
    this.consistentReadWait = new Histogram({
      name: 'jwa_consistent_read_wait_seconds',
      help: 'How long requests waited for the caches to reach the versions their client has seen (caught_up and api_server outcomes)',
      labelNames: ['outcome'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5],
      registers,
    });
  }

  countSarCacheHit = (): void => {
    this.sarCacheHitCount++;
  };

  observeConsistentRead = (outcome: CatchUpOutcome, waitedSeconds: number): void => {
    this.consistentReads.inc({ outcome });
    if (outcome !== 'current') this.consistentReadWait.observe({ outcome }, waitedSeconds);
  };

  observeKubeCall = (call: KubeCall): void => {
    const labels = { verb: call.verb, resource: call.resource, code: String(call.code) };
    this.k8sRequests.inc(labels);
    if (call.verb !== 'watch') this.k8sDuration.observe(labels, call.seconds);
    if (call.resource === 'subjectaccessreviews') this.sarRequests.inc();
  };
}
