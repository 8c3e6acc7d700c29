import fastifyCookie from '@fastify/cookie';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { registerConfigRoutes } from './config/routes.ts';
import { kubecostSettings } from './cost/kubecost-client.ts';
import { registerCostRoutes } from './cost/routes.ts';
import type { Settings } from './config/settings.ts';
import type { SpawnerConfigStore } from './config/spawner-config.ts';
import { AppError } from './errors.ts';
import { registerGpuRoutes } from './gpus/routes.ts';
import { registerHealthRoutes } from './health/routes.ts';
import type { Readiness } from './health/readiness.ts';
import { checkCsrf, registerCsrfCookieOnGet, type CsrfSettings } from './http/csrf.ts';
import { registerErrorHandler } from './http/error-handler.ts';
import { readIdentity, type Identity } from './http/identity.ts';
import { registerPathParamCheck } from './http/path-params.ts';
import { isVersionSource, registerResponseMemo } from './http/response-memo.ts';
import { registerRateLimit } from './http/rate-limit.ts';
import { lazyRequestLogger, OneLineRequestLog } from './http/request-log.ts';
import { registerRouteAccess } from './http/route-access.ts';
import { registerSecurityHeaders } from './http/security-headers.ts';
import { registerInfoRoutes } from './info/routes.ts';
import type { ClusterReader } from './k8s/cluster-reader.ts';
import type { KubeApis } from './k8s/kube-apis.ts';
import type { SubjectAccessReviewer } from './k8s/subject-access-review.ts';
import type { AppMetrics } from './metrics/app-metrics.ts';
import { registerMetrics } from './metrics/routes.ts';
import { registerNotebookRoutes } from './notebooks/routes.ts';
import { registerNamespaceRoutes } from './namespaces/routes.ts';
import { RouteCatalog } from './openapi/route-catalog.ts';
import { registerOpenApiRoutes } from './openapi/routes.ts';
import { registerPodDefaultRoutes } from './poddefaults/routes.ts';
import { registerSpa } from './spa/routes.ts';
import { registerStorageClassRoutes } from './storageclasses/routes.ts';
import { APP_VERSION } from './version.ts';
import { prometheusSettings } from './volumes/prometheus-usage.ts';
import { PvcViewerFeature } from './volumes/pvc-viewer-feature.ts';
import { registerVolumeRoutes } from './volumes/routes.ts';

declare module 'fastify' {
  interface FastifyRequest {
    identity: Identity;
  }
}

/** Everything the app needs from outside; tests pass real Kubernetes clients and their own settings. */
export interface AppDeps {
  settings: Settings;
  apis: KubeApis;
  reader: ClusterReader;
  reviewer: SubjectAccessReviewer;
  spawnerConfig: SpawnerConfigStore;
  readiness: Readiness;
  metrics: AppMetrics;
  /** The app's own Kubernetes user, to tell our missing RBAC from the user's. */
  serviceAccountUser?: string;
  /** Directory of the built UI; routes fall back to a notice when it is absent. */
  staticDir: string;
  logger?: FastifyBaseLogger;
  /** Where the one line per request goes: a logger without redaction (see http/request-log.ts). */
  accessLogger?: FastifyBaseLogger;
}

const BODY_LIMIT = 1024 * 1024;
/** Slow clients: the whole request must arrive within this time; idle sockets are closed after IDLE. */
const REQUEST_TIMEOUT_MS = 30_000;
const CONNECTION_IDLE_TIMEOUT_MS = 120_000;
/** A safety net above the per-call Kubernetes/Kubecost timeouts; answers 504. */
const HANDLER_TIMEOUT_MS = 60_000;

/** The routes answer at the root and under APP_PREFIX: strip the prefix before routing. */
function prefixStripper(prefix: string): (url: string) => string {
  if (prefix === '/') return (url) => url;
  return (url) => {
    if (url === prefix) return '/';
    if (url.startsWith(`${prefix}/`) || url.startsWith(`${prefix}?`)) {
      const rest = url.slice(prefix.length);
      return rest.startsWith('?') ? `/${rest}` : rest;
    }
    return url;
  };
}

