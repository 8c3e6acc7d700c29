import { randomBytes } from 'node:crypto';
import { LIVE_KINDS, type LiveKind } from '@jupyter-apis/contract';
import type { CachedKind } from '../k8s/cached-cluster-reader.ts';
import type { KubeEvent, KubeObject, Notebook } from '../k8s/types.ts';
import type { CacheChange } from '../k8s/watch-cache.ts';
import { KindHistory } from './kind-history.ts';
import type { LiveConnection } from './live-connection.ts';
import type { BuiltItems, LiveItems, WatchedObject } from './live-items.ts';
import { sseEvent } from './sse-frame.ts';

export interface NamespaceFeedOptions {
  /** Changes arriving within this window go out as one event per list. */
  batchMs: number;
  /** Removals remembered per list for resuming clients. */
  maxTombstones: number;
  /** How often PVC usage from Prometheus is asked again, when PVC items show it. */
  usageRefreshMs: number;
  /** A rebuild failed (a cache not synced, say); it is retried. */
  onError: (error: unknown) => void;
}

/** The events of one watched object as last sent: event name → serialised event, newest first. */
interface ObjectWatch {
  object: WatchedObject;
  connections: Set<LiveConnection>;
  events: Map<string, string>;
}

const RETRY_MS = 1000;

function objectKey(object: WatchedObject): string {
  return `${object.kind}/${object.name}`;
}

function claimsOf(nb: Notebook | undefined): string[] {
  const claims: string[] = [];
  for (const v of nb?.spec?.template?.spec?.volumes ?? []) {
    const claim = v?.persistentVolumeClaim?.claimName;
    if (typeof claim === 'string' && claim) claims.push(claim);
  }
  return claims;
}

function changesJson(changed: readonly string[], removed: readonly string[]): string {
  return `{"changed":[${changed.join(',')}],"removed":${JSON.stringify(removed)}}`;
}

/**
 * The live state of one namespace, shared by every stream open on it: the list items as the list
 * routes build them, a sequence number per event, and what each event changed. Cache changes mark
 * items dirty ("recompute", never "apply a diff"); every `batchMs` the dirty items are rebuilt with
 * the list builders, compared with what was sent, and each list that changed goes out as one event,
 * serialised and framed once, written to every stream that follows that list.
 */
export class NamespaceFeed {
  readonly namespace: string;
  /** Event ids are `epoch.seq`: an id from another feed (another replica, a restart) cannot resume. */
  readonly epoch = randomBytes(4).toString('hex');
  private seq = 0;
  private readonly items: LiveItems;
  private readonly options: NamespaceFeedOptions;
  private readonly histories: Record<LiveKind, KindHistory>;
  private readonly dirty: Record<LiveKind, Set<string>>;
  private readonly dirtyObjects = new Set<string>();
  private readonly watches = new Map<string, ObjectWatch>();
  private readonly connections = new Set<LiveConnection>();
  /**
   * The last lists snapshot framed, by the lists it carries and `seq`: streams that connect together
   * (a page load storm, clients moving over from a replica that shut down) share one frame.
   */
  private snapshotFrame: { key: string; frame: Buffer } | undefined;
  /** Notebooks whose status changes by the clock alone (creation grace period), and when. */
  private readonly expiries = new Map<string, number>();
  private expiryTimer: NodeJS.Timeout | undefined;
  private usageTimer: NodeJS.Timeout | undefined;
  private flushTimer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  private loading: Promise<void> | undefined;
  private disposed = false;

  constructor(namespace: string, items: LiveItems, options: NamespaceFeedOptions) {
    this.namespace = namespace;
    this.items = items;
    this.options = options;
    this.histories = {
      notebooks: new KindHistory(options.maxTombstones),
      pvcs: new KindHistory(options.maxTombstones),
      poddefaults: new KindHistory(options.maxTombstones),
    };
    this.dirty = { notebooks: new Set(), pvcs: new Set(), poddefaults: new Set() };
  }

  get streams(): number {
    return this.connections.size;
  }

  /** Builds every item once; rejects (and may be retried) when a cache is not synced yet. */
  load(): Promise<void> {
    this.loading ??= this.loadAll().catch((err: unknown) => {
      this.loading = undefined;
      throw err;
    });
    return this.loading;
  }

