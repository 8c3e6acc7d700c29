import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { pollDelay, sameJson } from './backoff.ts';
import { Poller } from './poller.ts';

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

describe('Poller', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  /** Fetch times relative to start, in ms. */
  function recordFetches(responses: () => unknown, opts: { hidden?: () => boolean } = {}) {
    const times: number[] = [];
    const seen: unknown[] = [];
    const start = Date.now();
    const poller = new Poller({
      fetch: async () => {
        times.push(Date.now() - start);
        return responses();
      },
      onData: (d) => seen.push(d),
      onError: () => undefined,
      isHidden: opts.hidden,
    });
    return { poller, times, seen };
  }

  it('backs off while nothing changes and re-renders only on change', async () => {
    const { poller, times, seen } = recordFetches(() => ({ same: true }));
    poller.start();
    await vi.advanceTimersByTimeAsync(30_000);
    poller.stop();
    // After the first answer the waits are 1, 1, 2, 4, 8, then 8 s.
    expect(times.slice(0, 7)).toEqual([0, 1000, 2000, 4000, 8000, 16000, 24000]);
    expect(seen).toHaveLength(1);
  });

  it('returns to 1 s when the data changes and after refresh()', async () => {
    let value = 0;
    const { poller, times } = recordFetches(() => ({ value }));
    poller.start();
    await vi.advanceTimersByTimeAsync(16_000); // fetches at 0, 1000, 2000, 4000, 8000, 16000
    value = 1;
    await vi.advanceTimersByTimeAsync(8000); // at 24000: changed, so the next wait is 1 s
    await vi.advanceTimersByTimeAsync(1000);
    expect(times.slice(-2)).toEqual([24000, 25000]);
    poller.refresh();
    await vi.advanceTimersByTimeAsync(0);
    expect(times.at(-1)).toBe(25000);
    expect(times).toHaveLength(9);
    await vi.advanceTimersByTimeAsync(1000);
    expect(times.at(-1)).toBe(26000);
    poller.stop();
  });

  it('keeps one request in flight and aborts it on stop', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    let aborted = false;
    const poller = new Poller({
      fetch: (signal) =>
        new Promise((resolve, reject) => {
          inFlight += 1;
          maxInFlight = Math.max(maxInFlight, inFlight);
          signal.addEventListener('abort', () => {
            aborted = true;
            inFlight -= 1;
            reject(new DOMException('aborted', 'AbortError'));
          });
          setTimeout(() => {
            inFlight -= 1;
            resolve(Math.random());
          }, 5000);
        }),
      onData: () => undefined,
      onError: () => undefined,
    });
    poller.start();
    poller.resume();
    await vi.advanceTimersByTimeAsync(20_000);
    expect(maxInFlight).toBe(1);
    poller.stop();
    expect(aborted).toBe(true);
  });

  it('skips polls while hidden and fetches at once on resume', async () => {
    let hidden = true;
    const { poller, times } = recordFetches(() => 1, { hidden: () => hidden });
    poller.start();
    await vi.advanceTimersByTimeAsync(5000);
    expect(times).toEqual([]);
    hidden = false;
    poller.resume();
    await vi.advanceTimersByTimeAsync(0);
    expect(times).toEqual([5000]);
    poller.stop();
  });

  it('reports errors and keeps polling', async () => {
    let calls = 0;
    const errors: unknown[] = [];
    const poller = new Poller({
      fetch: async () => {
        calls += 1;
        if (calls === 1) throw new Error('boom');
        return calls;
      },
      onData: () => undefined,
      onError: (e) => errors.push(e),
    });
    poller.start();
    await vi.advanceTimersByTimeAsync(2000);
    expect(errors).toHaveLength(1);
    expect(calls).toBeGreaterThan(1);
    poller.stop();
  });
});