export { LOG_REDACT_PATHS } from './http/log-redaction.ts';

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { settings } = deps;
  const stripPrefix = prefixStripper(settings.appPrefix);
  const app = Fastify({
    ...(deps.logger ? { loggerInstance: deps.logger } : { logger: false }),
    logController: new OneLineRequestLog({ accessLogger: deps.accessLogger, sample: settings.accessLogSample }),
    ...(deps.accessLogger ? { childLoggerFactory: lazyRequestLogger } : {}),
    bodyLimit: BODY_LIMIT,
    requestTimeout: REQUEST_TIMEOUT_MS,
    connectionTimeout: CONNECTION_IDLE_TIMEOUT_MS,
    handlerTimeout: HANDLER_TIMEOUT_MS,
    rewriteUrl: (req) => stripPrefix(req.url ?? '/'),
    routerOptions: { ignoreTrailingSlash: true },
    return503OnClosing: true,
  });
  const routes = RouteCatalog.attach(app);
  const viewers = new PvcViewerFeature(deps.apis, settings.viewerSpecPath);

  const csrf: CsrfSettings = {
    cookiePath: settings.appPrefix,
    sameSite: settings.csrfSameSite,
    secure: settings.secureCookies,
  };
  await app.register(fastifyCookie);
  registerSecurityHeaders(app, { https: settings.secureCookies });
  registerErrorHandler(app, deps.serviceAccountUser);

  app.decorateRequest('identity', null as unknown as Identity);
  app.addHook('onRequest', async (request) => {
    request.identity = readIdentity(request, settings);
    const access = request.routeOptions.config?.access;
    const needsUser = access !== undefined && !('public' in access);
    if (needsUser && !settings.authDisabled && !request.identity.user) {
      throw new AppError('unauthenticated', 'No user detected.');
    }
    checkCsrf(request);
  });
  registerPathParamCheck(app);
  registerRouteAccess(app, deps.reviewer, { authDisabled: settings.authDisabled });
  registerCsrfCookieOnGet(app, csrf);
  await registerRateLimit(app, settings.rateLimitPerMinute);
  registerResponseMemo(app, isVersionSource(deps.reader) ? deps.reader : undefined, {
    onBuild: (route, seconds) => deps.metrics.responseBuild.observe({ route }, seconds),
  });

  // Mutating routes take JSON only; anything else is refused before a handler runs.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    /^application\/(.+\+)?json(\s*;.*)?$/i,
    { parseAs: 'string', bodyLimit: BODY_LIMIT },
    (_request, body, done) => {
      const text = typeof body === 'string' ? body : body.toString('utf8');
      if (text.trim() === '') return done(null, undefined);
      try {
        done(null, JSON.parse(text));
      } catch {
        done(
          new AppError('invalid', 'Request body is not valid JSON.', [
            { field: '', message: 'Request body is not valid JSON.' },
          ]),
          undefined,
        );
      }
    },
  );
  app.addContentTypeParser('*', (_request, _payload, done) => {
    done(new AppError('invalid', 'Request is not in JSON format.'), undefined);
  });

  registerHealthRoutes(app, deps.readiness);
  registerMetrics(app, deps.metrics, settings.metricsEnabled);
  registerConfigRoutes(app, deps.spawnerConfig);
  registerNotebookRoutes(app, deps);
  registerPodDefaultRoutes(app, { reader: deps.reader, hiddenLabels: settings.hiddenPodDefaultLabels });
  registerVolumeRoutes(app, {
    reader: deps.reader,
    apis: deps.apis,
    viewers,
    prometheus: prometheusSettings(settings),
  });
  registerNamespaceRoutes(app, { reader: deps.reader, reviewer: deps.reviewer, authDisabled: settings.authDisabled });
  registerStorageClassRoutes(app, { reader: deps.reader });
  registerGpuRoutes(app, { reader: deps.reader, spawnerConfig: deps.spawnerConfig });
  registerCostRoutes(app, kubecostSettings(settings));
  registerInfoRoutes(app, { settings, reviewer: deps.reviewer, routes, viewers });
  registerOpenApiRoutes(app, {
    catalog: routes,
    title: settings.appName,
    version: APP_VERSION,
    userHeader: settings.userHeader,
    docsPage: settings.devMode || settings.devUser !== undefined,
  });
  const allowedMethods = (path: string) => routes.methodsFor(path);
  await registerSpa(app, { staticDir: deps.staticDir, appPrefix: settings.appPrefix, csrf, allowedMethods });
  return app;
}