  private async loadAll(): Promise<void> {
    const [notebooks, pvcs, podDefaults] = await Promise.all([
      this.items.notebooks(this.namespace),
      this.items.refreshUsage(this.namespace).then(() => this.items.pvcs(this.namespace)),
      this.items.podDefaults(this.namespace),
    ]);
    const initial: Record<LiveKind, BuiltItems> = { notebooks: notebooks.items, pvcs, poddefaults: podDefaults };
    for (const kind of LIVE_KINDS) {
      for (const [name, json] of initial[kind]) if (json !== null) this.histories[kind].set(name, json, 0);
    }
    this.setExpiries(notebooks.expiries, new Set(notebooks.items.keys()));
    this.followUsage();
  }

  /** Volume usage changes with no change in the cluster: ask for it again now and then, rebuild the PVCs. */
  private followUsage(): void {
    if (!this.items.hasLiveUsage || this.usageTimer || this.disposed) return;
    this.usageTimer = setInterval(() => {
      if (this.connections.size === 0) return;
      void this.items.refreshUsage(this.namespace).then(() => {
        if (this.disposed) return;
        for (const name of this.histories.pvcs.names()) this.dirty.pvcs.add(name);
        this.scheduleFlush(0);
      });
    }, this.options.usageRefreshMs);
    this.usageTimer.unref();
  }

  /** A cached object changed: mark what it shows up in. */
  changed(kind: CachedKind, change: CacheChange<KubeObject>): void {
    if (this.disposed) return;
    const { name } = change;
    switch (kind) {
      case 'notebooks':
        this.dirty.notebooks.add(name);
        this.dirtyObjects.add(`Notebook/${name}`);
        // A PVC row lists the notebooks that mount it.
        for (const claim of claimsOf(change.previous as Notebook | undefined)) this.dirty.pvcs.add(claim);
        for (const claim of claimsOf(change.current as Notebook | undefined)) this.dirty.pvcs.add(claim);
        break;
      case 'events': {
        const involved = ((change.current ?? change.previous) as KubeEvent).involvedObject;
        if (!involved?.name) return;
        if (involved.kind === 'Notebook') this.dirty.notebooks.add(involved.name);
        else if (involved.kind === 'PersistentVolumeClaim') this.dirty.pvcs.add(involved.name);
        else return;
        this.dirtyObjects.add(`${involved.kind}/${involved.name}`);
        break;
      }
      case 'pvcs':
        this.dirty.pvcs.add(name);
        this.dirtyObjects.add(`PersistentVolumeClaim/${name}`);
        break;
      case 'pvcviewers':
        // A viewer is named after its PVC.
        this.dirty.pvcs.add(name);
        break;
      case 'poddefaults':
        this.dirty.poddefaults.add(name);
        break;
      default:
        return;
    }
    this.scheduleFlush(this.options.batchMs);
  }

  /** The events of `object` as its events route answers them, for a stream about to attach. */
  async prepare(object: WatchedObject | undefined): Promise<{ name: string; json: string }[] | undefined> {
    await this.load();
    await this.settle();
    return object ? this.items.objectEvents(this.namespace, object) : undefined;
  }

  /**
   * Starts a stream: what changed since `lastEventId` when this feed still knows, else a snapshot.
   * Synchronous, so no flush can come between the state it sends and the next event.
   */
  attach(connection: LiveConnection, lastEventId: string | undefined, objectEvents?: { name: string; json: string }[]) {
    this.connections.add(connection);
    let watch: ObjectWatch | undefined;
    if (connection.object) {
      const key = objectKey(connection.object);
      watch = this.watches.get(key);
      if (!watch) {
        watch = {
          object: connection.object,
          connections: new Set(),
          events: new Map((objectEvents ?? []).map((e) => [e.name, e.json])),
        };
        this.watches.set(key, watch);
        // Changes between prepare() and now were not followed yet: look again at the next flush.
        this.dirtyObjects.add(key);
        this.scheduleFlush(0);
      }
      watch.connections.add(connection);
    }
    const kinds = LIVE_KINDS.filter((k) => connection.kinds.has(k));
    const resumeFrom = this.resumePoint(lastEventId, kinds);
    if (resumeFrom === undefined) {
      const snapshot = watch ? this.snapshot(kinds, watch) : this.listsSnapshot(connection.kindsKey, kinds);
      connection.allowSnapshot(snapshot.length);
      connection.send(snapshot);
      return;
    }
    const chunks: Buffer[] = [];
    // The object's events are small: a resuming details page gets them whole.
    if (watch) chunks.push(sseEvent('snapshot', `{"events":[${[...watch.events.values()].join(',')}]}`));
    const changes = kinds
      .map((kind) => ({ kind, ...this.histories[kind].since(resumeFrom) }))
      .filter((c) => c.changed.length > 0 || c.removed.length > 0);
    // Only the last event carries the id: a client cut off before it resumes from its old id again.
    changes.forEach((c, i) =>
      chunks.push(
        sseEvent(c.kind, changesJson(c.changed, c.removed), i === changes.length - 1 ? this.eventId() : undefined),
      ),
    );
    if (chunks.length > 0) connection.send(Buffer.concat(chunks));
  }

