import { ConfigResponseSchema } from '@jupyter-apis/contract';
import type { FastifyInstance } from 'fastify';
import { sendOk } from '../http/envelope.ts';
import type { SpawnerConfigStore } from './spawner-config.ts';

export function registerConfigRoutes(app: FastifyInstance, store: SpawnerConfigStore): void {
  app.get(
    '/api/config',
    {
      config: {
        access: { public: true },
        docs: {
          summary: 'The spawner form defaults (spawnerFormDefaults), every key as loaded',
          tags: ['configuration'],
          response: ConfigResponseSchema,
          kubernetes: false,
        },
      },
    },
    async (request, reply) => sendOk(request, reply, { config: store.current }),
  );
}
