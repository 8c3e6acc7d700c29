import { LIVE_EVENTS, LiveStreamQuerySchema, type LiveKind } from '@jupyter-apis/contract';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors.ts';
import { readsFromApiServer } from '../http/consistent-reads.ts';
import { attributesFor, type AccessCheck } from '../http/route-access.ts';
import { EVENTS, NOTEBOOKS, PODDEFAULTS, PVCS, type ResourceType } from '../k8s/resources.ts';
import type { ResourceAttributes } from '../k8s/subject-access-review.ts';
import type { LiveStreams } from './live-streams.ts';
import { parseStreamRequest } from './stream-request.ts';

/** The list route each kind's items come from, and so the access it needs. */
const LIST_OF: Record<LiveKind, Pick<ResourceType, 'group' | 'version' | 'resource'>> = {
  notebooks: NOTEBOOKS,
  pvcs: PVCS,
  poddefaults: PODDEFAULTS,
};

export function registerLiveRoutes(app: FastifyInstance, live: LiveStreams | undefined): void {
  app.get<{ Params: { ns: string }; Querystring: Record<string, unknown> }>(
    '/api/namespaces/:ns/stream',
    {
      config: {
        // The same access as the list routes the stream stands in for: `list` of each list followed,
        // and of events for a details page's events. It depends on the query, so the handler asks
        // (a user first) and the stream asks again while it is open.
        access: { checks: [] },
        docs: {
          summary: 'Live updates (Server-Sent Events): list items as the list routes build them, added/changed/removed',
          tags: ['live'],
          query: LiveStreamQuerySchema,
          stream: LIVE_EVENTS,
          errors: [400, 429],
        },
      },
      logLevel: 'info',
    },
    async (request, reply) => {
      const { ns } = request.params;
      const asked = parseStreamRequest(request.query, request.headers['last-event-id']);
      const checks: AccessCheck[] = asked.kinds.map((kind) => ({ verb: 'list', type: LIST_OF[kind] }));
      if (asked.object) checks.push({ verb: 'list', type: EVENTS });
      for (const check of checks) await request.authorize(check);
      if (!live) {
        throw new AppError('unavailable', 'Live updates need the watch caches; use the list routes.');
      }
      // X-Min-Resource-Version named writes this replica's watches did not bring within the wait: a
      // snapshot from its caches would miss them. Refused with 503, the client polls the list routes
      // (which read past the caches) and reconnects, to this replica once it caught up or another.
      if (readsFromApiServer(request)) {
        throw new AppError(
          'unavailable',
          'This replica has not caught up with your latest changes yet; the stream reconnects shortly.',
        );
      }
      const access: ResourceAttributes[] = checks.map((c) => attributesFor(request, c));
      await live.open(
        {
          subject: { user: request.identity.user ?? '', groups: request.identity.groups },
          namespace: ns,
          kinds: asked.kinds,
          object: asked.object,
          access,
          lastEventId: asked.lastEventId,
        },
        reply.raw,
        () => {
          reply.hijack();
          return reply.getHeaders();
        },
      );
    },
  );
}
