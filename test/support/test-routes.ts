import type { FastifyInstance } from 'fastify';
import { sendOk } from '../../backend/src/http/envelope.ts';
import { NOTEBOOKS } from '../../backend/src/k8s/resources.ts';

/**
 * A mutating route shaped like the app's own (an access rule with a SubjectAccessReview, JSON body),
 * for tests of the app-wide hooks that must not depend on which resource routes are merged yet.
 */
export function registerProbeWriteRoute(app: FastifyInstance): void {
  app.post<{ Params: { ns: string; nb: string } }>(
    '/api/namespaces/:ns/probe-writes/:nb',
    { config: { access: { checks: [{ verb: 'update', type: NOTEBOOKS, nameParam: 'nb' }] } } },
    async (request, reply) => sendOk(request, reply, { received: request.body ?? null }),
  );
}
