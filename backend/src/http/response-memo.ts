import { hash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { CachedKind } from '../k8s/cached-cluster-reader.ts';
import {
  COMPRESSION_THRESHOLD_BYTES,
  encodeBody,
  encodedEtag,
  negotiateEncoding,
  type ContentEncoding,
} from './content-encoding.ts';
import { routeOf } from './route-of.ts';

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
  interface FastifyRequest {
    /** The response memo's state of this request (null until its preHandler hook ran). */
    responseMemo: MemoState | null;
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
  /** Requests whose answers are not built from the caches alone: neither served from the memo nor kept. */
  bypass?: (request: FastifyRequest) => boolean;
}

interface MemoEntry {
  versions: string;
  payload: Buffer;
  /** The same answer compressed, per encoding, made on the first request that asks for it. */
  encoded: Partial<Record<ContentEncoding, Buffer>>;
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

/** What the memo knows of one request: answered from memory, or being built (and since when). */
interface MemoState {
  /** The versions the answer is built from; absent on routes without `config.memo`. */
  versions?: string;
  /** Set on the request that builds for its URL: requests arriving meanwhile wait for it. */
  build?: Build;
  /** performance.now() when the build started, for `onBuild`. */
  started?: number;
}

const SERVED: MemoState = Object.freeze({});

/** Only JSON answers big enough to gain are compressed here; `@fastify/compress` sees the rest. */
function encodingFor(request: FastifyRequest, contentType: string, size: number): ContentEncoding {
  if (size < COMPRESSION_THRESHOLD_BYTES || !/^application\/json\b/i.test(contentType)) return 'identity';
  return negotiateEncoding(request.headers['accept-encoding']);
}

function addVaryAcceptEncoding(reply: FastifyReply): void {
  const vary = String(reply.getHeader('vary') ?? '');
  if (/(^|,)\s*(accept-encoding|\*)\s*(,|$)/i.test(vary)) return;
  reply.header('vary', vary ? `${vary}, Accept-Encoding` : 'Accept-Encoding');
}

function setRepresentationHeaders(reply: FastifyReply, etag: string, encoding: ContentEncoding): void {
  reply.header('etag', encodedEtag(etag, encoding));
  addVaryAcceptEncoding(reply);
  if (encoding !== 'identity') reply.header('content-encoding', encoding);
}

export function isVersionSource(value: unknown): value is VersionSource {
  return typeof (value as Partial<VersionSource> | undefined)?.namespaceVersion === 'function';
}

/** The client's copy matches in the encoding it asks for now or as identity (same bytes once decoded). */
function etagMatches(header: string | undefined, etag: string, encoding: ContentEncoding): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const wanted = new Set([etag, encodedEtag(etag, encoding)]);
  return header.split(',').some((tag) => wanted.has(tag.trim().replace(/^W\//, '')));
}

function memoKey(request: FastifyRequest): string {
  const { user, groups } = request.identity ?? { user: null, groups: [] };
  const groupKey = groups.length === 0 ? '' : groups.length === 1 ? groups[0] : [...groups].sort().join(',');
  return `${request.url}\n${user ?? ''}\n${groupKey}`;
}

/**
 * Conditional and compressed GETs for the API: every 200 answer to a GET under /api carries an ETag
 * (a hash of its bytes) and a matching If-None-Match gets a 304; a JSON answer of 1 KiB or more is
 * sent with brotli or gzip when the client accepts it (`Vary: Accept-Encoding`, one ETag per
 * encoding). Routes that declare `config.memo` go further: their answer is kept per URL and user,
 * keyed by the versions of the namespaces it was built from, with its compressed forms, so an
 * unchanged poll costs neither a rebuild, a serialisation nor a compression. Runs after the access
 * checks.
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
  const building = new Map<string, Build>();
  const { onBuild } = options;
  app.decorateRequest('responseMemo', null);

  function evictOverBudget(): void {
    for (const [k, e] of memo) {
      if (totalBytes <= maxBytes) break;
      memo.delete(k);
      totalBytes -= e.bytes;
    }
  }

  function remember(key: string, entry: MemoEntry): void {
    const old = memo.get(key);
    if (old) {
      totalBytes -= old.bytes;
      memo.delete(key);
    }
    if (entry.bytes > maxBytes / 4) return;
    memo.set(key, entry);
    totalBytes += entry.bytes;
    evictOverBudget();
  }

  function encodedPayload(entry: MemoEntry, encoding: ContentEncoding): Buffer {
    if (encoding === 'identity') return entry.payload;
    let body = entry.encoded[encoding];
    if (!body) {
      body = encodeBody(entry.payload, encoding);
      entry.encoded[encoding] = body;
      entry.bytes += body.length;
      totalBytes += body.length;
      evictOverBudget();
    }
    return body;
  }

  /** A remembered answer, sent from the preHandler hook: the handler and serialisation never run. */
  function serve(request: FastifyRequest, reply: FastifyReply, entry: MemoEntry): void {
    request.responseMemo = SERVED;
    const encoding = encodingFor(request, entry.contentType, entry.payload.length);
    reply.header('cache-control', 'private, no-cache');
    if (etagMatches(request.headers['if-none-match'], entry.etag, encoding)) {
      reply.header('etag', encodedEtag(entry.etag, encoding));
      addVaryAcceptEncoding(reply);
      reply.code(304).send();
      return;
    }
    setRepresentationHeaders(reply, entry.etag, encoding);
    reply.code(200).type(entry.contentType).send(encodedPayload(entry, encoding));
  }

  /** This request builds the answer (the handler runs); the first one for its URL also lets others wait for it. */
  function build(request: FastifyRequest, key: string, versions: string, done: () => void): void {
    // Versions are taken before the handler reads, so a change while it runs makes the next request rebuild.
    const state: MemoState = { versions, started: onBuild ? performance.now() : undefined };
    if (!building.has(key)) {
      let finish!: (entry: MemoEntry | undefined) => void;
      const built = new Promise<MemoEntry | undefined>((resolve) => (finish = resolve));
      const pending: Build = {
        versions,
        done: built,
        finish: (result) => {
          if (building.get(key) === pending) building.delete(key);
          finish(result);
        },
      };
      building.set(key, pending);
      state.build = pending;
    }
    request.responseMemo = state;
    done();
  }

  // Callback hooks throughout: a poll answered from the memo settles no promise, and its reply is
  // written before the hook returns.
  app.addHook('preHandler', (request, reply, done) => {
    if (request.method !== 'GET') return done();
    const kinds = routeOf(request).config.memo;
    if (!kinds || !source || options.bypass?.(request)) {
      if (onBuild) request.responseMemo = { started: performance.now() };
      return done();
    }
    const namespace = (request.params as Record<string, string | undefined>).ns ?? '';
    const versions =
      kinds.length === 1
        ? source.namespaceVersion(kinds[0]!, namespace)
        : kinds.map((kind) => source.namespaceVersion(kind, namespace)).join(',');
    const key = memoKey(request);
    const entry = memo.get(key);
    if (entry && entry.versions === versions && Date.now() < entry.expires) return serve(request, reply, entry);
    // Many polls of a changed list arrive together: one builds, the others wait for its bytes.
    const pending = building.get(key);
    if (pending?.versions === versions) {
      void pending.done.then((built) => (built ? serve(request, reply, built) : build(request, key, versions, done)));
      return;
    }
    build(request, key, versions, done);
  });

  // A build that ends without a 200 (an error, an aborted request) lets the waiting requests build.
  app.addHook('onResponse', (request, _reply, done) => {
    request.responseMemo?.build?.finish(undefined);
    done();
  });
  app.addHook('onRequestAbort', (request, done) => {
    request.responseMemo?.build?.finish(undefined);
    done();
  });

  app.addHook('onSend', (request, reply, payload, done) => {
    const state = request.responseMemo;
    if (state === SERVED || request.method !== 'GET' || reply.statusCode !== 200) return done(null, payload);
    const route = routeOf(request).url;
    if (!route?.startsWith('/api/')) return done(null, payload);
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return done(null, payload);
    if (state?.started !== undefined) onBuild?.(route, (performance.now() - state.started) / 1000);
    const etag = `"${hash('sha1', payload, 'base64url')}"`;
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'private, no-cache');
    const contentType = String(reply.getHeader('content-type') ?? 'application/json; charset=utf-8');
    const bytes = Buffer.isBuffer(payload) ? payload : Buffer.from(payload);
    const encoding = encodingFor(request, contentType, bytes.length);
    const notModified = etagMatches(request.headers['if-none-match'], etag, encoding);
    const encoded = encoding === 'identity' || notModified ? undefined : encodeBody(bytes, encoding);
    if (state?.versions !== undefined) {
      const maxAge = routeOf(request).config.memoMaxAgeMs ?? maxAgeMs;
      const entry: MemoEntry = {
        versions: state.versions,
        payload: bytes,
        encoded: encoded ? { [encoding]: encoded } : {},
        etag,
        contentType,
        expires: Math.min(Date.now() + maxAge, reuseLimits.get(request) ?? Infinity),
        bytes: bytes.length + (encoded?.length ?? 0),
      };
      remember(memoKey(request), entry);
      state.build?.finish(entry);
    }
    if (notModified) {
      reply.header('etag', encodedEtag(etag, encoding));
      addVaryAcceptEncoding(reply);
      reply.code(304);
      return done(null, '');
    }
    setRepresentationHeaders(reply, etag, encoding);
    done(null, encoded ?? bytes);
  });
}
