import { hash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { CachedKind } from '../k8s/cached-cluster-reader.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The cached kinds a GET's answer is built from. While none of them changed in the path's
     * namespace, the same user gets the bytes built last time (and a 304 for a matching ETag).
     */
    memo?: readonly CachedKind[];
    /**
     * How long an unchanged memo answer may be reused (default: the memo's `maxAgeMs`). Routes whose
     * answers change only with their objects set more, and bound it with `memoUntil` when part of an
     * answer changes with time.
     */
    memoMaxAgeMs?: number;
  }
}

const reuseLimits = new WeakMap<FastifyRequest, number>();

/** The answer being built depends on the clock and changes at `epochMs`: reuse it until then at most. */
export function memoUntil(request: FastifyRequest, epochMs: number): void {
  reuseLimits.set(request, Math.min(epochMs, reuseLimits.get(request) ?? Infinity));
}

/** Tells whether the objects a response depends on changed; a CachedClusterReader is one. */
export interface VersionSource {
  namespaceVersion(kind: CachedKind, namespace?: string): string;
}

export interface ResponseMemoOptions {
  /** Even unchanged, an answer is rebuilt after this long (ages and durations in it move on). */
  maxAgeMs?: number;
  /** Memory bound for all remembered answers. */
  maxBytes?: number;
  /**
   * Told how long each GET under /api that was not served from the memo took to build its 200 answer:
   * from after the access checks to the serialised bytes (handler, reads, serialisation).
   */
  onBuild?: (route: string, seconds: number) => void;
}

interface MemoEntry {
  versions: string;
  payload: Buffer;
  etag: string;
  contentType: string;
  /** Reused until this time (epoch ms), while the versions hold. */
  expires: number;
  bytes: number;
}

/** An answer being built: requests for the same URL and versions wait for it instead of building it too. */
interface Build {
  versions: string;
  done: Promise<MemoEntry | undefined>;
  finish(entry: MemoEntry | undefined): void;
}

export function isVersionSource(value: unknown): value is VersionSource {
  return typeof (value as Partial<VersionSource> | undefined)?.namespaceVersion === 'function';
}

function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

function memoKey(request: FastifyRequest): string {
  const { user, groups } = request.identity ?? { user: null, groups: [] };
  return `${request.url}\n${user ?? ''}\n${[...groups].sort().join(',')}`;
}

/**
 * Conditional GETs for the API: every 200 answer to a GET under /api carries an ETag (a hash of its
 * bytes) and a matching If-None-Match gets a 304. Routes that declare `config.memo` go further:
 * their answer is kept per URL and user, keyed by the versions of the namespaces it was built from,
 * so an unchanged poll costs neither a rebuild nor a serialisation. Runs after the access checks.
 */
export function registerResponseMemo(
  app: FastifyInstance,
  source: VersionSource | undefined,
  options: ResponseMemoOptions = {},
): void {
  const maxAgeMs = options.maxAgeMs ?? 2000;
  const maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
  const memo = new Map<string, MemoEntry>();
  let totalBytes = 0;
  const pending = new WeakMap<FastifyRequest, string>();
  const building = new Map<string, Build>();
  const builders = new WeakMap<FastifyRequest, Build>();
  const served = new WeakSet<FastifyRequest>();
  const buildStarted = new WeakMap<FastifyRequest, number>();
  const { onBuild } = options;

  function remember(key: string, entry: MemoEntry): void {
    const old = memo.get(key);
    if (old) {
      totalBytes -= old.bytes;
      memo.delete(key);
    }
    if (entry.bytes > maxBytes / 4) return;
    memo.set(key, entry);
    totalBytes += entry.bytes;
    for (const [k, e] of memo) {
      if (totalBytes <= maxBytes) break;
      memo.delete(k);
      totalBytes -= e.bytes;
    }
  }

  app.addHook('preHandler', async (request, reply) => {
    if (request.method !== 'GET') return;
    const kinds = request.routeOptions.config.memo;
    if (!kinds || !source) {
      if (onBuild) buildStarted.set(request, performance.now());
      return;
    }
    const namespace = (request.params as Record<string, string | undefined>).ns ?? '';
    const versions = kinds.map((kind) => source.namespaceVersion(kind, namespace)).join(',');
    const key = memoKey(request);
    let entry = memo.get(key);
    if (!(entry && entry.versions === versions && Date.now() < entry.expires)) {
      // Many polls of a changed list arrive together: one builds, the others wait for its bytes.
      const build = building.get(key);
      entry = build?.versions === versions ? await build.done : undefined;
    }
    if (entry) {
      served.add(request);
      reply.header('etag', entry.etag).header('cache-control', 'private, no-cache');
      if (etagMatches(request.headers['if-none-match'], entry.etag)) return reply.code(304).send();
      return reply.code(200).type(entry.contentType).send(entry.payload);
    }
    // Versions are taken before the handler reads, so a change while it runs makes the next request rebuild.
    pending.set(request, versions);
    if (!building.has(key)) {
      let finish!: (entry: MemoEntry | undefined) => void;
      const done = new Promise<MemoEntry | undefined>((resolve) => (finish = resolve));
      const build: Build = {
        versions,
        done,
        finish: (result) => {
          if (building.get(key) === build) building.delete(key);
          finish(result);
        },
      };
      building.set(key, build);
      builders.set(request, build);
    }
    if (onBuild) buildStarted.set(request, performance.now());
  });

  // A build that ends without a 200 (an error, an aborted request) lets the waiting requests build.
  app.addHook('onResponse', (request, _reply, done) => {
    builders.get(request)?.finish(undefined);
    done();
  });
  app.addHook('onRequestAbort', (request, done) => {
    builders.get(request)?.finish(undefined);
    done();
  });

  app.addHook('onSend', async (request, reply, payload) => {
    if (request.method !== 'GET' || reply.statusCode !== 200 || served.has(request)) return payload;
    if (!request.routeOptions.url?.startsWith('/api/')) return payload;
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;
    const started = buildStarted.get(request);
    if (started !== undefined) onBuild?.(request.routeOptions.url, (performance.now() - started) / 1000);
    const etag = `"${hash('sha1', payload, 'base64url')}"`;
    reply.header('etag', etag);
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'private, no-cache');
    const versions = pending.get(request);
    if (versions !== undefined) {
      const contentType = String(reply.getHeader('content-type') ?? 'application/json; charset=utf-8');
      const bytes = Buffer.isBuffer(payload) ? payload : Buffer.from(payload);
      const maxAge = request.routeOptions.config.memoMaxAgeMs ?? maxAgeMs;
      const expires = Math.min(Date.now() + maxAge, reuseLimits.get(request) ?? Infinity);
      const entry = { versions, payload: bytes, etag, contentType, expires, bytes: bytes.length };
      remember(memoKey(request), entry);
      builders.get(request)?.finish(entry);
    }
    if (etagMatches(request.headers['if-none-match'], etag)) {
      reply.code(304);
      return '';
    }
    return payload;
  });
}
