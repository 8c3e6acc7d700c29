import { setTimeout as sleep } from 'node:timers/promises';
import type { ApiServerStatus } from './api-server-status.ts';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from './backoff.ts';
import { KubeError, kubeErrorFromResponse } from './kube-error.ts';
import { listInPages } from './paged-list.ts';
import { resourcePath, type ResourceType } from './resources.ts';
import type { KubeRestClient } from './rest-client.ts';
import { ResumeVersionProbe } from './resume-version-probe.ts';
import type { KubeList, KubeObject } from './types.ts';
import { isOlderVersion, WatchCache, type IndexFunction } from './watch-cache.ts';

export interface InformerTuning {
  /** Objects per list page. */
  pageSize: number;
  /** Timeout of each list page (not of the whole list). */
  pageTimeoutMs: number;
  /** Tries per list page before the list starts over. */
  pageAttempts: number;
  /** The API server ends each watch after this long (randomised up to twice as long); we then re-watch. */
  watchTimeoutSeconds: number;
  backoff: BackoffOptions;
  /** How often to retry a resource type that is not installed (an optional CRD) or that we may not read. */
  slowRetryMs: number;
  /** How often to relist when we may list but not watch. */
  pollIntervalMs: number;
  /**
   * List the first page at resourceVersion=0 (any version the API server's watch cache has). Off:
   * the API server ignores `limit` there and sends the whole list in one answer under one timeout,
   * which under load is what timed out; a consistent list pages, and recent API servers serve it
   * from their watch cache too.
   */
  initialListFromCache: boolean;
  /**
   * Fill the cache from a watch that begins with every current object (`sendInitialEvents`: the API
   * server streams them from its watch cache, then a bookmark marks their end) instead of a paged
   * list. Measured on the bench cluster: 10,000 notebooks in 1.3 s against 6–11 s in pages of 500,
   * whose continue pages the API server reads from etcd. Falls back to the paged list where the API
   * server refuses it (no WatchList feature), where we may list but not watch, and after a stalled
   * attempt. During the initial events, `pageTimeoutMs` without an event counts as a timeout.
   */
  watchList: boolean;
  /**
   * For watches that get no bookmarks (events: the API server keeps no watch cache for them), how
   * long before the watch's end its resume version is refreshed (see `ResumeVersionProbe`); 0 never.
   */
  versionProbeLeadSeconds: number;
}

export const DEFAULT_TUNING: InformerTuning = {
  pageSize: 500,
  pageTimeoutMs: 10_000,
  pageAttempts: 10,
  watchTimeoutSeconds: 300,
  backoff: DEFAULT_BACKOFF,
  slowRetryMs: 60_000,
  pollIntervalMs: 60_000,
  initialListFromCache: false,
  watchList: true,
  versionProbeLeadSeconds: 30,
};

/** The bookmark annotation that ends a watch's initial events. */
const INITIAL_EVENTS_END = 'k8s.io/initial-events-end';

/** Refusals of `sendInitialEvents` that no retry will change: this informer lists in pages from then on. */
const WATCH_LIST_REFUSED: ReadonlySet<KubeError['kind']> = new Set(['invalid', 'badRequest', 'forbidden', 'notFound']);

export interface InformerOptions<T extends KubeObject> {
  /** The name in metrics, logs and readiness messages, e.g. `notebooks` or `events/Notebook`. */
  name: string;
  type: ResourceType;
  fieldSelector?: string;
  indexes?: Record<string, IndexFunction<T>>;
  /** A 404 means the CRD is not installed: an empty, synced cache that looks again now and then. */
  optional?: boolean;
  /** A 403 is survivable: list-only access polls, no access gives an empty, synced cache. */
  forbiddenTolerated?: boolean;
  tuning?: Partial<InformerTuning>;
  /** When given, a cache that lost the API server retries as soon as it answers again, not after its backoff. */
  apiStatus?: ApiServerStatus;
  /**
   * What the cache keeps of each object (the fields the routes read); it must return a new object,
   * never change its argument. Without it, whole objects are kept (less their managedFields).
   */
  transform?: (obj: T) => T;
  onRestart?: (name: string, error: KubeError) => void;
  /** Every list after the first: the cache was rebuilt from a fresh list. */
  onRelist?: (name: string) => void;
  onSyncedChange?: (name: string, synced: boolean) => void;
}

