import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { registerSecurityHeaders } from './security-headers.ts';

/** What @fastify/helmet 13 sent with our options before the header set was built once at startup. */
const EXPECTED = {
  'content-security-policy':
    "default-src 'self';script-src 'self' 'unsafe-hashes' 'sha256-MhtPZXr7+LpJUY5qtMutB+qWfQtMaPccfe7QXtCcEYc=';" +
    "style-src 'self' 'unsafe-inline';img-src 'self' data:;font-src 'self' data:;connect-src 'self';" +
    "worker-src 'self' blob:;frame-ancestors 'self';object-src 'none';base-uri 'self';form-action 'self'",
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  'referrer-policy': 'same-origin',
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-frame-options': 'SAMEORIGIN',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0',
};

async function headersOf(https: boolean, url: string) {
  const app = Fastify();
  registerSecurityHeaders(app, { https });
  app.get('/ok', async () => ({ ok: true }));
  app.get('/fails', async () => {
    throw new Error('boom');
  });
  const res = await app.inject({ method: 'GET', url });
  await app.close();
  const { 'content-type': _type, 'content-length': _length, date: _date, connection: _conn, ...rest } = res.headers;
  return rest;
}

describe('security headers', () => {
  it('sends the same set on answers, errors and unknown routes; HSTS only over HTTPS', async () => {
    for (const url of ['/ok', '/fails', '/missing']) {
      expect(await headersOf(false, url)).toEqual(EXPECTED);
      expect(await headersOf(true, url)).toEqual({ ...EXPECTED, 'strict-transport-security': 'max-age=15552000' });
    }
  });

  it('lets a route override one header for its own answer without changing the next', async () => {
    const app = Fastify();
    registerSecurityHeaders(app, { https: false });
    app.get('/framed', async (_request, reply) => reply.header('x-frame-options', 'DENY').send('x'));
    app.get('/plain', async () => 'x');
    expect((await app.inject({ url: '/framed' })).headers['x-frame-options']).toBe('DENY');
    expect((await app.inject({ url: '/plain' })).headers['x-frame-options']).toBe('SAMEORIGIN');
    await app.close();
  });
});
