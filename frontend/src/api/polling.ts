import { hashKey, type Query, type QueryClient, type QueryKey } from '@tanstack/react-query';
import { pollDelay, sameJson } from './backoff.ts';

/** Polls in a row that brought nothing new (or failed), per query hash: the back-off step. */
const unchangedPolls = new Map<string, number>();
/** Query hashes whose polling is off, because a live stream keeps their data fresh instead. */
const suspended = new Set<string>();
/** How many times a live stream wrote each query hash: a poll that began before the last write is older news. */
const liveWrites = new Map<string, number>();

/**
 * Wraps a query function so that each answer is compared with the cached one: the same data (or an
 * error) lengthens the next wait, a change returns it to 1 s (ui.md §7). An answer to a request
 * that was in flight while a live stream wrote the key is dropped for the stream's newer data.
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
    const writes = liveWrites.get(hash) ?? 0;
    try {
      let data = await fetch(signal);
      if ((liveWrites.get(hash) ?? 0) !== writes) {
        const streamed = client.getQueryData<T>(queryKey);
        if (streamed !== undefined) return streamed;
        // The stream had news but nothing to merge it into: this answer may predate it.
        data = await fetch(signal);
      }
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

/** Makes the query's observers look at `pollInterval` again now, without fetching. */
function reschedule(client: QueryClient, queryKey: QueryKey): void {
  client.getQueryCache().find({ queryKey, exact: true })?.setState({});
}

/**
 * For a live stream (Server-Sent Events) that writes a list into the cache with `writeLiveData`:
 * polling of that key stops while the stream is healthy and starts again when it is not, with a
 * fetch at once unless `refetch` is false (a background tab: it fetches when it comes back).
 */
export function setPollingSuspended(
  client: QueryClient,
  queryKey: QueryKey,
  off: boolean,
  options: { refetch?: boolean } = {},
): void {
  const hash = hashKey(queryKey);
  if (off) {
    suspended.add(hash);
    reschedule(client, queryKey);
    return;
  }
  suspended.delete(hash);
  resetBackoff(queryKey);
  if (options.refetch ?? true) void client.invalidateQueries({ queryKey, exact: true });
  else reschedule(client, queryKey);
}

function countLiveWrite(queryKey: QueryKey): void {
  const hash = hashKey(queryKey);
  liveWrites.set(hash, (liveWrites.get(hash) ?? 0) + 1);
}

/** Writes a live stream's data into a query; a poll already in flight for the key will not overwrite it. */
export function writeLiveData<T>(
  client: QueryClient,
  queryKey: QueryKey,
  update: (old: T | undefined) => T | undefined,
) {
  countLiveWrite(queryKey);
  client.setQueryData<T>(queryKey, update);
}

/**
 * A live stream changed a list the cache does not hold yet (its first load is in flight, or failed):
 * fetch it whole, and fetch again a request in flight whose answer may predate the change.
 */
export function refetchForLiveNews(client: QueryClient, queryKey: QueryKey): void {
  countLiveWrite(queryKey);
  void client.invalidateQueries({ queryKey, exact: true });
}