export interface InformerState {
  synced: boolean;
  /** When the current run of failures began (the cache may be behind since then); undefined while watching. */
  failingSince?: number;
  lastError?: string;
  /** Why the cache is empty on purpose (CRD not installed, no permission), if it is. */
  degraded?: string;
}

type WatchEvent = { type: string; object: unknown };

function objectKey(obj: KubeObject): string {
  return `${obj.metadata?.namespace ?? ''}/${obj.metadata?.name ?? ''}`;
}

/**
 * For this long after the API server comes back, failures are retried at once: a restarted API
 * server refuses our identity until its RBAC caches load, and answers 429 "storage is
 * (re)initializing" for custom resources for a while.
 */
const AFTER_RECOVERY_MS = 30_000;
const AFTER_RECOVERY_RETRY_MS = 500;
const TOO_MANY_REQUESTS_RETRY_MS = 1000;

/** Failures that mean "the API server cannot serve now": retried as soon as it answers again. */
const UNAVAILABLE: ReadonlySet<KubeError['kind']> = new Set([
  'unreachable',
  'timeout',
  'serverError',
  'tooManyRequests',
]);

/**
 * Keeps a WatchCache in step with the API server: a paginated list, then a watch from the list's
 * resourceVersion with bookmarks. A watch that ends is resumed from the last version seen; 410 Gone
 * relists at once; any other error retries with capped exponential backoff and jitter, for ever.
 * The failure state clears as soon as a list or a watch succeeds again (a watch that reopens from
 * its old version counts), and an outage of the API server ends the backoff when it answers again.
 */
export class Informer<T extends KubeObject> {
  readonly name: string;
  /** The Kubernetes resource it follows, e.g. `notebooks`. */
  readonly resource: string;
  readonly cache: WatchCache<T>;
  private readonly rest: KubeRestClient;
  private readonly options: InformerOptions<T>;
  private readonly tuning: InformerTuning;
  private readonly stopper = new AbortController();
  private currentWatch: AbortController | undefined;
  private resourceVersion: string | undefined;
  private synced = false;
  private failingSince: number | undefined;
  private lastError: string | undefined;
  private degraded: string | undefined;
  private pollOnly = false;
  /** Whether the next (re)sync may use a watch with initial events (see `InformerTuning.watchList`). */
  private watchListUsable: boolean;
  /** A watch-list attempt failed for a passing reason: the next sync lists in pages. */
  private pagedOnce = false;
  private running: Promise<void> | undefined;
  /** Consecutive failures, for the backoff. */
  private failures = 0;
  private readonly syncWaiters: (() => void)[] = [];
  /** Callers waiting for the cache to reach a resourceVersion (see `whenAt`). */
  private readonly versionWaiters = new Set<{ version: string; resolve: (reached: boolean) => void }>();
  /** Lists made, for tests and logs. */
  lists = 0;
  /** Watches resumed from a probed version instead of the last event's (see `ResumeVersionProbe`). */
  versionProbes = 0;

  constructor(rest: KubeRestClient, options: InformerOptions<T>) {
    this.rest = rest;
    this.options = options;
    this.name = options.name;
    this.resource = options.type.resource;
    this.tuning = { ...DEFAULT_TUNING, ...options.tuning };
    this.watchListUsable = this.tuning.watchList;
    this.cache = new WatchCache<T>(options.indexes);
  }

  start(): void {
    this.running ??= this.run();
  }

  async stop(): Promise<void> {
    this.stopper.abort();
    await this.running;
  }

  state(): InformerState {
    return { synced: this.synced, failingSince: this.failingSince, lastError: this.lastError, degraded: this.degraded };
  }

  get isSynced(): boolean {
    return this.synced;
  }

  /** The resourceVersion the cache is at (the last list, event or bookmark). */
  get version(): string | undefined {
    return this.resourceVersion;
  }

  /**
   * Whether the cache has applied every change up to `version`: its watch delivers each type's events
   * in resourceVersion order, so once it is at `version` or later nothing older is missing.
   * Versions that are not etcd revisions cannot be compared and count as reached.
   */
  hasReached(version: string): boolean {
    return this.synced && !isOlderVersion(this.resourceVersion, version);
  }

