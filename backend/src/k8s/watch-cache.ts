import type { KubeObject } from './types.ts';

/** Secondary index: the keys (within the object's namespace) under which an object is found. */
export type IndexFunction<T> = (obj: T) => readonly string[];

/**
 * One change of a cached object, told after the cache holds it: `previous` is undefined for an
 * added object, `current` for a removed one. Both are the frozen cached objects.
 */
export interface CacheChange<T> {
  namespace: string;
  name: string;
  previous?: T;
  current?: T;
}

export type CacheListener<T> = (change: CacheChange<T>) => void;

const TOMBSTONE_MS = 5 * 60_000;

/** Objects of one namespace (or one index key), with the name-sorted list built once per change. */
class Bucket<T extends KubeObject> {
  readonly items = new Map<string, T>();
  private sorted: readonly T[] | undefined;

  set(name: string, obj: T): void {
    this.items.set(name, obj);
    this.sorted = undefined;
  }

  delete(name: string): void {
    if (this.items.delete(name)) this.sorted = undefined;
  }

  list(): readonly T[] {
    if (!this.sorted) {
      const names = [...this.items.keys()].sort();
      this.sorted = Object.freeze(names.map((n) => this.items.get(n)!));
    }
    return this.sorted;
  }
}

const EMPTY: readonly never[] = Object.freeze([]);

/** Freezes an object and everything it holds: cached objects are shared by every request. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** A cached copy: no managedFields (no response carries them, and they are most of an object's bytes), frozen. */
function stored<T extends KubeObject>(obj: T): T {
  if (obj.metadata && 'managedFields' in obj.metadata) delete obj.metadata.managedFields;
  return deepFreeze(obj);
}

/**
 * True when resource version `a` is older than `b`. Versions are etcd revisions (decimal integers);
 * anything else is treated as not comparable, i.e. not older.
 */
export function isOlderVersion(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b || !/^\d+$/.test(a) || !/^\d+$/.test(b)) return false;
  return a.length !== b.length ? a.length < b.length : a < b;
}

/**
 * The objects of one resource type, indexed by namespace and by optional secondary keys, with a
 * per-namespace generation that changes whenever anything in the namespace changes. Objects are
 * frozen; lists are shared frozen arrays.
 */
export class WatchCache<T extends KubeObject> {
  private readonly namespaces = new Map<string, Bucket<T>>();
  private readonly indexes = new Map<string, { keysOf: IndexFunction<T>; buckets: Map<string, Bucket<T>> }>();
  private readonly generations = new Map<string, number>();
  /** uids we deleted ourselves before the watch said so: late events about them are stale. */
  private readonly tombstones = new Map<string, number>();
  private readonly listeners = new Set<CacheListener<T>>();
  private sequence = 0;
  private total = 0;

  constructor(indexes: Record<string, IndexFunction<T>> = {}) {
    for (const [name, keysOf] of Object.entries(indexes)) this.indexes.set(name, { keysOf, buckets: new Map() });
  }

  get size(): number {
    return this.total;
  }

