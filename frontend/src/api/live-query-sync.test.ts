import { environmentManager, focusManager, QueryObserver, type QueryKey } from '@tanstack/react-query';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeEventStream } from './event-stream.mock.ts';
import { LiveQuerySync, type LiveNews, type LiveQuerySyncOptions } from './live-query-sync.ts';
import type { PageVisibility } from './live-stream.ts';
import { pollInterval, trackChanges } from './polling.ts';
import { createQueryClient } from './query-client.ts';
import { queryKeys } from './query-keys.ts';

const row = (name: string, phase = 'ready') => ({
  name,
  namespace: 'ns',
  serverType: 'jupyter',
  age: '2026-11-30T00:00:00Z',
  last_activity: '',
  lastActivity: '',
  image: 'img',
  shortImage: 'img',
  cpu: '1',
  memory: '1Gi',
  cpuLimit: '',
  memoryLimit: '',
  gpus: { count: 0, message: '' },
  volumes: [],
  status: { phase, message: phase, state: '', key: phase },
  labels: {},
  metadata: { name },
});

const event = (name: string, at: string) => ({
  metadata: { name, namespace: 'ns' },
  type: 'Normal',
  reason: 'Pulled',
  message: name,
  lastTimestamp: at,
  involvedObject: { kind: 'Notebook', name: 'nb' },
});

const settle = () => vi.advanceTimersByTimeAsync(1);

/**
 * A page in a test: a QueryClient with polled queries (real TanStack Query observers with the
 * back-off) and a LiveQuerySync whose stream requests the test answers.
 */
