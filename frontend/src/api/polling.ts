import { hashKey, type Query, type QueryClient, type QueryKey } from '@tanstack/react-query';
import { pollDelay, sameJson } from './backoff.ts';

/** Polls in a row that brought nothing new (or failed), per query hash: the back-off step. */
const unchangedPolls = new Map<string, number>();
/** Query hashes whose polling is off, because a live stream keeps their data fresh instead. */
const suspended = new Set<string>();

/**
 * Wraps a query function so that each answer is compared with the cached one: the same data (or an
 * error) lengthens the next wait, a change returns it to 1 s (ui.md §7).
 */
export function trackChanges<T>(
  client: QueryClient,
  queryKey: QueryKey,
  fetch: (signal: AbortSignal) => Promise<T>,
): (context: { signal: AbortSignal }) => Promise<T> {
  const hash = hashKey(queryKey);
  return async ({ signal }) => {
    const before = client.getQueryData(queryKey);
    const count = unchangedPolls.get(hash) ?? 0;
    try {
      const data = await fetch(signal);
      unchangedPolls.set(hash, before !== undefined && sameJson(before, data) ? count + 1 : 0);
      return data;
    } catch (err) {
      unchangedPolls.set(hash, count + 1);
      throw err;
    }
  };
}

/** `refetchInterval` of a polled query: the back-off delay, a fixed delay, or off while a stream serves it. */
export function pollInterval(query: Pick<Query, 'queryHash'>, fixedDelayMs?: number): number | false {
  if (suspended.has(query.queryHash)) return false;
  return fixedDelayMs ?? pollDelay(unchangedPolls.get(query.queryHash) ?? 0);
}

/** A user action happened: poll at once and restart the back-off. */
export function resetBackoff(queryKey: QueryKey): void {
  unchangedPolls.set(hashKey(queryKey), 0);
}

/**
 * For a live stream (Server-Sent Events) that writes a list into the cache with
 * `client.setQueryData(key, …)`: polling of that key stops while the stream is healthy and starts
 * again, with a fetch at once, when it is not.
 */
export function setPollingSuspended(client: QueryClient, queryKey: QueryKey, off: boolean): void {
  const hash = hashKey(queryKey);
  if (off) suspended.add(hash);
  else {
    suspended.delete(hash);
    resetBackoff(queryKey);
  }
  void client.invalidateQueries({ queryKey, exact: true });
}
