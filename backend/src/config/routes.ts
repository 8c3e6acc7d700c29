import type { FastifyInstance } from 'fastify';
import { sendOk } from '../http/envelope.ts';
import type { SpawnerConfigStore } from './spawner-config.ts';

export function registerConfigRoutes(app: FastifyInstance, store: SpawnerConfigStore): void {
  app.get('/api/config', { config: { access: { public: true } } }, async (request, reply) =>
    sendOk(request, reply, { config: store.current }),
  );
}
