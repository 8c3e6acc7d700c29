import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import pino from 'pino';
import { HelpRequested, SettingsError, loadSettings } from './config/settings.ts';
import { SpawnerConfigError, SpawnerConfigStore, resolveSpawnerConfigPath } from './config/spawner-config.ts';
import { JsonAccessLines } from './http/access-lines.ts';
import { LOG_REDACT_PATHS } from './http/log-redaction.ts';
import { Readiness } from './health/readiness.ts';
import { IN_FLIGHT_BUDGET_MS, Shutdown } from './health/shutdown.ts';
import { ApiServerStatus } from './k8s/api-server-status.ts';
import { CachedClusterReader } from './k8s/cached-cluster-reader.ts';
import { connectToCluster } from './k8s/kube-connection.ts';
import { SubjectAccessReviewer } from './k8s/subject-access-review.ts';
import { detectStaticLayout } from './spa/static-layout.ts';
import { AppMetrics } from './metrics/app-metrics.ts';
import { collectGarbageOnce } from './node-flags.ts';
import { APP_VERSION } from './version.ts';

export const BUNDLED_UI_DIR = fileURLToPath(new URL('../../frontend/dist', import.meta.url));

function fail(lines: string[]): never {
  for (const line of lines) process.stderr.write(`jupyter-apis: ${line}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  let settings;
  try {
    settings = loadSettings(process.argv.slice(2), process.env);
  } catch (err) {
    if (err instanceof HelpRequested) {
      process.stdout.write(`${err.message}\n`);
      process.exit(0);
    }
    if (err instanceof SettingsError) fail(err.problems);
    throw err;
  }

  // Asynchronous writes: the request line of each poll must not cost a blocking syscall on the
  // request path. pino flushes what is pending when the process exits.
  const destination = pino.destination({ dest: 1, sync: false });
  const base = { app: 'jupyter-apis', version: APP_VERSION };
  const logger = pino(
    { level: settings.logLevel, redact: { paths: LOG_REDACT_PATHS, censor: '[redacted]' }, base },
    destination,
  );
  // The access line's fields are fixed and hold no headers or tokens: no logger, no redaction pass.
  const accessLines = new JsonAccessLines(destination, base, settings.logLevel);
  // pino empties its destination at exit; the access lines still batched go first.
  process.on('exit', () => {
    accessLines.flush();
    try {
      destination.flushSync();
    } catch {
      // not open yet: nothing was written
    }
  });

  let spawnerConfig: SpawnerConfigStore;
  const spawnerConfigPath = resolveSpawnerConfigPath(settings);
  try {
    spawnerConfig = SpawnerConfigStore.load(spawnerConfigPath);
  } catch (err) {
    if (err instanceof SpawnerConfigError) fail(err.message.split('\n').map((l) => `spawner config: ${l}`));
    throw err;
  }

  const metrics = new AppMetrics(APP_VERSION);
  let connection;
  try {
    connection = await connectToCluster(settings.kubeconfig, {
      timeoutMs: settings.k8sTimeoutMs,
      observers: [metrics.observeKubeCall],
    });
  } catch (err) {
    fail([err instanceof Error ? err.message : String(err)]);
  }
  const { apis } = connection;
  const apiStatus = new ApiServerStatus(apis.rest, {
    onChange: (reachable, reason) => {
      metrics.kubeApiUp.set(reachable ? 1 : 0);
      if (reachable) logger.info('Kubernetes API answers again');
      else logger.warn({ reason }, 'Kubernetes API not answering: serving reads from the caches');
    },
  });
  const reviewer = new SubjectAccessReviewer(apis.rest, {
    ttlMs: settings.sarCacheTtlMs,
    apiStatus,
    onCacheHit: metrics.countSarCacheHit,
  });
  const cachesStarted = performance.now();
  const reader = new CachedClusterReader(apis, {
    apiStatus,
    onRestart: (cache, error) => {
      metrics.informerRestarts.inc({ resource: cache });
      logger.warn({ cache, error: error.message }, 'watch cache restarting');
    },
    onRelist: (cache) => {
      metrics.informerRelists.inc({ resource: cache });
      logger.info({ cache }, 'watch cache relisting');
    },
    onSyncedChange: (cache, synced) => {
      metrics.cacheSynced.set({ resource: cache }, synced ? 1 : 0);
      if (synced) logger.info({ cache, ms: Math.round(performance.now() - cachesStarted) }, 'cache synced');
    },
  });
  // Start filling the caches at once: listing a large cluster is most of the time to ready.
  reader.start();
  const readiness = new Readiness();
  readiness.add(reader);
  const stopping = new Shutdown();
  readiness.add(stopping);
  if (settings.authDisabled) logger.warn('authentication and authorization are OFF (development mode)');
  if (settings.devUser)
    logger.warn({ devUser: settings.devUser }, 'requests without a user header act as the dev user');

  // The HTTP app's modules load while the API server answers the first list pages.
  const { buildApp } = await import('./app.ts');
  const app = await buildApp({
    settings,
    apis,
    reader,
    reviewer,
    spawnerConfig,
    readiness,
    shutdown: stopping,
    metrics,
    staticDir: settings.staticDir ?? BUNDLED_UI_DIR,
    logger,
    accessLines,
  });

  spawnerConfig.watch((problems) => {
    if (problems.length === 0) logger.info({ file: spawnerConfig.file }, 'spawner config reloaded');
    else
      logger.error(
        { file: spawnerConfig.file, problems },
        'spawner config change rejected; keeping the previous config',
      );
  });
  if (!(await apiStatus.probe())) {
    logger.warn({ cluster: connection.description, reason: apiStatus.downReason }, 'Kubernetes API not answering yet');
  }
  apiStatus.start();
  void reader.whenSynced().then(() => {
    logger.info(
      { ms: Math.round(performance.now() - cachesStarted), degraded: reader.degraded() },
      'watch caches synced',
    );
    // Not in the same turn: a readiness probe that arrives now is answered before the collection.
    setTimeout(collectGarbageOnce, 500).unref();
  });

  let closing = false;
  // SIGTERM (Kubernetes stopping the pod): unready at once, serve through the drain so that no
  // request sent before the endpoint change reached every proxy fails, then close. SIGINT (a
  // terminal's Ctrl-C) skips the drain.
  const shutdown = async (signal: 'SIGTERM' | 'SIGINT') => {
    if (closing) return;
    closing = true;
    stopping.begin();
    const drainMs = signal === 'SIGTERM' ? settings.shutdownDrainMs : 0;
    logger.info({ signal, drainSeconds: drainMs / 1000 }, 'shutting down: unready, serving until the drain ends');
    await sleep(drainMs);
    logger.info('drain over: closing live streams, finishing requests');
    const force = setTimeout(() => {
      logger.warn('requests still running after the in-flight budget; exiting');
      process.exit(1);
    }, IN_FLIGHT_BUDGET_MS);
    force.unref();
    apiStatus.stop();
    spawnerConfig.close();
    await app.close();
    await reader.stop();
    await apis.rest.close();
    clearTimeout(force);
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  try {
    await app.listen({ host: settings.listenHost, port: settings.listenPort });
  } catch (err) {
    fail([
      `cannot listen on ${settings.listenHost}:${settings.listenPort}: ${err instanceof Error ? err.message : err}`,
    ]);
  }
  const ui = detectStaticLayout(settings.staticDir ?? BUNDLED_UI_DIR);
  if (ui.kind === 'missing') {
    logger.warn(
      { dir: ui.root },
      'no UI to serve: the static dir holds neither index.html nor locale folders (en/, fr/) with one',
    );
  }
  logger.info(
    {
      cluster: connection.description,
      spawnerConfig: spawnerConfig.file,
      prefix: settings.appPrefix,
      ui: { dir: ui.root, layout: ui.kind, ...(ui.kind === 'localized' ? { languages: ui.languages } : {}) },
    },
    `listening on http://${settings.listenHost}:${settings.listenPort}`,
  );
}

await main();
