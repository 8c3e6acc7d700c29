import type { FastifyInstance } from 'fastify';
import type { AppMetrics } from './app-metrics.ts';
import { routeOf } from '../http/route-of.ts';

export function registerMetrics(app: FastifyInstance, metrics: AppMetrics, enabled: boolean): void {
  if (enabled) {
    app.addHook('onResponse', (request, reply, done) => {
      metrics.httpRequests.observe(
        request.method,
        routeOf(request).url ?? 'unmatched',
        reply.statusCode,
        reply.elapsedTime / 1000,
      );
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
