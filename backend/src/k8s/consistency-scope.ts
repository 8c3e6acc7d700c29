import { AsyncLocalStorage } from 'node:async_hooks';
import { isOlderVersion } from './watch-cache.ts';

/**
 * What one unit of work (an API request) wrote and which caches it must not read, carried through
 * its asynchronous calls so that neither the services in between nor their signatures know of it.
 * The REST client records every write's new resourceVersion here; the cached reader reads the
 * resources in `readFromApiServer` from the API server instead of its caches, which are behind
 * what the caller has already seen.
 */
export class ConsistencyScope {
  /** The highest resourceVersion written per resource (decimal etcd revisions only). */
  readonly written = new Map<string, string>();
  /** Resources whose caches are behind the caller's versions: read them from the API server. */
  readonly readFromApiServer = new Set<string>();

  recordWrite(resource: string, version: string | undefined): void {
    if (!version || !/^\d+$/.test(version)) return;
    const known = this.written.get(resource);
    if (known === undefined || isOlderVersion(known, version)) this.written.set(resource, version);
  }
}

const storage = new AsyncLocalStorage<ConsistencyScope>();

/** Runs `fn` (and everything it starts) in `scope`. */
export function runInConsistencyScope<T>(scope: ConsistencyScope, fn: () => T): T {
  return storage.run(scope, fn);
}

/** The scope of the work being done, if it has one. */
export function currentConsistencyScope(): ConsistencyScope | undefined {
  return storage.getStore();
}
