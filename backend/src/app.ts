import fastifyCompress from '@fastify/compress';
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
import { registerConnectionCloseWhileStopping, type Shutdown } from './health/shutdown.ts';
import { isStalenessSource, registerCacheAgeHeader } from './http/cache-age.ts';
import { COMPRESSION_THRESHOLD_BYTES } from './http/content-encoding.ts';
import { isCatchUpSource, readsFromApiServer, registerConsistentReads } from './http/consistent-reads.ts';
import { checkCsrf, registerCsrfCookieOnGet, type CsrfSettings } from './http/csrf.ts';
import { registerErrorHandler } from './http/error-handler.ts';
import { clientErrorHandler, frameworkErrorHandler } from './http/framework-errors.ts';
import { readIdentity, type Identity } from './http/identity.ts';
import { registerPathParamCheck } from './http/path-params.ts';
import { isVersionSource, registerResponseMemo } from './http/response-memo.ts';
import { registerRateLimit } from './http/rate-limit.ts';
import type { AccessLineWriter } from './http/access-lines.ts';
import { lazyRequestLogger, OneLineRequestLog } from './http/request-log.ts';
import { describeDenial, registerRouteAccess } from './http/route-access.ts';
import { registerMethodNotAllowed } from './http/method-not-allowed.ts';
import { registerSecurityHeaders, securityHeaders } from './http/security-headers.ts';
import { registerInfoRoutes } from './info/routes.ts';
import { isChangeSource } from './k8s/change-source.ts';
import type { ClusterReader } from './k8s/cluster-reader.ts';
import type { KubeApis } from './k8s/kube-apis.ts';
import type { SubjectAccessReviewer } from './k8s/subject-access-review.ts';
import type { AppMetrics } from './metrics/app-metrics.ts';
import { LiveItems } from './live/live-items.ts';
import { LiveStreams } from './live/live-streams.ts';
import { registerLiveRoutes } from './live/routes.ts';
import { registerMetrics } from './metrics/routes.ts';
import { registerNotebookRoutes } from './notebooks/routes.ts';
import { registerNamespaceRoutes } from './namespaces/routes.ts';
import { RouteCatalog } from './openapi/route-catalog.ts';
import { registerOpenApiRoutes } from './openapi/routes.ts';
import { registerPodDefaultRoutes } from './poddefaults/routes.ts';
import { localeApiPathStripper } from './spa/locale-api-path.ts';
import { registerSpa } from './spa/routes.ts';
import { detectStaticLayout } from './spa/static-layout.ts';
import { registerStorageClassRoutes } from './storageclasses/routes.ts';
import { UpstreamCircuit } from './upstream/upstream-circuit.ts';
import { APP_VERSION } from './version.ts';
import { LiveVolumeUsage } from './volumes/live-volume-usage.ts';
import { prometheusSettings } from './volumes/prometheus-usage.ts';
import { PvcViewerFeature } from './volumes/pvc-viewer-feature.ts';
import { registerVolumeRoutes } from './volumes/routes.ts';
import { routeOf } from './http/route-of.ts';

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
  /** The replica's shutdown (the server's SIGTERM handling); answers close their connections once it began. */
  shutdown?: Shutdown;
  metrics: AppMetrics;
  /** Directory of the built UI; routes fall back to a notice when it is absent. */
  staticDir: string;
  logger?: FastifyBaseLogger;
  /** Where the one line per request goes, without the logger's redaction (see http/request-log.ts). */
  accessLines?: AccessLineWriter;
}

const BODY_LIMIT = 1024 * 1024;
/** Slow clients: the whole request must arrive within this time; idle sockets are closed after IDLE. */
const REQUEST_TIMEOUT_MS = 30_000;
const CONNECTION_IDLE_TIMEOUT_MS = 120_000;
/** A safety net above the per-call Kubernetes/Kubecost timeouts; answers 504. */
const HANDLER_TIMEOUT_MS = 60_000;
/**
 * Object names are DNS-1123 subdomains of up to 253 characters: longer path parameters still reach
 * our own validation (a 400 naming the parameter); beyond this the router answers 414.
 */
