import type { FastifyInstance } from 'fastify';
import { errorBody } from './envelope.ts';

/**
 * A known path asked with a method it does not have answers 405 with `Allow`, before the identity,
 * CSRF and body checks (which would otherwise answer 401, 403 or 400 about a request that cannot
 * succeed anyway), whatever the method: QUERY, OPTIONS or one Node knows nothing about.
 */
export function registerMethodNotAllowed(app: FastifyInstance, allowedMethods: (path: string) => string[]): void {
  app.addHook('onRequest', (request, reply, done) => {
    if (!request.is404) return done();
    const allowed = allowedMethods(request.url.split('?')[0]!);
    if (allowed.length === 0 || allowed.includes(request.method)) return done();
    reply
      .code(405)
      .header('allow', allowed.join(', '))
      .send(errorBody(405, `Method ${request.method} not allowed.`, request.identity?.user ?? null));
  });
}
