import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Readiness } from './readiness.ts';

export function registerHealthRoutes(app: FastifyInstance, readiness: Readiness): void {
  const quiet = (summary: string, response: z.ZodType, errors: number[] = []) => ({
    config: {
      access: { public: true as const },
      docs: { summary, tags: ['operations'], response, errors, errorBody: z.string() },
    },
    logLevel: 'warn' as const,
  });
  app.get(
    '/healthz/liveness',
    quiet('Liveness probe: the JSON string "alive"', z.literal('alive')),
    async (_request, reply) => reply.type('application/json').send(JSON.stringify('alive')),
  );
  app.get(
    '/healthz/readiness',
    quiet(
      'Readiness probe: "ready" once the caches have synced (and while the Kubernetes API is away), or 503 "not ready: <reason>"',
      z.literal('ready'),
      [503],
    ),
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
