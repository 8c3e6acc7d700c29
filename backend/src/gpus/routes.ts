import { GpuVendorsResponseSchema } from '@jupyter-apis/contract';
import type { FastifyInstance } from 'fastify';
import type { SpawnerConfigStore } from '../config/spawner-config.ts';
import { sendOk } from '../http/envelope.ts';
import type { ClusterReader } from '../k8s/cluster-reader.ts';
import type { Node } from '../k8s/types.ts';
import { advertisedVendors, configuredVendors } from './gpu-vendors.ts';

export function registerGpuRoutes(
  app: FastifyInstance,
  deps: { reader: ClusterReader; spawnerConfig: SpawnerConfigStore },
): void {
  app.get(
    '/api/gpus',
    {
      config: {
        access: { public: true },
        docs: {
          summary: 'GPU vendors (limits keys) that are configured and advertised by some node',
          tags: ['configuration'],
          response: GpuVendorsResponseSchema,
        },
      },
    },
    async (request, reply) => {
      const configured = configuredVendors(deps.spawnerConfig.current);
      let nodes: readonly Node[];
      try {
        nodes = await deps.reader.listNodes();
      } catch (err) {
        request.log.warn(
          { reason: err instanceof Error ? err.message : String(err) },
          'cannot list nodes; offering every configured GPU vendor',
        );
        return sendOk(request, reply, { vendors: configured });
      }
      return sendOk(request, reply, { vendors: advertisedVendors(configured, nodes) });
    },
  );
}
