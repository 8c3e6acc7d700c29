import { CostAllocationQuerySchema, CostAllocationResponseSchema } from '@jupyter-apis/contract';
import type { FastifyInstance } from 'fastify';
import { invalidRequest, notFound } from '../errors.ts';
import { PODS } from '../k8s/resources.ts';
import { isValidCostWindow } from './cost-window.ts';
import { UpstreamCircuit } from '../upstream/upstream-circuit.ts';
import { fetchAllocationSummary, type KubecostSettings } from './kubecost-client.ts';

export function registerCostRoutes(app: FastifyInstance, kubecost: KubecostSettings | undefined): void {
  // A failing Kubecost answers 502 at once for a while instead of costing every request a timeout.
  const circuit = new UpstreamCircuit({
    name: 'Cost service',
    onOpen: () => app.log.warn('Kubecost keeps failing: not asked for a while'),
    onClose: () => app.log.info('Kubecost answers again'),
  });
  app.get<{ Params: { ns: string }; Querystring: Record<string, unknown> }>(
    '/api/namespaces/:ns/cost/allocation',
    {
      config: {
        access: { checks: [{ verb: 'list', type: PODS }] },
        docs: {
          summary: "The namespace's Kubecost allocation summary, passed through verbatim (no envelope)",
          tags: ['cost'],
          query: CostAllocationQuerySchema,
          response: CostAllocationResponseSchema,
          errors: [400, 404, 502, 504],
        },
      },
    },
    async (request, reply) => {
      if (!kubecost) throw notFound('Cost reporting is not enabled.');
      const raw = request.query.window;
      const window = raw === undefined || raw === '' ? 'today' : raw;
      if (typeof window !== 'string' || !isValidCostWindow(window)) {
        throw invalidRequest([
          {
            field: 'window',
            message: `window '${String(window)}' must be today, yesterday, week, month, lastweek, lastmonth, <n>(m|h|d|w), or two RFC 3339 or unix timestamps separated by a comma.`,
          },
        ]);
      }
      const summary = await circuit.call(() => fetchAllocationSummary(kubecost, request.params.ns, window));
      return reply.code(200).type(summary.contentType).send(summary.body);
    },
  );
}