  /**
   * Resolves true as soon as the cache has reached `version` (from the watch's own event path, no
   * polling), or false when `signal` aborts first.
   */
  whenAt(version: string, signal: AbortSignal): Promise<boolean> {
    if (this.hasReached(version)) return Promise.resolve(true);
    if (signal.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const waiter = {
        version,
        resolve: (reached: boolean) => {
          this.versionWaiters.delete(waiter);
          signal.removeEventListener('abort', abort);
          resolve(reached);
        },
      };
      const abort = () => waiter.resolve(false);
      signal.addEventListener('abort', abort, { once: true });
      this.versionWaiters.add(waiter);
    });
  }

  private versionAdvanced(): void {
    if (this.versionWaiters.size === 0) return;
    for (const waiter of [...this.versionWaiters]) if (this.hasReached(waiter.version)) waiter.resolve(true);
  }

  /** The copy the cache keeps of `obj` (which is left unchanged when there is a transform). */
  toCached(obj: T): T {
    return this.options.transform ? this.options.transform(obj) : obj;
  }

  /** Whether our own writes of `resource` belong here (a field-selected cache holds only a subset). */
  cacheable(resource: string): boolean {
    return resource === this.options.type.resource && !this.options.fieldSelector;
  }

  /** Resolves once the first list has been stored. */
  whenSynced(): Promise<void> {
    if (this.synced) return Promise.resolve();
    return new Promise((resolve) => this.syncWaiters.push(resolve));
  }

  /**
   * Ends the current watch and resumes from `resourceVersion` (tests use a long-compacted version to
   * make the API server answer 410 Gone).
   */
  rewatchFrom(resourceVersion: string): void {
    this.resourceVersion = resourceVersion;
    this.currentWatch?.abort();
  }

  private setSynced(): void {
    if (!this.synced) {
      this.synced = true;
      this.options.onSyncedChange?.(this.name, true);
      for (const resolve of this.syncWaiters.splice(0)) resolve();
    }
  }

  private async pause(ms: number): Promise<void> {
    try {
      await sleep(ms, undefined, { signal: this.stopper.signal });
    } catch {
      // stopped
    }
  }

  private async run(): Promise<void> {
    while (!this.stopper.signal.aborted) {
      try {
        const withInitialEvents = this.resourceVersion === undefined && this.watchListUsable && !this.pagedOnce;
        this.pagedOnce = false;
        if (this.resourceVersion === undefined && !withInitialEvents) await this.relist();
        if (this.pollOnly) {
          await this.pause(this.tuning.pollIntervalMs);
          this.resourceVersion = undefined;
          continue;
        }
        const started = Date.now();
        const events = withInitialEvents ? await this.watchListOnce() : await this.watchOnce();
        // Refused initial events: list in pages now, no backoff.
        if (withInitialEvents && !this.watchListUsable) continue;
        if (events > 0) this.failures = 0;
        // A watch that ends at once without a word (a proxy closing it, say) must not become a busy loop.
        else if (Date.now() - started < 1000) await this.pause(backoffDelay(++this.failures, this.tuning.backoff));
      } catch (err) {
        if (this.stopper.signal.aborted) break;
        const error = err instanceof KubeError ? err : new KubeError('serverError', 500, '', String(err));
        if (error.kind === 'gone') {
          // Our version was compacted away: relist at once.
          this.resourceVersion = undefined;
          this.options.onRestart?.(this.name, error);
          continue;
        }
        if (await this.tolerated(error)) continue;
        if (error.kind === 'notFound' || error.kind === 'forbidden') this.resourceVersion = undefined;
        this.failures++;
        this.failingSince ??= Date.now();
        this.lastError = `${error.message}`;
        this.options.onRestart?.(this.name, error);
        let delay = backoffDelay(this.failures, this.tuning.backoff);
        // 429: the API server asks for a retry in a second (e.g. "storage is (re)initializing").
        if (error.kind === 'tooManyRequests') delay = Math.min(delay, TOO_MANY_REQUESTS_RETRY_MS);
        if (this.options.apiStatus?.recoveredWithin(AFTER_RECOVERY_MS)) {
          await this.pause(Math.min(delay, AFTER_RECOVERY_RETRY_MS));
        } else if (UNAVAILABLE.has(error.kind) && (await this.pauseUntilRecovery(delay))) this.failures = 0;
        else await this.pause(delay);
      }
    }
  }

  /**
   * A watch that first sends every current object, then runs as a normal watch: the objects before
   * the end-of-initial-events bookmark replace the cache at once, as a list would. A refusal of the
   * initial events switches this informer to paged lists and returns at once; any other failure
   * before the bookmark makes the next attempt a paged list (which keeps the pages it has read).
   */
  private async watchListOnce(): Promise<number> {
    const initial = new Map<string, T>();
    let listed = false;
    let lastEventAt = Date.now();
    try {
      return await this.watchOnce({
        initialEvents: true,
        stallCheck: () => !listed && Date.now() - lastEventAt > this.tuning.pageTimeoutMs,
        onEvent: (event) => {
          if (listed) return false;
          lastEventAt = Date.now();
          const obj = event.object as T;
          if (event.type === 'ADDED' || event.type === 'MODIFIED') initial.set(objectKey(obj), this.toCached(obj));
          else if (event.type === 'DELETED') initial.delete(objectKey(obj));
          else if (event.type === 'BOOKMARK' && obj.metadata?.annotations?.[INITIAL_EVENTS_END] === 'true') {
            listed = true;
            if (this.lists > 0) this.options.onRelist?.(this.name);
            this.listed([...initial.values()], obj.metadata.resourceVersion);
            initial.clear();
          } else return false;
          return true;
        },
      });
    } catch (err) {
      if (listed || this.stopper.signal.aborted) throw err;
      if (err instanceof KubeError && WATCH_LIST_REFUSED.has(err.kind)) {
        this.watchListUsable = false;
        return 0;
      }
      this.pagedOnce = true;
      throw err;
    }
  }

  /** Waits out a backoff, ending early (true) when the API server answers again after an outage. */
  private async pauseUntilRecovery(ms: number): Promise<boolean> {
    const status = this.options.apiStatus;
    if (!status) return false;
    status.suspect();
    const until = AbortSignal.any([this.stopper.signal, AbortSignal.timeout(ms)]);
    const recovered = await status.nextRecovery(until);
    return recovered && !this.stopper.signal.aborted;
  }

  /** The API server served us: the cache is current again. */
  private healthy(): void {
    this.failingSince = undefined;
    this.lastError = undefined;
    this.options.apiStatus?.markAnswered();
  }

  /** Handles the errors an optional or partly permitted resource expects; true when handled. */
  private async tolerated(error: KubeError): Promise<boolean> {
    const listing = this.resourceVersion === undefined;
    const notInstalled = this.options.optional && error.kind === 'notFound';
    const forbidden = this.options.forbiddenTolerated && error.kind === 'forbidden';
    if (!notInstalled && !forbidden) return false;
    if (forbidden && !listing) {
      // May list but not watch (e.g. nodes): poll instead.
      this.pollOnly = true;
      this.degraded = `${this.name}: watch forbidden, polling every ${this.tuning.pollIntervalMs / 1000} s`;
      this.resourceVersion = undefined;
      return true;
    }
    this.cache.replace([]);
    this.degraded = notInstalled ? `${this.name}: not installed` : `${this.name}: forbidden (${error.message})`;
    this.failingSince = undefined;
    this.lastError = undefined;
    this.setSynced();
    this.resourceVersion = undefined;
    this.versionAdvanced();
    await this.pause(this.tuning.slowRetryMs);
    return true;
  }

  private query(): Record<string, string | undefined> {
    return { fieldSelector: this.options.fieldSelector };
  }

  private async relist(): Promise<void> {
    // Polling (list but no watch) lists on purpose; a relist is a watching cache starting over.
    if (this.lists > 0 && !this.pollOnly) this.options.onRelist?.(this.name);
    const list = await listInPages<T>(
      this.rest,
      { path: resourcePath(this.options.type), query: this.query(), resource: this.options.type.resource },
      {
        pageSize: this.tuning.pageSize,
        pageTimeoutMs: this.tuning.pageTimeoutMs,
        pageAttempts: this.tuning.pageAttempts,
        backoff: this.tuning.backoff,
        anyVersion: !this.synced && this.tuning.initialListFromCache,
        signal: this.stopper.signal,
      },
      (item) => this.toCached(item),
    );
    this.listed(list.items, list.resourceVersion);
  }

  /** A whole list arrived (paged, or as a watch's initial events): it replaces the cache. */
  private listed(items: T[], resourceVersion: string | undefined): void {
    this.lists++;
    this.cache.replace(items);
    this.resourceVersion = resourceVersion;
    if (!this.pollOnly) this.degraded = undefined;
    this.healthy();
    this.setSynced();
    this.versionAdvanced();
  }

  /**
   * One watch from the current version until the server ends it; returns the number of events.
   * With `initialEvents`, from no version with every current object first: `onEvent` takes the
   * events it consumes (returns true) and `stallCheck` says when their flow has stopped.
   */
  private async watchOnce(
    initial:
      | {
          initialEvents: true;
          onEvent: (event: WatchEvent) => boolean;
          stallCheck: () => boolean;
        }
      | undefined = undefined,
  ): Promise<number> {
    const watch = new AbortController();
    this.currentWatch = watch;
    const stop = () => watch.abort();
    this.stopper.signal.addEventListener('abort', stop);
    const timeoutSeconds = Math.round(this.tuning.watchTimeoutSeconds * (1 + Math.random()));
    let stalled = false;
    // The server closes the watch after timeoutSeconds; a connection silent for longer is dead.
    const watchdog = setTimeout(
      () => {
        stalled = true;
        watch.abort();
      },
      (timeoutSeconds + 30) * 1000,
    );
    let failure: KubeError | undefined;
    let events = 0;
    const leadSeconds = Math.min(this.tuning.versionProbeLeadSeconds, timeoutSeconds / 2);
    const probe = new ResumeVersionProbe(() => this.currentVersion(), (leadSeconds / 2) * 1000);
    if (leadSeconds > 0) probe.schedule((timeoutSeconds - leadSeconds) * 1000);
    const stallTimer = initial
      ? setInterval(
          () => {
            if (!initial.stallCheck()) return;
            stalled = true;
            watch.abort();
          },
          Math.max(10, this.tuning.pageTimeoutMs / 4),
        )
      : undefined;
    try {
      await this.rest.watch(
        {
          path: resourcePath(this.options.type),
          query: {
            ...this.query(),
            ...(initial
              ? { sendInitialEvents: true, resourceVersionMatch: 'NotOlderThan' }
              : { resourceVersion: this.resourceVersion }),
            allowWatchBookmarks: true,
            timeoutSeconds,
          },
          resource: this.options.type.resource,
          signal: watch.signal,
          // The API server accepted the watch from our version: nothing was missed, the cache is current.
          onOpen: () => this.healthy(),
        },
        (event) => {
          if (failure) return;
          if (initial?.onEvent(event)) {
            events++;
            return;
          }
          if (event.type === 'BOOKMARK') probe.cancel();
          failure = this.apply(event);
          if (failure) watch.abort();
          else events++;
        },
      );
    } catch (err) {
      probe.cancel();
      throw err;
    } finally {
      clearTimeout(watchdog);
      clearInterval(stallTimer);
      this.stopper.signal.removeEventListener('abort', stop);
      if (this.currentWatch === watch) this.currentWatch = undefined;
    }
    // Only a watch the server ended itself has seen everything up to the probed version.
    const probed = probe.versionAt(Date.now());
    if (failure) throw failure;
    if (stalled) throw new KubeError('timeout', 504, 'Timeout', `watch of ${this.name} went silent`);
    if (initial && this.resourceVersion === undefined) {
      throw new KubeError('timeout', 504, 'Timeout', `watch of ${this.name} ended before its initial events did`);
    }
    if (probed && !watch.signal.aborted && isOlderVersion(this.resourceVersion, probed)) {
      this.resourceVersion = probed;
      this.versionProbes++;
      this.versionAdvanced();
    }
    return events;
  }

  /** The API server's current resourceVersion: a one-item list across namespaces, no selector. */
  private async currentVersion(): Promise<string | undefined> {
    const list = await this.rest.requestJson<KubeList<T>>({
      method: 'GET',
      path: resourcePath(this.options.type),
      query: { limit: 1 },
      verb: 'list',
      resource: this.options.type.resource,
    });
    return list.metadata.resourceVersion;
  }

  private apply(event: WatchEvent): KubeError | undefined {
    const obj = event.object as T;
    switch (event.type) {
      case 'ADDED':
      case 'MODIFIED':
        this.cache.upsert(this.toCached(obj));
        break;
      case 'DELETED':
        this.cache.remove(obj);
        break;
      case 'BOOKMARK':
        break;
      case 'ERROR':
        return kubeErrorFromResponse(500, JSON.stringify(event.object));
      default:
        return undefined;
    }
    this.resourceVersion = obj.metadata?.resourceVersion ?? this.resourceVersion;
    this.versionAdvanced();
    return undefined;
  }
}
