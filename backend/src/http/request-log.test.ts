import { Writable } from 'node:stream';
import Fastify from 'fastify';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { JsonAccessLines } from './access-lines.ts';
import { lazyRequestLogger, OneLineRequestLog, type RequestLogOptions } from './request-log.ts';

function sinkFor(lines: Record<string, unknown>[]) {
  return new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
}

async function appLoggingTo(lines: Record<string, unknown>[], options: RequestLogOptions = {}) {
  const app = Fastify({
    loggerInstance: pino({ level: 'info', redact: ['*.password'] }, sinkFor(lines)),
    logController: new OneLineRequestLog(options),
  });
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

  it('writes access lines to a writer of their own, with the request id; errors through the request logger', async () => {
    const errors: Record<string, unknown>[] = [];
    const access: Record<string, unknown>[] = [];
    const app = await appLoggingTo(errors, {
      accessLines: new JsonAccessLines(sinkFor(access), {}, 'info', { batchMs: 0 }),
    });
    await app.inject({ method: 'GET', url: '/api/things/7', headers: { 'x-user': 'alice@example.com' } });
    await app.inject({ method: 'GET', url: '/metrics' });
    await app.inject({ method: 'GET', url: '/api/broken' });
    expect(access.map((l) => [l.msg, l.route, l.status])).toEqual([
      ['request completed', '/api/things/:id', 200],
      ['request completed', '/api/broken', 500],
    ]);
    expect(typeof access[0]!.reqId).toBe('string');
    expect(errors.map((l) => [l.level, l.msg])).toEqual([[50, 'boom']]);
    expect(errors[0]!.reqId).toBe(access[1]!.reqId);
    await app.close();
  });

  it('samples successful requests when asked to, never failed ones', async () => {
    const lines: Record<string, unknown>[] = [];
    let draw = 0;
    const app = await appLoggingTo(lines, { sample: 0.5, random: () => [0.2, 0.7][draw++ % 2]! });
    await app.inject({ method: 'GET', url: '/api/things/1' });
    await app.inject({ method: 'GET', url: '/api/things/2' });
    await app.inject({ method: 'GET', url: '/nowhere' });
    await app.inject({ method: 'GET', url: '/nowhere' });
    const requestLines = lines.filter((l) => l.msg === 'request completed');
    expect(requestLines.map((l) => [l.url, l.status])).toEqual([
      ['/api/things/1', 200],
      ['/nowhere', 404],
      ['/nowhere', 404],
    ]);
    await app.close();
  });

  it('makes a request logger only for requests that log through it', async () => {
    const lines: Record<string, unknown>[] = [];
    const root = pino({ level: 'info' }, sinkFor(lines));
    let children = 0;
    const child = root.child.bind(root);
    root.child = ((...args: Parameters<typeof root.child>) => {
      children++;
      return child(...args);
    }) as typeof root.child;
    const app = Fastify({
      loggerInstance: root,
      logController: new OneLineRequestLog({ accessLines: new JsonAccessLines(sinkFor([]), {}, 'info') }),
      childLoggerFactory: lazyRequestLogger,
    });
    app.get('/quiet', async () => 'ok');
    app.get('/chatty', async (request) => {
      request.log.warn({ detail: 1 }, 'something to say');
      return 'ok';
    });
    await app.ready();
    const before = children;
    await app.inject({ method: 'GET', url: '/quiet' });
    expect(children).toBe(before);
    await app.inject({ method: 'GET', url: '/chatty' });
    expect(children).toBe(before + 1);
    expect(lines.at(-1)).toMatchObject({ level: 40, msg: 'something to say', detail: 1 });
    expect(typeof lines.at(-1)!.reqId).toBe('string');
    await app.close();
  });
});
