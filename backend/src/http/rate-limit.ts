import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Mutating requests per user per minute (RATE_LIMIT_PER_MINUTE; 0 turns the limit off). Reads are
 * not limited: the UI polls them. Runs after authentication and the CSRF check, before the
 * SubjectAccessReviews, so a flood costs the API server nothing. Must be registered before the routes.
 */
export async function registerRateLimit(app: FastifyInstance, perMinute: number): Promise<void> {
  if (perMinute <= 0) return;
  // Routes that only read get no limiter hook at all (rather than one that lets every request pass).
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (methods.every((m) => SAFE_METHODS.has(m)) && route.config?.rateLimit === undefined) {
      route.config = { ...route.config, rateLimit: false };
    }
  });
  await app.register(fastifyRateLimit, {
    global: true,
    max: perMinute,
    timeWindow: 60_000,
    hook: 'onRequest',
    keyGenerator: (request: FastifyRequest) =>
      request.identity?.user ? `user:${request.identity.user}` : `ip:${request.ip}`,
    allowList: (request: FastifyRequest) => SAFE_METHODS.has(request.method),
    addHeadersOnExceeding: { 'x-ratelimit-limit': false, 'x-ratelimit-remaining': false, 'x-ratelimit-reset': false },
    errorResponseBuilder: (_request, context) => ({
      statusCode: 429,
      code: 'RATE_LIMITED',
      message: `Too many requests: at most ${context.max} changes per minute, retry in ${context.after}.`,
    }),
  });
}
