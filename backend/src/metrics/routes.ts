import type { FastifyInstance } from 'fastify';
import type { AppMetrics } from './app-metrics.ts';

export function registerMetrics(app: FastifyInstance, metrics: AppMetrics, enabled: boolean): void {
  if (enabled) {
    // prom-client hashes a label object on every call; the few method/route/status series get
    // their children once instead.
    const series = new Map<string, { requests: { inc(): void }; duration: { observe(value: number): void } }>();
    app.addHook('onResponse', (request, reply, done) => {
      const route = request.routeOptions.url ?? 'unmatched';
      const key = `${request.method} ${reply.statusCode} ${route}`;
      let s = series.get(key);
      if (!s) {
        const labels = { method: request.method, route, status: String(reply.statusCode) };
        s = { requests: metrics.httpRequests.labels(labels), duration: metrics.httpDuration.labels(labels) };
        series.set(key, s);
      }
      s.requests.inc();
      s.duration.observe(reply.elapsedTime / 1000);
      done();
    });
  }
  app.get(
    '/metrics',
    {
      config: {
        access: { public: true },
        docs: { summary: 'Prometheus metrics (text exposition format)', tags: ['operations'], errors: [404] },
      },
      logLevel: 'warn',
    },
    async (_request, reply) => {
      if (!enabled) return reply.code(404).type('text/plain').send('metrics are disabled\n');
      return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
    },
  );
}
