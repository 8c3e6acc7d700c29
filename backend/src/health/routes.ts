import type { FastifyInstance } from 'fastify';
import type { Readiness } from './readiness.ts';

export function registerHealthRoutes(app: FastifyInstance, readiness: Readiness): void {
  const quiet = (summary: string) => ({
    config: { access: { public: true as const }, docs: { summary, tags: ['operations'] } },
    logLevel: 'warn' as const,
  });
  app.get('/healthz/liveness', quiet('Liveness probe: the JSON string "alive"'), async (_request, reply) =>
    reply.type('application/json').send(JSON.stringify('alive')),
  );
  app.get(
    '/healthz/readiness',
    quiet('Readiness probe: "ready", or 503 "not ready: <reason>"'),
    async (_request, reply) => {
      const reason = readiness.reason();
      if (reason)
        return reply
          .code(503)
          .type('application/json')
          .send(JSON.stringify(`not ready: ${reason}`));
      return reply.type('application/json').send(JSON.stringify('ready'));
    },
  );
}
