import type { CachedKind } from './cached-cluster-reader.ts';
import type { KubeObject } from './types.ts';
import type { CacheChange } from './watch-cache.ts';

/**
 * Tells of changes to cached objects as they reach the watch caches (watch events, relists and our
 * own writes). Listeners are called synchronously after the cache holds the change, so a read made
 * from the listener already sees it; they must be quick and treat a change as "recompute".
 */
export interface ChangeSource {
  subscribe(kind: CachedKind, listener: (change: CacheChange<KubeObject>) => void): () => void;
}

export function isChangeSource(value: unknown): value is ChangeSource {
  return typeof (value as Partial<ChangeSource> | undefined)?.subscribe === 'function';
}
