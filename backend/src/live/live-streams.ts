import type { ServerResponse } from 'node:http';
import type { LiveKind } from '@jupyter-apis/contract';
import { AppError } from '../errors.ts';
import type { CachedKind } from '../k8s/cached-cluster-reader.ts';
import type { ChangeSource } from '../k8s/change-source.ts';
import type { ResourceAttributes, Subject, SubjectAccessReviewer } from '../k8s/subject-access-review.ts';
import { LiveConnection, type DropReason } from './live-connection.ts';
import type { LiveItems, WatchedObject } from './live-items.ts';
import { NamespaceFeed } from './namespace-feed.ts';
import { sseComment, sseEvent, sseRetry } from './sse-frame.ts';

export interface LiveStreamsOptions {
  maxPerUser: number;
  maxTotal: number;
  heartbeatMs: number;
  maxBufferBytes: number;
  /** SAR_CACHE_TTL: access is asked again when the cached decision expires (at least this often when the cache is off). */
  recheckFallbackMs: number;
  /** false: no access checks (development mode without authentication). */
  authorize: boolean;
  batchMs?: number;
  maxTombstones?: number;
  /** PVC usage from Prometheus is asked again this often for a namespace with streams. */
  usageRefreshMs?: number;
  /** A namespace's feed outlives its last stream by this long, so a reconnecting client can resume. */
  feedIdleMs?: number;
  /** How long clients should wait before reconnecting after a shutdown. */
  reconnectMs?: number;
  onOpen?: () => void;
  onClose?: (reason: DropReason) => void;
  onError?: (error: unknown, namespace: string) => void;
  describeDenial: (user: string, attributes: ResourceAttributes) => string;
}

export interface OpenStream {
  subject: Subject;
  namespace: string;
  kinds: readonly LiveKind[];
  object?: WatchedObject;
  access: readonly ResourceAttributes[];
  lastEventId?: string;
}

/** Kinds of cached objects whose changes some list item shows. */
const FOLLOWED: readonly CachedKind[] = ['notebooks', 'events', 'pvcs', 'pvcviewers', 'poddefaults'];
const HEARTBEAT = sseComment('heartbeat');
const RECHECK_RETRY_MS = 5000;

/**
 * Every live stream of this replica: the per-namespace feeds they share, the limits (per user and in
 * total), one heartbeat timer for all, access re-checked when each SubjectAccessReview decision
 * expires, and shutdown. A replica serves its streams from its own caches.
 */
export class LiveStreams {
  private readonly source: ChangeSource;
  private readonly items: LiveItems;
  private readonly reviewer: SubjectAccessReviewer;
  private readonly options: Required<Omit<LiveStreamsOptions, 'onOpen' | 'onClose' | 'onError'>> &
    Pick<LiveStreamsOptions, 'onOpen' | 'onClose' | 'onError'>;
  private readonly feeds = new Map<string, NamespaceFeed>();
  private readonly idleTimers = new Map<string, NodeJS.Timeout>();
  private readonly connections = new Set<LiveConnection>();
  private readonly perUser = new Map<string, number>();
  private reserved = 0;
  private unsubscribe: (() => void)[] = [];
  private heartbeat: NodeJS.Timeout | undefined;
  private closing = false;

  constructor(source: ChangeSource, items: LiveItems, reviewer: SubjectAccessReviewer, options: LiveStreamsOptions) {
    this.source = source;
    this.items = items;
    this.reviewer = reviewer;
    this.options = {
      batchMs: 100,
      maxTombstones: 1000,
      usageRefreshMs: 60_000,
      feedIdleMs: 5 * 60_000,
      reconnectMs: 1000,
      ...options,
    };
  }

  get count(): number {
    return this.connections.size;
  }

  /**
   * Opens a stream on `raw` once the caller passed the route's access checks: reserves a slot (429
   * beyond the limits), prepares the namespace's feed (503 while a cache is not synced), then takes
   * over the response. Throws before anything is written, so errors get the usual JSON envelope.
   */
  async open(
    request: OpenStream,
    raw: ServerResponse,
    takeOver: () => Record<string, string | number | string[] | undefined>,
  ) {
    if (this.closing) throw new AppError('unavailable', 'The server is shutting down, reconnect.');
    const user = request.subject.user;
    this.reserve(user);
    let connection: LiveConnection | undefined;
    try {
      const feed = this.feed(request.namespace);
      const objectEvents = await feed.prepare(request.object);
      if (this.closing) throw new AppError('unavailable', 'The server is shutting down, reconnect.');
      const headers = takeOver();
      connection = new LiveConnection(raw, {
        ...request,
        maxBufferBytes: this.options.maxBufferBytes,
        onClose: (c, reason) => this.closed(c, feed, reason),
      });
      this.connections.add(connection);
      connection.open(headers);
      feed.attach(connection, request.lastEventId, objectEvents);
      // The client may have gone while the feed was being prepared: its 'close' came before us.
      if (raw.destroyed || !raw.socket || raw.socket.destroyed) connection.drop('client');
      this.startHeartbeat();
      this.options.onOpen?.();
    } catch (err) {
      if (!connection) this.release(user);
      throw err;
    }
    const opened = connection;
    this.recheck(opened).catch(() => {
      if (!opened.closed) this.recheckAt(opened, RECHECK_RETRY_MS);
    });
  }

