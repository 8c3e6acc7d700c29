import { describe, expect, it } from 'vitest';
import { FakeEventStream } from './event-stream.mock.ts';
import { applyLiveChanges } from './live-changes.ts';
import { liveStreamPath, LiveStream, type LiveStatus, type PageVisibility } from './live-stream.ts';
import { seenVersions } from './seen-versions.ts';

interface Call {
  url: string;
  headers: Record<string, string>;
  signal: AbortSignal;
}

function harness(options: { hidden?: boolean } = {}) {
  const calls: Call[] = [];
  const answers: (() => Response)[] = [];
  const timers: { fn: () => void; ms: number; cleared: boolean }[] = [];
  const statuses: (LiveStatus | string)[] = [];
  const received: unknown[] = [];
  let hidden = options.hidden ?? false;
  const listeners = new Set<() => void>();
  const visibility: PageVisibility = {
    hidden: () => hidden,
    subscribe: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
  const stream = new LiveStream({
    namespace: 'team a',
    kinds: ['notebooks'],
    details: { notebook: 'nb' },
    onSnapshot: (s) => received.push(['snapshot', s]),
    onChanges: (kind, changes) => received.push([kind, changes]),
    onStatus: (status, reason) => statuses.push(reason ? `${status}: ${reason}` : status),
    fetch: async (url, init) => {
      calls.push({ url: String(url), headers: init!.headers as Record<string, string>, signal: init!.signal! });
      const answer = answers.shift();
      if (!answer) throw new TypeError('network down');
      return answer();
    },
    visibility,
    hiddenCloseMs: 60_000,
    backoff: { initialMs: 1000, maxMs: 8000 },
    random: () => 1,
    setTimer: (fn, ms) => {
      const t = { fn, ms, cleared: false };
      timers.push(t);
      return t;
    },
    clearTimer: (t) => void ((t as { cleared: boolean }).cleared = true),
  });
  const pending = () => timers.filter((t) => !t.cleared);
  return {
    stream,
    calls,
    statuses,
    received,
    pending,
    /** Answers the next request with an event stream the test writes to. */
    serve(status = 200, type = 'text/event-stream'): FakeEventStream {
      const body = new FakeEventStream();
      answers.push(() => body.response(status, type));
      return body;
    },
    refuse(status: number, log: string) {
      answers.push(() => Response.json({ success: false, status, log, user: 'u' }, { status }));
    },
    fire(ms: number) {
      const timer = pending().find((t) => t.ms === ms);
      if (!timer) throw new Error(`no timer of ${ms} ms; have ${pending().map((t) => t.ms)}`);
      timer.cleared = true;
      timer.fn();
    },
    setHidden(value: boolean) {
      hidden = value;
      for (const l of listeners) l();
    },
  };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 5));
const item = (name: string) => ({
  name,
  namespace: 'team a',
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
  status: { phase: 'ready', message: 'Running', state: '', key: 'running' },
  labels: {},
  metadata: { name },
});

