import type { KubeObject } from './types.ts';
import { withoutManagedFields } from './types.ts';
import { deepFreeze, isOlderVersion } from './watch-cache.ts';

/**
 * Whole objects for the routes that answer them (details, YAML), when the watch cache keeps only
 * part of each object. An entry serves while the watch cache's copy has the same uid and no newer
 * resourceVersion, so an unchanged object is read from the API server once, not on every poll.
 * Least recently used entries go first.
 */
export class DetailsCache<T extends KubeObject> {
  private readonly entries = new Map<string, T>();
  private readonly capacity: number;

  constructor(capacity: number) {
    this.capacity = capacity;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The whole object behind the watch cache's `partial` copy: remembered, or `fetch`ed. */
  async get(partial: T, fetch: () => Promise<T | undefined>): Promise<T | undefined> {
    const key = `${partial.metadata.namespace ?? ''}/${partial.metadata.name ?? ''}`;
    const hit = this.entries.get(key);
    if (hit && current(hit, partial)) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const whole = await fetch();
    if (!whole) {
      this.entries.delete(key);
      return undefined;
    }
    const stored = deepFreeze(withoutManagedFields(whole));
    this.entries.delete(key);
    this.entries.set(key, stored);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    return stored;
  }
}

/** The remembered object is the same object, at the watch cache's version or later. */
function current(remembered: KubeObject, partial: KubeObject): boolean {
  if (remembered.metadata.uid !== partial.metadata.uid) return false;
  const a = remembered.metadata.resourceVersion;
  const b = partial.metadata.resourceVersion;
  return a === b || isOlderVersion(b, a);
}
