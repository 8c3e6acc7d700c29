import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../backend/src/app.ts';
import { loadSettings } from '../../backend/src/config/settings.ts';
import { BUNDLED_SPAWNER_CONFIG, SpawnerConfigStore } from '../../backend/src/config/spawner-config.ts';
import { Readiness } from '../../backend/src/health/readiness.ts';
import { DirectClusterReader } from '../../backend/src/k8s/direct-cluster-reader.ts';
import { connectToCluster } from '../../backend/src/k8s/kube-connection.ts';
import { SubjectAccessReviewer } from '../../backend/src/k8s/subject-access-review.ts';
import { AppMetrics } from '../../backend/src/metrics/app-metrics.ts';
import { requestAs, startTestApp, type TestApp } from '../support/app.ts';
import { clientAs, controlPlane } from '../support/cluster.ts';

const NODE = 'gpu-test-node';

describe('GET /api/gpus (public)', () => {
  let t: TestApp;
  const admin = clientAs('admin');

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await admin.call('DELETE', `/api/v1/nodes/${NODE}`);
    await admin.close();
    await t.close();
  });

  it('offers only the configured vendors some node advertises', async () => {
    const before = await requestAs(t.app, null, { url: '/api/gpus' });
    expect(before.statusCode).toBe(200);
    expect(before.json().vendors).not.toContain('amd.com/gpu');
    await admin.must('POST', '/api/v1/nodes', { apiVersion: 'v1', kind: 'Node', metadata: { name: NODE } });
    await admin.must(
      'PATCH',
      `/api/v1/nodes/${NODE}/status`,
      { status: { capacity: { cpu: '8', 'amd.com/gpu': '2', 'example.com/fpga': '1' } } },
      'application/merge-patch+json',
    );
    const after = await requestAs(t.app, null, { url: '/api/gpus' });
    expect(after.json()).toMatchObject({ success: true, status: 200, user: null });
    expect(after.json().vendors).toContain('amd.com/gpu');
    expect(after.json().vendors).not.toContain('example.com/fpga');
  });

  it('falls back to every configured vendor when nodes cannot be listed', async () => {
    // The same app, acting as an identity without RBAC: its node list is Forbidden.
    const info = controlPlane();
    const settings = loadSettings([], { APP_SECURE_COOKIES: 'false' });
    const connection = await connectToCluster(info.users.mallory.kubeconfig, { timeoutMs: 5000 });
    const spawnerConfig = SpawnerConfigStore.load(BUNDLED_SPAWNER_CONFIG);
    const app = await buildApp({
      settings,
      apis: connection.apis,
      reader: new DirectClusterReader(connection.apis),
      reviewer: new SubjectAccessReviewer(connection.apis.rest, { ttlMs: 0 }),
      spawnerConfig,
      readiness: new Readiness(),
      metrics: new AppMetrics('test', false),
      staticDir: '/nonexistent-ui',
    });
    try {
      const res = await requestAs(app, null, { url: '/api/gpus' });
      expect(res.statusCode).toBe(200);
      expect(res.json().vendors).toEqual(['nvidia.com/gpu', 'amd.com/gpu']);
    } finally {
      await app.close();
      spawnerConfig.close();
      await connection.apis.rest.close();
    }
  });
});
