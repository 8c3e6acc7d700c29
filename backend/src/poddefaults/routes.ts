import { PodDefaultsResponseSchema } from '@jupyter-apis/contract';
import type { FastifyInstance } from 'fastify';
import { sendOk } from '../http/envelope.ts';
import type { ClusterReader } from '../k8s/cluster-reader.ts';
import { PODDEFAULTS } from '../k8s/resources.ts';
import { podDefaultItems } from './poddefault-item.ts';

export function registerPodDefaultRoutes(
  app: FastifyInstance,
  deps: { reader: ClusterReader; hiddenLabels: readonly string[] },
): void {
  app.get<{ Params: { ns: string } }>(
    '/api/namespaces/:ns/poddefaults',
    {
      config: {
        access: { checks: [{ verb: 'list', type: PODDEFAULTS }] },
        docs: {
          summary: 'PodDefaults the form can select, sorted by name',
          tags: ['configuration'],
          response: PodDefaultsResponseSchema,
        },
      },
    },
    async (request, reply) => {
      const podDefaults = await deps.reader.listPodDefaults(request.params.ns);
      return sendOk(request, reply, { poddefaults: podDefaultItems(podDefaults, deps.hiddenLabels) });
    },
  );
}
