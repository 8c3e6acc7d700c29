import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import Fastify from 'fastify';
import { describe, expect, it, vi } from 'vitest';
import type { CachedKind } from '../k8s/cached-cluster-reader.ts';
import * as contentEncoding from './content-encoding.ts';
import { memoUntil, registerResponseMemo } from './response-memo.ts';

async function appWith(versions: Map<string, string>, options = {}) {
  const app = Fastify();
  app.decorateRequest('identity', null as never);
  app.addHook('onRequest', async (request) => {
    request.identity = { user: String(request.headers['x-user'] ?? 'anon'), groups: [] } as never;
  });
  registerResponseMemo(
    app,
    { namespaceVersion: (kind: CachedKind, ns = '') => versions.get(`${kind}/${ns}`) ?? '0' },
    options,
  );
  let builds = 0;
  app.get<{ Params: { ns: string } }>(
    '/api/namespaces/:ns/things',
    { config: { access: { public: true }, memo: ['notebooks'] } },
    async (request) => ({ ns: request.params.ns, user: request.identity.user, build: ++builds }),
  );
  app.get('/api/plain', { config: { access: { public: true } } }, async () => ({ build: ++builds }));
  // Big enough to be compressed: 64 notebook-like rows.
  app.get<{ Params: { ns: string } }>(
    '/api/namespaces/:ns/big',
    { config: { access: { public: true }, memo: ['notebooks'] } },
    async (request) => ({
      build: ++builds,
      items: Array.from({ length: 64 }, (_, i) => ({ name: `nb-${i}`, namespace: request.params.ns, phase: 'ready' })),
    }),
  );
  let release: (() => void) | undefined;
  app.get<{ Querystring: { fail?: string } }>(
    '/api/slow',
    { config: { access: { public: true }, memo: ['notebooks'] } },
    async (request, reply) => {
      await new Promise<void>((resolve) => (release = resolve));
      if (request.query.fail) return reply.code(500).send({ failed: true });
      return { build: ++builds };
    },
  );
  app.get<{ Querystring: { until?: string } }>(
    '/api/timed',
    { config: { access: { public: true }, memo: ['notebooks'], memoMaxAgeMs: 60_000 } },
    async (request) => {
      if (request.query.until) memoUntil(request, Number(request.query.until));
      return { build: ++builds };
    },
  );
  await app.ready();
  return { app, builds: () => builds, release: () => release?.() };
}