const MAX_PATH_PARAM_LENGTH = 512;

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

/** Volume usage from Prometheus when configured: one circuit breaker for the PVC routes and the streams. */
function volumeUsage(app: FastifyInstance, settings: Settings): LiveVolumeUsage | undefined {
  const prometheus = prometheusSettings(settings);
  if (!prometheus) return undefined;
  return new LiveVolumeUsage(prometheus, {
    circuit: new UpstreamCircuit({
      name: 'Metrics service',
      onOpen: () => app.log.warn('Prometheus keeps failing: volume usage not asked for a while'),
      onClose: () => app.log.info('Prometheus answers again: volume usage is live'),
    }),
    onFailure: (reason) => app.log.debug({ reason }, 'volume usage unavailable for a PVC list'),
  });
}

/** Live streams need change notifications, which only the watch caches give. */
function liveStreams(
  app: FastifyInstance,
  deps: AppDeps,
  viewers: PvcViewerFeature,
  usage: LiveVolumeUsage | undefined,
): LiveStreams | undefined {
  const { reader, settings, metrics } = deps;
  if (!isChangeSource(reader)) return undefined;
  const items = new LiveItems({
    reader,
    spawnerConfig: deps.spawnerConfig,
    viewers,
    hiddenPodDefaultLabels: settings.hiddenPodDefaultLabels,
    usage,
  });
  const live = new LiveStreams(reader, items, deps.reviewer, {
    maxPerUser: settings.streamMaxPerUser,
    maxTotal: settings.streamMaxTotal,
    heartbeatMs: settings.streamHeartbeatMs,
    maxBufferBytes: settings.streamMaxBufferBytes,
    usageRefreshMs: settings.streamUsageRefreshMs,
    recheckFallbackMs: settings.sarCacheTtlMs > 0 ? settings.sarCacheTtlMs : 10_000,
    authorize: !settings.authDisabled,
    describeDenial,
    onOpen: () => metrics.liveStreams.set(live.count),
    onClose: (reason) => {
      metrics.liveStreams.set(live.count);
      metrics.liveStreamsClosed.inc({ reason });
      if (reason === 'slow') app.log.warn('live stream dropped: the client did not keep up');
    },
    onError: (err, namespace) =>
      app.log.warn({ namespace, reason: err instanceof Error ? err.message : String(err) }, 'live update delayed'),
  });
  // Streams never end by themselves: close them before the server waits for its connections.
  app.addHook('preClose', (done) => {
    live.close();
    done();
  });
  return live;
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { settings } = deps;
  const stripPrefix = prefixStripper(settings.appPrefix);
  const uiLayout = detectStaticLayout(deps.staticDir);
  const stripLocale = localeApiPathStripper(uiLayout);
  // Built here too for the answers Fastify and Node give before any hook runs.
  const headers = securityHeaders({ https: settings.secureCookies });
  const app = Fastify({
    ...(deps.logger ? { loggerInstance: deps.logger } : { logger: false }),
    logController: new OneLineRequestLog({ accessLines: deps.accessLines, sample: settings.accessLogSample }),
    ...(deps.accessLines ? { childLoggerFactory: lazyRequestLogger } : {}),
    bodyLimit: BODY_LIMIT,
    requestTimeout: REQUEST_TIMEOUT_MS,
    connectionTimeout: CONNECTION_IDLE_TIMEOUT_MS,
    handlerTimeout: HANDLER_TIMEOUT_MS,
    rewriteUrl: (req) => stripLocale(stripPrefix(req.url ?? '/')),
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: MAX_PATH_PARAM_LENGTH },
    frameworkErrors: frameworkErrorHandler(headers),
    clientErrorHandler: clientErrorHandler(headers),
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
  // API answers are encoded by the response memo (GET) or small (writes), and requests never come
  // compressed: API routes skip the plugin's three hooks. Registered first so that it runs before
  // the plugin's own route hook.
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/')) return;
    route.compress ??= false;
    route.decompress ??= false;
  });
  // Answers the response memo did not already encode (API JSON is compressed there, with its bytes
  // kept). Never an event stream: compressing it would hold events back in the compressor's buffer.
  await app.register(fastifyCompress, {
    encodings: ['br', 'gzip'],
    threshold: COMPRESSION_THRESHOLD_BYTES,
    customTypes: /^(application\/(json|javascript)|text\/(html|plain|css|javascript)|image\/svg\+xml)\b/i,
  });
  registerSecurityHeaders(app, { https: settings.secureCookies });
  if (deps.shutdown) registerConnectionCloseWhileStopping(app, deps.shutdown);
  registerErrorHandler(app);

  app.decorateRequest('identity', null as unknown as Identity);
  app.decorateRequest('routeOptionsOnce', undefined);
  let reservedGroupWarned = false;
  const onReservedGroup = (group: string) => {
    if (reservedGroupWarned) return;
    reservedGroupWarned = true;
    app.log.warn(
      { header: settings.groupsHeader, group },
      'dropped a system: group from the groups header (logged once): make the gateway set or strip this header',
    );
  };
  app.addHook('onRequest', (request, _reply, done) => {
    request.identity = readIdentity(request, settings, onReservedGroup);
    // No route: the not-found handler (404, 405, the SPA page) changes nothing and needs no checks.
    if (request.is404) return done();
    const access = routeOf(request).config?.access;
    const needsUser = access !== undefined && !('public' in access);
    if (needsUser && !settings.authDisabled && !request.identity.user) {
      throw new AppError('unauthenticated', 'No user detected.');
    }
    checkCsrf(request);
    done();
  });
  registerMethodNotAllowed(app, (path) => routes.methodsFor(path));
  registerPathParamCheck(app);
  registerRouteAccess(app, deps.reviewer, { authDisabled: settings.authDisabled });
  registerCsrfCookieOnGet(app, csrf);
  await registerRateLimit(app, settings.rateLimitPerMinute);
  if (isStalenessSource(deps.reader)) registerCacheAgeHeader(app, deps.reader);
  registerConsistentReads(app, isCatchUpSource(deps.reader) ? deps.reader : undefined, {
    timeoutMs: settings.cacheCatchUpMs,
    onOutcome: deps.metrics.observeConsistentRead,
  });
  registerResponseMemo(app, isVersionSource(deps.reader) ? deps.reader : undefined, {
    onBuild: (route, seconds) => deps.metrics.responseBuild.observe({ route }, seconds),
    bypass: readsFromApiServer,
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
  const usage = volumeUsage(app, settings);
  registerVolumeRoutes(app, { reader: deps.reader, apis: deps.apis, viewers, usage });
  registerNamespaceRoutes(app, { reader: deps.reader, reviewer: deps.reviewer, authDisabled: settings.authDisabled });
  registerStorageClassRoutes(app, { reader: deps.reader });
  registerGpuRoutes(app, { reader: deps.reader, spawnerConfig: deps.spawnerConfig });
  registerCostRoutes(app, kubecostSettings(settings));
  registerLiveRoutes(app, liveStreams(app, deps, viewers, usage));
  registerInfoRoutes(app, { settings, reviewer: deps.reviewer, routes, viewers });
  registerOpenApiRoutes(app, {
    catalog: routes,
    title: settings.appName,
    version: APP_VERSION,
    userHeader: settings.userHeader,
    docsPage: settings.devMode || settings.devUser !== undefined,
  });
  await registerSpa(app, { layout: uiLayout, appPrefix: settings.appPrefix, csrf });
  return app;
}
