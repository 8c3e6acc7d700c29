import type { FastifyRequest } from 'fastify';

type RequestRoute = FastifyRequest['routeOptions'];

declare module 'fastify' {
  interface FastifyRequest {
    routeOptionsOnce?: RequestRoute;
  }
}

/**
 * The request's route options, read once per request: Fastify's `request.routeOptions` getter
 * builds a new object on every access, and our hooks read it about ten times per request.
 */
export function routeOf(request: FastifyRequest): RequestRoute {
  return (request.routeOptionsOnce ??= request.routeOptions);
}
