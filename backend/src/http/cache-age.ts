import type { FastifyInstance } from 'fastify';
import { routeOf } from './route-of.ts';

/** Tells since when the data reads are served from may be behind the API server. */
export interface StalenessSource {
  staleSince(): number | undefined;
}

export const CACHE_AGE_HEADER = 'x-cache-age';

export function isStalenessSource(value: unknown): value is StalenessSource {
  return typeof (value as Partial<StalenessSource> | undefined)?.staleSince === 'function';
}

/**
 * While the watch caches may be behind (the API server does not answer, or a watch is down), every
 * API read says how old its data may be: `X-Cache-Age: <seconds>` since the caches were last known
 * current. Absent while they are current.
 */
export function registerCacheAgeHeader(app: FastifyInstance, source: StalenessSource): void {
  app.addHook('onSend', (request, reply, payload, done) => {
    if (request.method !== 'GET' || (reply.statusCode >= 300 && reply.statusCode !== 304)) return done(null, payload);
    if (!routeOf(request).url?.startsWith('/api/')) return done(null, payload);
    const since = source.staleSince();
    if (since !== undefined)
      reply.header(CACHE_AGE_HEADER, String(Math.max(0, Math.floor((Date.now() - since) / 1000))));
    done(null, payload);
  });
}
