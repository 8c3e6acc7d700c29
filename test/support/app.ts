import type { FastifyBaseLogger, FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../backend/src/app.ts';
import { loadSettings, type Settings } from '../../backend/src/config/settings.ts';
import { SpawnerConfigStore, resolveSpawnerConfigPath } from '../../backend/src/config/spawner-config.ts';
import { Readiness } from '../../backend/src/health/readiness.ts';
import { ApiServerStatus } from '../../backend/src/k8s/api-server-status.ts';
import { CachedClusterReader, type CachedClusterReaderOptions } from '../../backend/src/k8s/cached-cluster-reader.ts';
import type { ClusterReader } from '../../backend/src/k8s/cluster-reader.ts';
import { DirectClusterReader } from '../../backend/src/k8s/direct-cluster-reader.ts';
import type { KubeApis } from '../../backend/src/k8s/kube-apis.ts';
import { connectToCluster } from '../../backend/src/k8s/kube-connection.ts';
import { SubjectAccessReviewer } from '../../backend/src/k8s/subject-access-review.ts';
import { AppMetrics } from '../../backend/src/metrics/app-metrics.ts';
import type { ControlPlaneInfo } from '../../sandbox/src/control-plane.ts';
import { controlPlane } from './cluster.ts';

export interface TestApp {
  app: FastifyInstance;
  settings: Settings;
  reviewer: SubjectAccessReviewer;
  metrics: AppMetrics;
  reader: ClusterReader;
  apis: KubeApis;
  apiStatus: ApiServerStatus;
  readiness: Readiness;
  close(): Promise<void>;
}

export interface TestAppOptions {
  env?: Record<string, string>;
  args?: string[];
  spawnerConfigFile?: string;
  /**
   * Serve reads from watch caches (synced before this returns), as the server does. Off by default:
   * objects a test creates with the admin client reach the caches a moment later.
   */
  cache?: boolean | (CachedClusterReaderOptions & { start?: boolean });
  /** A built UI to serve (default: none, so the SPA routes answer "not built"). */
  staticDir?: string;
  logger?: FastifyBaseLogger;
  /** Test-only routes, registered after the app's own (before ready). */
  extraRoutes?: (app: FastifyInstance) => void;
  /** The control plane to use (default: the run's shared one). */
  controlPlane?: ControlPlaneInfo;
}

/**
 * The real app, acting with the backend's own identity (bound to deploy/'s ClusterRole) against the
 * test control plane. Requests go through fastify.inject.
 */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const info = options.controlPlane ?? controlPlane();
  const settings = loadSettings(options.args ?? [], {
    APP_SECURE_COOKIES: 'false',
    // Off by default in the product; the tests' gateway sets it (group team-a gives carol her rights).
    // `GROUPS_HEADER: ''` gives the product default.
    GROUPS_HEADER: 'kubeflow-groups',
    ...options.env,
  });
  const metrics = new AppMetrics('test', false);
  const connection = await connectToCluster(info.users.backend.kubeconfig, {
    timeoutMs: settings.k8sTimeoutMs,
    observers: [metrics.observeKubeCall],
  });
  const apiStatus = new ApiServerStatus(connection.apis.rest, {
    onChange: (reachable) => metrics.kubeApiUp.set(reachable ? 1 : 0),
  });
  const reviewer = new SubjectAccessReviewer(connection.apis.rest, {
    ttlMs: settings.sarCacheTtlMs,
    apiStatus,
    onCacheHit: metrics.countSarCacheHit,
  });
  const readiness = new Readiness();
  await apiStatus.probe();
  apiStatus.start();
  let reader: ClusterReader = new DirectClusterReader(connection.apis);
  let cached: CachedClusterReader | undefined;
  if (options.cache ?? process.env.TEST_CACHED_READER === '1') {
    cached = new CachedClusterReader(connection.apis, {
      apiStatus,
      onRestart: (name) => metrics.informerRestarts.inc({ resource: name }),
      onRelist: (name) => metrics.informerRelists.inc({ resource: name }),
      onSyncedChange: (name, synced) => metrics.cacheSynced.set({ resource: name }, synced ? 1 : 0),
      ...(typeof options.cache === 'object' ? options.cache : {}),
    });
    readiness.add(cached);
    if (typeof options.cache !== 'object' || options.cache.start !== false) {
      cached.start();
      await cached.whenSynced();
    }
    reader = cached;
  } else {
    // Without caches every read needs the API server: then, and only then, its outage is ours.
    readiness.add({
      name: 'kubernetes-api',
      notReadyReason: () => (apiStatus.reachable ? undefined : `Kubernetes API ${apiStatus.downReason}`),
    });
  }
  const spawnerConfig = SpawnerConfigStore.load(options.spawnerConfigFile ?? resolveSpawnerConfigPath(settings));
  const app = await buildApp({
    settings,
    apis: connection.apis,
    reader,
    reviewer,
    spawnerConfig,
    readiness,
    metrics,
    staticDir: options.staticDir ?? '/nonexistent-ui',
    logger: options.logger,
  });
  options.extraRoutes?.(app);
  await app.ready();
  return {
    app,
    settings,
    reviewer,
    metrics,
    reader,
    apis: connection.apis,
    apiStatus,
    readiness,
    async close() {
      apiStatus.stop();
      await app.close();
      await cached?.stop();
      spawnerConfig.close();
      await connection.apis.rest.close();
    },
  };
}

export const CSRF_TOKEN = 'test-csrf-token-0123456789abcdefghijklmnop';

/** A request as `user` (the kubeflow-userid header), with a valid CSRF pair on mutating methods. */
export function requestAs(
  app: FastifyInstance,
  user: string | null,
  options: InjectOptions & { groups?: string[] },
): Promise<LightMyRequestResponse> {
  const headers: Record<string, string> = { ...(options.headers as Record<string, string>) };
  if (user) headers['kubeflow-userid'] = user;
  if (options.groups) headers['kubeflow-groups'] = options.groups.join(',');
  const method = (options.method ?? 'GET').toUpperCase();
  if (!['GET', 'HEAD', 'OPTIONS'].includes(method) && !('x-xsrf-token' in headers)) {
    headers['x-xsrf-token'] = CSRF_TOKEN;
    headers.cookie = `XSRF-TOKEN=${CSRF_TOKEN}`;
  }
  return app.inject({ ...options, headers });
}
