import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOG_REDACT_PATHS } from '../../backend/src/app.ts';
import { MESSAGES } from '../../backend/src/http/error-handler.ts';
import { ANGULAR_STYLESHEET_ONLOAD_HASH } from '../../backend/src/http/security-headers.ts';
import { kubeErrorFromResponse } from '../../backend/src/k8s/kube-error.ts';
import { CSRF_TOKEN, requestAs, startTestApp, type TestApp } from '../support/app.ts';
import { controlPlane, testNamespace } from '../support/cluster.ts';
import { MUTATING_METHODS, SPEC_ROUTES, fillPath, isRegistered } from '../support/spec-routes.ts';
import { registerProbeWriteRoute } from '../support/test-routes.ts';
import type { FastifyInstance } from 'fastify';

const SECRET = 'sekrit-7f3a9c1e5b';
const REPO_ROOT = join(import.meta.dirname, '..', '..');

/** Routes that fail the way a handler can: Kubernetes errors with bodies, and a plain bug. */
function registerFailingRoutes(app: FastifyInstance): void {
  const kubeBodies: Record<string, [number, string]> = {
    server: [500, JSON.stringify({ kind: 'Status', code: 500, message: `etcdserver: token=${SECRET} failed` })],
    unauthorized: [
      401,
      JSON.stringify({ kind: 'Status', code: 401, reason: 'Unauthorized', message: `Bearer ${SECRET}` }),
    ],
    garbage: [502, `<html>upstream ${SECRET} connect error, headers: authorization: Bearer ${SECRET}</html>`],
    'own-rbac': [
      403,
      JSON.stringify({
        kind: 'Status',
        code: 403,
        reason: 'Forbidden',
        message: `pods is forbidden: User "${controlPlane().users.backend.user}" cannot list resource "pods" ${SECRET}`,
      }),
    ],
    missing: [
      404,
      JSON.stringify({ kind: 'Status', code: 404, reason: 'NotFound', message: `notebooks "${SECRET}" not found` }),
    ],
  };
  app.get<{ Params: { kind: string } }>(
    '/api/probe-kube-error/:kind',
    { config: { access: { public: true } } },
    async (request) => {
      const [status, body] = kubeBodies[request.params.kind]!;
      throw kubeErrorFromResponse(status, body);
    },
  );
  app.get('/api/probe-bug', { config: { access: { public: true } } }, async () => {
    throw new TypeError(`Cannot read properties of undefined (reading '${SECRET}')`);
  });
  app.get('/api/probe-log-headers', { config: { access: { public: true } } }, async (request) => {
    request.log.info({ headers: request.headers }, 'headers seen');
    request.log.info({ req: { headers: request.headers } }, 'request seen');
    return { ok: true };
  });
}

function cspDirectives(header: string | string[] | number | undefined): Record<string, string> {
  return Object.fromEntries(
    String(header)
      .split(';')
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => {
        const [name, ...values] = d.split(/\s+/);
        return [name!, values.join(' ')];
      }),
  );
}