function page(options: Partial<LiveQuerySyncOptions> = {}) {
  const client = createQueryClient();
  const answers: (() => Response)[] = [];
  const requests: string[] = [];
  let hidden = false;
  const listeners = new Set<() => void>();
  const visibility: PageVisibility = {
    hidden: () => hidden,
    subscribe: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
  const news: [string, LiveNews][] = [];
  const statuses: string[] = [];
  const sync = new LiveQuerySync(client, {
    namespace: 'ns',
    kinds: ['notebooks'],
    onNews: (kind, names) => news.push([kind, names]),
    onStatus: (s) => statuses.push(s),
    ...options,
    stream: {
      visibility,
      random: () => 1,
      hiddenCloseMs: 60_000,
      fetch: async (url) => {
        requests.push(String(url));
        const answer = answers.shift();
        if (!answer) throw new TypeError('network down');
        return answer();
      },
    },
  });
  const unsubscribers: (() => void)[] = [];
  return {
    client,
    sync,
    requests,
    news,
    statuses,
    /** Answers the next stream request with a stream the test writes to. */
    serve(): FakeEventStream {
      const stream = new FakeEventStream();
      answers.push(() => stream.response());
      return stream;
    },
    refuse(status: number) {
      answers.push(() => Response.json({ success: false, status, log: 'no', user: 'u' }, { status }));
    },
    /** A polled query of the page; `answer` is what its route returns now. */
    poll<T>(queryKey: QueryKey, answer: () => Promise<T> | T) {
      const fetches: number[] = [];
      const start = Date.now();
      const observer = new QueryObserver<T>(client, {
        queryKey,
        queryFn: trackChanges(client, queryKey, async () => {
          fetches.push(Date.now() - start);
          return answer();
        }),
        refetchInterval: (query) => pollInterval(query),
      });
      unsubscribers.push(observer.subscribe(() => {}));
      return { fetches, data: () => client.getQueryData<T>(queryKey), observer };
    },
    /** The tab goes to the background or comes back, for the stream and for TanStack Query. */
    setHidden(value: boolean) {
      hidden = value;
      for (const l of listeners) l();
      focusManager.setFocused(!value);
    },
    close() {
      sync.stop();
      unsubscribers.forEach((u) => u());
    },
  };
}

describe('LiveQuerySync', () => {
  // Vitest runs in Node, which TanStack Query takes for a server (no timers there): act as a browser.
  beforeEach(() => {
    environmentManager.setIsServer(() => false);
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
    focusManager.setFocused(undefined);
  });

  it('writes the snapshot and changes into the list query, which stops polling while the stream is live', async () => {
    const p = page();
    const list = p.poll(queryKeys.notebooks(['ns']), () => [row('a', 'waiting')]);
    await settle();
    expect(list.fetches).toEqual([0]);
    const stream = p.serve();
    p.sync.start();
    await settle();
    expect(p.statuses).toEqual(['live']);
    stream.event('snapshot', { notebooks: [row('a', 'waiting'), row('c')] }, 'e.1');
    await settle();
    expect(list.data()).toEqual([row('a', 'waiting'), row('c')]);
    stream.event('notebooks', { changed: [row('b'), row('a')], removed: ['c'] }, 'e.2');
    await settle();
    expect(list.data()).toEqual([row('a'), row('b')]);
    expect(p.news).toEqual([
      ['notebooks', 'all'],
      ['notebooks', new Set(['a', 'b', 'c'])],
    ]);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(list.fetches).toEqual([0]);

    // The stream drops: the list is fetched at once and polled again while it reconnects.
    stream.end();
    await settle();
    expect(p.statuses.at(-1)).toBe('connecting');
    expect(list.fetches).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1500);
    expect(list.fetches.length).toBeGreaterThanOrEqual(3);
    expect(p.requests).toHaveLength(2); // reconnected after 1 s (and failed: no answer)
    p.close();
  });

  it('keeps the stream’s data when a poll that was in flight answers after it', async () => {
    const p = page();
    let release: (rows: unknown[]) => void = () => {};
    let slow = false;
    const list = p.poll(queryKeys.notebooks(['ns']), () =>
      slow ? new Promise<unknown[]>((resolve) => (release = resolve)) : [row('a', 'waiting')],
    );
    await settle();
    slow = true;
    void list.observer.refetch();
    await settle();
    const stream = p.serve();
    p.sync.start();
    await settle();
    stream.event('notebooks', { changed: [row('a')], removed: [] }, 'e.2');
    await settle();
    release([row('a', 'waiting')]);
    await settle();
    expect(list.data()).toEqual([row('a')]);
    p.close();
  });

  it('merges a details page’s events newest first and fetches a list it has not loaded yet', async () => {
    const p = page({ kinds: ['notebooks', 'poddefaults'], details: { notebook: 'nb' } });
    const events = p.poll(queryKeys.notebookEvents('ns', 'nb'), () => [event('old', '2026-11-30T10:00:00Z')]);
    await settle();
    const stream = p.serve();
    p.sync.start();
    await settle();
    stream.event('events', { changed: [event('new', '2026-11-30T11:00:00Z')], removed: [] });
    await settle();
    expect(events.data()!.map((e) => e.metadata.name)).toEqual(['new', 'old']);
    expect(events.fetches).toHaveLength(1);

    // A change to a list nobody loaded does not make a partial list.
    stream.event('poddefaults', { changed: [{ metadata: { name: 'pd2' }, label: 'y', desc: '' }], removed: [] });
    await settle();
    expect(p.client.getQueryData(queryKeys.podDefaults('ns'))).toBeUndefined();
    // A change to a list whose first load is in flight fetches it again when that answer comes.
    let answerFirst: (rows: unknown[]) => void = () => {};
    const answers = [new Promise<unknown[]>((resolve) => (answerFirst = resolve)), Promise.resolve([row('b')])];
    const firstLoad = p.poll(queryKeys.notebooks(['ns']), () => answers.shift()!);
    await settle();
    stream.event('notebooks', { changed: [row('b')], removed: [] }, 'e.3');
    await settle();
    answerFirst([]);
    await settle();
    expect(firstLoad.fetches).toHaveLength(2);
    expect(firstLoad.data()).toEqual([row('b')]);
    p.close();
  });

  it('suspends the quiet queries too, and a refused stream leaves polling and the error model alone', async () => {
    const quiet = queryKeys.notebook('ns', 'nb');
    const p = page({ quietKeys: [quiet] });
    const object = p.poll(quiet, () => ({ name: 'nb' }));
    const stream = p.serve();
    p.sync.start();
    await settle();
    stream.event('snapshot', { notebooks: [] }, 'e.1');
    await vi.advanceTimersByTimeAsync(30_000);
    expect(object.fetches).toEqual([0]);
    p.close();

    const refused = page();
    const list = refused.poll(queryKeys.notebooks(['ns']), () => [row('a')]);
    refused.refuse(403);
    refused.sync.start();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(refused.statuses).toEqual(['unavailable']);
    expect(list.fetches.length).toBeGreaterThanOrEqual(5); // 0, 1, 2, 4, 8 s
    expect(list.observer.getCurrentResult().error).toBeNull();
    refused.close();
  });

  it('closes in a background tab without fetching, and resyncs when the tab returns', async () => {
    const p = page();
    const list = p.poll(queryKeys.notebooks(['ns']), () => [row('a')]);
    await settle();
    const stream = p.serve();
    p.sync.start();
    await settle();
    stream.event('snapshot', { notebooks: [row('a')] }, 'e.1');
    await settle();
    p.setHidden(true);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(p.statuses.at(-1)).toBe('paused');
    await vi.advanceTimersByTimeAsync(30_000);
    expect(list.fetches).toEqual([0]);
    const resumed = p.serve();
    p.setHidden(false);
    await settle();
    expect(p.statuses.at(-1)).toBe('live');
    expect(p.requests).toHaveLength(2);
    resumed.event('notebooks', { changed: [row('b')], removed: [] }, 'e.2');
    await settle();
    expect(list.data()).toEqual([row('a'), row('b')]);
    p.close();
  });
});
