import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_VERSION } from '../../backend/src/version.ts';
import { requestAs, startTestApp, type TestApp } from '../support/app.ts';
import { ensureClusterAdminUser } from '../support/cluster.ts';

describe('GET /info (public)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t.close());

  it('reports version, name and features without a user', async () => {
    const res = await requestAs(t.app, null, { url: '/info' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ success: true, status: 200, user: null });
    expect(body.info).toMatchObject({ version: APP_VERSION, name: 'Jupyter Web App', isClusterAdmin: false });
    const has = (method: string, url: string) => t.app.hasRoute({ method: method as 'GET', url });
    expect(body.info.features).toEqual({
      kubecost: false,
      prometheus: false,
      // The default template path does not exist here.
      pvcViewers: false,
      defaultNotebook: has('POST', '/api/namespaces/:ns/createdefault'),
      edit: has('POST', '/api/namespaces/:ns/notebooks/:nb'),
      keepalive: has('PATCH', '/api/namespaces/:ns/notebooks/:nb/keepalive/:hours'),
    });
  });

  it('tells cluster admins from other users', async () => {
    const alice = await requestAs(t.app, 'alice@example.com', { url: '/info' });
    expect(alice.json().user).toBe('alice@example.com');
    expect(alice.json().info.isClusterAdmin).toBe(false);
    const root = await requestAs(t.app, await ensureClusterAdminUser(), { url: '/info' });
    expect(root.json().info.isClusterAdmin).toBe(true);
    const forged = await requestAs(t.app, 'mallory@example.com', { url: '/info', groups: ['system:masters'] });
    expect(forged.json().info.isClusterAdmin).toBe(false);
  });

  it('turns features on when they are configured', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'info-'));
    writeFileSync(join(dir, 'viewer-spec.yaml'), 'podSpec: {}\n');
    const on = await startTestApp({
      env: {
        KUBECOST_URL: 'http://127.0.0.1:9',
        PROMETHEUS_URL: 'http://127.0.0.1:9',
        VIEWER_SPEC_PATH: join(dir, 'viewer-spec.yaml'),
        APP_NAME: 'Notebooks',
        APP_PREFIX: '/jupyter',
      },
    });
    try {
      const info = (await requestAs(on.app, null, { url: '/jupyter/info' })).json().info;
      expect(info.name).toBe('Notebooks');
      expect(info.features).toMatchObject({ kubecost: true, prometheus: true, pvcViewers: true });
    } finally {
      await on.close();
    }
  });
});
