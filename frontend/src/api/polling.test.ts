import { environmentManager, QueryObserver } from '@tanstack/react-query';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { pollDelay, sameJson } from './backoff.ts';
import { pollInterval, resetBackoff, setPollingSuspended, trackChanges } from './polling.ts';
import { createQueryClient } from './query-client.ts';

describe('backoff', () => {
  it('goes 1, 1, 2, 4, 8 s and stays at 8 s', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 20].map(pollDelay)).toEqual([1000, 1000, 2000, 4000, 8000, 8000, 8000, 8000]);
  });
  it('compares JSON deeply', () => {
    expect(sameJson({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toBe(true);
    expect(sameJson({ a: [1, { b: 2 }] }, { a: [1, { b: 3 }] })).toBe(false);
    expect(sameJson({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(sameJson([1], { 0: 1 })).toBe(false);
  });
});

describe('polled queries (TanStack Query observer with the back-off)', () => {
  // Vitest runs in Node, which TanStack Query takes for a server (no timers there): act as a browser.
  beforeEach(() => {
    environmentManager.setIsServer(() => false);
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  let keyNumber = 0;
  /** One observer polling `answer`; records the time of every fetch and every result. */
  function poll(answer: () => unknown) {
    const client = createQueryClient();
    const queryKey: readonly unknown[] = ['test', ++keyNumber];
    const times: number[] = [];
    const start = Date.now();
    const observer = new QueryObserver(client, {
      queryKey,
      queryFn: trackChanges(client, queryKey, async () => {
        times.push(Date.now() - start);
        return answer();
      }),
      refetchInterval: (query) => pollInterval(query),
    });
    const results: { data: unknown; error: unknown }[] = [];
    const unsubscribe = observer.subscribe((r) => results.push({ data: r.data, error: r.error }));
    return { client, queryKey, times, results, observer, stop: () => unsubscribe() };
  }

  it('backs off while nothing changes', async () => {
    const p = poll(() => ({ same: true }));
    await vi.advanceTimersByTimeAsync(30_000);
    p.stop();
    expect(p.times.slice(0, 7)).toEqual([0, 1000, 2000, 4000, 8000, 16000, 24000]);
  });

  it('returns to 1 s when the data changes and after a user action', async () => {
    let value = 0;
    const p = poll(() => ({ value }));
    await vi.advanceTimersByTimeAsync(16_000); // 0, 1000, 2000, 4000, 8000, 16000
    value = 1;
    await vi.advanceTimersByTimeAsync(8000); // 24000 sees the change
    await vi.advanceTimersByTimeAsync(1000);
    expect(p.times.slice(-2)).toEqual([24000, 25000]);
    await vi.advanceTimersByTimeAsync(20_000);
    const before = p.times.length;
    resetBackoff(p.queryKey);
    await p.observer.refetch();
    await vi.advanceTimersByTimeAsync(1000);
    expect(p.times.length).toBe(before + 2);
    p.stop();
  });

  it('keeps the last good data while polls fail, keeps polling with back-off, and clears the error on recovery', async () => {
    let failing = false;
    const p = poll(() => {
      if (failing) throw new Error('connection refused');
      return { rows: [1, 2, 3] };
    });
    await vi.advanceTimersByTimeAsync(100);
    failing = true;
    await vi.advanceTimersByTimeAsync(30_000);
    const failed = p.results.at(-1)!;
    expect(failed.data).toEqual({ rows: [1, 2, 3] });
    expect(failed.error).toBeInstanceOf(Error);
    const attempts = p.times.length;
    expect(attempts).toBeGreaterThanOrEqual(6);
    expect(attempts).toBeLessThanOrEqual(10); // backed off, not a request per second
    failing = false;
    await vi.advanceTimersByTimeAsync(8000);
    expect(p.results.at(-1)).toEqual({ data: { rows: [1, 2, 3] }, error: null });
    p.stop();
  });

  it('stops polling while a live stream serves the key, and fetches again when it stops', async () => {
    const p = poll(() => ({ n: Math.random() }));
    await vi.advanceTimersByTimeAsync(100);
    setPollingSuspended(p.client, p.queryKey, true);
    await vi.advanceTimersByTimeAsync(100);
    const before = p.times.length;
    p.client.setQueryData(p.queryKey, { n: 'from the stream' });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(p.times.length).toBe(before);
    expect(p.results.at(-1)!.data).toEqual({ n: 'from the stream' });
    setPollingSuspended(p.client, p.queryKey, false);
    await vi.advanceTimersByTimeAsync(1500);
    expect(p.times.length).toBeGreaterThanOrEqual(before + 2);
    p.stop();
  });
});
