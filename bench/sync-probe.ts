import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { adminClient, bootstrapCluster } from '../sandbox/src/bootstrap.ts';
import { startControlPlane, stopControlPlane } from '../sandbox/src/control-plane.ts';
import { CachedClusterReader } from '../backend/src/k8s/cached-cluster-reader.ts';
import { connectToCluster } from '../backend/src/k8s/kube-connection.ts';
import { seedCluster } from './seed.ts';

/** Scratch probe: cache sync time and memory for a seeded cluster, with and without lists from the API server's cache. */
const notebooks = Number(process.argv[2] ?? 3000);
const dir = mkdtempSync(join(tmpdir(), 'jupyter-apis-sync-'));
const info = await startControlPlane(dir);
try {
  await bootstrapCluster(info);
  const admin = adminClient(info);
  await seedCluster(
    admin,
    { notebooks, namespaces: 50, bigNamespaceNotebooks: 300, smallNamespaceNotebooks: 10, concurrency: 24 },
    () => {},
  );
  await admin.close();
  for (const initialListFromCache of [false, true, false, true]) {
    const { apis } = await connectToCluster(info.users.backend.kubeconfig, { timeoutMs: 30_000 });
    const reader = new CachedClusterReader(apis, { tuning: { initialListFromCache } });
    const started = performance.now();
    reader.start();
    await reader.whenSynced();
    const ms = Math.round(performance.now() - started);
    globalThis.gc?.();
    const mem = process.memoryUsage();
    console.log(
      JSON.stringify({
        initialListFromCache,
        ms,
        rssMiB: mem.rss >> 20,
        heapMiB: mem.heapUsed >> 20,
        pods: reader.pods.cache.size,
      }),
    );
    await reader.stop();
    await apis.rest.close();
  }
} finally {
  await stopControlPlane(info);
  rmSync(dir, { recursive: true, force: true });
}