  detach(connection: LiveConnection): void {
    this.connections.delete(connection);
    if (!connection.object) return;
    const key = objectKey(connection.object);
    const watch = this.watches.get(key);
    watch?.connections.delete(connection);
    if (watch && watch.connections.size === 0) this.watches.delete(key);
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.flushTimer);
    clearTimeout(this.expiryTimer);
    clearInterval(this.usageTimer);
  }

  private snapshot(kinds: readonly LiveKind[], watch?: ObjectWatch): Buffer {
    const parts = kinds.map((kind) => `"${kind}":[${this.histories[kind].snapshot().join(',')}]`);
    if (watch) parts.push(`"events":[${[...watch.events.values()].join(',')}]`);
    return sseEvent('snapshot', `{${parts.join(',')}}`, this.eventId());
  }

  /** The lists change only with `seq`, so their snapshot is framed once per `seq` and set of lists. */
  private listsSnapshot(kindsKey: string, kinds: readonly LiveKind[]): Buffer {
    const key = `${kindsKey}@${this.seq}`;
    if (this.snapshotFrame?.key !== key) this.snapshotFrame = { key, frame: this.snapshot(kinds) };
    return this.snapshotFrame.frame;
  }

  private eventId(): string {
    return `${this.epoch}.${this.seq}`;
  }

  private resumePoint(lastEventId: string | undefined, kinds: readonly LiveKind[]): number | undefined {
    const match = /^([0-9a-f]{8})\.(\d{1,15})$/.exec(lastEventId ?? '');
    if (!match || match[1] !== this.epoch) return undefined;
    const seq = Number(match[2]);
    if (seq > this.seq || kinds.some((kind) => seq < this.histories[kind].horizon)) return undefined;
    return seq;
  }

  private scheduleFlush(delayMs: number): void {
    if (this.disposed || this.flushTimer !== undefined || this.flushing) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = undefined;
      void this.startFlush();
    }, delayMs);
  }

  private startFlush(): Promise<void> {
    this.flushing = this.flush()
      .catch((err: unknown) => {
        this.options.onError(err);
        return RETRY_MS;
      })
      .then((retryMs) => {
        this.flushing = undefined;
        if (this.hasDirty()) this.scheduleFlush(retryMs ?? this.options.batchMs);
      });
    return this.flushing;
  }

  /**
   * Publishes the changes still waiting for their batch, so that a snapshot sent next holds what the
   * caches hold now: a client that waited for its own writes (X-Min-Resource-Version) finds them.
   */
  private async settle(): Promise<void> {
    if (this.flushing) await this.flushing;
    if (this.disposed || this.flushTimer === undefined) return;
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    await this.startFlush();
  }

  private hasDirty(): boolean {
    return LIVE_KINDS.some((k) => this.dirty[k].size > 0) || this.dirtyObjects.size > 0;
  }

  private async flush(): Promise<number | undefined> {
    await this.load();
    const names = {} as Record<LiveKind, Set<string>>;
    for (const kind of LIVE_KINDS) {
      names[kind] = new Set(this.dirty[kind]);
      this.dirty[kind].clear();
    }
    const objects = [...this.dirtyObjects].map((key) => this.watches.get(key)).filter((w) => w !== undefined);
    this.dirtyObjects.clear();
    let built;
    try {
      built = await Promise.all([
        names.notebooks.size > 0 ? this.items.notebooks(this.namespace, names.notebooks) : undefined,
        names.pvcs.size > 0 ? this.items.pvcs(this.namespace, names.pvcs) : undefined,
        names.poddefaults.size > 0 ? this.items.podDefaults(this.namespace, names.poddefaults) : undefined,
        Promise.all(objects.map((w) => this.items.objectEvents(this.namespace, w.object))),
      ]);
    } catch (err) {
      // Nothing was applied: everything stays dirty for the retry.
      for (const kind of LIVE_KINDS) for (const name of names[kind]) this.dirty[kind].add(name);
      for (const w of objects) this.dirtyObjects.add(objectKey(w.object));
      throw err;
    }
    if (this.disposed) return undefined;
    const [notebooks, pvcs, podDefaults, objectEvents] = built;
    if (notebooks) this.setExpiries(notebooks.expiries, names.notebooks);
    this.publish({ notebooks: notebooks?.items, pvcs, poddefaults: podDefaults });
    objects.forEach((watch, i) => this.publishObjectEvents(watch, objectEvents[i]!));
    return undefined;
  }

  /** Applies rebuilt items; each list that changed becomes one event for every stream following it. */
  private publish(built: Record<LiveKind, BuiltItems | undefined>): void {
    const events = new Map<LiveKind, Buffer>();
    for (const kind of LIVE_KINDS) {
      const items = built[kind];
      if (!items) continue;
      const history = this.histories[kind];
      const changed: [string, string][] = [];
      const removed: string[] = [];
      for (const [name, json] of items) {
        const sent = history.json(name);
        if (json === null) {
          if (sent !== undefined) removed.push(name);
        } else if (sent !== json) changed.push([name, json]);
      }
      if (changed.length === 0 && removed.length === 0) continue;
      this.seq++;
      this.snapshotFrame = undefined;
      for (const [name, json] of changed) history.set(name, json, this.seq);
      for (const name of removed) history.remove(name, this.seq);
      const payload = changesJson(
        changed.map(([, json]) => json),
        removed,
      );
      events.set(kind, sseEvent(kind, payload, this.eventId()));
    }
    if (events.size === 0) return;
    const byKinds = new Map<string, Buffer | undefined>();
    for (const connection of this.connections) {
      let chunk = byKinds.get(connection.kindsKey);
      if (!byKinds.has(connection.kindsKey)) {
        const parts = LIVE_KINDS.filter((k) => connection.kinds.has(k) && events.has(k)).map((k) => events.get(k)!);
        chunk = parts.length === 0 ? undefined : parts.length === 1 ? parts[0] : Buffer.concat(parts);
        byKinds.set(connection.kindsKey, chunk);
      }
      if (chunk) connection.send(chunk);
    }
  }

  private publishObjectEvents(watch: ObjectWatch, current: { name: string; json: string }[]): void {
    if (this.watches.get(objectKey(watch.object)) !== watch) return;
    const next = new Map(current.map((e) => [e.name, e.json]));
    const changed = current.filter((e) => watch.events.get(e.name) !== e.json).map((e) => e.json);
    const removed = [...watch.events.keys()].filter((name) => !next.has(name));
    watch.events = next;
    if (changed.length === 0 && removed.length === 0) return;
    const chunk = sseEvent('events', changesJson(changed, removed));
    for (const connection of watch.connections) connection.send(chunk);
  }

  private setExpiries(expiries: ReadonlyMap<string, number>, rebuilt: ReadonlySet<string>): void {
    for (const name of rebuilt) this.expiries.delete(name);
    for (const [name, at] of expiries) this.expiries.set(name, at);
    this.followExpiries();
  }

  /** Rebuilds the notebooks whose grace period has ended, when the first of them ends. */
  private followExpiries(): void {
    clearTimeout(this.expiryTimer);
    this.expiryTimer = undefined;
    if (this.expiries.size === 0 || this.disposed) return;
    const next = Math.min(...this.expiries.values());
    this.expiryTimer = setTimeout(
      () => {
        this.expiryTimer = undefined;
        const now = Date.now();
        const ended = [...this.expiries].filter(([, at]) => at <= now);
        // A timer counts from the event loop's cached time, so it may fire before the clock says.
        if (ended.length === 0) return this.followExpiries();
        for (const [name] of ended) this.dirty.notebooks.add(name);
        this.scheduleFlush(0);
      },
      Math.max(0, next - Date.now()),
    );
    this.expiryTimer.unref();
  }
}