describe('response memo', () => {
  it('reuses the bytes while the namespace version holds, per user, and rebuilds after a change', async () => {
    const versions = new Map([['notebooks/a', '1']]);
    const { app, builds } = await appWith(versions);
    const get = (user: string, ns = 'a') =>
      app.inject({ url: `/api/namespaces/${ns}/things`, headers: { 'x-user': user } });
    const first = await get('u1');
    expect((await get('u1')).body).toBe(first.body);
    expect(builds()).toBe(1);
    expect((await get('u2')).json().user).toBe('u2');
    await get('u1', 'b');
    expect(builds()).toBe(3);
    versions.set('notebooks/a', '2');
    expect((await get('u1')).json().build).toBe(4);
    expect((await get('u1')).json().build).toBe(4);
  });

  it('answers 304 for a matching If-None-Match, from the memo and from a fresh build', async () => {
    const { app } = await appWith(new Map());
    const first = await app.inject({ url: '/api/namespaces/a/things' });
    const etag = first.headers.etag as string;
    expect(first.headers['cache-control']).toBe('private, no-cache');
    const memoised = await app.inject({ url: '/api/namespaces/a/things', headers: { 'if-none-match': etag } });
    expect([memoised.statusCode, memoised.body]).toEqual([304, '']);
    const plain = await app.inject({ url: '/api/plain' });
    const again = await app.inject({ url: '/api/plain', headers: { 'if-none-match': `W/${plain.headers.etag}` } });
    expect(again.statusCode).toBe(200); // a new build number: different bytes, a new ETag
    expect(again.headers.etag).not.toBe(plain.headers.etag);
  });

  it('rebuilds an unchanged answer once it is older than maxAgeMs', async () => {
    const { app, builds } = await appWith(new Map(), { maxAgeMs: 0 });
    await app.inject({ url: '/api/namespaces/a/things' });
    await app.inject({ url: '/api/namespaces/a/things' });
    expect(builds()).toBe(2);
  });

  it('reports the build time of every answer built, memo route or not, and none for memo hits', async () => {
    const built: [string, number][] = [];
    const { app } = await appWith(new Map(), {
      onBuild: (route: string, seconds: number) => built.push([route, seconds]),
    });
    await app.inject({ url: '/api/namespaces/a/things' });
    await app.inject({ url: '/api/namespaces/a/things' });
    await app.inject({ url: '/api/namespaces/a/things?unique=1' });
    await app.inject({ url: '/api/plain' });
    await app.inject({ url: '/api/plain' });
    expect(built.map(([route]) => route)).toEqual([
      '/api/namespaces/:ns/things',
      '/api/namespaces/:ns/things',
      '/api/plain',
      '/api/plain',
    ]);
    expect(built.every(([, seconds]) => seconds >= 0 && seconds < 60)).toBe(true);
  });

  it('compresses a large JSON answer by Accept-Encoding, once per encoding, with Vary and an ETag per encoding', async () => {
    const encode = vi.spyOn(contentEncoding, 'encodeBody');
    const { app, builds } = await appWith(new Map());
    const get = (acceptEncoding?: string, ifNoneMatch?: string) =>
      app.inject({
        url: '/api/namespaces/a/big',
        headers: {
          ...(acceptEncoding ? { 'accept-encoding': acceptEncoding } : {}),
          ...(ifNoneMatch ? { 'if-none-match': ifNoneMatch } : {}),
        },
      });
    const plain = await get();
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toBe('Accept-Encoding');
    const br = await get('gzip, deflate, br');
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toBe('Accept-Encoding');
    expect(br.rawPayload.length).toBeLessThan(plain.rawPayload.length / 4);
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe(plain.body);
    expect(br.headers.etag).toBe(`${String(plain.headers.etag).slice(0, -1)}-br"`);
    const gzip = await get('gzip;q=1, br;q=0.5');
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzip.rawPayload).toString()).toBe(plain.body);
    // Memo hits reuse the compressed bytes: still one build, one brotli and one gzip compression.
    for (let i = 0; i < 3; i++) await get('br');
    expect(builds()).toBe(1);
    expect(encode.mock.calls.map(([, encoding]) => encoding).sort()).toEqual(['br', 'gzip']);
    const notModified = await get('br', String(br.headers.etag));
    expect([notModified.statusCode, notModified.headers.etag, notModified.headers.vary]).toEqual([
      304,
      br.headers.etag,
      'Accept-Encoding',
    ]);
    encode.mockRestore();
  });

  it('leaves small answers and clients that refuse compression uncompressed', async () => {
    const { app } = await appWith(new Map());
    const small = await app.inject({ url: '/api/namespaces/a/things', headers: { 'accept-encoding': 'br' } });
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(small.headers.vary).toBe('Accept-Encoding');
    const identityOnly = await app.inject({
      url: '/api/namespaces/a/big',
      headers: { 'accept-encoding': 'identity, br;q=0' },
    });
    expect(identityOnly.headers['content-encoding']).toBeUndefined();
    expect(identityOnly.json().items).toHaveLength(64);
  });

  it('builds a changed answer once for requests that arrive together; they all get its bytes', async () => {
    const { app, builds, release } = await appWith(new Map());
    const answers = Promise.all([1, 2, 3].map(() => app.inject({ url: '/api/slow' })));
    await new Promise((resolve) => setTimeout(resolve, 20));
    release();
    const bodies = (await answers).map((a) => a.json().build);
    expect(bodies).toEqual([1, 1, 1]);
    expect(builds()).toBe(1);
  });

  it('lets waiting requests build for themselves when the build fails', async () => {
    const { app, builds, release } = await appWith(new Map());
    const failing = app.inject({ url: '/api/slow?fail=1' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const waiting = app.inject({ url: '/api/slow?fail=1' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    release();
    expect((await failing).statusCode).toBe(500);
    await new Promise((resolve) => setTimeout(resolve, 20));
    release();
    expect((await waiting).statusCode).toBe(500);
    expect(builds()).toBe(0);
  });

  it('reuses an answer as long as its route allows, and no longer than the handler said', async () => {
    const { app, builds } = await appWith(new Map(), { maxAgeMs: 0 });
    await app.inject({ url: '/api/timed' });
    await app.inject({ url: '/api/timed' });
    expect(builds()).toBe(1);
    const soon = Date.now() + 50;
    await app.inject({ url: `/api/timed?until=${soon}` });
    await app.inject({ url: `/api/timed?until=${soon}` });
    expect(builds()).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 80));
    await app.inject({ url: `/api/timed?until=${soon}` });
    expect(builds()).toBe(3);
  });
});