  /** Ends every stream with a `closing` event and a reconnect delay, so clients move to another replica. */
  close(): void {
    this.closing = true;
    const goodbye = Buffer.concat([
      sseRetry(this.options.reconnectMs),
      sseEvent('closing', JSON.stringify({ reason: 'shutdown', message: 'The server is restarting; reconnect.' })),
    ]);
    for (const connection of [...this.connections]) connection.end('shutdown', goodbye);
    this.stopFollowing();
    clearInterval(this.heartbeat);
    this.heartbeat = undefined;
  }

  private reserve(user: string): void {
    const { maxPerUser, maxTotal } = this.options;
    if (this.reserved >= maxTotal) {
      throw new AppError('tooManyRequests', `Too many live streams on this server (at most ${maxTotal}); retry later.`);
    }
    const mine = this.perUser.get(user) ?? 0;
    if (mine >= maxPerUser) {
      throw new AppError(
        'tooManyRequests',
        `Too many live streams for user '${user}' (at most ${maxPerUser}); close another tab or retry later.`,
      );
    }
    this.perUser.set(user, mine + 1);
    this.reserved++;
  }

  private release(user: string): void {
    const mine = (this.perUser.get(user) ?? 1) - 1;
    if (mine <= 0) this.perUser.delete(user);
    else this.perUser.set(user, mine);
    this.reserved--;
  }

  private feed(namespace: string): NamespaceFeed {
    clearTimeout(this.idleTimers.get(namespace));
    this.idleTimers.delete(namespace);
    let feed = this.feeds.get(namespace);
    if (!feed) {
      this.follow();
      feed = new NamespaceFeed(namespace, this.items, {
        batchMs: this.options.batchMs,
        maxTombstones: this.options.maxTombstones,
        usageRefreshMs: this.options.usageRefreshMs,
        onError: (err) => this.options.onError?.(err, namespace),
      });
      this.feeds.set(namespace, feed);
      this.idleUnlessUsed(feed);
    }
    return feed;
  }

  /** A feed without streams stays a while for resuming clients, then goes. */
  private idleUnlessUsed(feed: NamespaceFeed): void {
    if (feed.streams > 0 || this.idleTimers.has(feed.namespace)) return;
    const timer = setTimeout(() => {
      this.idleTimers.delete(feed.namespace);
      if (feed.streams > 0 || this.feeds.get(feed.namespace) !== feed) return;
      feed.dispose();
      this.feeds.delete(feed.namespace);
      if (this.feeds.size === 0) this.stopFollowing();
    }, this.options.feedIdleMs);
    timer.unref();
    this.idleTimers.set(feed.namespace, timer);
  }

  private follow(): void {
    if (this.unsubscribe.length > 0) return;
    this.unsubscribe = FOLLOWED.map((kind) =>
      this.source.subscribe(kind, (change) => this.feeds.get(change.namespace)?.changed(kind, change)),
    );
  }

  private stopFollowing(): void {
    for (const stop of this.unsubscribe) stop();
    this.unsubscribe = [];
    for (const timer of this.idleTimers.values()) clearTimeout(timer);
    this.idleTimers.clear();
    if (this.closing) {
      for (const feed of this.feeds.values()) feed.dispose();
      this.feeds.clear();
    }
  }

  private closed(connection: LiveConnection, feed: NamespaceFeed, reason: DropReason): void {
    if (!this.connections.delete(connection)) return;
    this.release(connection.subject.user);
    feed.detach(connection);
    if (!this.closing) this.idleUnlessUsed(feed);
    if (this.connections.size === 0) {
      clearInterval(this.heartbeat);
      this.heartbeat = undefined;
    }
    this.options.onClose?.(reason);
  }

  private startHeartbeat(): void {
    if (this.heartbeat) return;
    this.heartbeat = setInterval(() => {
      for (const connection of this.connections) connection.send(HEARTBEAT);
    }, this.options.heartbeatMs);
    this.heartbeat.unref();
  }

  /**
   * Asks again when the earliest of the stream's cached decisions expires: the reviewer then makes a
   * fresh SubjectAccessReview, so a revoked binding ends the stream within the cache TTL.
   */
  private async recheck(connection: LiveConnection): Promise<void> {
    if (!this.options.authorize || connection.closed) return;
    const decisions = await Promise.all(
      connection.access.map((attrs) => this.reviewer.decide(connection.subject, attrs)),
    );
    if (connection.closed) return;
    const denied = connection.access.find((_, i) => !decisions[i]!.allowed);
    if (denied) {
      const message = this.options.describeDenial(connection.subject.user, denied);
      connection.end('forbidden', sseEvent('closing', JSON.stringify({ reason: 'forbidden', message })));
      return;
    }
    const now = Date.now();
    const expiresAt = Math.min(...decisions.map((d) => d.expiresAt));
    this.recheckAt(connection, expiresAt > now ? expiresAt - now : this.options.recheckFallbackMs);
  }

  /** A failing review (the API server down) keeps the stream open and is asked again a little later. */
  private recheckAt(connection: LiveConnection, delayMs: number): void {
    clearTimeout(connection.recheck);
    connection.recheck = setTimeout(() => {
      connection.recheck = undefined;
      this.recheck(connection).catch(() => {
        if (!connection.closed) this.recheckAt(connection, RECHECK_RETRY_MS);
      });
    }, delayMs);
    connection.recheck.unref();
  }
}