describe('hardening', () => {
  let t: TestApp;
  let ns: string;
  const logLines: string[] = [];

  beforeAll(async () => {
    const ui = mkdtempSync(join(tmpdir(), 'hardening-ui-'));
    writeFileSync(join(ui, 'index.html'), '<!doctype html><html><head><base href="/"></head><body></body></html>');
    const sink = new Writable({
      write(chunk, _encoding, done) {
        logLines.push(chunk.toString());
        done();
      },
    });
    const logger = pino({ level: 'trace', redact: { paths: LOG_REDACT_PATHS, censor: '[redacted]' } }, sink);
    t = await startTestApp({
      env: { APP_SECURE_COOKIES: 'true', RATE_LIMIT_PER_MINUTE: '0' },
      staticDir: ui,
      logger,
      extraRoutes: (app) => {
        registerProbeWriteRoute(app);
        registerFailingRoutes(app);
      },
    });
    ns = await testNamespace('hard');
  });
  afterAll(async () => t?.close());

  const probeUrl = () => `/api/namespaces/${ns}/probe-writes/nb1`;
  const post = (url: string, payload: string | Buffer, contentType: string | undefined, user = 'alice@example.com') =>
    requestAs(t.app, user, {
      method: 'POST',
      url,
      payload,
      headers: contentType ? { 'content-type': contentType } : {},
    });

  describe('security headers', () => {
    it('sends the Content-Security-Policy the UI needs, and no more', async () => {
      for (const url of ['/', '/api/config', `/api/namespaces/${ns}/poddefaults`]) {
        const res = await t.app.inject({ method: 'GET', url });
        expect(cspDirectives(res.headers['content-security-policy'])).toEqual({
          'default-src': "'self'",
          'script-src': "'self' 'unsafe-hashes' 'sha256-MhtPZXr7+LpJUY5qtMutB+qWfQtMaPccfe7QXtCcEYc='",
          'style-src': "'self' 'unsafe-inline'",
          'img-src': "'self' data:",
          'font-src': "'self' data:",
          'connect-src': "'self'",
          'worker-src': "'self' blob:",
          'frame-ancestors': "'self'",
          'object-src': "'none'",
          'base-uri': "'self'",
          'form-action': "'self'",
        });
        expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
        expect(res.headers['x-content-type-options']).toBe('nosniff');
        expect(res.headers['referrer-policy']).toBe('same-origin');
        expect(res.headers['strict-transport-security']).toMatch(/^max-age=\d+/);
        expect(res.headers['x-powered-by']).toBeUndefined();
      }
    });

    it("allows exactly Angular's stylesheet onload handler by hash", () => {
      const digest = createHash('sha256').update("this.media='all'").digest('base64');
      expect(ANGULAR_STYLESHEET_ONLOAD_HASH).toBe(`'sha256-${digest}'`);
    });

    it('keeps the UI inside that policy: no inline scripts or event handlers in index.html', () => {
      const html = readFileSync(join(REPO_ROOT, 'frontend', 'index.html'), 'utf8');
      const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
      expect(scripts.length).toBeGreaterThan(0);
      for (const [, attrs, body] of scripts) {
        expect(attrs).toMatch(/\bsrc=/);
        expect(body!.trim()).toBe('');
      }
      expect(html).not.toMatch(/\son[a-z]+\s*=/i);
      expect(html).not.toMatch(/javascript:/i);
    });

    it('sends no HSTS when the app is served over plain HTTP', async () => {
      const plain = await startTestApp({ env: { APP_SECURE_COOKIES: 'false' } });
      try {
        const res = await plain.app.inject({ method: 'GET', url: '/api/config' });
        expect(res.headers['strict-transport-security']).toBeUndefined();
        expect(res.headers['content-security-policy']).toBeDefined();
      } finally {
        await plain.close();
      }
    });
  });

  describe('request bodies', () => {
    it('answers 413 for a body over 1 MiB, before any SubjectAccessReview', async () => {
      const reviews = t.reviewer.reviewsSent;
      const big = JSON.stringify({ pad: 'x'.repeat(1024 * 1024) });
      const res = await post(probeUrl(), big, 'application/json');
      expect(res.statusCode).toBe(413);
      expect(res.json()).toEqual({
        success: false,
        status: 413,
        user: 'alice@example.com',
        log: 'Request body too large.',
      });
      expect(t.reviewer.reviewsSent).toBe(reviews);
      const fits = JSON.stringify({ pad: 'x'.repeat(1024 * 1024 - 100) });
      expect((await post(probeUrl(), fits, 'application/json')).statusCode).toBe(200);
    });

    it('takes JSON media types only', async () => {
      for (const type of [
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'application/xml',
      ]) {
        const res = await post(probeUrl(), 'a=b', type);
        expect({ type, status: res.statusCode, log: res.json().log }).toEqual({
          type,
          status: 400,
          log: 'Request is not in JSON format.',
        });
      }
      for (const type of ['application/json', 'application/json; charset=utf-8', 'application/merge-patch+json']) {
        const res = await post(probeUrl(), '{"a":1}', type);
        expect({ type, status: res.statusCode, received: res.json().received }).toEqual({
          type,
          status: 200,
          received: { a: 1 },
        });
      }
    });

    it('answers 400 with a field error for malformed JSON', async () => {
      const res = await post(probeUrl(), '{"name": "x",', 'application/json');
      expect(res.statusCode).toBe(400);
      expect(res.json()).toEqual({
        success: false,
        status: 400,
        user: 'alice@example.com',
        log: 'Request body is not valid JSON.',
        errors: [{ field: '', message: 'Request body is not valid JSON.' }],
      });
    });

    it('applies the same rules on every mutating spec route the app has', async () => {
      const routes = SPEC_ROUTES.filter(
        (r) => MUTATING_METHODS.has(r.method) && r.id !== '28' && isRegistered(t.app, r),
      );
      for (const route of routes) {
        const url = fillPath(route.path, { ns, nb: 'nb1', pvc: 'pvc1', viewer: 'v1', hours: '1' });
        const notJson = await requestAs(t.app, 'alice@example.com', {
          method: route.method,
          url,
          payload: 'stopped=true',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        });
        expect([route.id, notJson.statusCode, notJson.json().log]).toEqual([
          route.id,
          400,
          'Request is not in JSON format.',
        ]);
        const big = await requestAs(t.app, 'alice@example.com', {
          method: route.method,
          url,
          payload: JSON.stringify({ pad: 'x'.repeat(1024 * 1024) }),
          headers: { 'content-type': 'application/json' },
        });
        expect([route.id, big.statusCode]).toEqual([route.id, 413]);
      }
    });
  });

  describe('path parameters', () => {
    it('refuses a malformed name with 400 before any SubjectAccessReview', async () => {
      const reviews = t.reviewer.reviewsSent;
      const cases: [string, string][] = [
        ['/api/namespaces/Bad_NS/poddefaults', "Invalid ns 'Bad_NS'."],
        [`/api/namespaces/${'a'.repeat(64)}/poddefaults`, `Invalid ns '${'a'.repeat(64)}'.`],
        ['/api/namespaces/a.b/poddefaults', "Invalid ns 'a.b'."],
        ['/api/namespaces/x%2Cmetadata.name%3Dy/poddefaults', "Invalid ns 'x,metadata.name=y'."],
      ];
      for (const [url, log] of cases) {
        const res = await requestAs(t.app, 'alice@example.com', { url });
        expect([url, res.statusCode, res.json().log]).toEqual([url, 400, log]);
      }
      for (const [nb, log] of [
        ['UPPER', "Invalid nb 'UPPER'."],
        ['-lead', "Invalid nb '-lead'."],
        ['a%20b', "Invalid nb 'a b'."],
      ]) {
        const res = await post(`/api/namespaces/${ns}/probe-writes/${nb}`, '{}', 'application/json');
        expect([nb, res.statusCode, res.json().log]).toEqual([nb, 400, log]);
      }
      expect(t.reviewer.reviewsSent).toBe(reviews);
      // A dotted subdomain is a valid object name.
      expect((await post(`/api/namespaces/${ns}/probe-writes/my.nb-1`, '{}', 'application/json')).statusCode).toBe(200);
    });
  });

  describe('errors', () => {
    it('never forwards a Kubernetes body, a client dump or a stack trace', async () => {
      const expectations: [string, number, string][] = [
        ['/api/probe-kube-error/server', 503, 'Kubernetes API unavailable, try again later.'],
        ['/api/probe-kube-error/garbage', 503, 'Kubernetes API unavailable, try again later.'],
        ['/api/probe-kube-error/unauthorized', 503, MESSAGES.ownIdentity],
        ['/api/probe-kube-error/own-rbac', 503, MESSAGES.ownIdentity],
        ['/api/probe-kube-error/missing', 404, 'The requested resource could not be found.'],
        ['/api/probe-bug', 500, 'An internal error occurred.'],
      ];
      for (const [url, status, log] of expectations) {
        const res = await t.app.inject({ method: 'GET', url, headers: { 'kubeflow-userid': 'alice@example.com' } });
        expect([url, res.statusCode, res.json()]).toEqual([
          url,
          status,
          { success: false, status, user: 'alice@example.com', log },
        ]);
        expect(res.body).not.toContain(SECRET);
        expect(res.body).not.toMatch(/\bat .*\.ts:\d+/);
      }
    });
  });

  describe('timeouts', () => {
    it('bounds how long a client may take to send a request and how long a socket may idle', () => {
      expect(t.app.initialConfig.connectionTimeout).toBe(120_000);
      expect(t.app.server.requestTimeout).toBe(30_000);
      expect(t.app.server.timeout).toBe(120_000);
    });
  });

  describe('logs', () => {
    it('never contain cookies, CSRF tokens or Authorization values', async () => {
      logLines.length = 0;
      const headers = {
        'kubeflow-userid': 'alice@example.com',
        cookie: `XSRF-TOKEN=${SECRET}-cookie; session=${SECRET}-session`,
        'x-xsrf-token': `${SECRET}-cookie`,
        authorization: `Bearer ${SECRET}-bearer`,
      };
      await t.app.inject({ method: 'GET', url: '/api/probe-log-headers', headers });
      await t.app.inject({ method: 'GET', url: '/api/probe-kube-error/unauthorized', headers });
      await t.app.inject({ method: 'GET', url: '/api/probe-kube-error/server', headers });
      await t.app.inject({
        method: 'POST',
        url: probeUrl(),
        headers: { ...headers, 'x-xsrf-token': 'wrong' },
        payload: {},
      });
      await t.app.inject({ method: 'GET', url: '/', headers });
      const log = logLines.join('');
      expect(logLines.length).toBeGreaterThan(5);
      expect(log).toContain('headers seen');
      expect(log).toContain('[redacted]');
      expect(log).not.toContain(SECRET);
      expect(log).not.toContain(CSRF_TOKEN);
    });
  });
});

