import type { Features } from '@jupyter-apis/contract';
import { InfoResponseSchema } from '@jupyter-apis/contract';
import type { FastifyInstance } from 'fastify';
import type { Settings } from '../config/settings.ts';
import { sendOk } from '../http/envelope.ts';
import type { SubjectAccessReviewer } from '../k8s/subject-access-review.ts';
import type { RouteCatalog } from '../openapi/route-catalog.ts';
import { APP_VERSION } from '../version.ts';
import type { PvcViewerFeature } from '../volumes/pvc-viewer-feature.ts';

export interface InfoRoutesDeps {
  settings: Settings;
  reviewer: SubjectAccessReviewer;
  routes: RouteCatalog;
  viewers: PvcViewerFeature;
}

/** Optional features are on when their route is registered (and, where needed, configured). */
async function features(deps: InfoRoutesDeps): Promise<Features> {
  const { settings, routes } = deps;
  let pvcViewers = false;
  try {
    pvcViewers = await deps.viewers.enabled();
  } catch {
    // The Kubernetes API is unreachable: report the feature off rather than fail /info.
  }
  return {
    kubecost: settings.kubecostUrl !== undefined,
    prometheus: settings.prometheusUrl !== undefined && routes.has('GET', '/api/namespaces/:ns/pvc-usage'),
    pvcViewers,
    defaultNotebook: routes.has('POST', '/api/namespaces/:ns/createdefault'),
    edit: routes.has('POST', '/api/namespaces/:ns/notebooks/:nb'),
    keepalive: routes.has('PATCH', '/api/namespaces/:ns/notebooks/:nb/keepalive/:hours'),
  };
}

export function registerInfoRoutes(app: FastifyInstance, deps: InfoRoutesDeps): void {
  app.get(
    '/info',
    {
      config: {
        access: { public: true },
        docs: {
          summary: 'App version, name, optional features, and whether the caller is a cluster admin',
          tags: ['configuration'],
          response: InfoResponseSchema,
        },
      },
    },
    async (request, reply) => {
      const { user, groups } = request.identity;
      let isClusterAdmin = deps.settings.authDisabled;
      if (!isClusterAdmin && user) {
        isClusterAdmin = await deps.reviewer.allowed(
          { user, groups },
          { verb: '*', group: '*', version: '*', resource: '*' },
        );
      }
      return sendOk(request, reply, {
        info: {
          version: APP_VERSION,
          name: deps.settings.appName,
          features: await features(deps),
          isClusterAdmin,
        },
      });
    },
  );
}
