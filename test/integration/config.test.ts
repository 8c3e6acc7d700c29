import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestAs, startTestApp, type TestApp } from '../support/app.ts';

describe('config, health and prefix', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { APP_PREFIX: '/jupyter' } });
  });
  afterAll(async () => t.close());

  it('serves the spawner config without a user, at the root and under the prefix', async () => {
    for (const url of ['/api/config', '/jupyter/api/config']) {
      const res = await requestAs(t.app, null, { url });
      expect(res.statusCode, url).toBe(200);
      const body = res.json();
      expect(body.success).toBe(true);
      expect(body.user).toBeNull();
      expect(body.config.image.value).toMatch(/jupyter/);
      expect(body.config.serverTypeNames['group-one'].en).toBe('VS Code');
    }
  });

  it('answers liveness and readiness as JSON strings once the API server answers', async () => {
    const live = await requestAs(t.app, null, { url: '/healthz/liveness' });
    expect(live.json()).toBe('alive');
    const ready = await requestAs(t.app, null, { url: '/healthz/readiness' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toBe('ready');
  });

  it('sets the XSRF-TOKEN cookie on a GET that arrives without one, under the prefix path', async () => {
    const res = await requestAs(t.app, null, { url: '/jupyter/api/config' });
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/^XSRF-TOKEN=[A-Za-z0-9_-]{43};/);
    expect(cookie).toContain('Path=/jupyter');
    expect(cookie).toContain('SameSite=Strict');
  });

  it('refuses a mutating request without CSRF protection', async () => {
    // (POST /api/config is a 405: a method the path lacks is refused before the other checks.)
    const noCookie = await t.app.inject({
      method: 'POST',
      url: '/api/namespaces/ns1/pvcs',
      payload: {},
      headers: { 'kubeflow-userid': 'alice@example.com' },
    });
    expect(noCookie.statusCode).toBe(403);
    expect(noCookie.json().log).toBe('Could not find CSRF cookie XSRF-TOKEN in the request.');
  });

  it('answers an unknown API path with the 404 envelope and a missing asset with a plain 404', async () => {
    const api = await requestAs(t.app, null, { url: '/api/nothing-here' });
    expect(api.statusCode).toBe(404);
    expect(api.json().success).toBe(false);
    const asset = await requestAs(t.app, null, { url: '/dashboard_lib.bundle.js' });
    expect(asset.statusCode).toBe(404);
    expect(asset.headers['content-type']).toMatch(/text\/plain/);
  });
});