describe('rate limit on mutating requests, per user', () => {
  let t: TestApp;
  let ns: string;

  beforeAll(async () => {
    t = await startTestApp({ env: { RATE_LIMIT_PER_MINUTE: '3' }, extraRoutes: registerProbeWriteRoute });
    ns = await testNamespace('rate');
  });
  afterAll(async () => t?.close());

  it('answers 429 in the envelope once a user exceeds RATE_LIMIT_PER_MINUTE, without limiting others or reads', async () => {
    const write = (user: string, url = `/api/namespaces/${ns}/probe-writes/nb1`) =>
      requestAs(t.app, user, { method: 'POST', url, payload: {} });
    expect((await write('alice@example.com')).statusCode).toBe(200);
    expect((await write('alice@example.com', `/api/namespaces/${ns}/probe-writes/nb2`)).statusCode).toBe(200);
    expect((await write('alice@example.com')).statusCode).toBe(200);
    const reviews = t.reviewer.reviewsSent;
    const limited = await write('alice@example.com');
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toEqual({
      success: false,
      status: 429,
      user: 'alice@example.com',
      log: expect.stringMatching(/^Too many requests: at most 3 changes per minute, retry in .+\.$/),
    });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(t.reviewer.reviewsSent).toBe(reviews);

    expect((await write('carol@example.com')).statusCode).toBe(403);
    const read = await requestAs(t.app, 'alice@example.com', { url: `/api/namespaces/${ns}/poddefaults` });
    expect(read.statusCode).toBe(200);
  });

  it('is off with RATE_LIMIT_PER_MINUTE=0', async () => {
    const off = await startTestApp({ env: { RATE_LIMIT_PER_MINUTE: '0' }, extraRoutes: registerProbeWriteRoute });
    try {
      for (let i = 0; i < 5; i++) {
        const res = await requestAs(off.app, 'alice@example.com', {
          method: 'POST',
          url: `/api/namespaces/${ns}/probe-writes/nb1`,
          payload: {},
        });
        expect(res.statusCode).toBe(200);
      }
    } finally {
      await off.close();
    }
  });
});
