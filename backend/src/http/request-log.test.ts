import { Writable } from 'node:stream';
import Fastify from 'fastify';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { OneLineRequestLog } from './request-log.ts';

async function appLoggingTo(lines: Record<string, unknown>[]) {
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  const app = Fastify({ loggerInstance: pino({ level: 'info' }, sink), logController: new OneLineRequestLog() });
  app.decorateRequest('identity', null as never);
  app.addHook('onRequest', async (request) => {
    request.identity = { user: (request.headers['x-user'] as string | undefined) ?? null, groups: [] };
  });
  app.get('/api/things/:id', async () => ({ ok: true }));
  app.get('/api/broken', async () => {
    throw new Error('boom');
  });
  app.get('/metrics', { logLevel: 'warn' }, async () => 'quiet');
  await app.ready();
  return app;
}

describe('request log', () => {
  it('writes one line per request when it completes: method, route, url, status, duration, reqId, user', async () => {
    const lines: Record<string, unknown>[] = [];
    const app = await appLoggingTo(lines);
    await app.inject({ method: 'GET', url: '/api/things/7?x=1', headers: { 'x-user': 'alice@example.com' } });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 30,
      msg: 'request completed',
      method: 'GET',
      route: '/api/things/:id',
      url: '/api/things/7?x=1',
      status: 200,
      user: 'alice@example.com',
    });
    expect(typeof lines[0]!.ms).toBe('number');
    expect(typeof lines[0]!.reqId).toBe('string');
    await app.close();
  });

  it('keeps the error line of a failed request, and logs unknown routes and routes below their log level', async () => {
    const lines: Record<string, unknown>[] = [];
    const app = await appLoggingTo(lines);
    await app.inject({ method: 'GET', url: '/api/broken' });
    expect(lines.map((l) => [l.level, l.msg, l.status])).toEqual([
      [50, 'boom', undefined],
      [30, 'request completed', 500],
    ]);
    expect(lines[0]!.reqId).toBe(lines[1]!.reqId);
    lines.length = 0;
    await app.inject({ method: 'GET', url: '/nowhere' });
    expect(lines.at(-1)).toMatchObject({ msg: 'request completed', route: null, status: 404, user: null });
    lines.length = 0;
    await app.inject({ method: 'GET', url: '/metrics' });
    expect(lines).toEqual([]);
    await app.close();
  });
});
