import { NamespaceResponseSchema, NamespacesResponseSchema } from '@jupyter-apis/contract';
import type { FastifyInstance } from 'fastify';
import { notFound } from '../errors.ts';
import { sendOk } from '../http/envelope.ts';
import type { ClusterReader } from '../k8s/cluster-reader.ts';
import { NAMESPACES } from '../k8s/resources.ts';
import type { SubjectAccessReviewer } from '../k8s/subject-access-review.ts';
import { namespaceDetail } from './namespace-detail.ts';
import { visibleNamespaces } from './visible-namespaces.ts';

export interface NamespaceRoutesDeps {
  reader: ClusterReader;
  reviewer: SubjectAccessReviewer;
  authDisabled: boolean;
}

const TAGS = ['namespaces'];

export function registerNamespaceRoutes(app: FastifyInstance, deps: NamespaceRoutesDeps): void {
  app.get(
    '/api/namespaces',
    {
      config: {
        // A user is required; the cluster-wide `list namespaces` review is made in the handler,
        // because a denial narrows the answer instead of refusing it.
        access: { checks: [] },
        docs: {
          summary: 'Namespaces the caller may work in (all of them for who may list namespaces)',
          tags: TAGS,
          response: NamespacesResponseSchema,
        },
      },
    },
    async (request, reply) => {
      const all = (await deps.reader.listNamespaces()).map((ns) => ns.metadata.name ?? '').filter((n) => n !== '');
      const { user, groups } = request.identity;
      const subject = deps.authDisabled || !user ? undefined : { user, groups };
      return sendOk(request, reply, { namespaces: await visibleNamespaces(all, subject, deps.reviewer) });
    },
  );

  app.get<{ Params: { ns: string } }>(
    '/api/namespaces/:ns',
    {
      config: {
        access: { checks: [{ verb: 'get', type: NAMESPACES, nameParam: 'ns' }] },
        docs: {
          summary: "A namespace's metadata, spec and status",
          tags: TAGS,
          response: NamespaceResponseSchema,
          errors: [404],
        },
      },
    },
    async (request, reply) => {
      const { ns } = request.params;
      const namespace = await deps.reader.getNamespace(ns);
      if (!namespace) throw notFound(`Namespace '${ns}' not found.`);
      return sendOk(request, reply, { namespace: namespaceDetail(namespace) });
    },
  );
}
