import { StringDecoder } from 'node:string_decoder';
import { Agent, request as undiciRequest, type Dispatcher } from 'undici';
import type { ClusterCredentials } from './cluster-credentials.ts';
import { currentConsistencyScope } from './consistency-scope.ts';
import { KubeError, kubeErrorFromResponse } from './kube-error.ts';

/**
 * A small JSON REST client for the Kubernetes API. client-node's generated clients build a new TLS
 * agent for every call and turn timestamps into Date objects; we keep one pooled connection, raw JSON,
 * a timeout on every call, typed errors, and one observer hook for metrics and call counting.
 */
export type KubeVerb = 'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete';

export interface KubeCall {
  verb: KubeVerb;
  resource: string;
  code: number;
  seconds: number;
}

export type KubeCallObserver = (call: KubeCall) => void;

/** A successful (not dry-run) write: the object the API server returned, or `deleted` when it is gone. */
export interface KubeWrite {
  resource: string;
  namespace?: string;
  name: string;
  object?: { metadata: { resourceVersion?: string; uid?: string; [key: string]: unknown } };
  deleted?: boolean;
}

export type KubeWriteObserver = (write: KubeWrite) => void;

export interface KubeRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  contentType?: string;
  verb: KubeVerb;
  resource: string;
  timeoutMs?: number;
}

export interface KubeRestClientOptions {
  timeoutMs: number;
  observers?: KubeCallObserver[];
}

const AUTH_REFRESH_MS = 30_000;

export class KubeRestClient {
  readonly server: string;
  readonly timeoutMs: number;
  private readonly credentials: ClusterCredentials;
  private readonly dispatcher: Dispatcher;
  private readonly observers: KubeCallObserver[];
  private readonly writeObservers: KubeWriteObserver[] = [];
  private authHeaders: Record<string, string> = {};
  private authFetchedAt = 0;

  private constructor(credentials: ClusterCredentials, dispatcher: Dispatcher, options: KubeRestClientOptions) {
    this.credentials = credentials;
    this.server = credentials.server.replace(/\/+$/, '');
    this.dispatcher = dispatcher;
    this.timeoutMs = options.timeoutMs;
    this.observers = options.observers ?? [];
  }

  static create(credentials: ClusterCredentials, options: KubeRestClientOptions): KubeRestClient {
    const { ca, cert, key, rejectUnauthorized, servername } = credentials.tls;
    const dispatcher = new Agent({
      connect: { ca, cert, key, rejectUnauthorized, servername },
      keepAliveTimeout: 30_000,
      connections: 64,
    });
    return new KubeRestClient(credentials, dispatcher, options);
  }

  addObserver(observer: KubeCallObserver): void {
    this.observers.push(observer);
  }

  /** Watch caches use this to show a user their own writes at once (read-your-writes). */
  addWriteObserver(observer: KubeWriteObserver): void {
    this.writeObservers.push(observer);
  }

  notifyWrite(write: KubeWrite): void {
    currentConsistencyScope()?.recordWrite(write.resource, write.object?.metadata.resourceVersion);
    for (const observer of this.writeObservers) observer(write);
  }

  async close(): Promise<void> {
    await this.dispatcher.close();
  }

  private async headers(): Promise<Record<string, string>> {
    const now = Date.now();
    if (now - this.authFetchedAt > AUTH_REFRESH_MS) {
      // Re-read credentials periodically: in-cluster service-account tokens rotate on disk.
      this.authHeaders = await this.credentials.authHeaders();
      this.authFetchedAt = now;
    }
    return this.authHeaders;
  }

  private url(path: string, query?: KubeRequest['query']): string {
    let url = this.server + path;
    if (query) {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, String(v));
      const qs = params.toString();
      if (qs) url += `?${qs}`;
    }
    return url;
  }

  private notify(call: KubeCall): void {
    for (const observer of this.observers) observer(call);
  }

  /** Sends a request and returns the response text; throws KubeError on any failure. */
  async requestText(req: KubeRequest & { accept?: string }): Promise<string> {
    const started = performance.now();
    const timeoutMs = req.timeoutMs ?? this.timeoutMs;
    const signal = AbortSignal.timeout(timeoutMs);
    const headers: Record<string, string> = { ...(await this.headers()), accept: req.accept ?? 'application/json' };
    let body: string | undefined;
    if (req.body !== undefined) {
      body = JSON.stringify(req.body);
      headers['content-type'] = req.contentType ?? 'application/json';
    }
    let code = 0;
    try {
      const res = await undiciRequest(this.url(req.path, req.query), {
        method: req.method,
        headers,
        body,
        dispatcher: this.dispatcher,
        signal,
      });
      code = res.statusCode;
      const text = await res.body.text();
      if (code >= 200 && code < 300) return text;
      throw kubeErrorFromResponse(code, text);
    } catch (err) {
      throw toKubeError(err, signal, timeoutMs);
    } finally {
      this.notify({ verb: req.verb, resource: req.resource, code, seconds: (performance.now() - started) / 1000 });
    }
  }

  async requestJson<T>(req: KubeRequest): Promise<T> {
    const text = await this.requestText(req);
    return JSON.parse(text) as T;
  }

  /**
   * Opens a watch stream and calls `onEvent` for each JSON line. Resolves when the stream ends
   * (server timeout or `signal` abort); rejects with a KubeError when it cannot be opened.
   */
  async watch(
    req: Omit<KubeRequest, 'method' | 'verb' | 'body' | 'contentType'> & { signal: AbortSignal; onOpen?: () => void },
    onEvent: (event: { type: string; object: unknown }) => void,
  ): Promise<void> {
    const started = performance.now();
    let code = 0;
    try {
      const res = await undiciRequest(this.url(req.path, { ...req.query, watch: true }), {
        method: 'GET',
        headers: { ...(await this.headers()), accept: 'application/json' },
        dispatcher: this.dispatcher,
        signal: req.signal,
        headersTimeout: req.timeoutMs ?? this.timeoutMs,
        bodyTimeout: 0,
      });
      code = res.statusCode;
      if (code !== 200) throw kubeErrorFromResponse(code, await res.body.text());
      req.onOpen?.();
      // A chunk may end inside a character or a line. Lines are cut out by position and the rest
      // kept once per chunk: cutting the buffer after every line copied it once per event, which
      // dominated a watch's initial events (tens of MB).
      const decoder = new StringDecoder('utf8');
      let buffered = '';
      for await (const chunk of res.body) {
        buffered += decoder.write(chunk as Buffer);
        let start = 0;
        for (let newline = buffered.indexOf('\n'); newline >= 0; newline = buffered.indexOf('\n', start)) {
          const line = buffered.slice(start, newline).trim();
          start = newline + 1;
          if (line) onEvent(JSON.parse(line) as { type: string; object: unknown });
        }
        buffered = buffered.slice(start);
      }
    } catch (err) {
      if (req.signal.aborted) return;
      throw toKubeError(err, req.signal, req.timeoutMs ?? this.timeoutMs);
    } finally {
      this.notify({ verb: 'watch', resource: req.resource, code, seconds: (performance.now() - started) / 1000 });
    }
  }
}

function toKubeError(err: unknown, signal: AbortSignal, timeoutMs: number): KubeError {
  if (err instanceof KubeError) return err;
  if (signal.aborted || (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError'))) {
    return new KubeError('timeout', 504, 'Timeout', `Kubernetes API call timed out after ${timeoutMs} ms`);
  }
  const code = err instanceof Error && 'code' in err ? String((err as { code: unknown }).code) : 'unknown';
  return new KubeError('unreachable', 503, 'Unreachable', `Kubernetes API unreachable (${code})`);
}
