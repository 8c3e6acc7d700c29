import type { LiveChanges, LiveKind, LiveSnapshot } from '@jupyter-apis/contract';
import type { QueryClient, QueryKey } from '@tanstack/react-query';
import { newestFirstOrder } from '../concepts/events.ts';
import { applyLiveChanges } from './live-changes.ts';
import { LiveStream, type LiveChangeMap, type LiveStatus, type LiveStreamOptions } from './live-stream.ts';
import { refetchForLiveNews, setPollingSuspended, writeLiveData } from './polling.ts';
import { queryKeys } from './query-keys.ts';
import type { KubeEvent } from './types.ts';

export type LiveDetails = { notebook: string } | { pvc: string };

/** Names the stream reported changed or removed; `'all'` after a snapshot (anything may have changed). */
export type LiveNews = ReadonlySet<string> | 'all';

export interface LiveQuerySyncOptions {
  namespace: string;
  kinds: readonly LiveKind[];
  /** The details page whose events the stream carries. */
  details?: LiveDetails;
  /**
   * Queries the stream does not carry but the page refetches on its news (a details page's object):
   * not polled while the stream is live.
   */
  quietKeys?: readonly QueryKey[];
  onNews?: (kind: LiveKind, names: LiveNews) => void;
  onStatus?: (status: LiveStatus) => void;
  /** The stream's transport, timers and visibility (tests). */
  stream?: Pick<
    LiveStreamOptions,
    'fetch' | 'visibility' | 'setTimer' | 'clearTimer' | 'random' | 'backoff' | 'hiddenCloseMs'
  >;
}

interface Item {
  name?: string;
  metadata?: { name?: string };
}

/** Notebooks and PVCs are named by `name`, PodDefaults and Events by `metadata.name`. */
const nameOf = (item: Item): string => item.name ?? item.metadata?.name ?? '';

/** The query a list of the stream is written into: the very entry the page's list query reads. */
export function liveListKey(kind: LiveKind, namespace: string): QueryKey {
  switch (kind) {
    case 'notebooks':
      return queryKeys.notebooks([namespace]);
    case 'pvcs':
      return queryKeys.pvcs([namespace]);
    case 'poddefaults':
      return queryKeys.podDefaults(namespace);
  }
}

function eventsKey(namespace: string, details: LiveDetails): QueryKey {
  return 'notebook' in details
    ? queryKeys.notebookEvents(namespace, details.notebook)
    : queryKeys.pvcEvents(namespace, details.pvc);
}

/**
 * Keeps the query cache in step with a namespace's live stream: the snapshot replaces the lists it
 * carries, each change event is merged into its list, in the same entries the pages' list queries
 * read (one data model, whoever fetched it). Polling of those entries (and of `quietKeys`) stops
 * while the stream is live and comes back as soon as it is not; a background tab's closed stream
 * lets polling resume only when the tab is back. The stream's failures are states, never errors:
 * the pages' error model stays the list routes'.
 */
export class LiveQuerySync {
  private readonly client: QueryClient;
  private readonly options: LiveQuerySyncOptions;
  private readonly stream: LiveStream;
  private suspended = false;

  constructor(client: QueryClient, options: LiveQuerySyncOptions) {
    this.client = client;
    this.options = options;
    this.stream = new LiveStream({
      ...options.stream,
      namespace: options.namespace,
      kinds: options.kinds,
      details: options.details,
      onSnapshot: (snapshot) => this.snapshot(snapshot),
      onChanges: (kind, changes) => this.changes(kind, changes),
      onStatus: (status) => this.status(status),
    });
  }

  start(): void {
    this.stream.start();
  }

  stop(): void {
    this.stream.stop();
    this.suspend(false, true);
  }

  /** Every query the stream keeps fresh. */
  private keys(): QueryKey[] {
    const { namespace, details } = this.options;
    const keys = this.options.kinds.map((kind) => liveListKey(kind, namespace));
    if (details) keys.push(eventsKey(namespace, details));
    return [...keys, ...(this.options.quietKeys ?? [])];
  }

  private suspend(off: boolean, refetch: boolean): void {
    if (off === this.suspended) return;
    this.suspended = off;
    for (const key of this.keys()) setPollingSuspended(this.client, key, off, { refetch });
  }

  private status(status: LiveStatus): void {
    // A hidden tab does not poll; when it comes back it fetches on focus while the stream resyncs.
    this.suspend(status === 'live', status !== 'paused');
    this.options.onStatus?.(status);
  }

  private snapshot(snapshot: LiveSnapshot): void {
    const { namespace, details } = this.options;
    for (const kind of this.options.kinds) {
      const items = snapshot[kind];
      if (!items) continue;
      writeLiveData(this.client, liveListKey(kind, namespace), () => items);
      this.options.onNews?.(kind, 'all');
    }
    const events = snapshot.events;
    if (details && events) writeLiveData(this.client, eventsKey(namespace, details), () => events);
  }

  private changes<K extends keyof LiveChangeMap>(kind: K, changes: LiveChangeMap[K]): void {
    const { namespace, details } = this.options;
    if (kind === 'events') {
      if (details) this.merge(eventsKey(namespace, details), changes as LiveChanges<KubeEvent>, newestFirstOrder);
      return;
    }
    this.merge<Item>(liveListKey(kind as LiveKind, namespace), changes as LiveChanges<Item>);
    const names = new Set([...changes.changed.map((item: Item) => nameOf(item)), ...changes.removed]);
    this.options.onNews?.(kind as LiveKind, names);
  }

  private merge<T extends Item>(key: QueryKey, changes: LiveChanges<T>, compare?: (a: T, b: T) => number): void {
    if (this.client.getQueryData(key) === undefined) {
      refetchForLiveNews(this.client, key);
      return;
    }
    writeLiveData<T[]>(this.client, key, (old) => old && applyLiveChanges(old, changes, nameOf, compare));
  }
}
