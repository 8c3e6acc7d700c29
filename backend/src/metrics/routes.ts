import type { FastifyInstance } from 'fastify';
import type { AppMetrics } from './app-metrics.ts';

export function registerMetrics(app: FastifyInstance, metrics: AppMetrics, enabled: boolean): void {
  if (enabled) {
    app.addHook('onResponse', async (request, reply) => {
      const route = request.routeOptions.url ?? 'unmatched';
      const labels = { method: request.method, route, status: String(reply.statusCode) };
      metrics.httpRequests.inc(labels);
      metrics.httpDuration.observe(labels, reply.elapsedTime / 1000);
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
