import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { testNamespace } from '../support/cluster.ts';
import { MUTATING_METHODS, SPEC_ROUTES, fillPath } from '../support/spec-routes.ts';
import { registerProbeWriteRoute } from '../support/test-routes.ts';

const NO_COOKIE = 'Could not find CSRF cookie XSRF-TOKEN in the request.';
const NO_HEADER = 'Could not detect CSRF protection header X-XSRF-TOKEN.';
const MISMATCH = "CSRF check failed. Token in cookie XSRF-TOKEN doesn't match token in header X-XSRF-TOKEN.";
const CSRF_MESSAGES = [NO_COOKIE, NO_HEADER, MISMATCH];
const TOKEN = 'a'.repeat(43);

describe('CSRF double-submit cookie (api.md §1.5)', () => {
  let t: TestApp;
  let ns: string;

  beforeAll(async () => {
    const ui = mkdtempSync(join(tmpdir(), 'csrf-ui-'));
    writeFileSync(join(ui, 'index.html'), '<!doctype html><html><head><base href="/"></head><body></body></html>');
    t = await startTestApp({
      env: { APP_PREFIX: '/jupyter', APP_SECURE_COOKIES: 'true', CSRF_SAMESITE: 'Lax', RATE_LIMIT_PER_MINUTE: '0' },
      staticDir: ui,
      extraRoutes: registerProbeWriteRoute,
    });
    ns = await testNamespace('csrf');
  });
  afterAll(async () => t?.close());

  const mutating = SPEC_ROUTES.filter((r) => MUTATING_METHODS.has(r.method));
  const urlOf = (path: string) =>
    fillPath(path, { ns, nb: 'csrf-nb', pvc: 'csrf-pvc', viewer: 'csrf-viewer', pod: 'csrf-pod', hours: '1' });
  const send = (method: string, url: string, headers: Record<string, string>, user = 'alice@example.com') =>
    t.app.inject({
      method: method as 'POST',
      url,
      headers: { 'kubeflow-userid': user, 'content-type': 'application/json', ...headers },
      payload: '{}',
    });

  it('covers every mutating route of the spec table', () => {
    expect(mutating.map((r) => r.id)).toEqual(['9', '14', '15', '18', '22', '27', '28', '30', '31', '32', '34']);
  });

  for (const route of [
    ...mutating,
    { id: 'probe', method: 'POST', path: '/api/namespaces/:ns/probe-writes/:nb' } as const,
  ]) {
    it(`#${route.id} ${route.method} ${route.path}: refuses a missing cookie, a missing header and a wrong token`, async () => {
      const url = urlOf(route.path);
      const cases: [Record<string, string>, string][] = [
        [{ 'x-xsrf-token': TOKEN }, NO_COOKIE],
        [{ cookie: `XSRF-TOKEN=${TOKEN}` }, NO_HEADER],
        [{ cookie: `XSRF-TOKEN=${TOKEN}`, 'x-xsrf-token': 'b'.repeat(43) }, MISMATCH],
        [{ cookie: `XSRF-TOKEN=${TOKEN}`, 'x-xsrf-token': `${TOKEN}x` }, MISMATCH],
        [{ cookie: `XSRF-TOKEN=${TOKEN}`, 'x-xsrf-token': '' }, NO_HEADER],
      ];
      for (const [headers, log] of cases) {
        const res = await send(route.method, url, headers);
        expect({ status: res.statusCode, body: res.json() }).toEqual({
          status: 403,
          body: { success: false, status: 403, user: 'alice@example.com', log },
        });
        // Under the prefix too.
        const prefixed = await send(route.method, `/jupyter${url}`, headers);
        expect(prefixed.statusCode).toBe(403);
        expect(prefixed.json().log).toBe(log);
      }
    });

    it(`#${route.id} ${route.method} ${route.path}: lets the matching pair through to the route`, async () => {
      const res = await send(route.method, urlOf(route.path), { cookie: `XSRF-TOKEN=${TOKEN}`, 'x-xsrf-token': TOKEN });
      const log = res.headers['content-type']?.toString().includes('json') ? res.json().log : undefined;
      expect(CSRF_MESSAGES).not.toContain(log);
    });
  }

  it('runs after authentication and before authorization: no SubjectAccessReview for a forged request', async () => {
    const url = urlOf('/api/namespaces/:ns/probe-writes/:nb');
    const anonymous = await t.app.inject({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/json' },
      payload: '{}',
    });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json().log).toBe('No user detected.');

    const reviews = t.reviewer.reviewsSent;
    const forged = await send('POST', url, {}, 'mallory@example.com');
    expect(forged.statusCode).toBe(403);
    expect(forged.json().log).toBe(NO_COOKIE);
    expect(t.reviewer.reviewsSent).toBe(reviews);

    const real = await send(
      'POST',
      url,
      { cookie: `XSRF-TOKEN=${TOKEN}`, 'x-xsrf-token': TOKEN },
      'mallory@example.com',
    );
    expect(real.statusCode).toBe(403);
    expect(real.json().log).toBe(
      `User 'mallory@example.com' is not authorized to update kubeflow.org/v1/notebooks in namespace '${ns}'`,
    );
    const allowed = await send('POST', url, { cookie: `XSRF-TOKEN=${TOKEN}`, 'x-xsrf-token': TOKEN });
    expect(allowed.statusCode).toBe(200);
  });

  it('does not check safe methods', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/namespaces/${ns}/poddefaults`,
      headers: { 'kubeflow-userid': 'alice@example.com' },
    });
    expect(res.statusCode).toBe(200);
  });

  function xsrfCookie(res: { cookies: { name: string; value: string; [k: string]: unknown }[] }) {
    return res.cookies.find((c) => c.name === 'XSRF-TOKEN');
  }

  it('sets the cookie on the SPA index: random base64url, Path=APP_PREFIX, SameSite, Secure, readable by scripts', async () => {
    const first = await t.app.inject({ method: 'GET', url: '/jupyter/' });
    const second = await t.app.inject({ method: 'GET', url: '/jupyter/notebooks', cookies: { 'XSRF-TOKEN': TOKEN } });
    expect(first.statusCode).toBe(200);
    expect(second.statusCode).toBe(200);
    const a = xsrfCookie(first);
    const b = xsrfCookie(second);
    expect(a).toMatchObject({ path: '/jupyter', sameSite: 'Lax', secure: true });
    expect(a?.httpOnly).toBeFalsy();
    expect(a?.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(b?.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a?.value).not.toBe(b?.value);
  });

  it('sets the cookie on a successful GET that came without one, and only then', async () => {
    const without = await t.app.inject({ method: 'GET', url: '/jupyter/api/config' });
    expect(xsrfCookie(without)).toMatchObject({ path: '/jupyter', sameSite: 'Lax', secure: true });
    const withCookie = await t.app.inject({ method: 'GET', url: '/api/config', cookies: { 'XSRF-TOKEN': TOKEN } });
    expect(xsrfCookie(withCookie)).toBeUndefined();
    const failed = await t.app.inject({ method: 'GET', url: `/api/namespaces/${ns}/poddefaults` });
    expect(failed.statusCode).toBe(401);
    expect(xsrfCookie(failed)).toBeUndefined();
  });

  it('issues a cookie the same request pair then accepts', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/jupyter/' });
    const token = xsrfCookie(page)!.value;
    const res = await send('POST', urlOf('/jupyter/api/namespaces/:ns/probe-writes/:nb'), {
      cookie: `XSRF-TOKEN=${token}`,
      'x-xsrf-token': token,
    });
    expect(res.statusCode).toBe(200);
  });
});

describe('CSRF cookie defaults', () => {
  it('is Secure and SameSite=Strict with Path=/ unless configured', async () => {
    const t = await startTestApp({ env: { APP_SECURE_COOKIES: 'true' } });
    try {
      const res = await t.app.inject({ method: 'GET', url: '/api/config' });
      expect(res.cookies.find((c) => c.name === 'XSRF-TOKEN')).toMatchObject({
        path: '/',
        sameSite: 'Strict',
        secure: true,
      });
    } finally {
      await t.close();
    }
  });

  it('drops Secure with APP_SECURE_COOKIES=false (plain HTTP)', async () => {
    const t = await startTestApp({ env: { APP_SECURE_COOKIES: 'false' } });
    try {
      const res = await t.app.inject({ method: 'GET', url: '/api/config' });
      expect(res.cookies.find((c) => c.name === 'XSRF-TOKEN')?.secure).toBeFalsy();
    } finally {
      await t.close();
    }
  });
});