describe('LiveStream', () => {
  it('hands over the snapshot and typed changes, then resumes with Last-Event-ID after a drop', async () => {
    const h = harness();
    const first = h.serve();
    h.stream.start();
    await flush();
    expect(h.calls[0]!.url).toBe('api/namespaces/team%20a/stream?kinds=notebooks&notebook=nb');
    expect(h.calls[0]!.headers['last-event-id']).toBeUndefined();
    expect(h.stream.status).toBe('live');
    first.write(`event:snapshot\nid:abcd0123.4\ndata:${JSON.stringify({ notebooks: [item('a')], events: [] })}\n\n`);
    first.write(`event:notebooks\nid:abcd0123.5\ndata:${JSON.stringify({ changed: [item('b')], removed: ['a'] })}\n\n`);
    first.write(': heartbeat\n\nevent:unknown\ndata:{}\n\nevent:notebooks\ndata:{"changed":"not a list"}\n\n');
    await flush();
    expect(h.received).toEqual([
      ['snapshot', { notebooks: [item('a')], events: [] }],
      ['notebooks', { changed: [item('b')], removed: ['a'] }],
    ]);
    first.end();
    await flush();
    expect(h.stream.status).toBe('connecting');
    h.serve();
    h.fire(1000);
    await flush();
    expect(h.calls[1]!.headers['last-event-id']).toBe('abcd0123.5');
    expect(h.stream.status).toBe('live');
    h.stream.stop();
    expect(h.calls[1]!.signal.aborted).toBe(true);
  });

  it('gives up on a refusal retrying cannot fix, so the page polls', async () => {
    const h = harness();
    h.refuse(403, "User 'u' is not authorized to list notebooks");
    h.stream.start();
    await flush();
    expect(h.stream.status).toBe('unavailable');
    expect(h.statuses.at(-1)).toBe("unavailable: 403: User 'u' is not authorized to list notebooks");
    expect(h.pending()).toEqual([]);
  });

  it('gives up when the server answers something else than an event stream (an older server)', async () => {
    const h = harness();
    h.serve(200, 'text/html');
    h.stream.start();
    await flush();
    expect(h.stream.status).toBe('unavailable');
  });

  it('backs off on limits and failures (doubling, capped) and recovers', async () => {
    const h = harness();
    h.refuse(429, 'Too many live streams');
    h.stream.start();
    await flush();
    expect(h.stream.status).toBe('connecting');
    expect(h.statuses).toContain('connecting: 429: Too many live streams');
    h.fire(1000); // network error next
    await flush();
    h.fire(2000);
    await flush();
    h.fire(4000);
    await flush();
    h.fire(8000);
    await flush();
    h.serve();
    h.fire(8000);
    await flush();
    expect(h.stream.status).toBe('live');
    expect(h.calls).toHaveLength(6);
    h.stream.stop();
  });

  it('stops for good when access is revoked, and reconnects after the hint when the server restarts', async () => {
    const revoked = harness();
    const body = revoked.serve();
    revoked.stream.start();
    await flush();
    body.write(`event:closing\ndata:${JSON.stringify({ reason: 'forbidden', message: 'not authorized' })}\n\n`);
    await flush();
    expect(revoked.stream.status).toBe('unavailable');
    expect(revoked.statuses.at(-1)).toBe('unavailable: not authorized');
    expect(revoked.pending()).toEqual([]);

    const restart = harness();
    const old = restart.serve();
    restart.stream.start();
    await flush();
    old.write(`event:snapshot\nid:abcd0123.9\ndata:{"notebooks":[]}\n\n`);
    old.write(`retry:250\n\nevent:closing\ndata:${JSON.stringify({ reason: 'shutdown', message: 'restarting' })}\n\n`);
    old.end();
    await flush();
    restart.serve();
    restart.fire(250);
    await flush();
    expect(restart.calls[1]!.headers['last-event-id']).toBe('abcd0123.9');
    expect(restart.stream.status).toBe('live');
    restart.stream.stop();
  });

  it('closes after a while in a background tab and resyncs when the tab returns', async () => {
    const h = harness();
    const body = h.serve();
    h.stream.start();
    await flush();
    body.write(`event:snapshot\nid:abcd0123.1\ndata:{"notebooks":[]}\n\n`);
    await flush();
    h.setHidden(true);
    h.setHidden(false);
    expect(h.pending()).toEqual([]);
    h.setHidden(true);
    h.fire(60_000);
    expect(h.stream.status).toBe('paused');
    expect(h.calls[0]!.signal.aborted).toBe(true);
    await flush();
    expect(h.calls).toHaveLength(1);
    h.serve();
    h.setHidden(false);
    await flush();
    expect(h.calls[1]!.headers['last-event-id']).toBe('abcd0123.1');
    expect(h.stream.status).toBe('live');
    h.stream.stop();
  });

  it("names the versions of the tab's own writes in its namespace when it connects (last: the versions stay)", async () => {
    const h = harness();
    h.serve();
    h.stream.start();
    await flush();
    expect(h.calls[0]!.headers['x-min-resource-version']).toBeUndefined();
    h.stream.stop();

    seenVersions.remember('api/namespaces/team%20a/notebooks', new Headers({ 'x-resource-version': 'notebooks=42' }));
    const after = harness();
    after.serve();
    after.stream.start();
    await flush();
    expect(after.calls[0]!.headers['x-min-resource-version']).toBe('notebooks=42');
    after.stream.stop();
  });
});

describe('applyLiveChanges and liveStreamPath', () => {
  it('merges changes into a name-sorted list, or in the order asked for', () => {
    const names = (list: { name: string }[]) => list.map((i) => i.name);
    const list = [{ name: 'b' }, { name: 'd' }];
    const merged = applyLiveChanges(list, { changed: [{ name: 'c' }, { name: 'a' }], removed: ['d'] }, (i) => i.name);
    expect(names(merged)).toEqual(['a', 'b', 'c']);
    expect(names(list)).toEqual(['b', 'd']);
    const newestFirst = applyLiveChanges(
      list,
      { changed: [{ name: 'z' }], removed: [] },
      (i) => i.name,
      () => 0,
    );
    expect(names(newestFirst)).toEqual(['b', 'd', 'z']);
  });

  it('builds the relative stream URL', () => {
    expect(liveStreamPath({ namespace: 'ns' })).toBe('api/namespaces/ns/stream');
    expect(liveStreamPath({ namespace: 'ns', kinds: ['pvcs'], details: { pvc: 'data' } })).toBe(
      'api/namespaces/ns/stream?kinds=pvcs&pvc=data',
    );
  });
});