  /** Calls `listener` after every change of a cached object; returns the function that stops it. */
  subscribe(listener: CacheListener<T>): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private notify(change: CacheChange<T>): void {
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch {
        // A listener's failure is its own: it must never stop the cache from following the watch.
      }
    }
  }

  /** Changes whenever an object of `namespace` ('' for cluster-scoped types) is added, changed or removed. */
  generation(namespace: string): number {
    return this.generations.get(namespace) ?? 0;
  }

  private touch(namespace: string): void {
    this.generations.set(namespace, ++this.sequence);
  }

  get(namespace: string, name: string): T | undefined {
    return this.namespaces.get(namespace)?.items.get(name);
  }

  list(namespace: string): readonly T[] {
    return this.namespaces.get(namespace)?.list() ?? EMPTY;
  }

  /** Every object, namespace by namespace. */
  all(): T[] {
    const result: T[] = [];
    for (const ns of [...this.namespaces.keys()].sort()) result.push(...this.list(ns));
    return result;
  }

  byIndex(index: string, namespace: string, key: string): readonly T[] {
    const idx = this.indexes.get(index);
    if (!idx) throw new Error(`no index ${index}`);
    return idx.buckets.get(`${namespace}\0${key}`)?.list() ?? EMPTY;
  }

  hasIndex(index: string): boolean {
    return this.indexes.has(index);
  }

  private insert(namespace: string, name: string, obj: T): void {
    let bucket = this.namespaces.get(namespace);
    if (!bucket) this.namespaces.set(namespace, (bucket = new Bucket()));
    bucket.set(name, obj);
    this.total++;
    for (const { keysOf, buckets } of this.indexes.values()) {
      for (const key of keysOf(obj)) {
        const k = `${namespace}\0${key}`;
        let b = buckets.get(k);
        if (!b) buckets.set(k, (b = new Bucket()));
        b.set(name, obj);
      }
    }
  }

  private drop(namespace: string, name: string): T | undefined {
    const bucket = this.namespaces.get(namespace);
    const old = bucket?.items.get(name);
    if (!bucket || !old) return undefined;
    bucket.delete(name);
    if (bucket.items.size === 0) this.namespaces.delete(namespace);
    this.total--;
    for (const { keysOf, buckets } of this.indexes.values()) {
      for (const key of keysOf(old)) {
        const k = `${namespace}\0${key}`;
        const b = buckets.get(k);
        b?.delete(name);
        if (b && b.items.size === 0) buckets.delete(k);
      }
    }
    return old;
  }

  /**
   * Stores an object from a watch event or a write response. Older versions than the cached one are
   * ignored (a write response can overtake the watch), as are objects we already deleted.
   */
  upsert(obj: T): boolean {
    const { namespace = '', name, uid, resourceVersion } = obj.metadata;
    if (!name) return false;
    if (uid && this.tombstones.has(uid)) return false;
    const old = this.get(namespace, name);
    if (old && isOlderVersion(resourceVersion, old.metadata.resourceVersion)) return false;
    if (old && old.metadata.resourceVersion === resourceVersion && old.metadata.uid === uid) return false;
    if (old) this.drop(namespace, name);
    const current = stored(obj);
    this.insert(namespace, name, current);
    this.touch(namespace);
    if (this.listeners.size > 0) this.notify({ namespace, name, previous: old, current });
    return true;
  }

  /** Removes an object (a DELETED event: this is the last word about its uid). */
  remove(obj: T): void {
    const { namespace = '', name, uid } = obj.metadata;
    if (uid) this.tombstones.delete(uid);
    if (!name) return;
    const old = this.get(namespace, name);
    if (old && uid && old.metadata.uid !== uid) return;
    if (this.drop(namespace, name)) {
      this.touch(namespace);
      if (this.listeners.size > 0) this.notify({ namespace, name, previous: old });
    }
  }

  /** Removes an object we deleted, before the watch reports it, and ignores late events about it. */
  forget(namespace: string, name: string): void {
    const old = this.drop(namespace, name);
    if (!old) return;
    const now = Date.now();
    for (const [uid, expires] of this.tombstones) if (expires < now) this.tombstones.delete(uid);
    if (old.metadata.uid) this.tombstones.set(old.metadata.uid, now + TOMBSTONE_MS);
    this.touch(namespace);
    if (this.listeners.size > 0) this.notify({ namespace, name, previous: old });
  }

  /**
   * Swaps in a fresh list (after a relist); namespaces whose contents changed get a new generation,
   * and listeners hear of every object added, changed or gone since the cache's previous contents.
   */
  replace(items: T[]): void {
    // The old buckets' maps are kept whole: they are dropped from the cache just below.
    const before = new Map<string, ReadonlyMap<string, T>>();
    for (const [ns, bucket] of this.namespaces) before.set(ns, bucket.items);
    this.namespaces.clear();
    for (const idx of this.indexes.values()) idx.buckets.clear();
    this.total = 0;
    this.tombstones.clear();
    for (const obj of items) {
      const { namespace = '', name } = obj.metadata;
      if (!name) continue;
      this.insert(namespace, name, stored(obj));
    }
    const changes: CacheChange<T>[] = [];
    for (const ns of new Set([...before.keys(), ...this.namespaces.keys()])) {
      const a = before.get(ns) ?? new Map<string, T>();
      const b = this.namespaces.get(ns)?.items ?? new Map<string, T>();
      let changed = false;
      for (const [name, current] of b) {
        const previous = a.get(name);
        if (previous && previous.metadata.resourceVersion === current.metadata.resourceVersion) continue;
        changed = true;
        changes.push({ namespace: ns, name, previous, current });
      }
      for (const [name, previous] of a) {
        if (b.has(name)) continue;
        changed = true;
        changes.push({ namespace: ns, name, previous });
      }
      if (changed) this.touch(ns);
    }
    if (this.listeners.size > 0) for (const change of changes) this.notify(change);
  }
}
